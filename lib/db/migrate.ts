/**
 * Applies `supabase/migrations/<14-digit timestamp>_<name>.sql` in order.
 *
 * Each file runs in its own transaction under an advisory lock, so two
 * instances starting together apply it once. Applied files are recorded with
 * a SHA-256 checksum; an applied file that was edited or deleted stops the
 * start-up, because the schema would no longer match the history.
 */
import { join } from "node:path";
import type { SqlClient } from "./client.ts";
import { sha256Hex } from "../bytes.ts";

export const MIGRATIONS_DIR = new URL("../../supabase/migrations/", import.meta.url);

const FILE_NAME = /^(\d{14})_([a-z0-9_]+)\.sql$/;
// Arbitrary constant shared by every instance of this app.
const LOCK_ID = 4_021_1965;

export class MigrationError extends Error {
  override name = "MigrationError";
}

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

export async function readMigrations(dir: string | URL = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const path = dir instanceof URL ? dir.pathname : dir;
  const files: MigrationFile[] = [];
  for await (const entry of Deno.readDir(path)) {
    if (!entry.isFile || !entry.name.endsWith(".sql")) continue;
    if (!FILE_NAME.test(entry.name)) {
      throw new MigrationError(
        `Migration file name "${entry.name}" must look like 20260101120000_description.sql`,
      );
    }
    const sql = await Deno.readTextFile(join(path, entry.name));
    files.push({ name: entry.name, sql, checksum: await sha256Hex(sql) });
  }
  return files.sort((a, b) => a.name.localeCompare(b.name));
}

export async function migrate(
  sql: SqlClient,
  dir: string | URL = MIGRATIONS_DIR,
): Promise<MigrationResult> {
  const files = await readMigrations(dir);
  await sql.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock($1)", [LOCK_ID]);
    await tx.exec(`
      create table if not exists schema_migrations (
        name       text primary key,
        checksum   text not null,
        applied_at timestamptz not null default now()
      )`);
  });

  const recorded = await sql.query<{ name: string; checksum: string }>(
    "select name, checksum from schema_migrations order by name",
  );
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const row of recorded) {
    const file = byName.get(row.name);
    if (!file) {
      throw new MigrationError(
        `Applied migration ${row.name} is missing from the migrations folder`,
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `Applied migration ${row.name} was edited after it ran; add a new migration instead`,
      );
    }
  }

  const done = new Set(recorded.map((r) => r.name));
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file.name)) continue;
    const ran = await sql.transaction(async (tx) => {
      await tx.query("select pg_advisory_xact_lock($1)", [LOCK_ID]);
      const [existing] = await tx.query("select 1 from schema_migrations where name = $1", [
        file.name,
      ]);
      if (existing) return false; // another instance applied it while we waited
      try {
        await tx.exec(file.sql);
      } catch (error) {
        throw new MigrationError(`Migration ${file.name} failed: ${(error as Error).message}`);
      }
      await tx.query("insert into schema_migrations (name, checksum) values ($1, $2)", [
        file.name,
        file.checksum,
      ]);
      return true;
    });
    if (ran) applied.push(file.name);
  }
  return { applied, alreadyApplied: recorded.length };
}
