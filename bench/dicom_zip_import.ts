/**
 * Import of a DICOM ZIP: a ZIP of generated CT slices
 * (512×512, 16-bit) uploaded to `POST /api/v1/patients/:id/dicom` of a real
 * server process, timed as a ratio to plain unzip plus SHA-256 of every entry
 * of the same archive in this process, in the same run; and the server's
 * peak resident memory (VmHWM) during the import, which shows the archive is
 * streamed rather than held.
 *
 *   deno run -A bench/dicom_zip_import.ts [--slices=500] [--level=6] [--postgres=URL]
 *
 * The server is `deno run -A main.ts` on a fresh temporary data directory,
 * seeded with the demo clinics: embedded PGlite (the default), or with
 * `--postgres=URL` a scratch database created on that server and dropped after.
 * PGlite's WebAssembly memory grows with the database and never shrinks, so
 * on PGlite the peak includes that growth. The server's peak is reset
 * (`/proc/<pid>/clear_refs`) once it has started and signed in, so start-up
 * does not count. Linux only (reads `/proc`).
 */
import { parseArgs } from "node:util";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { Unzip, UnzipInflate, Zip, ZipDeflate } from "fflate";
import { dicomFile, newUid } from "../tests/support/dicom-fixtures.ts";
import { startServerProcess } from "../tests/support/server-process.ts";
import { createScratchPostgres } from "../tests/support/databases.ts";

const RUN_DEADLINE_MS = 5 * 60_000;

const { values: flags } = parseArgs({
  args: Deno.args,
  options: {
    slices: { type: "string", default: "500" },
    level: { type: "string", default: "6" },
    postgres: { type: "string", default: "" },
  },
});
const SLICES = Number(flags.slices);
const LEVEL = Number(flags.level) as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
if (!Number.isInteger(SLICES) || SLICES < 1 || SLICES > 5000) throw new Error("--slices 1…5000");
if (!Number.isInteger(LEVEL) || LEVEL < 0 || LEVEL > 9) throw new Error("--level 0…9");

const deadline = setTimeout(() => {
  console.error("dicom_zip_import: run deadline passed");
  Deno.exit(1);
}, RUN_DEADLINE_MS);

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

function procStatus(pid: number, field: "VmHWM" | "VmRSS"): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const match = status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** A CT-like slice: a bright disc whose radius changes with the slice, plus noise. */
function slice(index: number, patientId: string, study: string, series: string): Uint8Array {
  let seed = index * 7919 + 1;
  const radius = 150 + 80 * Math.sin((index / SLICES) * Math.PI);
  return dicomFile({
    patientId,
    studyInstanceUid: study,
    seriesInstanceUid: series,
    instanceNumber: index + 1,
    rows: 512,
    columns: 512,
    pixelSpacing: [0.3, 0.3],
    windowCenter: 1000,
    windowWidth: 2000,
    pixel: (x, y) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const inside = (x - 256) ** 2 + (y - 256) ** 2 < radius * radius;
      return (inside ? 1200 : 100) + ((seed >> 12) & 255);
    },
  });
}

/** Writes the archive to `path` as it is compressed, one slice at a time. */
async function writeArchive(path: string, patientId: string): Promise<number> {
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  const pending: Uint8Array[] = [];
  let done = false;
  const zip = new Zip((error, chunk, final) => {
    if (error) throw error;
    pending.push(chunk);
    if (final) done = true;
  });
  const flush = async () => {
    while (pending.length) {
      const chunk = pending.shift()!;
      let written = 0;
      while (written < chunk.length) written += await file.write(chunk.subarray(written));
    }
  };
  const study = newUid();
  const series = newUid();
  for (let i = 0; i < SLICES; i++) {
    const entry = new ZipDeflate(`CBCT/IM${String(i + 1).padStart(4, "0")}.dcm`, { level: LEVEL });
    zip.add(entry);
    entry.push(slice(i, patientId, study, series), true);
    await flush();
  }
  zip.end();
  await flush();
  file.close();
  if (!done) throw new Error("archive not finished");
  return (await Deno.stat(path)).size;
}

