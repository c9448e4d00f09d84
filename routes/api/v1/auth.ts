/** Sign-in, token refresh, sign-out and the session list, for browsers and API clients alike. */
import { Hono } from "hono";
import { z } from "zod";
import type { Context } from "hono";
import type { AppEnv } from "../../../lib/http/app-env.ts";
import type { IssuedTokens } from "../../../lib/auth/auth-service.ts";
import {
  clearSessionCookies,
  readRefreshCookie,
  setSessionCookies,
} from "../../../lib/auth/cookies.ts";
import { publicRoute, signedIn } from "../../../lib/permissions/route-policy.ts";
import { clientIp } from "../../../lib/http/client-ip.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import { findAccountById } from "../../../lib/auth/accounts.ts";
import { notFound, unauthorized } from "../../../lib/errors.ts";

const loginBody = z.object({
  email: z.string().trim().min(3).max(320).email(),
  password: z.string().min(1).max(1024),
});

const refreshBody = z.object({ refreshToken: z.string().max(200).optional() }).strict();

export function tokenResponse(c: Context<AppEnv>, tokens: IssuedTokens) {
  const { config } = c.var.deps;
  setSessionCookies(c, tokens, {
    accessSeconds: config.accessTokenTtlSeconds,
    refreshSeconds: config.refreshTokenTtlSeconds,
  });
  c.header("Cache-Control", "no-store");
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: new Date(tokens.expiresAt).toISOString(),
    // Relative too, so a client with a wrong clock still knows when to refresh.
    expiresInSeconds: c.var.deps.config.accessTokenTtlSeconds,
  };
}

export const authApi = new Hono<AppEnv>()
  .post("/login", publicRoute(), jsonBody(loginBody), async (c) => {
    const { auth, db } = c.var.deps;
    const tokens = await auth.login(c.req.valid("json"), {
      ip: clientIp(c),
      userAgent: c.req.header("user-agent") ?? "",
    });
    const account = await findAccountById(db, tokens.session.userId);
    return c.json({
      ...tokenResponse(c, tokens),
      user: account && {
        id: account.id,
        email: account.email,
        name: account.name,
        isSuperadmin: account.isSuperadmin,
        lastLoginAt: account.lastLoginAt?.toISOString() ?? null,
      },
    });
  })
  .post("/refresh", publicRoute(), jsonBody(refreshBody), async (c) => {
    const token = c.req.valid("json").refreshToken ?? readRefreshCookie(c);
    if (!token) throw unauthorized("INVALID_TOKEN", "No refresh token");
    try {
      return c.json(tokenResponse(c, await c.var.deps.auth.refresh(token)));
    } catch (error) {
      clearSessionCookies(c);
      throw error;
    }
  })
  .post("/logout", signedIn(), async (c) => {
    await c.var.deps.auth.logout(c.var.principal.sessionId);
    clearSessionCookies(c);
    return c.json({ ok: true });
  })
  .post("/logout-all", signedIn(), async (c) => {
    const revoked = await c.var.deps.auth.sessions.revokeAllForUser(c.var.principal.userId);
    clearSessionCookies(c);
    return c.json({ ok: true, revoked });
  })
  .get("/sessions", signedIn(), async (c) => {
    const { principal } = c.var;
    const sessions = await c.var.deps.auth.sessions.listForUser(principal.userId);
    return c.json({
      sessions: sessions.map((s) => ({
        id: s.id,
        current: s.id === principal.sessionId,
        userAgent: s.userAgent,
        ip: s.ip,
        createdAt: new Date(s.createdAt).toISOString(),
        lastActiveAt: new Date(s.lastRefreshedAt).toISOString(),
      })),
    });
  })
  .delete("/sessions/:id", signedIn(), async (c) => {
    const { auth } = c.var.deps;
    const session = await auth.sessions.get(c.req.param("id"));
    // Another user's session answers exactly like a missing one.
    if (!session || session.userId !== c.var.principal.userId) throw notFound("Session not found");
    await auth.sessions.revoke(session.id);
    if (session.id === c.var.principal.sessionId) clearSessionCookies(c);
    return c.json({ ok: true });
  });
