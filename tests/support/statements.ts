/**
 * Counts the SQL statements a piece of work sends to a test database, so a
 * test can hold a request to a statement budget ("a warm /me runs none").
 *
 * Every database of `BACKENDS` (and so of `testOnEachDatabase`) is opened
 * with a statement log; `countStatements` records what runs while its
 * function does. It sees what goes through drizzle (`database.db`, prepared
 * or not, inside transactions too), which is every query the app makes;
 * BEGIN/COMMIT of a transaction and the migration runner's raw SQL are not
 * counted. Work left running in the background (an event hub reading a
 * notified event) counts if it runs meanwhile, so measure a quiet app.
 *
 * @example
 * ```ts
 * const { statements } = await countStatements(database, () => app.request("/api/v1/me", { jar }));
 * assertEquals(statements, []);
 * ```
 */
import type { Database } from "../../lib/db/client.ts";

export class StatementLog {
  #recordings = new Set<string[]>();

  /** Pass as `onQuery` to `openDatabase`. */
  readonly onQuery = (query: string): void => {
    for (const recording of this.#recordings) recording.push(query);
  };

  /** The statements sent while `fn` ran, in order. */
  async during<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    const statements: string[] = [];
    this.#recordings.add(statements);
    try {
      return { result: await fn(), statements };
    } finally {
      this.#recordings.delete(statements);
    }
  }
}

const logs = new WeakMap<Database, StatementLog>();

/** Remembers the log a database was opened with. */
export function withStatementLog(database: Database, log: StatementLog): Database {
  logs.set(database, log);
  return database;
}

export async function countStatements<T>(
  database: Database,
  fn: () => Promise<T>,
): Promise<{ result: T; statements: string[] }> {
  const log = logs.get(database);
  if (!log) throw new Error("this database was not opened with a statement log (tests/support)");
  return await log.during(fn);
}
