/**
 * HTTP throughput of the app's pages on PGlite and Postgres, as ratios to
 * two baselines measured in the same run: a bare `Deno.serve` handler, and
 * the stack's floor (Hono rendering a Preact page as large as the dashboard,
 * with no database and no app). With `--baseline-root`, the same subjects
 * are measured on another checkout of the app too (the code before a change),
 * interleaved, and the run ends with each subject's after/before ratio.
 *
 *   deno run -A bench/http_load.ts [--concurrency=16] [--duration=3] [--warmup=1]
 *     [--client=wrk|raw|fetch] [--baseline-root=<checkout>] [--patients=10000]
 *     [--appointments=100000]
 *
 * Subjects, each signed in where it needs to be: `GET /login`, a warm
 * `GET /api/v1/me`, `/dashboard` and the week `/calendar` of Demo Dental;
 * then, in Large Dental (`seed_large_clinic.ts`: 10,000 patients, 100,000
 * appointments), the patient list, a patient search, the week calendar and
 * the dashboard. On PGlite always; on Postgres too when `TEST_DATABASE_URL`
 * is set (a scratch database, dropped afterwards). The load generator
 * migrates and seeds each database once; the servers (`http_server.ts`) only
 * serve it. On PGlite, each app server gets its own copy of the data folder.
 *
 * Each server runs in a child process on 127.0.0.1; this process only
 * generates load: `concurrency` closed loops, each on a keep-alive
 * connection of its own, sending its next request once the last response is
 * read; each target is warmed up, then measured for a fixed time. The default
 * client is `wrk` (one thread) when it is installed (`apt-get install wrk`),
 * as the hot-path figures were first taken: a bare `Deno.serve` answers
 * faster than any JavaScript client can ask, so with one the bare baseline
 * measures the load generator and every ratio to it comes out flattering
 * (by about a third on a 2-core machine). Without wrk it is the plain HTTP/1.1 client
 * of `raw_http.ts` (`--client=raw`), which costs less CPU per request than
 * `fetch` (`--client=fetch` to compare). The baselines
 * are measured first and again last; the ratios use the mean of the two, and
 * the drift between them shows how steady the machine was. Server CPU per
 * request (Linux, from /proc) is printed too: on a small machine the load
 * generator competes with the server for cores, and the CPU figure is not
 * affected by that the way throughput is.
 *
 * Bounded: every measurement stops at `duration` seconds or `MAX_REQUESTS`,
 * and the whole run aborts past a deadline derived from the plan.
 */
import { parseArgs } from "node:util";
import process from "node:process";
import { join } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import { ACCESS_COOKIE } from "../lib/auth/cookies.ts";
import { openDatabase } from "../lib/db/client.ts";
import { migrate } from "../lib/db/migrate.ts";
import { seedDemoData } from "../lib/db/seed.ts";
import { createScratchPostgres } from "../tests/support/databases.ts";
import { RawHttpConnection } from "./raw_http.ts";
import { LARGE_CLINIC, seedLargeClinic } from "./seed_large_clinic.ts";

const MAX_REQUESTS = 1_000_000;
/** A server measured for the first time warms up longer: its JIT is cold, the subjects' are not. */
const FIRST_WARMUP_FACTOR = 4;

const ENCRYPTION_KEY = "bench-encryption-key-0123456789abcdef01234567";
const PASSWORD = "demo-password";
const ACCOUNTS = { demo: "owner@demo-dental.test", large: LARGE_CLINIC.ownerEmail };

const { values: flags } = parseArgs({
  args: Deno.args,
  options: {
    concurrency: { type: "string", default: "16" },
    duration: { type: "string", default: "3" },
    warmup: { type: "string", default: "1" },
    client: { type: "string" },
    "baseline-root": { type: "string" },
    patients: { type: "string", default: "10000" },
    appointments: { type: "string", default: "100000" },
  },
});
const CLIENTS = ["wrk", "raw", "fetch"] as const;
const CLIENT = (flags.client ?? (await hasWrk() ? "wrk" : "raw")) as typeof CLIENTS[number];
if (!CLIENTS.includes(CLIENT)) {
  throw new Error(`--client must be wrk, raw or fetch, got "${flags.client}"`);
}

