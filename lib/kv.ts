/** Deno KV: sessions, refresh tokens and rate-limit counters live here, not in Postgres. */
export function openKv(path: string | undefined): Promise<Deno.Kv> {
  return Deno.openKv(path);
}
