/**
 * Row ids are UUIDs. Checking the shape before a query turns a malformed id
 * in a URL or body into the same 404 as a missing row, instead of a Postgres
 * cast error.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