async function hasWrk(): Promise<boolean> {
  try {
    return (await new Deno.Command("wrk", { args: ["--version"], stdout: "null", stderr: "null" })
      .output()).code !== 127;
  } catch {
    return false;
  }
}
const CONCURRENCY = boundedInt("concurrency", flags.concurrency, 1, 256);
const DURATION_MS = boundedInt("duration", flags.duration, 1, 20) * 1000;
const WARMUP_MS = boundedInt("warmup", flags.warmup, 0, 10) * 1000;
const PATIENTS = boundedInt("patients", flags.patients, 100, 1_000_000);
const APPOINTMENTS = boundedInt("appointments", flags.appointments, 0, 10_000_000);
const BASELINE_ROOT = flags["baseline-root"];
const POSTGRES_URL = Deno.env.get("TEST_DATABASE_URL");

function boundedInt(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

interface Subject {
  label: string;
  path: string;
  account: keyof typeof ACCOUNTS | null;
  /** Text the response must contain, so an error page or a redirect is never what is measured. */
  marker: string;
}

const SUBJECTS: Subject[] = [
  { label: "GET /login", path: "/login", account: null, marker: 'action="/login"' },
  { label: "GET /api/v1/me (warm)", path: "/api/v1/me", account: "demo", marker: '"permissions"' },
  { label: "GET /dashboard", path: "/dashboard", account: "demo", marker: "Team" },
  { label: "GET /calendar (week)", path: "/calendar", account: "demo", marker: "WeekCalendar" },
  { label: "large: GET /patients", path: "/patients", account: "large", marker: "P-0" },
  {
    label: "large: GET /patients?q=khan",
    path: "/patients?q=khan",
    account: "large",
    marker: "Khan",
  },
  {
    label: "large: GET /calendar (week)",
    path: "/calendar",
    account: "large",
    // A week this full is drawn as counts per doctor and day (the dense week), not the grid.
    marker: "data-dense-week",
  },
  { label: "large: GET /dashboard", path: "/dashboard", account: "large", marker: "Team" },
];

// ---------------------------------------------------------------------------
// Child servers

interface Target {
  label: string;
  origin: string;
  pid: number;
  stop(): Promise<void>;
}

const children = new Set<Deno.ChildProcess>();
const projectRoot = fromFileUrl(new URL("..", import.meta.url));
const serverScript = fromFileUrl(new URL("./http_server.ts", import.meta.url));
const backends = ["pglite", ...(POSTGRES_URL ? ["postgres"] : [])] as const;
const versions = ["after", ...(BASELINE_ROOT ? ["before"] : [])] as const;
const measurements = 4 + SUBJECTS.length * backends.length * versions.length;
const RUN_DEADLINE_MS = 900_000 +
  measurements * (WARMUP_MS * FIRST_WARMUP_FACTOR + DURATION_MS + 1_000);

async function startServer(label: string, args: string[], cwd = projectRoot): Promise<Target> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", serverScript, ...args, `--lifetime=${Math.ceil(RUN_DEADLINE_MS / 1000)}`],
    cwd,
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
    if (done) throw new Error(`${label} server exited before it was ready`);
    if (value.startsWith("BENCH_READY ")) ready = JSON.parse(value.slice("BENCH_READY ".length));
    else console.error(`[${label}] ${value}`);
  }
  // Keep draining its stdout so the child never blocks on a full pipe.
  (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: "", done: true }));
      if (done) return;
      console.error(`[${label}] ${value}`);
    }
  })();
  return {
    label,
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
  p50Ms: number;
  p99Ms: number;
  serverCpuMs: number | null;
  /** Null for wrk, whose CPU is its own process's. */
  clientCpuMs: number | null;
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
  const sorted = latencies.subarray(0, Math.min(requests, latencies.length)).sort();
  return {
    label: probe.label,
    requests,
    errors,
    firstError,
    seconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    serverCpuMs: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0,
    clientCpuMs: clientCpuMs() - clientCpu0,
  };
}

