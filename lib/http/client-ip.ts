/** The client address that rate limits count against. */
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";

export function clientIp(c: Context<AppEnv>): string {
  if (c.var.deps.config.trustProxy) {
    // The proxy appends the address it saw; earlier entries are client-controlled.
    const forwarded = c.req.header("x-forwarded-for")?.split(",").map((s) => s.trim()).filter(
      Boolean,
    );
    if (forwarded?.length) return forwarded[forwarded.length - 1];
  }
  const addr = c.env?.remoteAddr;
  return addr && "hostname" in addr ? addr.hostname : "unknown";
}
