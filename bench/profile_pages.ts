/**
 * CPU time per request of the signed-in pages, in process: the whole app is
 * driven through `createApp`'s fetch with a signed-in cookie (no port, no
 * network), so the figures are the handler's own work — guard, queries,
 * Preact render, twind CSS — and, on PGlite, the database's too.
 *
 *   deno run -A bench/profile_pages.ts [--backend=pglite|postgres] [--on-disk] [--requests=200]
 *     [--large] [--patients=10000] [--appointments=100000] [--only=<label part>]
 *     [--save-html=<dir>] [--statements [--plans]]
 *   deno run -A --cpu-prof --cpu-prof-dir=.data/profiles bench/profile_pages.ts --only=dashboard
 *
 * PGlite runs in memory unless `--on-disk` puts its data directory in a temp
 * directory, as `deno task start` keeps it (every file size it asks for is
 * then an `fstat` through Emscripten's NODEFS).
 * `--backend=postgres` uses a scratch database on `TEST_DATABASE_URL`,
 * dropped afterwards. `--large` adds Large Dental (`seed_large_clinic.ts`)
 * and measures its patient list, patient search, week calendar and
 * dashboard beside Demo Dental's, printing each large page's ratio to the
 * demo-size figure of the same page (measured in the same run, so the ratio
 * holds on a busy machine where absolute figures do not).
 *
 * Per page: wall ms and process CPU ms per request (`process.cpuUsage`,
 * user + system, over `requests` sequential requests after a warm-up), and
 * the response size. Run it under `--cpu-prof` to see where the CPU goes;
 * `--save-html` writes each page's last response to `<dir>/<label>.html`,
 * to see what its bytes are made of. `--statements` lists, per page, the
 * statements one request sends, each timed on its own (the mean of 20 runs
 * with the request's parameters, and the least of five `explain analyze`
 * execution times): which query a slow page waits on;
 * `--plans` adds each statement's text and its `explain analyze` plan.
 */
import { parseArgs } from "node:util";
import process from "node:process";
import { createApp } from "../main.ts";
import { createDeps } from "../lib/app-deps.ts";
import { loadConfig } from "../lib/config.ts";
import { openDatabase } from "../lib/db/client.ts";
import { migrate } from "../lib/db/migrate.ts";
import { seedDemoData } from "../lib/db/seed.ts";
import { LocalObjectStore } from "../lib/storage/local-store.ts";
import { buildIslandsIfStale } from "../lib/islands/build.ts";
import { createScratchPostgres } from "../tests/support/databases.ts";
import { LARGE_CLINIC, seedLargeClinic } from "./seed_large_clinic.ts";

const ORIGIN = "http://bench.local";
const ENCRYPTION_KEY = "bench-encryption-key-0123456789abcdef01234567";

const { values: args } = parseArgs({
  args: Deno.args,
  options: {
    backend: { type: "string", default: "pglite" },
    requests: { type: "string", default: "200" },
    warmup: { type: "string", default: "20" },
    large: { type: "boolean", default: false },
    patients: { type: "string", default: "10000" },
    appointments: { type: "string", default: "100000" },
    only: { type: "string" },
    "save-html": { type: "string" },
    statements: { type: "boolean", default: false },
    plans: { type: "boolean", default: false },
    "on-disk": { type: "boolean", default: false },
  },
});
const REQUESTS = Number(args.requests);
const WARMUP = Number(args.warmup);
if (args.backend !== "pglite" && args.backend !== "postgres") {
  throw new Error("--backend is pglite or postgres");
}
const postgresUrl = Deno.env.get("TEST_DATABASE_URL");
if (args.backend === "postgres" && !postgresUrl) {
  throw new Error("--backend=postgres needs TEST_DATABASE_URL");
}

interface Page {
  label: string;
  account: "demo" | "large";
  path: string;
  /** The demo-size page a large one is compared with. */
  demoLabel?: string;
}

const DEMO_PAGES: Page[] = [
  { label: "dashboard", account: "demo", path: "/dashboard" },
  { label: "week calendar", account: "demo", path: "/calendar?view=week" },
  { label: "patient list", account: "demo", path: "/patients" },
  { label: "patient search", account: "demo", path: "/patients?q=khan" },
];
const LARGE_PAGES: Page[] = [
  { label: "large: dashboard", account: "large", path: "/dashboard", demoLabel: "dashboard" },
  {
    label: "large: week calendar",
    account: "large",
    path: "/calendar?view=week",
    demoLabel: "week calendar",
  },
  {
    label: "large: patient list",
    account: "large",
    path: "/patients",
    demoLabel: "patient list",
  },
  {
    label: "large: patient search",
    account: "large",
    path: "/patients?q=khan",
    demoLabel: "patient search",
  },
];
const PAGES = [...DEMO_PAGES, ...(args.large ? LARGE_PAGES : [])].filter((page) =>
  !args.only || page.label.includes(args.only)
);

const scratch = args.backend === "postgres"
  ? await createScratchPostgres(postgresUrl!, "odx_profile")
  : null;
/** Statements seen while `recording` is set: what one request of a page sends. */
let recording: { text: string; params: unknown[] }[] | null = null;
// On disk, PGlite reaches its files through Emscripten's file system, as `deno task start` runs it.
const diskDir = args["on-disk"] && !scratch
  ? await Deno.makeTempDir({ prefix: "odx-profile-" })
  : null;
