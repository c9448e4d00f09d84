/**
 * The databases DB tests run on: PGlite always, and the real Postgres at
 * `TEST_DATABASE_URL` when it is set. Each Postgres fixture gets a database
 * of its own, dropped afterwards, so test files can run in parallel. A seeded
 * one is a copy of a template built once (tests/support/seeded-template.ts).
 */
import postgres from "postgres";
import { type Database, openDatabase } from "../../lib/db/client.ts";
import { StatementLog, withStatementLog } from "./statements.ts";
import { seededPgliteDump, seededPostgresTemplate } from "./seeded-template.ts";

export interface Backend {
  name: "pglite" | "postgres";
  /** An empty database. */
  open(): Promise<Database>;
  /** A migrated database holding the demo seed, made with `encryptionKey`. */
  openSeeded(encryptionKey: string): Promise<Database>;
}

const testDatabaseUrl = Deno.env.get("TEST_DATABASE_URL");

/**
 * A new, empty database on the Postgres server at `url`; `drop()` removes it.
 * Each test file (and a benchmark run) gets its own, so they never meet.
 */
export async function createScratchPostgres(
  url: string,
  prefix = "odx_test",
  template?: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}${template ? ` template ${template}` : ""}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function openScratchPostgres(url: string, template?: string): Promise<Database> {
  const scratch = await createScratchPostgres(url, "odx_test", template);
  const log = new StatementLog();
  const database = await openDatabase({ url: scratch.url, onQuery: log.onQuery });
  return withStatementLog({
    ...database,
    async close() {
      await database.close();
      await scratch.drop();
    },
  }, log);
}

/**
 * A test database holds a few megabytes, and Postgres clears its shared buffers as it starts:
 * at the default 128MB that is a good part of every PGlite test file's start.
 */
const TEST_SHARED_BUFFERS = "16MB";

/** PGlite in memory, its statements countable (`countStatements`). */
async function openPgliteInMemory(loadDataDir?: Uint8Array<ArrayBuffer>): Promise<Database> {
  const log = new StatementLog();
  return withStatementLog(
    await openDatabase({
      url: null,
      loadDataDir,
      sharedBuffers: TEST_SHARED_BUFFERS,
      onQuery: log.onQuery,
    }),
    log,
  );
}

export const BACKENDS: Backend[] = [
  {
    name: "pglite",
    open: () => openPgliteInMemory(),
    openSeeded: async (key) => openPgliteInMemory(await seededPgliteDump(key)),
  },
  ...(testDatabaseUrl
    ? [{
      name: "postgres" as const,
      open: () => openScratchPostgres(testDatabaseUrl),
      openSeeded: async (key: string) =>
        openScratchPostgres(testDatabaseUrl, await seededPostgresTemplate(testDatabaseUrl, key)),
    }]
    : []),
];
