/**
 * Server render of the calendar's week view for a clinic holding 10,000
 * appointments, as a ratio to the dashboard render measured in the same run
 * (a ratio, so the figure means the same on a slower machine).
 *
 *   deno bench -A bench/week_view_bench.ts
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test deno bench -A bench/week_view_bench.ts
 *
 * The whole app runs in this process and is driven through `createApp`'s
 * fetch with a signed-in cookie: no port, no network, so the figures are the
 * handler's work (queries, Preact render, twind CSS), not HTTP. Demo Dental
 * is seeded as usual, then given 10,000 more appointments in one
 * `generate_series` insert: 16 a day (two doctors, 09:00–16:45) for 625 days
 * around today, a tenth of them cancelled. The measured week is today's.
 *
 * Setup prints the EXPLAIN (ANALYZE, BUFFERS) plan of the week query, the
 * statement `listAppointments` sends, after ANALYZE has given the planner
 * statistics as autovacuum would in production. PGlite always; also a real
 * Postgres (a scratch database, dropped afterwards) when `TEST_DATABASE_URL`
 * is set. Needs the island bundles (`deno task build`): the week view
 * includes one.
 */
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { createApp } from "../main.ts";
import { createDeps } from "../lib/app-deps.ts";
import { loadConfig } from "../lib/config.ts";
import { openDatabase } from "../lib/db/client.ts";
import { migrate } from "../lib/db/migrate.ts";
import { seedDemoData } from "../lib/db/seed.ts";
import { LocalObjectStore } from "../lib/storage/local-store.ts";
import type { AppDeps } from "../lib/http/app-env.ts";
import { appointmentRangeQuery } from "../lib/appointments/queries.ts";
import { viewRange } from "../lib/calendar/calendar-dates.ts";
import { localDateOf } from "../lib/time/zoned.ts";
import { buildIslandsIfStale } from "../lib/islands/build.ts";

const BULK_APPOINTMENTS = 10_000;
const PER_DAY = 16;
const ORIGIN = "http://bench.local";
const N = 60;
const WARMUP = 10;

interface BenchApp {
  name: string;
  fetchPage(path: string): Promise<Response>;
}

/**
 * A database of its own on the Postgres at `url`. deno bench runs no hook
 * after the last bench, so a child process waits for this one to exit (its
 * stdin closes then) and drops the database.
 */
