/** Files under `static/`: content-hashed island bundles are cached for a year, the rest briefly. */
import { Hono } from "hono";
import { extname, join, normalize } from "node:path";
import type { AppEnv } from "../lib/http/app-env.ts";
import { STATIC_DIR } from "../lib/islands/manifest.ts";

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

export const staticRoutes = new Hono<AppEnv>()
  .get("/static/*", async (c) => {
    const relative = normalize(
      decodeURIComponent(new URL(c.req.url).pathname.slice("/static/".length)),
    );
    if (relative.startsWith("..") || relative.includes("\0")) return c.notFound();
    const path = join(STATIC_DIR, relative);
    let file: Deno.FsFile;
    try {
      file = await Deno.open(path);
      if (!(await file.stat()).isFile) {
        file.close();
        return c.notFound();
      }
    } catch {
      return c.notFound();
    }
    const hashed = relative.startsWith("islands/") && !relative.endsWith("manifest.json");
    return c.body(file.readable, 200, {
      "Content-Type": TYPES[extname(path)] ?? "application/octet-stream",
      "Cache-Control": hashed ? "public, max-age=31536000, immutable" : "public, max-age=3600",
    });
  });
