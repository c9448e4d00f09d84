/**
 * Fixed-window counters in Deno KV, so a limit holds across every server
 * instance that shares the KV. Windows expire by themselves (KV `expireIn`).
 */
export interface RateLimitResult {
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
}

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

function windowOf(rule: RateLimitRule, now: number) {
  const windowMs = rule.windowSeconds * 1000;
  const start = Math.floor(now / windowMs) * windowMs;
  return { start, retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - now) / 1000)) };
}

/** Counts one hit against `key` and says whether it is still within the limit. */
export async function hitRateLimit(
  kv: Deno.Kv,
  key: Deno.KvKey,
  rule: RateLimitRule,
  now = Date.now(),
): Promise<RateLimitResult> {
  const { start, retryAfterSeconds } = windowOf(rule, now);
  const windowKey = ["rate_limit", ...key, start];
  // Check-and-set rather than a KV `sum`, because only `set` can carry an expiry.
  for (;;) {
    const entry = await kv.get<number>(windowKey);
    const count = (entry.value ?? 0) + 1;
    const result = await kv.atomic()
      .check(entry)
      .set(windowKey, count, { expireIn: rule.windowSeconds * 1000 * 2 })
      .commit();
    if (result.ok) return { allowed: count <= rule.limit, count, retryAfterSeconds };
  }
}

/** Reads the current window without counting a hit. */
export async function peekRateLimit(
  kv: Deno.Kv,
  key: Deno.KvKey,
  rule: RateLimitRule,
  now = Date.now(),
): Promise<RateLimitResult> {
  const { start, retryAfterSeconds } = windowOf(rule, now);
  const count = (await kv.get<number>(["rate_limit", ...key, start])).value ?? 0;
  return { allowed: count < rule.limit, count, retryAfterSeconds };
}

export async function clearRateLimit(
  kv: Deno.Kv,
  key: Deno.KvKey,
  rule: RateLimitRule,
  now = Date.now(),
): Promise<void> {
  await kv.delete(["rate_limit", ...key, windowOf(rule, now).start]);
}