async function scratchPostgres(url: string): Promise<string> {
  const name = `odx_bench_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const janitor = new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      "--ext=ts",
      `for await (const _ of Deno.stdin.readable) { /* EOF: the bench has exited */ }
       const { default: postgres } = await import("postgres");
       const admin = postgres(Deno.env.get("ODX_ADMIN_URL")!, { max: 1, onnotice: () => {} });
       await admin.unsafe("drop database if exists ${name} with (force)");
       await admin.end();`,
    ],
    cwd: new URL("..", import.meta.url).pathname,
    env: { ODX_ADMIN_URL: url },
    stdin: "piped",
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  janitor.unref();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

function firstRow<T>(result: unknown): T {
  return (Array.isArray(result) ? result[0] : (result as { rows: T[] }).rows[0]) as T;
}

/** 10,000 appointments for Demo Dental, spread over 625 days centred on today. */
async function fillClinic(deps: AppDeps, clinicId: string, today: string): Promise<number> {
  const days = Math.ceil(BULK_APPOINTMENTS / PER_DAY);
  const firstDay = `${today}T09:00:00+05:00`;
  await deps.db.execute(sql`
    with
      p as (select array_agg(id order by mrn) as ids from patients where clinic_id = ${clinicId}),
      d as (
        select array_agg(user_id order by user_id) as ids from clinic_members
        where clinic_id = ${clinicId} and role in ('owner', 'doctor') and status = 'active'
      ),
      o as (select array_agg(id order by name) as ids from operatories where clinic_id = ${clinicId})
    insert into appointments
      (clinic_id, patient_id, doctor_id, operatory_id, starts_at, duration_minutes, type,
       color_tag, status)
    select
      ${clinicId},
      p.ids[1 + i % array_length(p.ids, 1)],
      d.ids[1 + i % array_length(d.ids, 1)],
      o.ids[1 + i % array_length(o.ids, 1)],
      ${firstDay}::timestamptz - ${Math.floor(days / 2)} * interval '1 day'
        + (i / ${PER_DAY}) * interval '1 day'
        + ((i % ${PER_DAY}) / 2) * interval '1 hour',
      (array[30, 45, 60])[1 + i % 3],
      (array['Check-up', 'Filling', 'Scaling & polishing', 'Root canal', 'Extraction'])[1 + i % 5],
      (array['teal', 'blue', 'violet', 'amber', 'rose', 'slate', 'green', 'orange'])[1 + i % 8],
      case when i % 10 = 0 then 'cancelled' when i % 23 = 0 then 'no_show' else 'scheduled' end
    from generate_series(0, ${BULK_APPOINTMENTS - 1}) as i, p, d, o
  `);
  await deps.db.execute(sql`analyze appointments`);
  const row = firstRow<{ n: number | string }>(
    await deps.db.execute(
      sql`select count(*) as n from appointments where clinic_id = ${clinicId}`,
    ),
  );
  return Number(row.n);
}

async function weekQueryPlan(deps: AppDeps, clinicId: string, timeZone: string, today: string) {
  const range = viewRange("week", today, timeZone);
  const query = appointmentRangeQuery(deps.db, clinicId, { from: range.from, to: range.to })
    .toSQL();
  const rows = await deps.database.sql.query<Record<string, string>>(
    `explain (analyze, buffers, costs) ${query.sql}`,
    query.params as unknown[],
  );
  return { sql: query.sql, params: query.params, plan: rows.map((r) => Object.values(r)[0]) };
}

async function startApp(name: string, databaseUrl: string | null): Promise<BenchApp> {
  // An explicit environment, so a DATABASE_URL in the shell cannot point the bench at a real database.
  const config = loadConfig({
    APP_ENV: "test",
    DATA_DIR: "/nonexistent-bench-data-dir",
    KV_PATH: ":memory:",
    APP_URL: ORIGIN,
    ENCRYPTION_KEY: "bench-encryption-key-0123456789abcdef01234567",
    JWT_SECRET: "bench-jwt-secret-0123456789abcdef0123456789abc",
  });
  // PGlite in memory when no URL is given: nothing to clean up afterwards.
  const database = await openDatabase({ url: databaseUrl });
  await migrate(database.sql);
  await seedDemoData(database.db, { encryptionKey: config.encryptionKey });
  const deps = await createDeps(config, {
    database,
    storage: new LocalObjectStore(await Deno.makeTempDir({ prefix: "odx-bench-storage-" })),
  });
  const app = createApp(deps);
  const info = { remoteAddr: { transport: "tcp" as const, hostname: "127.0.0.1", port: 40000 } };

  const login = await app.fetch(
    new Request(`${ORIGIN}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ email: "owner@demo-dental.test", password: "demo-password" }),
    }),
    info,
  );
  if (login.status !== 200) throw new Error(`bench sign-in failed: ${login.status}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const clinic = firstRow<{ id: string; time_zone: string }>(
    await deps.db.execute(sql`select id, time_zone from clinics where slug = 'demo-dental'`),
  );
  const today = localDateOf(new Date(), clinic.time_zone);

  const total = await fillClinic(deps, clinic.id, today);
  const plan = await weekQueryPlan(deps, clinic.id, clinic.time_zone, today);
  console.log(
    `\n=== ${name}: Demo Dental holds ${total} appointments; week of ${today} ===\n` +
      `${plan.sql}\n-- params: ${JSON.stringify(plan.params)}\n${plan.plan.join("\n")}\n`,
  );

  return {
    name,
    fetchPage: async (path) =>
      await app.fetch(new Request(`${ORIGIN}${path}`, { headers: { cookie } }), info),
  };
}

await buildIslandsIfStale();
const apps: BenchApp[] = [await startApp("pglite", null)];
const postgresUrl = Deno.env.get("TEST_DATABASE_URL");
if (postgresUrl) apps.push(await startApp("postgres", await scratchPostgres(postgresUrl)));

const today = localDateOf(new Date(), "Asia/Karachi");
for (const app of apps) {
  const group = `week view vs dashboard [${app.name}]`;
  const render = (path: string) => async () => {
    const response = await app.fetchPage(path);
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    await response.text();
  };
  Deno.bench({
    name: "GET /dashboard (baseline)",
    group,
    baseline: true,
    n: N,
    warmup: WARMUP,
    fn: render("/dashboard"),
  });
  Deno.bench({
    name: "GET /calendar?view=week",
    group,
    n: N,
    warmup: WARMUP,
    fn: render(`/calendar?view=week&date=${today}`),
  });
}
