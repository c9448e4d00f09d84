/**
 * Capture-to-toast latency: from an X-ray file appearing in the bridge's
 * watched folder to its `xray.captured` event reaching a live-event client,
 * through the real bridge program and the real server, each its own process.
 *
 *   deno run -A bench/capture_latency.ts [--captures=200] [--stability-wait=500]
 *                                        [--interval=150] [--size=65536]
 *
 * The bridge reads a file only after its size and mtime have held for the
 * stability wait, so that wait is the floor no capture can beat; the table
 * shows it next to p50 and p95, and what the pipeline adds on top (hash,
 * queue journal, upload, ingest transaction, NOTIFY, SSE fan-out). Files are
 * written `interval` ms apart, like a sensor taking a series, so waits
 * overlap and the run stays short. Bounded by `RUN_DEADLINE_MS`.
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { startServerProcess } from "../tests/support/server-process.ts";
import {
  firstPatient,
  LiveEventClient,
  registerDevice,
  signInForToken,
  startBridge,
} from "../tests/support/bridge-process.ts";

const RUN_DEADLINE_MS = 150_000;

const { values: flags } = parseArgs({
  args: Deno.args,
  options: {
    captures: { type: "string", default: "200" },
    "stability-wait": { type: "string", default: "500" },
    interval: { type: "string", default: "150" },
    size: { type: "string", default: "65536" },
  },
});

function boundedInt(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

const CAPTURES = boundedInt("captures", flags.captures, 1, 2_000);
const STABILITY_WAIT_MS = boundedInt("stability-wait", flags["stability-wait"], 0, 10_000);
const INTERVAL_MS = boundedInt("interval", flags.interval, 1, 10_000);
const SIZE = boundedInt("size", flags.size, 1, 64 * 1024 * 1024);

function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

function image(bytes: number): Uint8Array {
  const data = new Uint8Array(bytes);
  for (let offset = 0; offset < bytes; offset += 65_536) {
    crypto.getRandomValues(data.subarray(offset, Math.min(bytes, offset + 65_536)));
  }
  return data;
}

const deadline = setTimeout(() => {
  console.error(`capture_latency: gave up after ${RUN_DEADLINE_MS / 1000} s`);
  Deno.exit(1);
}, RUN_DEADLINE_MS);

const server = await startServerProcess();
let bridge: Awaited<ReturnType<typeof startBridge>> | undefined;
let events: LiveEventClient | undefined;
try {
  const token = await signInForToken(server.url, "owner@demo-dental.test");
  const patient = await firstPatient(server.url, token);
  const device = await registerDevice(server.url, token, {
    name: "Latency bench",
    filenamePattern: "{mrn}_{any}",
  });
  bridge = await startBridge({
    serverUrl: server.url,
    apiKey: device.apiKey,
    stabilityWaitMs: STABILITY_WAIT_MS,
    stabilityPollMs: Math.max(10, Math.min(50, Math.round(STABILITY_WAIT_MS / 10) || 10)),
    heartbeatIntervalSeconds: 30,
    rescanIntervalMs: 60_000,
  });
  events = new LiveEventClient(server.url, token, ["xray.captured"]);
  await events.connected;

  // A warm-up capture, so first-request costs (JIT, connection setup) are not in the figures.
  await Deno.writeFile(join(bridge.watchDir, `${patient.mrn}_warmup.jpg`), image(SIZE));
  const isCapture = (e: { type: string }) => e.type === "xray.captured";
  await events.waitFor((list) => list.some(isCapture), 30_000);
  const warmups = events.events.filter(isCapture).length;
  const firstMeasured = events.events.length;

  // capturedAt is the file's mtime, which is how an event is matched to its file.
  const writtenAt = new Map<string, number>();
  const runStarted = performance.now();
  for (let i = 0; i < CAPTURES; i++) {
    const path = join(bridge.watchDir, `${patient.mrn}_bench-${i}.jpg`);
    const bytes = image(SIZE);
    const started = performance.now();
    await Deno.writeFile(path, bytes);
    const { mtime } = await Deno.stat(path);
    writtenAt.set(mtime!.toISOString(), started);
    const next = runStarted + (i + 1) * INTERVAL_MS;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
  }
  await events.waitFor((list) => list.filter(isCapture).length >= warmups + CAPTURES, 60_000);

  const latencies: number[] = [];
  for (const event of events.events.slice(firstMeasured)) {
    if (!isCapture(event)) continue;
    const started = writtenAt.get(String(event.data.capturedAt));
    if (started !== undefined) latencies.push(event.receivedAt - started);
  }
  if (latencies.length !== CAPTURES) {
    throw new Error(`matched ${latencies.length} of ${CAPTURES} events to their files`);
  }
  latencies.sort((a, b) => a - b);
  const p50 = percentile(latencies, 50);
  const p95 = percentile(latencies, 95);
  const ms = (value: number) => `${value.toFixed(0)} ms`.padStart(9);
  const rows: [string, string][] = [
    ["stability wait (floor)", ms(STABILITY_WAIT_MS)],
    ["min", ms(latencies[0])],
    ["p50", ms(p50)],
    ["p95", ms(p95)],
    ["max", ms(latencies.at(-1)!)],
    ["p50 above the floor", ms(p50 - STABILITY_WAIT_MS)],
    ["p95 above the floor", ms(p95 - STABILITY_WAIT_MS)],
  ];
  console.log(
    `\ncapture → xray.captured over SSE: ${CAPTURES} captures of ${SIZE} bytes, ` +
      `one every ${INTERVAL_MS} ms (bridge and server as separate processes, embedded PGlite)\n`,
  );
  for (const [label, value] of rows) console.log(`  ${label.padEnd(24)}${value}`);
  console.log();
} finally {
  clearTimeout(deadline);
  await events?.close();
  await bridge?.stop();
  await server.stop();
  for (const dir of [bridge?.watchDir, bridge?.stateDir]) {
    if (dir) await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