/** The baseline: stream the archive from disk, inflate every entry and hash it. */
async function unzipAndHash(path: string): Promise<{ entries: number; bytes: number }> {
  let entries = 0;
  let bytes = 0;
  const unzip = new Unzip((file) => {
    const hash = createHash("sha256");
    file.ondata = (error, data, final) => {
      if (error) throw error;
      hash.update(data);
      bytes += data.length;
      if (final) {
        hash.digest("hex");
        entries++;
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  const file = await Deno.open(path);
  for await (const chunk of file.readable) {
    for (let i = 0; i < chunk.length; i += 16 * 1024) {
      unzip.push(chunk.subarray(i, i + 16 * 1024));
    }
  }
  unzip.push(new Uint8Array(0), true);
  return { entries, bytes };
}

const dir = await Deno.makeTempDir({ prefix: "odx-dicom-bench-" });
const archive = join(dir, "study.zip");
const scratch = flags.postgres ? await createScratchPostgres(flags.postgres, "odx_bench") : null;
const server = await startServerProcess({
  dataDir: join(dir, "data"),
  env: { DATABASE_URL: scratch?.url ?? "" },
  startTimeoutMs: 120_000,
});
try {
  const origin = server.url;
  const login = await fetch(`${origin}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ email: "doctor@demo-dental.test", password: "demo-password" }),
  });
  if (!login.ok) throw new Error(`login failed: ${login.status}`);
  await login.body?.cancel();
  const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const list = await (await fetch(`${origin}/api/v1/patients`, { headers: { cookie } })).json();
  const patient = list.patients[0] as { id: string; mrn: string };

  const generation = performance.now();
  const archiveBytes = await writeArchive(archive, patient.mrn);
  const generationMs = performance.now() - generation;

  const baselineStart = performance.now();
  const baseline = await unzipAndHash(archive);
  const baselineMs = performance.now() - baselineStart;

  const pid = server.pid;
  const rssBefore = procStatus(pid, "VmRSS");
  // Resets VmHWM to the current RSS, so the peak below is the import's.
  Deno.writeTextFileSync(`/proc/${pid}/clear_refs`, "5");
  let sampledPeak = 0;
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, procStatus(pid, "VmRSS"));
  }, 50);
  const importStart = performance.now();
  const upload = await fetch(`${origin}/api/v1/patients/${patient.id}/dicom`, {
    method: "POST",
    headers: { "content-type": "application/zip", cookie, origin },
    body: (await Deno.open(archive)).readable,
    duplex: "half",
  } as RequestInit);
  const result = await upload.json();
  const importMs = performance.now() - importStart;
  clearInterval(sampler);
  const peak = procStatus(pid, "VmHWM");
  if (upload.status !== 201 || result.imported !== SLICES) {
    throw new Error(`import failed: ${upload.status} ${JSON.stringify(result)}`);
  }

  const row = (name: string, value: string) =>
    console.log(`| ${name.padEnd(44)} | ${value.padStart(16)} |`);
  console.log(
    `\nDICOM ZIP import: ${SLICES} slices of 512×512×16-bit, deflate level ${LEVEL}, ` +
      `${scratch ? "Postgres" : "PGlite"}\n`,
  );
  console.log(`| ${"measure".padEnd(44)} | ${"value".padStart(16)} |`);
  console.log(`|${"-".repeat(46)}|${"-".repeat(18)}|`);
  row("archive size", `${mib(archiveBytes)} MiB`);
  row("uncompressed DICOM bytes", `${mib(baseline.bytes)} MiB`);
  row("generating the archive (not timed below)", `${(generationMs / 1000).toFixed(2)} s`);
  row("baseline: unzip + SHA-256 of every entry", `${(baselineMs / 1000).toFixed(2)} s`);
  row("import over HTTP (parse, store, index)", `${(importMs / 1000).toFixed(2)} s`);
  row("import / baseline", `${(importMs / baselineMs).toFixed(2)}×`);
  row("import throughput (uncompressed)", `${mib(baseline.bytes / (importMs / 1000))} MiB/s`);
  row("server RSS before the upload", `${mib(rssBefore)} MiB`);
  row("server peak RSS during import (VmHWM)", `${mib(peak)} MiB`);
  row("peak above the resting RSS", `${mib(peak - rssBefore)} MiB`);
  row("highest RSS sampled every 50 ms", `${mib(sampledPeak)} MiB`);
  row(
    "imported / duplicates / skipped",
    `${result.imported} / ${result.duplicates} / ${result.skipped.length}`,
  );
} finally {
  clearTimeout(deadline);
  await server.stop();
  await scratch?.drop();
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}
