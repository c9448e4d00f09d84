/**
 * HTTP throughput of the sign-in page and the signed-in dashboard, as a ratio
 * to a bare `Deno.serve` handler measured in the same run.
 *
 *   deno run -A bench/http_load.ts [--concurrency=16] [--duration=5] [--warmup=1]
 *                                  [--client=raw|fetch]
 *
 * Each server (`http_server.ts`) runs in a child process on 127.0.0.1; this
 * process only generates load: `concurrency` closed loops, each on a
 * keep-alive connection of its own, sending its next request once the last
 * response is read; each target is warmed up, then measured for a fixed time.
 * The default client is the plain HTTP/1.1 one of `raw_http.ts`, because
 * `fetch` costs more CPU per request than a bare handler does and would make
 * the baseline measure the load generator (`--client=fetch` to compare). The bare baseline is
 * measured first and again last; the ratios use the mean of the two, and the
 * drift between them shows how steady the machine was. Server CPU per request
 * (Linux, from /proc) is printed too: on a small machine the load generator
 * competes with the server for cores, and the CPU figure is not affected by
 * that the way throughput is.
 *
 * Bounded: every measurement stops at `duration` seconds or `MAX_REQUESTS`,
 * and the whole run aborts after `RUN_DEADLINE_MS`. Needs
 * `deno task build` first (the dashboard serves the island bundles).
 */
import { parseArgs } from "node:util";
import process from "node:process";
import { fileURLToPath as fromFileUrl } from "node:url";
import { ACCESS_COOKIE } from "../lib/auth/cookies.ts";
import { RawHttpConnection } from "./raw_http.ts";

const MAX_REQUESTS = 1_000_000;
const RUN_DEADLINE_MS = 110_000;
const DEMO_EMAIL = "owner@demo-dental.test";
const DEMO_PASSWORD = "demo-password";

const { values: flags } = parseArgs({
  args: Deno.args,
  options: {
    concurrency: { type: "string", default: "16" },
    duration: { type: "string", default: "5" },
    warmup: { type: "string", default: "1" },
    client: { type: "string", default: "raw" },
  },
});
if (flags.client !== "raw" && flags.client !== "fetch") {
  throw new Error(`--client must be raw or fetch, got "${flags.client}"`);
}
const CLIENT: "raw" | "fetch" = flags.client;
const CONCURRENCY = boundedInt("concurrency", flags.concurrency, 1, 256);
const DURATION_MS = boundedInt("duration", flags.duration, 1, 20) * 1000;
const WARMUP_MS = boundedInt("warmup", flags.warmup, 0, 10) * 1000;

function boundedInt(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

// ---------------------------------------------------------------------------
// Child servers

interface Target {
  mode: "bare" | "app";
  origin: string;
  pid: number;
  stop(): Promise<void>;
}

const children = new Set<Deno.ChildProcess>();
const projectRoot = fromFileUrl(new URL("..", import.meta.url));
const serverScript = fromFileUrl(new URL("./http_server.ts", import.meta.url));

async function startServer(mode: "bare" | "app"): Promise<Target> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", serverScript, mode],
    cwd: projectRoot,
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  children.add(child);
  const stdin = child.stdin.getWriter();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).pipeThrough(lineSplitter());
  const reader = lines.getReader();
  let ready: { port: number; pid: number; origin: string } | undefined;
  while (!ready) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`${mode} server exited before it was ready`);
    if (value.startsWith("BENCH_READY ")) ready = JSON.parse(value.slice("BENCH_READY ".length));
    else console.error(`[${mode} server] ${value}`);
  }
  // Keep draining its stdout so the child never blocks on a full pipe.
  (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: "", done: true }));
      if (done) return;
      console.error(`[${mode} server] ${value}`);
    }
  })();
  return {
    mode,
    origin: ready.origin,
    pid: ready.pid,
    async stop() {
      await stdin.close().catch(() => {}); // EOF on its stdin: it shuts down by itself
      const timer = setTimeout(() => {
        try {
          child.kill("SIGKILL");
        } catch { /* already gone */ }
      }, 5_000);
      await child.status;
      clearTimeout(timer);
      children.delete(child);
    },
  };
}

function lineSplitter(): TransformStream<string, string> {
  let buffered = "";
  return new TransformStream({
    transform(chunk, controller) {
      buffered += chunk;
      const parts = buffered.split("\n");
      buffered = parts.pop()!;
      for (const line of parts) controller.enqueue(line);
    },
    flush(controller) {
      if (buffered) controller.enqueue(buffered);
    },
  });
}

function killChildren(): void {
  for (const child of children) {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  }
}

