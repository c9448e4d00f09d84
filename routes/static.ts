/** Files under `static/`: content-hashed ones cached for good, the rest revalidated (`lib/http/static-files.ts`). */
import { Hono } from "hono";
import type { AppEnv } from "../lib/http/app-env.ts";
import { STATIC_DIR } from "../lib/islands/manifest.ts";
import { StaticFiles } from "../lib/http/static-files.ts";

const files = new StaticFiles(STATIC_DIR);

export const staticRoutes = new Hono<AppEnv>()
  .get("/static/*", async (c) => {
    let relative: string;
    try {
      relative = decodeURIComponent(new URL(c.req.url).pathname.slice("/static/".length));
    } catch {
      return c.notFound();
    }
    return (await files.serve(c.req.raw, relative)) ?? c.notFound();
  });
