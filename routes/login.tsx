/** The sign-in page (a plain HTML form, no script) and sign-out. */
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import { AuthLayout, Panel } from "../components/AuthLayout.tsx";
import { renderDocument } from "./_document.ts";
import type { AppEnv } from "../lib/http/app-env.ts";
import { clientIp } from "../lib/http/client-ip.ts";
import {
  clearSessionCookies,
  readAccessToken,
  readRefreshCookie,
  setSessionCookies,
} from "../lib/auth/cookies.ts";
import { AppError } from "../lib/errors.ts";
import { DEMO_ACCOUNTS } from "../lib/db/seed.ts";

const loginForm = z.object({
  email: z.string().trim().email().max(320),
  password: z.string().min(1).max(1024),
  next: z.string().max(2000).optional(),
});

/** Only same-site paths, so the login page cannot be used as an open redirect. */
export function safeNext(next: string | undefined | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\")
    ? next
    : "/dashboard";
}

const NOTICES: Record<string, string> = {
  "session-ended": "Your session has ended. Please sign in again.",
  "signed-out": "You have been signed out.",
  invited: "Invitation accepted. Sign in with your email and password to start.",
};

interface LoginPageProps {
  email?: string;
  next?: string;
  error?: string;
  notice?: string;
  demo: boolean;
}

function LoginPage({ email, next, error, notice, demo }: LoginPageProps) {
  return (
    <AuthLayout>
      <Panel>
        <h1 class="text-2xl font-semibold tracking-tight text-slate-900">Sign in</h1>
        <p class="mt-1 text-sm text-slate-500">Welcome back. Sign in to your clinic workspace.</p>
        {notice && !error && (
          <p class="mt-5 rounded-lg bg-brand-50 px-4 py-3 text-sm text-brand-800 ring-1 ring-brand-200">
            {notice}
          </p>
        )}
        {error && (
          <p
            role="alert"
            class="mt-5 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-700 ring-1 ring-red-200"
          >
            {error}
          </p>
        )}
        <form method="post" action="/login" class="mt-6 space-y-5">
          {next && <input type="hidden" name="next" value={next} />}
          <div>
            <label for="email" class="block text-sm font-medium text-slate-700">Email</label>
            <input
              id="email"
              name="email"
              type="email"
              autocomplete="username"
              required
              value={email}
              class="mt-1.5 block w-full rounded-lg border border-slate-300 px-3.5 py-2.5 text-slate-900 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
            />
          </div>
          <div>
            <label for="password" class="block text-sm font-medium text-slate-700">Password</label>
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
              class="mt-1.5 block w-full rounded-lg border border-slate-300 px-3.5 py-2.5 text-slate-900 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
            />
          </div>
          <button
            type="submit"
            class="w-full rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-500/50 focus:ring-offset-2"
          >
            Sign in
          </button>
        </form>
      </Panel>
      {demo && (
        <div class="mt-6 rounded-xl bg-white/5 p-4 text-sm text-slate-300 ring-1 ring-white/10">
          <p class="font-medium text-white">Demo accounts</p>
          <p class="mt-1 text-slate-400">
            Password{" "}
            <code class="rounded bg-white/10 px-1.5 py-0.5 text-slate-200">demo-password</code>
          </p>
          <ul class="mt-2 space-y-1">
            {DEMO_ACCOUNTS.map((a) => (
              <li key={a.email} class="flex justify-between gap-3">
                <code class="truncate text-slate-200">{a.email}</code>
                <span class="shrink-0 text-slate-500">{a.label}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </AuthLayout>
  );
}

function renderLogin(c: Context<AppEnv>, props: Omit<LoginPageProps, "demo">, status = 200) {
  c.header("Cache-Control", "no-store");
  const demo = c.var.deps.config.seedDemoData;
  return c.html(
    renderDocument(<LoginPage {...props} demo={demo} />, { title: "Sign in" }),
    status as 200,
  );
}

export const loginRoutes = new Hono<AppEnv>()
  .get("/login", async (c) => {
    const next = c.req.query("next");
    const token = readAccessToken(c);
    const reason = c.req.query("reason");
    // A tab sent here because the session ended must see the form, even if a
    // cookie from a sibling tab's race still looks valid for a moment.
    if (token && !reason) {
      const signedIn = await c.var.deps.auth.authenticate(token).then(() => true, () => false);
      if (signedIn) return c.redirect(safeNext(next), 303);
    }
    return renderLogin(c, { next, notice: NOTICES[reason ?? ""] });
  })
  .post("/login", async (c) => {
    const form = Object.fromEntries(await c.req.formData().catch(() => new FormData()));
    const parsed = loginForm.safeParse(form);
    const email = typeof form.email === "string" ? form.email : undefined;
    const next = typeof form.next === "string" ? form.next : undefined;
    if (!parsed.success) {
      return renderLogin(c, { email, next, error: "Enter your email address and password." }, 400);
    }
    const { auth, config } = c.var.deps;
    try {
      const tokens = await auth.login(parsed.data, {
        ip: clientIp(c),
        userAgent: c.req.header("user-agent") ?? "",
      });
      setSessionCookies(c, tokens, {
        accessSeconds: config.accessTokenTtlSeconds,
        refreshSeconds: config.refreshTokenTtlSeconds,
      });
      return c.redirect(safeNext(parsed.data.next), 303);
    } catch (error) {
      if (!(error instanceof AppError) || (error.status !== 401 && error.status !== 429)) {
        throw error;
      }
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      const message = error.status === 429
        ? `Too many sign-in attempts. Try again in ${
          Math.ceil(Number(error.extra.retryAfterSeconds) / 60)
        } minute(s).`
        : "Email or password is incorrect.";
      return renderLogin(c, { email: parsed.data.email, next, error: message }, error.status);
    }
  })
  .post("/logout", async (c) => {
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
