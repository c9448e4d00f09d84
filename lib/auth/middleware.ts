/**
 * Session guards. API routes answer 401 JSON; pages redirect to /login, or,
 * when only the access token has lapsed, serve the resume page whose session
 * runtime refreshes once (under the cross-tab lock) and reloads. Pages never
 * rotate the refresh token themselves: two tabs restored together would
 * present the same token twice and revoke the session.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import { forbidden, unauthorized } from "../errors.ts";
import { isAuthError } from "./auth-service.ts";
import {
  clearSessionCookies,
  readAccessToken,
  readPatientSessionCookie,
  readRefreshCookie,
} from "./cookies.ts";

/**
 * A patient portal session is never a staff session, whatever else the
 * request carries: every staff page and API goes through one of the two
 * guards below, so refusing it here refuses it everywhere. The cookie's mere
 * presence is enough; no lookup is needed to say no.
 */
function refusePatientSession(c: Context<AppEnv>): void {
  if (readPatientSessionCookie(c) === undefined) return;
  throw forbidden(
    "PATIENT_SESSION",
    "This is for clinic staff. Patients find their appointments in the patient portal at /portal.",
  );
}

export function requireApiSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    refusePatientSession(c);
    // An earlier guard on the same route (a module check) already authenticated.
    if (c.get("principal")) return await next();
    const token = readAccessToken(c);
    if (!token) throw unauthorized("UNAUTHENTICATED", "Sign in required");
    c.set("principal", await c.var.deps.auth.authenticate(token));
    await next();
  };
}

export interface PageSessionOptions {
  /** Rendered for a GET whose access token lapsed while a refresh cookie remains. */
  resume: (c: Context<AppEnv>) => Response | Promise<Response>;
}

export function loginRedirect(c: Context<AppEnv>): Response {
  const url = new URL(c.req.url);
  const next = url.pathname + url.search;
  return c.redirect(next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`, 303);
}

export function requirePageSession(options: PageSessionOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    refusePatientSession(c);
    const token = readAccessToken(c);
    let lapsed = !token;
    if (token) {
      try {
        c.set("principal", await c.var.deps.auth.authenticate(token));
        c.header("Cache-Control", "no-store");
        return await next();
      } catch (error) {
        if (!isAuthError(error)) throw error;
        lapsed = error.code === "TOKEN_EXPIRED";
      }
    }
    if (lapsed && readRefreshCookie(c) && c.req.method === "GET") {
      c.header("Cache-Control", "no-store");
      return await options.resume(c);
    }
    clearSessionCookies(c);
    return loginRedirect(c);
  };
}
