/**
 * A server for `http_load.ts` to put load on, run in a process of its own so
 * the load generator does not share its event loop.
 *
 *   deno run -A bench/http_server.ts bare               # Deno.serve answering a small HTML string
 *   deno run -A bench/http_server.ts floor --bytes=N    # Hono rendering an N-byte Preact page
 *   deno run -A bench/http_server.ts app --data-dir=D   # the whole app on PGlite in D/pg
 *   deno run -A bench/http_server.ts app --database-url=postgres://…
 *
 * `floor` is the stack without the app: Hono routing, `preact-render-to-string`
 * of a page as large as the dashboard, and the response; what any page of
 * the app costs at least. `app` serves the database it is given (migrated
 * and seeded by the load generator) with a KV of its own; `--root=<checkout>`
 * runs the app of another checkout of the project (the code before a
 * change) through this same harness.
 *
 * Listens on 127.0.0.1 only, on a free port, and prints one line
 * `BENCH_READY {"port":…,"pid":…,"origin":…}` once it answers. It stops by
 * itself when its stdin closes (the load generator went away) or after
 * `--lifetime` seconds, whichever comes first, and removes its temp dir.
 */
import { parseArgs } from "node:util";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Hono } from "hono";
import { h } from "preact";
import { renderToString } from "preact-render-to-string";

type Main = typeof import("../main.ts");
type ConfigModule = typeof import("../lib/config.ts");
type BuildModule = typeof import("../lib/islands/build.ts");

/** The baseline: about the smallest HTML response Deno.serve can give. */
const BARE_HTML = "<!doctype html><html><head><title>bare</title></head>" +
  "<body><p>Hello from a bare Deno.serve handler.</p></body></html>";

const { values: flags, positionals } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: {
    bytes: { type: "string", default: "30000" },
    root: { type: "string" },
    "data-dir": { type: "string" },
    "database-url": { type: "string" },
    lifetime: { type: "string", default: "600" },
  },
});
const mode = positionals[0];
if (mode !== "bare" && mode !== "floor" && mode !== "app") {
  console.error("usage: deno run -A bench/http_server.ts bare|floor|app [options]");
  Deno.exit(2);
}

let handler: Deno.ServeHandler = () => new Response("starting", { status: 503 });
const server = Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen: () => {} },
  (request, info) => handler(request, info),
);
const origin = `http://127.0.0.1:${server.addr.port}`;

let cleanUp = async () => {};
if (mode === "bare") {
  handler = () =>
    new Response(BARE_HTML, { headers: { "content-type": "text/html; charset=UTF-8" } });
} else if (mode === "floor") {
  const app = floorApp(Number(flags.bytes));
  handler = (request) => app.fetch(request);
} else {
  cleanUp = await serveApp();
}

/** A Hono app whose one page renders a table sized to about `bytes` of HTML on every request. */
function floorApp(bytes: number): Hono {
  const rows = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      time: `${String(9 + (i % 9)).padStart(2, "0")}:${i % 2 ? "30" : "00"}`,
      patient: `Patient number ${i + 1}`,
      doctor: `Dr. Doctor ${i % 7}`,
      status: ["scheduled", "confirmed", "completed"][i % 3],
    }));
  const page = (list: ReturnType<typeof rows>) =>
    "<!doctype html>" + renderToString(
      h(
        "html",
        { lang: "en" },
        h("head", null, h("title", null, "Dashboard")),
        h(
          "body",
          { class: "min-h-screen bg-slate-50" },
          h("h1", { class: "text-xl font-semibold" }, "Today"),
          h(
            "table",
            { class: "w-full text-sm" },
            list.map((row) =>
              h(
                "tr",
                { class: "border-b border-slate-200" },
                h("td", { class: "py-2 px-3 tabular-nums" }, row.time),
                h("td", { class: "py-2 px-3" }, h("a", { href: "#" }, row.patient)),
                h("td", { class: "py-2 px-3 text-slate-600" }, row.doctor),
                h("td", { class: "py-2 px-3" }, h("span", { class: "badge" }, row.status)),
              )
            ),
          ),
        ),
      ),
    );
  const perRow = (page(rows(200)).length - page(rows(0)).length) / 200;
  const data = rows(Math.max(0, Math.round((bytes - page(rows(0)).length) / perRow)));
  return new Hono().get("/", (c) => c.html(page(data)));
}

async function serveApp(): Promise<() => Promise<void>> {
  const root = resolve(flags.root ?? new URL("..", import.meta.url).pathname);
  const load = <T>(path: string) => import(pathToFileURL(join(root, path)).href) as Promise<T>;
  const [{ bootstrap, createApp }, { loadConfig }, { buildIslandsIfStale }] = await Promise.all([
    load<Main>("main.ts"),
    load<ConfigModule>("lib/config.ts"),
    load<BuildModule>("lib/islands/build.ts"),
  ]);
  await buildIslandsIfStale();
  const own = await Deno.makeTempDir({ prefix: "odontox-bench-" });
  const dataDir = flags["data-dir"];
  const databaseUrl = flags["database-url"];
  if (!dataDir && !databaseUrl) throw new Error("app mode needs --data-dir or --database-url");
  // An explicit environment, so a DATABASE_URL in the shell cannot point the bench elsewhere.
  const config = loadConfig({
    APP_ENV: "test",
    DATA_DIR: dataDir ?? own,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    KV_PATH: `${own}/kv.sqlite3`,
    APP_URL: origin,
    ENCRYPTION_KEY: "bench-encryption-key-0123456789abcdef01234567",
    JWT_SECRET: "bench-jwt-secret-0123456789abcdef0123456789abc",
    SEED_DEMO_DATA: "false",
  });
  const deps = await bootstrap(config);
  const app = createApp(deps);
  handler = (request, info) => app.fetch(request, info);
  return async () => {
    await deps.events.close().catch(() => {});
    deps.kv.close();
    await deps.database.close().catch(() => {});
    await Deno.remove(own, { recursive: true }).catch(() => {});
  };
}

let stopping = false;
async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await server.shutdown().catch(() => {});
    await cleanUp();
  }
  Deno.exit(code);
}

const lifetime = setTimeout(() => {
  console.error(`http_server: still running after ${flags.lifetime} s, stopping`);
  stop(1);
}, Number(flags.lifetime) * 1000);
Deno.unrefTimer(lifetime);

console.log(`BENCH_READY ${JSON.stringify({ port: server.addr.port, pid: Deno.pid, origin })}`);

// Runs until the parent closes our stdin (or dies).
for await (const _ of Deno.stdin.readable) { /* nothing is sent; EOF is the signal */ }
await stop(0);
