/**
 * The databases DB tests run on: PGlite always, and the real Postgres at
 * `TEST_DATABASE_URL` when it is set. Each Postgres fixture gets a database
 * of its own, dropped afterwards, so test files can run in parallel.
 */
import postgres from "postgres";
import { type Database, openDatabase } from "../../lib/db/client.ts";

export interface Backend {
  name: "pglite" | "postgres";
  open(): Promise<Database>;
}

const testDatabaseUrl = Deno.env.get("TEST_DATABASE_URL");

async function openScratchPostgres(url: string): Promise<Database> {
  const name = `odx_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ url: target.toString() });
  return {
    ...database,
    async close() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export const BACKENDS: Backend[] = [
  { name: "pglite", open: () => openDatabase({ url: null }) },
  ...(testDatabaseUrl
    ? [{ name: "postgres" as const, open: () => openScratchPostgres(testDatabaseUrl) }]
    : []),
];
