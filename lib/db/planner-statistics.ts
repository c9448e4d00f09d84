/**
 * The embedded database gathers no planner statistics on its own (PGlite
 * runs Postgres without autovacuum), so its planner takes every table for
 * nearly empty and prefers reading and sorting all of a clinic's rows to
 * walking an index for the newest few. The app gathers them when it starts;
 * a Postgres server keeps its own.
 */
import type { Database } from "./client.ts";

export async function analyzeEmbeddedDatabase(
  database: Pick<Database, "backend" | "sql">,
): Promise<void> {
  if (database.backend !== "pglite") return;
  await database.sql.exec("analyze");
}
