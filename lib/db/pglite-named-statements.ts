/**
 * Named prepared queries on PGlite, kept as server-side prepared statements.
 *
 * drizzle's PGlite driver ignores a prepared query's name and sends every
 * execution as a fresh unnamed statement, so PGlite parses, analyses and
 * plans the hot statements (`preparedPerDatabase`) on every request; in wasm
 * the planning costs more than running them. postgres.js keeps a named
 * statement per connection and reuses its plan. Here a named query is
 * `PREPARE`d once per PGlite instance and run with `EXECUTE`, its values
 * written as quoted literals, which Postgres casts to the statement's
 * parameter types exactly as it reads bound text values. A value that has
 * no such literal here (an array, an object) runs the query as before.
 *
 * Prepared statements outlive transactions and Postgres re-plans one when a
 * table it reads changes, so nothing needs forgetting.
 */
import type { PGlite, QueryOptions, Results } from "@electric-sql/pglite";

interface PreparedQueryLike {
  client: Pick<PGlite, "query">;
}
export interface SessionLike {
  prepareQuery(
    query: { sql: string },
    fields: unknown,
    name: string | undefined,
    ...rest: unknown[]
  ): PreparedQueryLike;
}

/** A value as an SQL literal of unknown type, or undefined when it has none here. */
function literal(value: unknown): string | undefined {
  if (value === null || value === undefined) return "NULL";
  let text: string;
  if (typeof value === "string") text = value;
  else if (typeof value === "number" || typeof value === "bigint") text = String(value);
  else if (typeof value === "boolean") text = value ? "true" : "false";
  else if (value instanceof Date) text = value.toISOString();
  else return undefined;
  // A NUL byte cannot be in a Postgres text value: let the ordinary path refuse it.
  if (text.includes("\0")) return undefined;
  // standard_conforming_strings is on: only the quote needs doubling.
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Makes the named prepared queries of a drizzle PGlite database run as
 * server-side prepared statements. `session` is the database's session.
 */
export function keepNamedStatements(pg: PGlite, session: SessionLike): void {
  /** Statement name → its SQL text; a name taken by another text gets a suffix. */
  const claimed = new Map<string, string>();
  const prepared = new Set<string>();
  const refused = new Set<string>();
  let suffix = 0;
  const original = session.prepareQuery.bind(session);
  session.prepareQuery = (query, fields, name, ...rest) => {
    const result = original(query, fields, name, ...rest);
    if (!name) return result;
    const text = query.sql;
    let statement = `odx_${name}`;
    if (claimed.has(statement) && claimed.get(statement) !== text) {
      statement = `${statement}_${++suffix}`;
    }
    claimed.set(statement, text);
    const quoted = `"${statement.replaceAll('"', '""')}"`;
    let ready: Promise<boolean> | null = null;
    const prepare = () =>
      ready ??= (async () => {
        if (prepared.has(statement)) return true;
        try {
          await pg.exec(`PREPARE ${quoted} AS ${text}`);
          prepared.add(statement);
          return true;
        } catch {
          // A text PREPARE cannot type (or that failed for another reason) runs unnamed.
          refused.add(statement);
          return false;
        }
      })();
    result.client = {
      query: async <T>(
        sqlText: string,
        params?: unknown[],
        options?: QueryOptions,
      ): Promise<Results<T>> => {
        const literals = (params ?? []).map(literal);
        if (
          sqlText !== text || refused.has(statement) || literals.some((l) => l === undefined) ||
          !(await prepare())
        ) {
          return await pg.query<T>(sqlText, params, options);
        }
        const args = literals.length ? `(${literals.join(", ")})` : "";
        return await pg.query<T>(`EXECUTE ${quoted}${args}`, [], options);
      },
    };
    return result;
  };
}
