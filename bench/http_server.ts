/**
 * A server for `http_load.ts` to put load on, run in a process of its own so
 * the load generator does not share its event loop.
 *
 *   deno run -A bench/http_server.ts bare   # Deno.serve answering a small HTML string
 *   deno run -A bench/http_server.ts app    # the whole app: PGlite and KV in a temp dir
 *
 * Listens on 127.0.0.1 only, on a free port, and prints one line
 * `BENCH_READY {"port":…,"pid":…,"origin":…}` once it answers. It stops by
 * itself when its stdin closes (the load generator went away) or after
 * `MAX_LIFETIME_MS`, whichever comes first, and removes its temp dir.
 */
import { bootstrap, createApp } from "../main.ts";
import { loadConfig } from "../lib/config.ts";
import type { AppDeps } from "../lib/http/app-env.ts";

const MAX_LIFETIME_MS = 150_000;

/** The baseline: about the smallest HTML response Deno.serve can give. */
const BARE_HTML = "<!doctype html><html><head><title>bare</title></head>" +
  "<body><p>Hello from a bare Deno.serve handler.</p></body></html>";

const mode = Deno.args[0];
if (mode !== "bare" && mode !== "app") {
  console.error("usage: deno run -A bench/http_server.ts bare|app");
  Deno.exit(2);
}

let handler: Deno.ServeHandler = () => new Response("starting", { status: 503 });
const server = Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen: () => {} },
  (request, info) => handler(request, info),
);
const origin = `http://127.0.0.1:${server.addr.port}`;

let deps: AppDeps | undefined;
let dataDir: string | undefined;
if (mode === "bare") {
  handler = () =>
    new Response(BARE_HTML, { headers: { "content-type": "text/html; charset=UTF-8" } });
} else {
  dataDir = await Deno.makeTempDir({ prefix: "odontox-bench-" });
  // An explicit environment, so a DATABASE_URL in the shell cannot point the
  // bench (and its demo seed) at a real database.
  const config = loadConfig({
    APP_ENV: "test",
    DATA_DIR: dataDir,
    KV_PATH: `${dataDir}/kv.sqlite3`,
    APP_URL: origin,
    ENCRYPTION_KEY: "bench-encryption-key-0123456789abcdef01234567",
    JWT_SECRET: "bench-jwt-secret-0123456789abcdef0123456789abc",
    SEED_DEMO_DATA: "true",
  });
  deps = await bootstrap(config);
  const app = createApp(deps);
  handler = (request, info) => app.fetch(request, info);
}

let stopping = false;
async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await server.shutdown().catch(() => {});
    if (deps) {
      deps.kv.close();
      await deps.database.close().catch(() => {});
    }
    if (dataDir) await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
  Deno.exit(code);
}

const lifetime = setTimeout(() => {
  console.error(`http_server: still running after ${MAX_LIFETIME_MS} ms, stopping`);
  stop(1);
}, MAX_LIFETIME_MS);
Deno.unrefTimer(lifetime);

console.log(`BENCH_READY ${JSON.stringify({ port: server.addr.port, pid: Deno.pid, origin })}`);

// Runs until the parent closes our stdin (or dies).
for await (const _ of Deno.stdin.readable) { /* nothing is sent; EOF is the signal */ }
await stop(0);
