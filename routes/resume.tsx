/**
 * Served in place of a page whose access token lapsed while the refresh
 * cookie is still there: the session runtime refreshes once, under the
 * cross-tab lock, and reloads. Without JavaScript the user signs in again.
 */
import type { Context } from "hono";
import { AuthLayout, Panel } from "../components/AuthLayout.tsx";
import SessionRuntime from "../islands/SessionRuntime.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { requirePageSession } from "../lib/auth/middleware.ts";
import { renderDocument } from "./_document.ts";

export function resumePage(c: Context<AppEnv>): Response {
  const url = new URL(c.req.url);
  const next = encodeURIComponent(url.pathname + url.search);
  return c.html(renderDocument(
    <AuthLayout>
      <Panel>
        <SessionRuntime
          expiresInMs={0}
          refreshLeadMs={c.var.deps.config.refreshLeadSeconds * 1000}
          mode="resume"
        />
        <div class="flex items-center gap-3">
          <span class="h-5 w-5 animate-spin rounded-full border-2 border-brand-200 border-t-brand-600" />
          <h1 class="text-lg font-semibold text-slate-900">Resuming your session…</h1>
        </div>
        <noscript>
          <p class="mt-4 text-sm text-slate-600">
            Your session needs to be renewed.{" "}
            <a class="font-medium text-brand-700 underline" href={`/login?next=${next}`}>
              Sign in again
            </a>.
          </p>
        </noscript>
      </Panel>
    </AuthLayout>,
    { title: "Resuming session" },
  ));
}

/** Declared on every signed-in page route (not app-wide, so unknown paths still get a 404). */
export const staffPage = requirePageSession({ resume: resumePage });
