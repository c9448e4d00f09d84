/** "My sessions": where a user sees every device signed in and ends one or all of them. */
import { Hono } from "hono";
import { SessionsPage } from "../components/account/SessionsPage.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { clearSessionCookies } from "../lib/auth/cookies.ts";
import { listOwnSessions, revokeOwnSession } from "../lib/auth/own-sessions.ts";
import { staffPage } from "./_page.tsx";

export const accountRoutes = new Hono<AppEnv>()
  .get("/account/sessions", staffPage(), async (c) => {
    const { deps, me, principal } = c.var;
    const items = await listOwnSessions(deps.auth.sessions, me.user.id);
    return c.render(
      <SessionsPage
        items={items}
        currentId={principal.sessionId}
        timeZone={me.clinic?.timeZone ?? "Asia/Karachi"}
      />,
      { title: "My sessions", current: "/account/sessions" },
    );
  })
  .post("/account/sessions/revoke-all", staffPage(), async (c) => {
    await c.var.deps.auth.sessions.revokeAllForUser(c.var.me.user.id);
    clearSessionCookies(c);
    return c.redirect("/login?reason=signed-out", 303);
  })
  .post("/account/sessions/:id/revoke", staffPage(), async (c) => {
    const id = c.req.param("id");
    await revokeOwnSession(c.var.deps.auth.sessions, c.var.me.user.id, id);
    if (id === c.var.principal.sessionId) {
      clearSessionCookies(c);
      return c.redirect("/login?reason=signed-out", 303);
    }
    return c.redirect("/account/sessions", 303);
  });
