/**
 * The guard every signed-in portal page declares: a patient session (the
 * `odx_ps` cookie), loaded once into `c.var.patient`. Without one the browser
 * goes to the portal's sign-in; a staff session is no substitute. Every query
 * a portal page makes is scoped by `c.var.patient`'s clinic and patient.
 *
 * @example
 * ```ts
 * portal.get("/portal", portalGuard(), (c) => c.text(c.var.patient.patientName));
 * ```
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import { clearPatientSessionCookie, readPatientSessionCookie } from "../auth/cookies.ts";
import { declarePage } from "../pages/guard.ts";
import { loadPatientPrincipal, type PatientPrincipal } from "./accounts.ts";
import { endPortalSession, readPortalSession } from "./sessions.ts";

export interface PortalScope {
  Variables: { patient: PatientPrincipal };
}

export const PORTAL_LOGIN_PATH = "/portal/login";

export function portalGuard(): MiddlewareHandler<AppEnv & PortalScope> {
  return declarePage<MiddlewareHandler<AppEnv & PortalScope>>(async (c, next) => {
    const { db, kv } = c.var.deps;
    const token = readPatientSessionCookie(c);
    const session = await readPortalSession(kv, token);
    const patient = session && await loadPatientPrincipal(db, session);
    if (!patient) {
      if (session) await endPortalSession(kv, token);
      clearPatientSessionCookie(c);
      const url = new URL(c.req.url);
      const next = url.pathname === "/portal" ? "" : `?next=${encodeURIComponent(url.pathname)}`;
      return c.redirect(`${PORTAL_LOGIN_PATH}${next}`, 303);
    }
    c.set("patient", patient);
    c.header("Cache-Control", "no-store");
    await next();
  });
}
