/**
 * A migrated, demo-seeded database built once and copied for every test file that needs one:
 * migrating and seeding took most of a DB test file's time. On Postgres the copy is a
 * `create database … template`; on PGlite it is a data directory dump on disk, loaded into a
 * new in-memory instance. Both are named by a hash of the code that shapes them (lib/ and the
 * migrations) and the current UTC hour, since the seed dates its rows from the clock: a change
 * to either, or a new hour, builds a new one. Test files run in parallel processes, so building
 * takes a lock (an advisory lock on Postgres, an exclusive file on disk for PGlite). Other
 * checkouts may be testing at the same time with templates of their own, so only templates
 * more than a few hours old are removed. The demo accounts' password hash is a cheap one
 * (`cheapDemoPasswordHash`), since tests sign in thousands of times.
 */
import postgres from "postgres";
import { type Database, openDatabase } from "../../lib/db/client.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { DEMO_PASSWORD, seedDemoData } from "../../lib/db/seed.ts";
import { argon2id } from "hash-wasm";

const ROOT = new URL("../../", import.meta.url);

async function* sourceFiles(dir: URL): AsyncGenerator<URL> {
  const entries = [];
  for await (const entry of Deno.readDir(dir)) entries.push(entry);
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) yield* sourceFiles(url);
    else if (/\.(ts|tsx|sql)$/.test(entry.name)) yield url;
  }
}

let keyOnce: Promise<string> | undefined;

/** Templates of hours further back than this are removed when a new one is built. */
const KEEP_HOURS = 3;

/** The UTC hour as digits, "2026120307": the first part of a template's name. */
const hourOf = (date: Date) => date.toISOString().slice(0, 13).replace(/\D/g, "");

/** Whether a template named for `hour` ("2026120307") is old enough to remove. */
function isStale(hour: string): boolean {
  const cutoff = hourOf(new Date(Date.now() - KEEP_HOURS * 3_600_000));
  return /^\d{10}$/.test(hour) && hour < cutoff;
}

/** The name of this hour's templates: the hour, then a hash of lib/, the migrations and the key. */
function templateKey(encryptionKey: string): Promise<string> {
  keyOnce ??= (async () => {
    const parts: Uint8Array[] = [];
    const encoder = new TextEncoder();
    const hour = hourOf(new Date());
    parts.push(encoder.encode(`${hour}|${encryptionKey}|`));
    for (const dir of ["lib/", "supabase/migrations/"]) {
      for await (const file of sourceFiles(new URL(dir, ROOT))) {
        parts.push(encoder.encode(file.pathname), await Deno.readFile(file));
      }
    }
    parts.push(await Deno.readFile(new URL(import.meta.url)));
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      all.set(part, offset);
      offset += part.length;
    }
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
    return `${hour}_${
      [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("")
    }`;
  })();
  return keyOnce;
}

/**
 * The demo password hashed with argon2id at the smallest cost: still a real hash that sign-in
 * verifies, in a fraction of a millisecond instead of the ~100 ms the production cost takes.
 * Passwords set during a test (invitations, resets) get the production cost.
 */
function cheapDemoPasswordHash(): Promise<string> {
  return argon2id({
    password: DEMO_PASSWORD,
    salt: crypto.getRandomValues(new Uint8Array(16)),
    parallelism: 1,
    iterations: 1,
    memorySize: 64,
    hashLength: 32,
    outputType: "encoded",
  });
}

async function migrateAndSeed(database: Database, encryptionKey: string): Promise<void> {
  await migrate(database.sql);
  await seedDemoData(database.db, { encryptionKey, passwordHash: await cheapDemoPasswordHash() });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The seeded PGlite dump, built by whichever test process gets there first. */
export async function seededPgliteDump(encryptionKey: string): Promise<Uint8Array<ArrayBuffer>> {
  const dir = `${Deno.env.get("TMPDIR") ?? "/tmp"}`;
  const key = await templateKey(encryptionKey);
  const path = `${dir}/odx-pglite-seeded-${key}.tar`;
  const lock = `${path}.lock`;
  for (let waited = 0;; waited += 250) {
    try {
      return await Deno.readFile(path);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    let file: Deno.FsFile;
    try {
      file = await Deno.open(lock, { write: true, createNew: true });
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
      // Someone else is building it; a lock older than five minutes was left by a killed run.
      const stat = await Deno.stat(lock).catch(() => null);
      if (stat?.mtime && Date.now() - stat.mtime.getTime() > 300_000) {
        await Deno.remove(lock).catch(() => {});
      }
      await sleep(250);
      continue;
    }
    try {
      const database = await openDatabase({ url: null });
      try {
        await migrateAndSeed(database, encryptionKey);
        const dump = await database.dump!();
        const partial = `${path}.${crypto.randomUUID()}.part`;
        await Deno.writeFile(partial, dump);
        await Deno.rename(partial, path);
        await removeOlderDumps(dir, path);
        return dump;
      } finally {
        await database.close();
      }
    } finally {
      file.close();
      await Deno.remove(lock).catch(() => {});
    }
  }
}

async function removeOlderDumps(dir: string, keep: string): Promise<void> {
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    const hour = entry.name.match(/^odx-pglite-seeded-(\d{10})_[0-9a-f]+\.tar$/)?.[1];
    if (hour && path !== keep && isStale(hour)) await Deno.remove(path).catch(() => {});
  }
}

/**
 * The name of the seeded template database on the server at `adminUrl`, built under an
 * advisory lock when it is not there yet. Older templates are dropped on the way.
 */
export async function seededPostgresTemplate(
  adminUrl: string,
  encryptionKey: string,
): Promise<string> {
  const name = `odx_tpl_${await templateKey(encryptionKey)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe("select pg_advisory_lock(7301001)");
    try {
      const [found] = await admin.unsafe("select 1 from pg_database where datname = $1", [name]);
      if (found) return name;
      const others = await admin.unsafe(
        "select datname from pg_database where datname like 'odx\\_tpl\\_%' and datname <> $1",
        [name],
      );
      for (const row of others) {
        // Only an hour's name long past: another checkout may be testing with its own now.
        const hour = String(row.datname).match(/^odx_tpl_(\d{10})_/)?.[1];
        if (!hour || !isStale(hour)) continue;
        await admin.unsafe(`drop database if exists ${row.datname} with (force)`).catch(() => {});
      }
      await admin.unsafe(`create database ${name}`);
      const target = new URL(adminUrl);
      target.pathname = `/${name}`;
      const database = await openDatabase({ url: target.toString() });
      try {
        await migrateAndSeed(database, encryptionKey);
      } catch (error) {
        await database.close();
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        throw error;
      }
      await database.close();
      return name;
    } finally {
      await admin.unsafe("select pg_advisory_unlock(7301001)");
    }
  } finally {
    await admin.end();
  }
}
