/** The sign-in page (a plain HTML form, no script) and sign-out. */
import { Hono } from "hono";
import type { Context } from "hono";
import { LoginPage, type LoginPageProps } from "../components/auth/LoginPage.tsx";
import { renderDocument } from "./_document.ts";
import { publicPage } from "./_page.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { clientIp } from "../lib/http/client-ip.ts";
import { parseFormValues, readFormValues } from "../lib/http/form.ts";
import {
  clearSessionCookies,
  readAccessToken,
  readRefreshCookie,
  setSessionCookies,
} from "../lib/auth/cookies.ts";
import {
  demoAccountHints,
  isSignInRefusal,
  safeNext,
  signInForm,
  signInRefusalMessage,
} from "../lib/auth/sign-in-page.ts";

const NOTICES: Record<string, string> = {
  "session-ended": "Your session has ended. Please sign in again.",
  "signed-out": "You have been signed out.",
  invited: "Invitation accepted. Sign in with your email and password to start.",
};

function showLogin(
  c: Context<AppEnv>,
  props: Omit<LoginPageProps, "demoAccounts">,
  status = 200,
) {
  c.header("Cache-Control", "no-store");
  const demoAccounts = demoAccountHints(c.var.deps.config);
  return c.html(
    renderDocument(<LoginPage {...props} demoAccounts={demoAccounts} />, { title: "Sign in" }),
    status as 200,
  );
}

export const loginRoutes = new Hono<AppEnv>()
  .get("/login", publicPage(), async (c) => {
    const next = c.req.query("next");
    const token = readAccessToken(c);
    const reason = c.req.query("reason");
    // A tab sent here because the session ended must see the form, even if a
    // cookie from a sibling tab's race still looks valid for a moment.
    if (token && !reason) {
      const signedIn = await c.var.deps.auth.authenticate(token).then(() => true, () => false);
      if (signedIn) return c.redirect(safeNext(next), 303);
    }
    return showLogin(c, { next, notice: NOTICES[reason ?? ""] });
  })
  .post("/login", publicPage(), async (c) => {
    const values = await readFormValues(c);
    const { auth, config } = c.var.deps;
    try {
      const input = parseFormValues(signInForm, values);
      const tokens = await auth.login(input, {
        ip: clientIp(c),
        userAgent: c.req.header("user-agent") ?? "",
      });
      setSessionCookies(c, tokens, {
        accessSeconds: config.accessTokenTtlSeconds,
        refreshSeconds: config.refreshTokenTtlSeconds,
      });
      return c.redirect(safeNext(input.next), 303);
    } catch (error) {
      if (!isSignInRefusal(error)) throw error;
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      const { email, next } = values;
      return showLogin(c, { email, next, error: signInRefusalMessage(error) }, error.status);
    }
  })
  .post("/logout", publicPage(), async (c) => {
    const { auth } = c.var.deps;
    const token = readAccessToken(c);
    const principal = token ? await auth.authenticate(token).catch(() => null) : null;
    const refresh = readRefreshCookie(c);
    const sessionId = principal?.sessionId ??
      (refresh ? await auth.sessions.sessionIdForRefreshToken(refresh) : null);
    if (sessionId) await auth.logout(sessionId);
    clearSessionCookies(c);
    return c.redirect("/login?reason=signed-out", 303);
  });
