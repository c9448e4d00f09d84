import { join } from "node:path";
import { assert, assertEquals, assertMatch, assertRejects } from "../../support/assert.ts";
import { type Backend, BACKENDS } from "../../support/databases.ts";
import type { Database } from "../../../lib/db/client.ts";
import { migrate, MigrationError, MIGRATIONS_DIR } from "../../../lib/db/migrate.ts";

async function copyMigrations(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "odx-migrations-" });
  for await (const entry of Deno.readDir(MIGRATIONS_DIR)) {
    await Deno.copyFile(join(MIGRATIONS_DIR.pathname, entry.name), join(dir, entry.name));
  }
  return dir;
}

/** A fresh database and a private copy of the migrations folder, both removed afterwards. */
async function withScratch(
  backend: Backend,
  fn: (database: Database, dir: string) => Promise<void>,
): Promise<void> {
  const database = await backend.open();
  const dir = await copyMigrations();
  try {
    await fn(database, dir);
  } finally {
    await database.close();
    await Deno.remove(dir, { recursive: true });
  }
}

for (const backend of BACKENDS) {
  Deno.test({
    name: `migration runner [${backend.name}]`,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn(t) {
      await t.step(
        "a fresh database gets every migration, in order, recorded with a checksum",
        async () => {
          const database = await backend.open();
          const dir = await copyMigrations();
          try {
            await Deno.writeTextFile(
              join(dir, "20991231000000_later_change.sql"),
              "create table later_change (id int primary key);",
            );
            const result = await migrate(database.sql, dir);
            assertEquals(result.alreadyApplied, 0);
            assertEquals(result.applied.at(-1), "20991231000000_later_change.sql");
            assertEquals([...result.applied].sort(), result.applied, "applied in file-name order");
            const rows = await database.sql.query<{ name: string; checksum: string }>(
              "select name, checksum from schema_migrations order by name",
            );
            assertEquals(rows.map((r) => r.name), result.applied);
            for (const row of rows) assertMatch(row.checksum, /^[0-9a-f]{64}$/);
            const plans = await database.sql.query<{ id: string; price_minor: string | number }>(
              "select id, price_minor from subscription_plans order by sort_order",
            );
            assertEquals(plans.map((p) => p.id), ["free", "pro", "pro_plus"]);
          } finally {
            await database.close();
            await Deno.remove(dir, { recursive: true });
          }
        },
      );

      await t.step("running again applies nothing and changes nothing", async () => {
        const database = await backend.open();
        try {
          const first = await migrate(database.sql);
          assert(first.applied.length > 0);
          const again = await migrate(database.sql);
          assertEquals(again.applied, []);
          assertEquals(again.alreadyApplied, first.applied.length);
        } finally {
          await database.close();
        }
      });

      await t.step(
        "a new file is applied on the next run without touching the old ones",
        async () => {
          const database = await backend.open();
          const dir = await copyMigrations();
          try {
            await migrate(database.sql, dir);
            await Deno.writeTextFile(
              join(dir, "20991231000000_add_note.sql"),
              "alter table clinics add column note text;",
            );
            const second = await migrate(database.sql, dir);
            assertEquals(second.applied, ["20991231000000_add_note.sql"]);
            await database.sql.query("select note from clinics limit 1");
          } finally {
            await database.close();
            await Deno.remove(dir, { recursive: true });
          }
        },
      );

      await t.step("an applied file that was edited stops the start-up", async () => {
        await withScratch(backend, async (database, dir) => {
          await migrate(database.sql, dir);
          const [first] = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
          await Deno.writeTextFile(join(dir, first), "\n-- sneaky edit\n", { append: true });
          const error = await assertRejects(() => migrate(database.sql, dir));
          assert(error instanceof MigrationError);
          assertMatch(error.message, /was edited after it ran/);
        });
      });

      await t.step("an applied file that disappeared stops the start-up", async () => {
        await withScratch(backend, async (database, dir) => {
          await Deno.writeTextFile(join(dir, "20991231000000_gone.sql"), "select 1;");
          await migrate(database.sql, dir);
          await Deno.remove(join(dir, "20991231000000_gone.sql"));
          const error = await assertRejects(() => migrate(database.sql, dir));
          assertMatch(error.message, /missing/);
        });
      });

      await t.step("a failing migration leaves no trace and is retried next time", async () => {
        await withScratch(backend, async (database, dir) => {
          await Deno.writeTextFile(
            join(dir, "20991231000000_broken.sql"),
            "create table half_done (id int); select * from no_such_table;",
          );
          const error = await assertRejects(() => migrate(database.sql, dir));
          assertMatch(error.message, /20991231000000_broken\.sql failed/);
          const tables = await database.sql.query(
            "select 1 from information_schema.tables where table_name = 'half_done'",
          );
          assertEquals(tables.length, 0, "the failed file's transaction was rolled back");
          await Deno.writeTextFile(
            join(dir, "20991231000000_broken.sql"),
            "create table half_done (id int);",
          );
          const retry = await migrate(database.sql, dir);
          assertEquals(retry.applied, ["20991231000000_broken.sql"]);
        });
      });

      await t.step("a badly named file is refused before anything runs", async () => {
        await withScratch(backend, async (database, dir) => {
          await Deno.writeTextFile(join(dir, "add_stuff.sql"), "select 1;");
          const error = await assertRejects(() => migrate(database.sql, dir));
          assertMatch(error.message, /must look like/);
          const recorded = await database.sql.query(
            "select 1 from information_schema.tables where table_name = 'clinics'",
          );
          assertEquals(recorded.length, 0);
        });
      });
    },
  });
}