/** wrk's latency figure ("812.00us", "1.23ms", "2.10s") in ms. */
function wrkMs(text: string): number {
  const [, value, unit] = text.match(/^([\d.]+)(us|ms|s|m)$/) ?? [];
  const scale = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit];
  if (scale === undefined) throw new Error(`wrk printed an unknown latency "${text}"`);
  return Number(value) * scale;
}

/** The same closed loops, driven by wrk with `CONCURRENCY` connections on one thread. */
async function driveWrk(probe: Probe, durationMs: number): Promise<RunResult> {
  const args = ["-t1", `-c${CONCURRENCY}`, `-d${durationMs / 1000}s`, "--latency"];
  for (const [name, value] of Object.entries(probe.headers ?? {})) {
    args.push("-H", `${name}: ${value}`);
  }
  args.push(probe.target.origin + probe.path);
  const cpu0 = processCpuMs(probe.target.pid);
  const output = await new Deno.Command("wrk", { args, stdout: "piped", stderr: "piped" })
    .output();
  const cpu1 = processCpuMs(probe.target.pid);
  const text = new TextDecoder().decode(output.stdout);
  const total = text.match(/(\d+) requests in ([\d.]+)(us|ms|s|m),/);
  if (!output.success || !total) {
    throw new Error(
      `${probe.label}: wrk failed: ${text}${new TextDecoder().decode(output.stderr)}`,
    );
  }
  const socket = text.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const non2xx = Number(text.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0);
  const errors = non2xx + (socket ? socket.slice(1).reduce((n, x) => n + Number(x), 0) : 0);
  const latency = (p: string) => wrkMs(text.match(new RegExp(`^\\s+${p}%\\s+(\\S+)`, "m"))![1]);
  return {
    label: probe.label,
    requests: Number(total[1]),
    errors,
    firstError: errors ? (non2xx ? `${non2xx} non-2xx responses` : socket![0]) : undefined,
    seconds: wrkMs(`${total[2]}${total[3]}`) / 1000,
    p50Ms: latency("50"),
    p99Ms: latency("99"),
    serverCpuMs: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0,
    clientCpuMs: null,
  };
}