const deadline = setTimeout(() => {
  console.error(`http_load: not finished after ${RUN_DEADLINE_MS} ms, aborting`);
  killChildren();
  Deno.exit(1);
}, RUN_DEADLINE_MS);
Deno.addSignalListener("SIGINT", () => {
  killChildren();
  Deno.exit(130);
});

// ---------------------------------------------------------------------------
// Measurement

/** CPU time (user + system) a process has used, in ms; null where /proc is unavailable. */
function processCpuMs(pid: number): number | null {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 14 and 15 of proc(5) (utime, stime), counted after the command name.
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks * 10; // USER_HZ is 100 on every Linux Deno supports
  } catch {
    return null;
  }
}

function clientCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

interface RunResult {
  label: string;
  requests: number;
  errors: number;
  firstError?: string;
  seconds: number;
  latenciesMs: Float64Array;
  serverCpuMs: number | null;
  clientCpuMs: number;
}

interface Probe {
  label: string;
  target: Target;
  path: string;
  headers?: Record<string, string>;
}

/** One request on a keep-alive connection: the status and body size of its response. */
type Send = () => Promise<{ status: number; bodyBytes: number }>;

interface Sender {
  send: Send;
  close(): void;
}

/** `fetch` with a pool of its own, one connection per loop. */
function fetchSenders(probe: Probe, loops: number): Sender[] {
  const client = Deno.createHttpClient({ http2: false, poolMaxIdlePerHost: loops });
  const url = probe.target.origin + probe.path;
  const init: RequestInit & { client: Deno.HttpClient } = {
    client,
    headers: probe.headers,
    redirect: "manual",
  };
  const send: Send = async () => {
    const response = await fetch(url, init);
    const body = await response.arrayBuffer();
    return { status: response.status, bodyBytes: body.byteLength };
  };
  return Array.from({ length: loops }, (_, i) => ({
    send,
    close: () => i === 0 && client.close(),
  }));
}

/** The plain HTTP/1.1 client, one connection per loop. */
function rawSenders(probe: Probe, loops: number): Sender[] {
  const url = new URL(probe.path, probe.target.origin);
  return Array.from({ length: loops }, () => {
    const connection = new RawHttpConnection(url, probe.headers);
    return { send: () => connection.get(), close: () => connection.close() };
  });
}

/**
 * Closed-loop load: `CONCURRENCY` loops, each sending its next request when
 * the previous response body has been read, until `durationMs` passes.
 */
async function drive(
  probe: Probe,
  durationMs: number,
  record: boolean,
): Promise<RunResult> {
  const senders = (CLIENT === "raw" ? rawSenders : fetchSenders)(probe, CONCURRENCY);
  const latencies = new Float64Array(record ? MAX_REQUESTS : 0);
  let requests = 0;
  let errors = 0;
  let firstError: string | undefined;
  const cpu0 = processCpuMs(probe.target.pid);
  const clientCpu0 = clientCpuMs();
  const start = performance.now();
  const stopAt = start + durationMs;

  async function loop(sender: Sender) {
    while (performance.now() < stopAt && requests < MAX_REQUESTS) {
      const t0 = performance.now();
      try {
        const { status } = await sender.send();
        if (status !== 200) {
          errors++;
          firstError ??= `HTTP ${status}`;
        }
      } catch (error) {
        errors++;
        firstError ??= String(error);
      }
      const index = requests++;
      if (record && index < latencies.length) latencies[index] = performance.now() - t0;
    }
  }
  await Promise.all(senders.map(loop));
  const seconds = (performance.now() - start) / 1000;
  const cpu1 = processCpuMs(probe.target.pid);
  for (const sender of senders) sender.close();
  return {
    label: probe.label,
    requests,
    errors,
    firstError,
    seconds,
    latenciesMs: latencies.subarray(0, Math.min(requests, latencies.length)).sort(),
    serverCpuMs: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0,
    clientCpuMs: clientCpuMs() - clientCpu0,
  };
}

async function measure(probe: Probe): Promise<RunResult> {
  if (WARMUP_MS) await drive(probe, WARMUP_MS, false);
  const result = await drive(probe, DURATION_MS, true);
  if (result.errors) {
    throw new Error(
      `${probe.label}: ${result.errors} of ${result.requests} requests failed (${result.firstError})`,
    );
  }
  return result;
}

function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

// ---------------------------------------------------------------------------
// Run

