/**
 * A transaction pooler (Supabase's port 6543) hands each statement to any
 * free server connection, so a statement prepared by name on one is missing
 * on the next. With `prepare: false` nothing is left prepared on the server,
 * yet the app's prepared queries still answer.
 */
import { assert, assertEquals } from "../../support/assert.ts";
import { createScratchPostgres } from "../../support/databases.ts";
import { openDatabase } from "../../../lib/db/client.ts";
import { migrate } from "../../../lib/db/migrate.ts";
import { seedDemoData } from "../../../lib/db/seed.ts";
import { findAccountById } from "../../../lib/auth/accounts.ts";
import { users } from "../../../lib/db/schema.ts";

const url = Deno.env.get("TEST_DATABASE_URL");

Deno.test({
  name: "with prepare off, the session's prepared queries leave no named statement on Postgres",
  ignore: !url,
  async fn() {
    const scratch = await createScratchPostgres(url!);
    try {
      const setup = await openDatabase({ url: scratch.url });
      await migrate(setup.sql);
      await seedDemoData(setup.db, { encryptionKey: "k".repeat(40) });
      const [owner] = await setup.db.select({ id: users.id, email: users.email }).from(users)
        .limit(1);
      await setup.close();

      const namedStatements = async (prepare: boolean) => {
        const database = await openDatabase({ url: scratch.url, prepare });
        try {
          // Sequential queries on an idle pool run on one connection: the view below sees it.
          for (let i = 0; i < 3; i++) {
            assertEquals((await findAccountById(database.db, owner.id))?.email, owner.email);
          }
          const rows = await database.sql.query<{ statement: string }>(
            "select statement from pg_prepared_statements where statement like '%users%'",
          );
          return rows.length;
        } finally {
          await database.close();
        }
      };
      assert(await namedStatements(true) > 0, "by default the account query is prepared by name");
      assertEquals(await namedStatements(false), 0);
    } finally {
      await scratch.drop();
    }
  },
});