async function measure(probe: Probe, warmupMs = WARMUP_MS): Promise<RunResult> {
  const run = (ms: number, record: boolean) =>
    CLIENT === "wrk" ? driveWrk(probe, ms) : drive(probe, ms, record);
  if (warmupMs) await run(warmupMs, false);
  const result = await run(DURATION_MS, true);
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
// Databases: migrated and seeded once here; the app servers only serve them.

type Backend = typeof backends[number];
type Version = typeof versions[number];

interface PreparedDatabase {
  /** How an app server of `version` is pointed at it. */
  serverArgs(version: Version): string[];
  drop(): Promise<void>;
}

async function seed(url: string | null, dataDir?: string): Promise<string> {
  const started = performance.now();
  const database = await openDatabase({ url, dataDir });
  try {
    await migrate(database.sql);
    await seedDemoData(database.db, { encryptionKey: ENCRYPTION_KEY });
    const large = await seedLargeClinic(database.db, {
      encryptionKey: ENCRYPTION_KEY,
      patients: PATIENTS,
      appointments: APPOINTMENTS,
    });
    // The planner statistics autovacuum would have gathered by the time a clinic works in it.
    await database.sql.exec("analyze");
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    return `${large.patients} patients and ${large.appointments} appointments in ${seconds} s`;
  } finally {
    await database.close();
  }
}

async function prepare(backend: Backend): Promise<PreparedDatabase> {
  if (backend === "postgres") {
    const scratch = await createScratchPostgres(POSTGRES_URL!, "odx_bench");
    console.log(`postgres: seeded ${await seed(scratch.url)}`);
    return { serverArgs: () => [`--database-url=${scratch.url}`], drop: () => scratch.drop() };
  }
  // PGlite is one process's database: each server gets a copy of the seeded folder.
  const base = await Deno.makeTempDir({ prefix: "odontox-bench-data-" });
  const dirs: Partial<Record<Version, string>> = { after: join(base, "after") };
  await Deno.mkdir(dirs.after!);
  console.log(`pglite: seeded ${await seed(null, join(dirs.after!, "pg"))}`);
  if (BASELINE_ROOT) {
    dirs.before = join(base, "before");
    const copied = await new Deno.Command("cp", { args: ["-a", dirs.after!, dirs.before] })
      .output();
    if (!copied.success) throw new Error(`copying the PGlite folder failed`);
  }
  return {
    serverArgs: (version) => [`--data-dir=${dirs[version]}`],
    drop: () => Deno.remove(base, { recursive: true }),
  };
}

interface AppTarget extends Target {
  backend: Backend;
  version: Version;
  cookies: Record<keyof typeof ACCOUNTS, string>;
}

async function signIn(target: Target, email: string): Promise<string> {
  const login = await fetch(`${target.origin}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: target.origin },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (login.status !== 200) {
    throw new Error(`${target.label}: sign-in failed: ${login.status} ${await login.text()}`);
  }
  const { accessToken } = await login.json() as { accessToken: string };
  return `${ACCESS_COOKIE}=${accessToken}`;
}

/**
 * The page must be what we mean to measure, not an error page or a redirect,
 * and the plain client must read the same response fetch does. Returns its size.
 */
async function verify(target: Target, subject: Subject, cookie?: string): Promise<number> {
  const headers = cookie ? { cookie } : undefined;
  const response = await fetch(target.origin + subject.path, { headers, redirect: "manual" });
  const body = new Uint8Array(await response.arrayBuffer());
  if (response.status !== 200 || !new TextDecoder().decode(body).includes(subject.marker)) {
    throw new Error(
      `${target.label} GET ${subject.path}: unexpected ${response.status} response ` +
        `(${body.length} bytes, no "${subject.marker}")`,
    );
  }
  const raw = new RawHttpConnection(new URL(subject.path, target.origin), headers);
  const first = await raw.get();
  const second = await raw.get(); // on the same connection
  raw.close();
  for (const { status, bodyBytes } of [first, second]) {
    if (status !== 200 || Math.abs(bodyBytes - body.length) > body.length * 0.05) {
      throw new Error(
        `${target.label} GET ${subject.path}: the plain client read ${status} and ` +
          `${bodyBytes} bytes, fetch 200 and ${body.length}`,
      );
    }
  }
  return body.length;
}

// ---------------------------------------------------------------------------
// Run

const targets: Target[] = [];
const databases: PreparedDatabase[] = [];
try {
  const bare = await startServer("bare", ["bare"]);
  targets.push(bare);
  const apps: AppTarget[] = [];
  for (const backend of backends) {
    const database = await prepare(backend);
    databases.push(database);
    for (const version of versions) {
      const label = `${backend}, ${version}`;
      const root = version === "before" ? BASELINE_ROOT! : projectRoot;
      const target = await startServer(
        label,
        [
          "app",
          ...database.serverArgs(version),
          ...(version === "before" ? [`--root=${root}`] : []),
        ],
        root,
      );
      targets.push(target);
      // Sign in once per account: the login rate limit allows only a few attempts per IP.
      const cookies = {
        demo: await signIn(target, ACCOUNTS.demo),
        large: await signIn(target, ACCOUNTS.large),
      };
      apps.push({ ...target, backend, version, cookies });
    }
  }
  const sizes = new Map<string, number>();
  for (const app of apps) {
    for (const subject of SUBJECTS) {
      const bytes = await verify(
        app,
        subject,
        subject.account ? app.cookies[subject.account] : undefined,
      );
      sizes.set(`${subject.label} [${app.label}]`, bytes);
    }
  }
  const dashboardBytes = sizes.get(`GET /dashboard [${apps[0].label}]`)!;
  const floor = await startServer("floor", ["floor", `--bytes=${dashboardBytes}`]);
  targets.push(floor);
  const floorBytes = await verify(floor, {
    label: "floor",
    path: "/",
    account: null,
    marker: "<table",
  });

  const setup = [
    `${CONCURRENCY} keep-alive connections (${CLIENT} client)`,
    `${WARMUP_MS / 1000} s warm-up + ${DURATION_MS / 1000} s per target`,
    "127.0.0.1",
    `${navigator.hardwareConcurrency} CPUs`,
    `Deno ${Deno.version.deno}`,
  ];
  console.log(`\nHTTP load: ${setup.join(", ")}`);
  console.log(`floor page: ${floorBytes} bytes (the dashboard: ${dashboardBytes})`);
  const probe = (label: string, target: Target, path: string, cookie?: string): Probe => ({
    label,
    target,
    path,
    headers: cookie ? { cookie } : undefined,
  });
  const bareBefore = await measure(
    probe("bare Deno.serve (first)", bare, "/"),
    WARMUP_MS * FIRST_WARMUP_FACTOR,
  );
  const floorBefore = await measure(
    probe("floor: Hono + Preact page (first)", floor, "/"),
    WARMUP_MS * FIRST_WARMUP_FACTOR,
  );
  const subjects: { subject: Subject; app: AppTarget; result: RunResult }[] = [];
  for (const subject of SUBJECTS) {
    for (const app of apps) {
      const cookie = subject.account ? app.cookies[subject.account] : undefined;
      const result = await measure(
        probe(`${subject.label} [${app.label}]`, app, subject.path, cookie),
      );
      subjects.push({ subject, app, result });
    }
  }
  const floorAfter = await measure(probe("floor: Hono + Preact page (last)", floor, "/"));
  const bareAfter = await measure(probe("bare Deno.serve (last)", bare, "/"));

  const rate = (r: RunResult) => r.requests / r.seconds;
  const mean = (a: RunResult, b: RunResult) => (rate(a) + rate(b)) / 2;
  const bareRate = mean(bareBefore, bareAfter);
  const floorRate = mean(floorBefore, floorAfter);
  const cpuPerRequest = (r: RunResult) =>
    r.serverCpuMs === null || !r.requests ? null : r.serverCpuMs * 1000 / r.requests;
  const all = [bareBefore, floorBefore, ...subjects.map((s) => s.result), floorAfter, bareAfter];
  printTable(all.map((r) => ({
    target: r.label,
    "req/s": rate(r).toFixed(0),
    "× bare": (rate(r) / bareRate).toPrecision(3),
    "× floor": (rate(r) / floorRate).toPrecision(3),
    "p50 ms": r.p50Ms.toFixed(2),
    "p99 ms": r.p99Ms.toFixed(2),
    "server CPU µs/req": cpuPerRequest(r)?.toFixed(0) ?? "n/a",
    "client CPU %": r.clientCpuMs === null ? "n/a" : (r.clientCpuMs / 10 / r.seconds).toFixed(0),
  })));
  for (
    const [name, first, last] of [["bare", bareBefore, bareAfter], [
      "floor",
      floorBefore,
      floorAfter,
    ]] as const
  ) {
    const drift = Math.abs(rate(first) - rate(last)) / mean(first, last);
    console.log(
      `${name} baseline: ${mean(first, last).toFixed(0)} req/s (mean of first and last, ` +
        `drift ${(drift * 100).toFixed(1)}%)${
          drift > 0.1 ? ": the machine was busy, read the ratios as rough" : ""
        }`,
    );
  }

  if (BASELINE_ROOT) {
    console.log(`\nafter ÷ before (before: ${BASELINE_ROOT})`);
    const rows: Record<string, string>[] = [];
    for (const subject of SUBJECTS) {
      for (const backend of backends) {
        const of = (version: Version) =>
          subjects.find((s) =>
            s.subject === subject && s.app.backend === backend && s.app.version === version
          )!.result;
        const [after, before] = [of("after"), of("before")];
        const [cpuAfter, cpuBefore] = [cpuPerRequest(after), cpuPerRequest(before)];
        rows.push({
          subject: `${subject.label} [${backend}]`,
          "req/s before": rate(before).toFixed(0),
          "req/s after": rate(after).toFixed(0),
          "× req/s": (rate(after) / rate(before)).toPrecision(3),
          "× p50": (after.p50Ms / before.p50Ms).toPrecision(3),
          "× CPU/req": cpuAfter && cpuBefore ? (cpuAfter / cpuBefore).toPrecision(3) : "n/a",
        });
      }
    }
    printTable(rows);
  }
} finally {
  await Promise.all(targets.map((t) => t.stop()));
  for (const database of databases) await database.drop().catch(() => {});
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
