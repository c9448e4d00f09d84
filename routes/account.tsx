/** "My sessions": where a user sees every device signed in and ends one or all of them. */
import { Hono } from "hono";
import { AppShell } from "../components/AppShell.tsx";
import { Card, PageHeader } from "../components/Card.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { loadStaffContext } from "../lib/auth/staff-context.ts";
import type { Session } from "../lib/auth/sessions.ts";
import { clearSessionCookies } from "../lib/auth/cookies.ts";
import { formatDateTime, formatRelative } from "../lib/view/format.ts";
import { renderDocument } from "./_document.ts";
import { staffPage } from "./resume.tsx";

/** A readable device name from a User-Agent, good enough to recognise one's own devices. */
export function describeDevice(userAgent: string): string {
  if (!userAgent) return "Unknown device";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /OPR\//.test(userAgent)
    ? "Opera"
    : /(Chrome|Chromium)\//.test(userAgent)
    ? "Chrome"
    : /Firefox\//.test(userAgent)
    ? "Firefox"
    : /Safari\//.test(userAgent)
    ? "Safari"
    : null;
  const os = /Windows/.test(userAgent)
    ? "Windows"
    : /iPhone|iPad/.test(userAgent)
    ? "iOS"
    : /Mac OS X/.test(userAgent)
    ? "macOS"
    : /Android/.test(userAgent)
    ? "Android"
    : /Linux/.test(userAgent)
    ? "Linux"
    : null;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? userAgent.slice(0, 40);
}

function SessionRow({ session, current, timeZone }: {
  session: Session;
  current: boolean;
  timeZone: string;
}) {
  return (
    <li class="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-center">
      <div class="min-w-0 flex-1">
        <p class="text-sm font-medium text-slate-900">
          {describeDevice(session.userAgent)}
          {current && (
            <span class="ml-2 rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700 ring-1 ring-brand-200">
              This device
            </span>
          )}
        </p>
        <p class="mt-0.5 text-sm text-slate-500">
          {session.ip} · signed in {formatDateTime(new Date(session.createdAt), timeZone)} · active
          {" "}
          {formatRelative(new Date(session.lastRefreshedAt))}
        </p>
      </div>
      <form method="post" action={`/account/sessions/${session.id}/revoke`}>
        <button
          type="submit"
          class="rounded-lg px-3 py-1.5 text-sm font-medium text-red-700 ring-1 ring-red-200 hover:bg-red-50"
        >
          {current ? "Sign out" : "Revoke"}
        </button>
      </form>
    </li>
  );
}

export const accountRoutes = new Hono<AppEnv>()
  .get("/account/sessions", staffPage, async (c) => {
    const { deps, principal } = c.var;
    const me = await loadStaffContext(deps, principal);
    const sessions = await deps.auth.sessions.listForUser(principal.userId);
    const timeZone = me.clinic?.timeZone ?? "Asia/Karachi";
    return c.html(renderDocument(
      <AppShell
        me={me}
        refreshLeadMs={deps.config.refreshLeadSeconds * 1000}
        current="/account/sessions"
      >
        <PageHeader
          title="My sessions"
          subtitle="Every browser and app signed in to your account. Revoke any you do not recognise."
        >
          <form method="post" action="/account/sessions/revoke-all" data-signout>
            <button
              type="submit"
              class="rounded-lg bg-red-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-red-700"
            >
              Sign out everywhere
            </button>
          </form>
        </PageHeader>
        <Card title={`${sessions.length} active ${sessions.length === 1 ? "session" : "sessions"}`}>
          <ul class="divide-y divide-slate-100">
            {sessions.map((session) => (
              <SessionRow
                key={session.id}
                session={session}
                current={session.id === principal.sessionId}
                timeZone={timeZone}
              />
            ))}
          </ul>
        </Card>
      </AppShell>,
      { title: "My sessions" },
    ));
  })
  .post("/account/sessions/revoke-all", staffPage, async (c) => {
    await c.var.deps.auth.sessions.revokeAllForUser(c.var.principal.userId);
    clearSessionCookies(c);
    return c.redirect("/login?reason=signed-out", 303);
  })
  .post("/account/sessions/:id/revoke", staffPage, async (c) => {
    const { auth } = c.var.deps;
    const id = c.req.param("id");
    const session = await auth.sessions.get(id);
    // Someone else's session id is treated exactly like an unknown one: nothing happens.
    if (session && session.userId === c.var.principal.userId) await auth.sessions.revoke(id);
    if (id === c.var.principal.sessionId) {
      clearSessionCookies(c);
      return c.redirect("/login?reason=signed-out", 303);
    }
    return c.redirect("/account/sessions", 303);
  });
