/**
 * Cross-origin access to the JSON API for the origins a deployment lists in
 * `CORS_ORIGINS` (none by default: same origin only). A listed origin's
 * preflight is answered with the methods and headers the API uses,
 * including `X-File-Name` for uploads; any other origin gets no CORS headers,
 * so the browser keeps the response from it. Cookies are not allowed across
 * origins: a client on another site signs in for a bearer token.
 *
 * @example
 * ```ts
 * app.use("/api/*", apiCors({ origins: ["https://lab-portal.example"] }));
 * app.use("/api/*", apiCors({ origins: (c) => c.var.deps.config.lab.corsOrigins }));
 * ```
 */
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env.ts";

export interface ApiCorsOptions {
  /**
   * Exact origins (`https://host[:port]`) allowed to call the API from a
   * browser, or a function reading them from the request's context.
   */
  origins: readonly string[] | ((c: Context<AppEnv>) => readonly string[]);
  /** How long a browser may cache a preflight answer, in seconds. */
  maxAgeSeconds?: number;
}

const METHODS = "GET, POST, PUT, PATCH, DELETE";
const HEADERS = "Authorization, Content-Type, X-File-Name, Last-Event-ID";

export function apiCors(options: ApiCorsOptions): MiddlewareHandler<AppEnv> {
  const fixed = typeof options.origins === "function" ? null : new Set(options.origins);
  const maxAge = String(options.maxAgeSeconds ?? 600);
  return async (c, next) => {
    const allowed = fixed ??
      new Set((options.origins as (c: Context<AppEnv>) => readonly string[])(c));
    const origin = c.req.header("origin");
    const preflight = c.req.method === "OPTIONS" &&
      c.req.header("access-control-request-method") !== undefined;
    if (!origin || !allowed.has(origin)) {
      // Nothing to allow: a preflight ends here without CORS headers, and the browser stops.
      if (preflight) return new Response(null, { status: 204, headers: { Vary: "Origin" } });
      return await next();
    }
    if (preflight) {
      return new Response(null, {
        status: 204,
        headers: {
          "Access-Control-Allow-Origin": origin,
          "Access-Control-Allow-Methods": METHODS,
          "Access-Control-Allow-Headers": HEADERS,
          "Access-Control-Max-Age": maxAge,
          Vary: "Origin",
        },
      });
    }
    await next();
    c.res.headers.set("Access-Control-Allow-Origin", origin);
    c.res.headers.append("Vary", "Origin");
  };
}
