/**
 * One database handle for both backends: postgres.js when a connection string
 * is given (Supabase Postgres in production), PGlite otherwise (the embedded
 * default, and the first backend every DB test runs on).
 */
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { keepNamedStatements } from "./pglite-named-statements.ts";
import { SizeCachingNodeFS } from "./pglite-file-sizes.ts";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { Logger } from "drizzle-orm";
import postgres from "postgres";
import * as schema from "./schema.ts";

type SessionOf = Parameters<typeof keepNamedStatements>[1];

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Raw SQL access for what drizzle cannot express: multi-statement migration files. */
export interface SqlClient {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements (simple query protocol, no parameters). */
  exec(script: string): Promise<void>;
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
}

export interface Database {
  db: Db;
  sql: SqlClient;
  backend: "pglite" | "postgres";
  /**
   * LISTENs on `channel` (one dedicated session on Postgres) and calls
   * `onPayload` for each notification committed after the promise resolves.
   * `onResubscribed` runs when a lost listening connection is back, since
   * notifications sent while it was down are gone. Resolves to an unlisten.
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onResubscribed?: () => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** PGlite only: the whole data directory as a tarball, to open copies of it from. */
  dump?(): Promise<Uint8Array<ArrayBuffer>>;
}

export interface OpenDatabaseOptions {
  /** Postgres connection string; null selects PGlite. */
  url: string | null;
  /**
   * Named prepared statements on Postgres (default true). False sends every
   * statement unnamed, prepared ones included (postgres.js's `prepare: false`
   * overrides drizzle's `.prepare(name)`), as a transaction pooler needs.
   */
  prepare?: boolean;
  /** PGlite data directory; omitted means in memory. */
  dataDir?: string;
  /** A PGlite data directory dump (`dumpDataDir`'s tarball) to start from, instead of an empty database. */
  loadDataDir?: Uint8Array<ArrayBuffer>;
  /**
   * PGlite's shared buffers (Postgres's own default, 128MB, when omitted). Postgres clears them
   * as it starts, so a throwaway database that holds a few megabytes starts faster with less.
   */
  sharedBuffers?: string;
  /**
   * Sees every statement sent through `db` (prepared or not, in a transaction
   * or not), before it runs: how tests hold a request to a statement budget.
   */
  onQuery?: (query: string, params: unknown[]) => void;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const logger = options.onQuery && { logQuery: options.onQuery };
  return options.url
    ? openPostgres(options.url, options.prepare ?? true, logger)
    : await openPglite(options, logger);
}

/**
 * PGlite reads a dump through `arrayBuffer()` and `type` alone. A real Blob would copy the
 * tarball (tens of megabytes) into Deno's blob store and out again on every open: half a second
 * of page faults per test database on a small VM.
 */
function tarballReader(bytes: Uint8Array<ArrayBuffer>): Blob {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const buffer = whole ? bytes.buffer : bytes.slice().buffer;
  return {
    type: "application/x-tar",
    size: bytes.byteLength,
    arrayBuffer: () => Promise.resolve(buffer),
  } as Blob;
}

async function openPglite(options: OpenDatabaseOptions, logger?: Logger): Promise<Database> {
  const { dataDir, loadDataDir, sharedBuffers } = options;
  if (dataDir) await Deno.mkdir(dataDir, { recursive: true });
  const pg = new PGlite({
    ...(dataDir && !dataDir.includes("://") ? { fs: new SizeCachingNodeFS(dataDir) } : { dataDir }),
    loadDataDir: loadDataDir && tarballReader(loadDataDir),
    // pg_trgm, as on Postgres and Supabase: patient search by name fragment reads an index.
    extensions: { pg_trgm },
    ...(sharedBuffers
      ? { startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${sharedBuffers}`] }
      : {}),
  });
  await pg.waitReady;
  type Queryable = Pick<PGlite, "query" | "exec">;
  const wrap = (q: Queryable): Omit<SqlClient, "transaction"> => ({
    async query<T>(text: string, params?: unknown[]) {
      return (await q.query<T>(text, params)).rows;
    },
    async exec(script: string) {
      await q.exec(script);
    },
  });
  const sql: SqlClient = {
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn({ ...wrap(tx), transaction: () => nested() })),
  };
  const db = drizzlePglite(pg, { schema, logger });
  // drizzle keeps its session on a field its types do not show.
  keepNamedStatements(pg, (db as unknown as { session: SessionOf }).session);
  return {
    db: db as unknown as Db,
    sql,
    backend: "pglite",
    // In-process: nothing to lose a connection, so `onResubscribed` never runs.
    listen: async (channel, onPayload) => {
      const unlisten = await pg.listen(channel, onPayload);
      return () => unlisten();
    },
    close: () => pg.close(),
    dump: async () => new Uint8Array(await (await pg.dumpDataDir("none")).arrayBuffer()),
  };
}

function openPostgres(url: string, prepare: boolean, logger?: Logger): Database {
  const client = postgres(url, { max: 10, prepare, onnotice: () => {} });
  type Queryable = Pick<postgres.Sql, "unsafe">;
  const wrap = (q: Queryable): Omit<SqlClient, "transaction"> => ({
    async query<T>(text: string, params?: unknown[]) {
      return await q.unsafe(text, params as postgres.ParameterOrJSON<never>[]) as unknown as T[];
    },
    async exec(script: string) {
      await q.unsafe(script).simple();
    },
  });
  const sql: SqlClient = {
    ...wrap(client),
    transaction: (fn) =>
      client.begin((tx) => fn({ ...wrap(tx), transaction: () => nested() })) as Promise<never>,
  };
  return {
    db: drizzlePostgres(client, { schema, logger }) as unknown as Db,
    sql,
    backend: "postgres",
    listen: async (channel, onPayload, onResubscribed) => {
      let first = true;
      // postgres.js keeps a connection of its own for LISTEN and re-LISTENs after a drop.
      const { unlisten } = await client.listen(channel, onPayload, () => {
        if (!first) onResubscribed?.();
        first = false;
      });
      return unlisten;
    },
    close: () => client.end({ timeout: 5 }),
  };
}

function nested(): never {
  throw new Error("nested transactions are not supported by SqlClient");
}