const [bare, app] = await Promise.all([startServer("bare"), startServer("app")]);
try {
  // Sign in once: the login rate limit allows only a few attempts per IP.
  const login = await fetch(`${app.origin}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.origin },
    body: JSON.stringify({ email: DEMO_EMAIL, password: DEMO_PASSWORD }),
  });
  if (login.status !== 200) {
    throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
  }
  const { accessToken } = await login.json() as { accessToken: string };
  const signedIn = { cookie: `${ACCESS_COOKIE}=${accessToken}` };

  // Each page must be what we mean to measure, not an error page or a redirect,
  // and the plain client must read the same response fetch does.
  for (
    const [path, headers, marker] of [
      ["/login", undefined, 'action="/login"'],
      ["/dashboard", signedIn, "Team"],
    ] as const
  ) {
    const response = await fetch(app.origin + path, { headers, redirect: "manual" });
    const body = new Uint8Array(await response.arrayBuffer());
    if (response.status !== 200 || !new TextDecoder().decode(body).includes(marker)) {
      throw new Error(`GET ${path}: unexpected ${response.status} response (${body.length} bytes)`);
    }
    const raw = new RawHttpConnection(new URL(path, app.origin), headers);
    const first = await raw.get();
    const second = await raw.get(); // on the same connection
    raw.close();
    for (const { status, bodyBytes } of [first, second]) {
      if (status !== 200 || Math.abs(bodyBytes - body.length) > body.length * 0.05) {
        throw new Error(
          `GET ${path}: the plain client read ${status} and ${bodyBytes} bytes, ` +
            `fetch 200 and ${body.length}`,
        );
      }
    }
  }

  const setup = [
    `${CONCURRENCY} keep-alive connections (${CLIENT} client)`,
    `${WARMUP_MS / 1000} s warm-up + ${DURATION_MS / 1000} s per target`,
    "127.0.0.1",
    `${navigator.hardwareConcurrency} CPUs`,
    `Deno ${Deno.version.deno}`,
  ];
  console.log(`HTTP load: ${setup.join(", ")}`);
  const results: RunResult[] = [];
  results.push(await measure({ label: "bare Deno.serve (before)", target: bare, path: "/" }));
  results.push(await measure({ label: "GET /login", target: app, path: "/login" }));
  results.push(
    await measure({ label: "GET /dashboard", target: app, path: "/dashboard", headers: signedIn }),
  );
  results.push(await measure({ label: "bare Deno.serve (after)", target: bare, path: "/" }));

  const rate = (r: RunResult) => r.requests / r.seconds;
  const baseline = (rate(results[0]) + rate(results[3])) / 2;
  const drift = Math.abs(rate(results[0]) - rate(results[3])) / baseline;

  const rows = results.map((r) => ({
    target: r.label,
    requests: String(r.requests),
    "req/s": rate(r).toFixed(0),
    "× bare": (rate(r) / baseline).toPrecision(3),
    "p50 ms": percentile(r.latenciesMs, 0.5).toFixed(2),
    "p99 ms": percentile(r.latenciesMs, 0.99).toFixed(2),
    "server CPU µs/req": r.serverCpuMs === null ? "n/a" : (r.serverCpuMs * 1000 / r.requests)
      .toFixed(0),
    "client CPU %": (r.clientCpuMs / 10 / r.seconds).toFixed(0),
  }));
  printTable(rows);
  console.log(
    `baseline: ${baseline.toFixed(0)} req/s (mean of before and after, drift ${
      (drift * 100).toFixed(1)
    }%)`,
  );
  if (drift > 0.1) {
    console.log(
      "warning: the baseline moved more than 10% during the run; something else is using " +
        "the CPUs, so treat the throughput ratios as rough (the CPU ratios hold up better)",
    );
  }
  const cpuPerRequest = (r: RunResult) =>
    r.serverCpuMs === null || !r.requests ? null : r.serverCpuMs / r.requests;
  const bareCpu = [results[0], results[3]].map(cpuPerRequest);
  const bareCpuMean = bareCpu[0] === null || bareCpu[1] === null
    ? null
    : (bareCpu[0] + bareCpu[1]) / 2;
  for (const [r, note] of [[results[1], ""], [results[2], " (signed in)"]] as const) {
    const cpu = cpuPerRequest(r);
    const cpuRatio = cpu === null || !bareCpuMean
      ? ""
      : `; server CPU per request ${(cpu / bareCpuMean).toFixed(0)}× bare's`;
    console.log(
      `${r.label}${note}: ${
        (rate(r) / baseline).toPrecision(3)
      } × bare Deno.serve req/s${cpuRatio}`,
    );
  }
} finally {
  await Promise.all([bare.stop(), app.stop()]);
  clearTimeout(deadline);
}

function printTable(rows: Record<string, string>[]): void {
  const columns = Object.keys(rows[0]);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))
      .join("  ");
  console.log(line(columns));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const row of rows) console.log(line(columns.map((c) => row[c])));
}
