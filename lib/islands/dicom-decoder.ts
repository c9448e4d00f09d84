/**
 * The radiology viewer's DICOM decoding, built next to the island bundles.
 *
 * `@cornerstonejs/dicom-image-loader` starts its decode worker with
 * `new Worker(new URL("./decodeImageFrameWorker.js", import.meta.url))` and its
 * codecs find their `.wasm` with `new URL("<package>/…wasm", import.meta.url)`;
 * esbuild (under `deno bundle`) follows neither. So the worker module is
 * bundled as an entry of its own, the decoders' `.wasm` files are copied into
 * a content-addressed folder, and the viewer passes both URLs to the loader
 * (`wasmBasePath`, and a worker registered under the loader's name).
 *
 * The worker is bundled from the loader's own `decodeImageFrameWorker.js`
 * (which the package does not export, hence the path from `deno info`):
 * importing the package root in a worker instead would pull in all of
 * cornerstone's core (3.2 MB against 0.24 MB).
 */
import { join } from "node:path";
import { denoBundle } from "./deno-bundle.ts";
import { sha256Hex } from "../bytes.ts";

/** The `.wasm` each decoder asks for (`resolveWasmUrl(name, …)` in the loader), by package. */
const CODEC_WASM: Record<string, string> = {
  "@cornerstonejs/codec-charls": "dist/charlswasm_decode.wasm",
  "@cornerstonejs/codec-libjpeg-turbo-8bit": "dist/libjpegturbowasm_decode.wasm",
  "@cornerstonejs/codec-libjxl": "dist/jpegxlwasm_decode.wasm",
  "@cornerstonejs/codec-openjpeg": "dist/openjpegwasm_decode.wasm",
  "@cornerstonejs/codec-openjph": "dist/openjphjs.wasm",
};
const LOADER = "@cornerstonejs/dicom-image-loader";

export interface DicomDecoderBuild {
  /** File name of the bundled worker inside `outDir`. */
  worker: string;
  /** Folder name (inside `outDir`) holding the codecs' `.wasm` files. */
  codecs: string;
  /** File name of the cornerstone entry (`lib/radiology-viewer/dicom-stack.ts`) inside `outDir`. */
  stack: string;
}

/**
 * cornerstone's own bundle (4 MB), built apart from the islands: in their
 * code-split graph its CommonJS dependencies would move esbuild's runtime
 * helpers into a shared chunk that every island entry, on every page, imports.
 * The viewer island imports it by the URL in the manifest.
 */
async function buildStack(root: string, outDir: string): Promise<string> {
  const bundleOut = await Deno.makeTempDir({ dir: outDir, prefix: "stack-" });
  await denoBundle({
    root,
    outDir: bundleOut,
    entries: [join(root, "lib/radiology-viewer/dicom-stack.ts")],
    codeSplitting: true,
    what: "the radiology viewer's cornerstone",
  });
  let stack = "";
  for await (const file of Deno.readDir(bundleOut)) {
    const bytes = await Deno.readFile(join(bundleOut, file.name));
    // Chunks already carry a content hash in their name; the entry gets one.
    const name = file.name === "dicom-stack.js"
      ? (stack = `dicom-stack-${(await sha256Hex(bytes)).slice(0, 12)}.js`)
      : file.name;
    await Deno.writeFile(join(outDir, name), bytes);
  }
  await Deno.remove(bundleOut, { recursive: true });
  return stack;
}

/** Where Deno keeps the loader and its codec packages, at the versions deno.lock pins. */
async function packagePaths(root: string): Promise<Map<string, string>> {
  const info = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", LOADER],
    cwd: root,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!info.success) throw new Error(`deno info ${LOADER} failed`);
  const { npmPackages } = JSON.parse(new TextDecoder().decode(info.stdout)) as {
    npmPackages: Record<string, { name: string; localPath?: string }>;
  };
  const paths = new Map<string, string>();
  for (const pkg of Object.values(npmPackages)) {
    if (pkg.localPath) paths.set(pkg.name, pkg.localPath);
  }
  return paths;
}

/** Builds the worker and copies the codecs into `outDir` (a scratch folder of the build). */
export async function buildDicomDecoder(root: string, outDir: string): Promise<DicomDecoderBuild> {
  const [paths, stack] = await Promise.all([packagePaths(root), buildStack(root, outDir)]);
  const loader = paths.get(LOADER);
  if (!loader) throw new Error(`${LOADER} is not installed`);

  const entryDir = await Deno.makeTempDir({ dir: outDir, prefix: "entry-" });
  const entry = join(entryDir, "dicom-decode-worker.ts");
  await Deno.writeTextFile(
    entry,
    `import ${JSON.stringify(join(loader, "dist/esm/decodeImageFrameWorker.js"))};\n`,
  );
  const bundleOut = join(entryDir, "out");
  await denoBundle({ root, outDir: bundleOut, entries: [entry], what: "the DICOM decode worker" });
  const workerBytes = await Deno.readFile(join(bundleOut, "dicom-decode-worker.js"));
  const worker = `dicom-decode-worker-${(await sha256Hex(workerBytes)).slice(0, 12)}.js`;
  await Deno.writeFile(join(outDir, worker), workerBytes);
  await Deno.remove(entryDir, { recursive: true });

  const wasm: [string, Uint8Array][] = [];
  for (const [pkg, file] of Object.entries(CODEC_WASM)) {
    const dir = paths.get(pkg);
    if (!dir) throw new Error(`${pkg} is not installed`);
    wasm.push([file.split("/").pop()!, await Deno.readFile(join(dir, file))]);
  }
  const hashes = await Promise.all(wasm.map(([, bytes]) => sha256Hex(bytes)));
  const folderHash = await sha256Hex(new TextEncoder().encode(hashes.join("\n")));
  const codecs = `codecs-${folderHash.slice(0, 12)}`;
  await Deno.mkdir(join(outDir, codecs));
  for (const [name, bytes] of wasm) await Deno.writeFile(join(outDir, codecs, name), bytes);
  return { worker, codecs, stack };
}
