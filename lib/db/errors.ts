/** Recognising the database errors callers turn into answers a user can act on. */

/** Postgres reports a unique violation as 23505; drizzle and the drivers may wrap it as a cause. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as never) {
    if (e.code === "23505") return true;
  }
  return false;
}