const database = await openDatabase({
  url: scratch?.url ?? null,
  ...(diskDir ? { dataDir: `${diskDir}/pg` } : {}),
  onQuery: (text, params) => recording?.push({ text, params }),
});
try {
  await buildIslandsIfStale();
  await migrate(database.sql);
  await seedDemoData(database.db, { encryptionKey: ENCRYPTION_KEY });
  if (args.large) {
    const started = performance.now();
    const large = await seedLargeClinic(database.db, {
      encryptionKey: ENCRYPTION_KEY,
      patients: Number(args.patients),
      appointments: Number(args.appointments),
    });
    console.log(
      `Large Dental: ${large.patients} patients, ${large.appointments} appointments ` +
        `(seeded in ${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
  // As the app's bootstrap does on PGlite, and autovacuum would have by now on Postgres.
  await database.sql.exec("analyze");
  // An explicit environment, so a DATABASE_URL in the shell cannot point the bench elsewhere.
  const config = loadConfig({
    APP_ENV: "test",
    DATA_DIR: "/nonexistent-bench-data-dir",
    KV_PATH: ":memory:",
    APP_URL: ORIGIN,
    ENCRYPTION_KEY,
    JWT_SECRET: "bench-jwt-secret-0123456789abcdef0123456789abc",
    ACCESS_TOKEN_TTL_SECONDS: "86400",
  });
  const deps = await createDeps(config, {
    database,
    storage: new LocalObjectStore(await Deno.makeTempDir({ prefix: "odx-profile-storage-" })),
  });
  const app = createApp(deps);
  // Until the cache hears access changes it keeps nothing: measure the warm path.
  await deps.principals.ready();
  await deps.auth.liveSessions?.ready();
  const info = { remoteAddr: { transport: "tcp" as const, hostname: "127.0.0.1", port: 40000 } };
  const signIn = async (email: string) => {
    const login = await app.fetch(
      new Request(`${ORIGIN}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN },
        body: JSON.stringify({ email, password: "demo-password" }),
      }),
      info,
    );
    if (login.status !== 200) throw new Error(`sign-in of ${email} failed: ${login.status}`);
    return login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  };
  const cookies = {
    demo: await signIn("owner@demo-dental.test"),
    large: args.large ? await signIn(LARGE_CLINIC.ownerEmail) : "",
  };
  const lastBodies = new Map<string, ArrayBuffer>();
  const get = async (page: Page) => {
    const response = await app.fetch(
      new Request(`${ORIGIN}${page.path}`, { headers: { cookie: cookies[page.account] } }),
      info,
    );
    const body = await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${page.path}: ${response.status}`);
    lastBodies.set(page.label, body);
    return body.byteLength;
  };

  const results = new Map<string, { wallMs: number; cpuMs: number; bytes: number }>();
  for (const page of PAGES) {
    let bytes = 0;
    for (let i = 0; i < WARMUP; i++) bytes = await get(page);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < REQUESTS; i++) await get(page);
    const wallMs = (performance.now() - started) / REQUESTS;
    const cpu = process.cpuUsage(cpuBefore);
    results.set(page.label, { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 / REQUESTS, bytes });
  }

  console.log(
    `\nIn process, ${args.backend}, ${REQUESTS} sequential requests per page ` +
      `(${WARMUP} warm-up), Deno ${Deno.version.deno}`,
  );
  console.table(
    PAGES.map((page) => {
      const r = results.get(page.label)!;
      const demo = page.demoLabel ? results.get(page.demoLabel) : undefined;
      return {
        page: page.label,
        "wall ms/req": r.wallMs.toFixed(2),
        "CPU ms/req": r.cpuMs.toFixed(2),
        "bytes": r.bytes,
        "× demo wall": demo ? (r.wallMs / demo.wallMs).toFixed(2) : "",
        "× demo CPU": demo ? (r.cpuMs / demo.cpuMs).toFixed(2) : "",
      };
    }),
  );
  if (args.statements) {
    // The database's own time for a statement: on Postgres the share of a
    // round trip that is the server's CPU, which under load competes with the
    // app's for the same cores; on PGlite, the share that is the wasm engine.
    const serverMs = async (text: string, params: unknown[]) => {
      const times = [];
      for (let i = 0; i < 5; i++) {
        const [row] = await database.sql.query<{ "QUERY PLAN": [{ "Execution Time": number }] }>(
          `explain (analyze, format json) ${text}`,
          params,
        );
        times.push(row["QUERY PLAN"][0]["Execution Time"]);
      }
      return Math.min(...times).toFixed(2);
    };
    for (const page of PAGES) {
      recording = [];
      await get(page);
      const sent = recording;
      recording = null;
      const rows = [];
      const plans: string[] = [];
      for (const { text, params } of sent) {
        if (/^(begin|commit|rollback)/i.test(text)) continue;
        await database.sql.query(text, params);
        const started = performance.now();
        for (let i = 0; i < 20; i++) await database.sql.query(text, params);
        const ms = ((performance.now() - started) / 20).toFixed(2);
        rows.push({ ms, "server ms": await serverMs(text, params), sql: text.slice(0, 100) });
        if (args.plans) {
          const plan = await database.sql.query<{ "QUERY PLAN": string }>(
            `explain (analyze, buffers) ${text}`,
            params,
          );
          plans.push(`\n${text}\n${plan.map((line) => line["QUERY PLAN"]).join("\n")}`);
        }
      }
      console.log(`\n${page.label}: ${sent.length} statements`);
      console.table(rows);
      for (const plan of plans) console.log(plan);
    }
  }
  if (args["save-html"]) {
    await Deno.mkdir(args["save-html"], { recursive: true });
    for (const [label, body] of lastBodies) {
      const file = `${args["save-html"]}/${label.replace(/[^a-z0-9]+/gi, "-")}.html`;
      await Deno.writeFile(file, new Uint8Array(body));
    }
  }
  await deps.events.close();
  deps.kv.close();
} finally {
  await database.close();
  await scratch?.drop();
  if (diskDir) await Deno.remove(diskDir, { recursive: true });
}
