/**
 * CSRF protection for cookie-authenticated mutations.
 *
 * Cookies ride along on cross-site requests (SameSite=Lax still allows
 * top-level form POSTs in some browsers' lax-by-default grace period), so an
 * unsafe request that could act on a cookie session must prove it comes from
 * our own pages: `Sec-Fetch-Site: same-origin`, or else an `Origin` we serve.
 * Requests that carry no cookies (API clients with a Bearer token) cannot be
 * forged by a browser and pass through. HTML form routes are always checked,
 * which also stops login CSRF.
 *
 * @example
 * ```ts
 * app.use(csrfProtection({ origins: ["https://app.odontox.pk"], cookies: ["odx_at", "odx_rt"] }));
 * ```
 */
import type { MiddlewareHandler } from "hono";
import { forbidden } from "../errors.ts";

export interface CsrfOptions {
  /** Origins besides the request's own that may post (the public `APP_URL`). */
  origins: string[];
  /** Names of the cookies that authenticate a request. */
  cookies: string[];
  /** Paths under this prefix are checked only when they carry an auth cookie. */
  apiPrefix?: string;
  /**
   * Further prefixes treated like the API: machine endpoints outside `/api/`
   * authenticated by a bearer token (the OTLP logs receiver).
   */
  tokenPrefixes?: string[];
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function csrfProtection(options: CsrfOptions): MiddlewareHandler {
  const prefixes = [options.apiPrefix ?? "/api/", ...(options.tokenPrefixes ?? [])];
  const cookiePattern = new RegExp(`(?:^|;\\s*)(?:${options.cookies.join("|")})=`);
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return await next();

    const url = new URL(c.req.url);
    const hasAuthCookie = cookiePattern.test(c.req.header("cookie") ?? "");
    if (prefixes.some((p) => url.pathname.startsWith(p)) && !hasAuthCookie) return await next();

    const site = c.req.header("sec-fetch-site");
    const origin = c.req.header("origin");
    const trusted = site
      ? site === "same-origin" || site === "none"
      : origin !== undefined && (origin === url.origin || options.origins.includes(origin));
    if (!trusted) {
      throw forbidden("CSRF_REJECTED", "Cross-site request refused");
    }
    await next();
  };
}
