/** `deno task migrate`: applies pending migrations to the configured database and exits. */
import { join } from "node:path";
import { loadConfig } from "../config.ts";
import { openDatabase } from "./client.ts";
import { migrate } from "./migrate.ts";

const config = loadConfig();
const database = await openDatabase({
  url: config.databaseUrl,
  prepare: config.databasePrepare,
  dataDir: join(config.dataDir, "pg"),
});
try {
  const { applied, alreadyApplied } = await migrate(database.sql);
  console.log(
    applied.length
      ? `applied ${applied.length} migration(s): ${applied.join(", ")}`
      : `database is up to date (${alreadyApplied} migration(s) applied earlier)`,
  );
} catch (error) {
  console.error(`migrate: ${(error as Error).message}`);
  Deno.exitCode = 1;
} finally {
  await database.close();
}
