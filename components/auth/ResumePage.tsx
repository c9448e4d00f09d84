/**
 * Served in place of a page whose access token lapsed while the refresh
 * cookie is still there: the session runtime refreshes once, under the
 * cross-tab lock, and reloads. Without JavaScript the user signs in again.
 */
import { AuthLayout, Panel } from "../AuthLayout.tsx";
import SessionRuntime from "../../islands/SessionRuntime.tsx";

export function ResumePage(
  { next, refreshLeadMs }: {
    /** The page to come back to after signing in again (path and query). */
    next: string;
    refreshLeadMs: number;
  },
) {
  return (
    <AuthLayout>
      <Panel>
        <SessionRuntime expiresInMs={0} refreshLeadMs={refreshLeadMs} mode="resume" />
        <div class="flex items-center gap-3">
          <span class="h-5 w-5 animate-spin rounded-full border-2 border-brand-200 border-t-brand-600" />
          <h1 class="text-lg font-semibold text-slate-900">Resuming your session…</h1>
        </div>
        <noscript>
          <p class="mt-4 text-sm text-slate-600">
            Your session needs to be renewed.{" "}
            <a
              class="font-medium text-brand-700 underline"
              href={`/login?next=${encodeURIComponent(next)}`}
            >
              Sign in again
            </a>.
          </p>
        </noscript>
      </Panel>
    </AuthLayout>
  );
}
