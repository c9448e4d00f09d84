/** The patient portal's sign-in and sign-out: plain HTML forms, no script. */
import { Hono } from "hono";
import type { Context } from "hono";
import {
  PortalLoginPage,
  type PortalLoginPageProps,
} from "../components/portal/PortalLoginPage.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { clientIp } from "../lib/http/client-ip.ts";
import { parseFormValues, readFormValues } from "../lib/http/form.ts";
import {
  clearPatientSessionCookie,
  readPatientSessionCookie,
  setPatientSessionCookie,
} from "../lib/auth/cookies.ts";
import { isSignInRefusal, signInRefusalMessage } from "../lib/auth/sign-in-page.ts";
import { portalSignInForm, signInPatient } from "../lib/portal/accounts.ts";
import { DEMO_PORTAL_EMAIL } from "../lib/portal/demo-seed.ts";
import { endPortalSession, readPortalSession } from "../lib/portal/sessions.ts";
import { renderDocument } from "./_document.ts";
import { publicPage } from "./_page.tsx";

const NOTICES: Record<string, string> = {
  "signed-out": "You have been signed out.",
};

/** Only the portal's own pages, so sign-in cannot be used as an open redirect. */
function portalNext(next: string | undefined): string {
  return next && /^\/portal(\/[A-Za-z0-9/_-]*)?$/.test(next) ? next : "/portal";
}

function showLogin(c: Context<AppEnv>, props: PortalLoginPageProps, status = 200) {
  c.header("Cache-Control", "no-store");
  const demoEmail = c.var.deps.config.seedDemoData ? DEMO_PORTAL_EMAIL : undefined;
  return c.html(
    renderDocument(<PortalLoginPage {...props} demoEmail={demoEmail} />, {
      title: "Patient portal · Sign in",
    }),
    status as 200,
  );
}

export const portalLoginRoutes = new Hono<AppEnv>()
  .get("/portal/login", publicPage(), async (c) => {
    const next = c.req.query("next");
    if (await readPortalSession(c.var.deps.kv, readPatientSessionCookie(c))) {
      return c.redirect(portalNext(next), 303);
    }
    return showLogin(c, { next, notice: NOTICES[c.req.query("reason") ?? ""] });
  })
  .post("/portal/login", publicPage(), async (c) => {
    const values = await readFormValues(c);
    const { deps } = c.var;
    try {
      const input = parseFormValues(portalSignInForm, values);
      const { token } = await signInPatient(deps, { ...input, ip: clientIp(c) });
      setPatientSessionCookie(c, token, deps.config.refreshTokenTtlSeconds);
      return c.redirect(portalNext(values.next), 303);
    } catch (error) {
      if (!isSignInRefusal(error)) throw error;
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      const { email, next } = values;
      return showLogin(c, { email, next, error: signInRefusalMessage(error) }, error.status);
    }
  })
  .post("/portal/logout", publicPage(), async (c) => {
    await endPortalSession(c.var.deps.kv, readPatientSessionCookie(c));
    clearPatientSessionCookie(c);
    return c.redirect("/portal/login?reason=signed-out", 303);
  });
