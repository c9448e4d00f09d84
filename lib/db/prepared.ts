/**
 * Statements built once per database handle and executed with placeholders.
 *
 * drizzle builds a query's SQL text on every call; a prepared query keeps the
 * text and only fills in the values. On postgres.js a named prepared query is
 * also parsed and planned once per connection (drizzle's unnamed queries are
 * not), which is what the session and access path, run on every request that
 * misses the principal cache, wants. On PGlite the name becomes a
 * server-side prepared statement too (`pglite-named-statements.ts`).
 * Behind a transaction pooler (`DATABASE_PREPARE=false`, the default on
 * port 6543) the client sends every statement unnamed, these included: the
 * SQL text is still built once, only the server-side plan is not kept.
 *
 * A prepared query belongs to the handle it was built on, so pass the app's
 * `db`, not a transaction: inside a transaction use the ordinary builder.
 *
 * @example
 * ```ts
 * const accountById = preparedPerDatabase((db) =>
 *   db.select().from(users).where(eq(users.id, sql.placeholder("id"))).prepare("account_by_id")
 * );
 * const [account] = await accountById(db).execute({ id });
 * ```
 */
import type { Db } from "./client.ts";

export function preparedPerDatabase<T>(build: (db: Db) => T): (db: Db) => T {
  const byDatabase = new WeakMap<Db, T>();
  return (db) => {
    let prepared = byDatabase.get(db);
    if (!prepared) byDatabase.set(db, prepared = build(db));
    return prepared;
  };
}

/**
 * `preparedPerDatabase` for a query whose shape varies (which columns or conditions it has): built
 * once per database and shape, `key` naming the shape; `build` gets the key to name the statement.
 *
 * @example
 * ```ts
 * const bookQueries = preparedPerShape(
 *   (shape: BookShape) => `${+shape.ofDoctor}${+shape.withNotes}`,
 *   (db, shape, key) => buildBookQuery(db, shape).prepare(`book_${key}`),
 * );
 * const rows = await bookQueries(db)(shape).execute(values);
 * ```
 */
export function preparedPerShape<Shape, T>(
  key: (shape: Shape) => string,
  build: (db: Db, shape: Shape, key: string) => T,
): (db: Db) => (shape: Shape) => T {
  return preparedPerDatabase((db) => {
    const byKey = new Map<string, T>();
    return (shape) => {
      const k = key(shape);
      let prepared = byKey.get(k);
      if (!prepared) byKey.set(k, prepared = build(db, shape, k));
      return prepared;
    };
  });
}
