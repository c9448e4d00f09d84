/**
 * `deno task build`: bundles one browser entry per island with `deno bundle`
 * (code splitting, so Preact is shared between islands on one page), names
 * each entry by its content hash, and writes `static/islands/manifest.json`.
 *
 * `--if-stale` skips the work when the sources have not changed since the
 * last build; `deno task start` and `deno task test` run it that way.
 */
import { join, relative } from "node:path";
import { type IslandManifest, ISLANDS_OUT_DIR, MANIFEST_PATH, readManifest } from "./manifest.ts";
import { buildDicomDecoder } from "./dicom-decoder.ts";
import { denoBundle } from "./deno-bundle.ts";
import { sha256Hex } from "../bytes.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
// Everything an island can import from; hashing it all is cheaper than walking the module graph.
const SOURCE_DIRS = ["islands", "lib", "components"];
const SOURCE_FILES = ["deno.json", "deno.lock", "fresh.config.ts"];
/**
 * Browser-side Sentry: an entry of its own, loaded before a page's islands
 * only when a browser DSN is configured (`manifest.assets.browserMonitoring`).
 */
const MONITORING_ENTRY = "_browser-monitoring";

async function* walk(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* walk(path);
    else if (entry.isFile && /\.(ts|tsx|json|lock)$/.test(entry.name)) yield path;
  }
}

export async function islandSourceHash(): Promise<string> {
  const files: string[] = SOURCE_FILES.map((f) => join(ROOT, f));
  for (const dir of SOURCE_DIRS) {
    try {
      for await (const file of walk(join(ROOT, dir))) files.push(file);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  const parts: string[] = [];
  for (const file of files.sort()) {
    try {
      parts.push(relative(ROOT, file), await sha256Hex(await Deno.readFile(file)));
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return await sha256Hex(new TextEncoder().encode(parts.join("\n")));
}

/**
 * The island names: an island's name is its file name under `islands/` (the
 * rule the registry in `fresh.config.ts` follows), so the build needs no
 * import of the components themselves.
 */
async function islandNames(): Promise<string[]> {
  const names: string[] = [];
  for await (const file of Deno.readDir(join(ROOT, "islands"))) {
    if (file.isFile && file.name.endsWith(".tsx")) names.push(file.name.slice(0, -4));
  }
  return names.sort();
}

export async function buildIslands(): Promise<IslandManifest> {
  const sourceHash = await islandSourceHash();
  const islands = new Set(await islandNames());
  const work = await Deno.makeTempDir({ dir: ROOT, prefix: ".islands-build-" });
  try {
    const entries: string[] = [];
    for (const name of islands) {
      const entry = join(work, `${name}.ts`);
      await Deno.writeTextFile(
        entry,
        `import component from "${join(ROOT, "islands", `${name}.tsx`)}";\n` +
          `import { hydrateIslands } from "${join(ROOT, "lib/islands/client.ts")}";\n` +
          `hydrateIslands(${JSON.stringify(name)}, component);\n`,
      );
      entries.push(entry);
    }
    const monitoringEntry = join(work, `${MONITORING_ENTRY}.ts`);
    await Deno.writeTextFile(
      monitoringEntry,
      `import { startBrowserMonitoring } from "${
        join(ROOT, "lib/observability/sentry-browser.ts")
      }";\nstartBrowserMonitoring();\n`,
    );
    entries.push(monitoringEntry);
    const out = join(work, "out");
    const decoderOut = join(work, "decoder");
    await Deno.mkdir(decoderOut);
    // On a machine whose Deno cache has no esbuild yet, the first `deno bundle` installs it,
    // and bundles started together race to and fail; one tiny bundle first installs it alone.
    const warmUp = join(work, "warm-up.ts");
    await Deno.writeTextFile(warmUp, "export {};\n");
    await denoBundle({
      root: ROOT,
      outDir: join(work, "warm-up"),
      entries: [warmUp],
      what: "a warm-up",
    });
    // The decoder is a separate `deno bundle` run; both run at once.
    const decoder = buildDicomDecoder(ROOT, decoderOut);
    const bundled = denoBundle({
      root: ROOT,
      outDir: out,
      entries,
      codeSplitting: true,
      what: "the islands",
    });
    const [decoded] = await Promise.all([decoder, bundled]);

    await Deno.remove(ISLANDS_OUT_DIR, { recursive: true }).catch(() => {});
    await Deno.mkdir(ISLANDS_OUT_DIR, { recursive: true });
    const manifest: IslandManifest = {
      sourceHash,
      islands: {},
      assets: {
        dicomDecodeWorker: `/static/islands/${decoded.worker}`,
        dicomCodecs: `/static/islands/${decoded.codecs}/`,
        radiologyStack: `/static/islands/${decoded.stack}`,
      },
    };
    for await (const file of Deno.readDir(decoderOut)) {
      await Deno.rename(join(decoderOut, file.name), join(ISLANDS_OUT_DIR, file.name));
    }
    for await (const file of Deno.readDir(out)) {
      if (!file.isFile || !file.name.endsWith(".js")) continue;
      const bytes = await Deno.readFile(join(out, file.name));
      const name = file.name.replace(/\.js$/, "");
      if (islands.has(name) || name === MONITORING_ENTRY) {
        const hashed = `${name}-${(await sha256Hex(bytes)).slice(0, 12)}.js`;
        await Deno.writeFile(join(ISLANDS_OUT_DIR, hashed), bytes);
        if (name === MONITORING_ENTRY) {
          manifest.assets!.browserMonitoring = `/static/islands/${hashed}`;
        } else manifest.islands[name] = `/static/islands/${hashed}`;
      } else {
        // Shared chunks already carry a content hash in their name.
        await Deno.writeFile(join(ISLANDS_OUT_DIR, file.name), bytes);
      }
    }
    await Deno.writeTextFile(MANIFEST_PATH, JSON.stringify(manifest, null, 2) + "\n");
    return manifest;
  } finally {
    await Deno.remove(work, { recursive: true });
  }
}

/** A bundle deleted by hand makes the build stale even though no source changed. */
async function builtFilesExist(manifest: IslandManifest): Promise<boolean> {
  const urls = [...Object.values(manifest.islands), ...Object.values(manifest.assets ?? {})];
  for (const url of urls) {
    try {
      await Deno.stat(join(ISLANDS_OUT_DIR, url.slice("/static/islands/".length)));
    } catch {
      return false;
    }
  }
  return true;
}

export async function buildIslandsIfStale(): Promise<{ built: boolean }> {
  const current = readManifest();
  if (
    current && current.sourceHash === await islandSourceHash() && await builtFilesExist(current)
  ) return { built: false };
  await buildIslands();
  return { built: true };
}

if (import.meta.main) {
  const started = performance.now();
  const { built } = Deno.args.includes("--if-stale")
    ? await buildIslandsIfStale()
    : (await buildIslands(), { built: true });
  const took = Math.round(performance.now() - started);
  console.log(built ? `islands built in ${took} ms` : "islands up to date");
}
