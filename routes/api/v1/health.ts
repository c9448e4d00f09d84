/** Liveness for load balancers and operators: is the database and KV answering? */
import { Hono } from "hono";
import type { AppEnv } from "../../../lib/http/app-env.ts";
import { publicRoute } from "../../../lib/permissions/route-policy.ts";

async function probe(fn: () => Promise<unknown>) {
  const started = performance.now();
  try {
    await fn();
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return { ok: false, error: (error as Error).name };
  }
}

export const healthApi = new Hono<AppEnv>()
  .get("/", publicRoute(), async (c) => {
    const { database, kv } = c.var.deps;
    const [db, kvStatus] = await Promise.all([
      probe(() => database.sql.query("select 1")),
      probe(() => kv.get(["health"])),
    ]);
    const ok = db.ok && kvStatus.ok;
    c.header("Cache-Control", "no-store");
    return c.json({
      status: ok ? "ok" : "degraded",
      database: { ...db, backend: database.backend },
      kv: kvStatus,
    }, ok ? 200 : 503);
  });
