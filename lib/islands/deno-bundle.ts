/** Runs `deno bundle` for the browser, minified, as every bundle in `static/islands` is made. */

export interface DenoBundleOptions {
  /** The project root (resolves the import map and deno.lock). */
  root: string;
  outDir: string;
  entries: string[];
  /** Shared chunks between the entries instead of one self-contained file each. */
  codeSplitting?: boolean;
  /** Names the bundle in the error when it fails, e.g. "the DICOM decode worker". */
  what: string;
}

export async function denoBundle(options: DenoBundleOptions): Promise<void> {
  const result = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform=browser",
      ...(options.codeSplitting ? ["--code-splitting"] : []),
      "--minify",
      `--outdir=${options.outDir}`,
      ...options.entries,
    ],
    cwd: options.root,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!result.success) throw new Error(`deno bundle of ${options.what} failed`);
}
