/**
 * The page kit's entry point for routes: `staffPage(requirement)` is the one
 * middleware a signed-in page declares. It runs the guard (session, staff
 * context in `c.var.me`, clinic id in `c.var.clinicId`, permission and module
 * checks) and sets the layout, so a handler renders only its own content:
 *
 * @example
 * ```tsx
 * pages.get("/staff", staffPage({ permission: "staff.view" }), async (c) => {
 *   const members = await listMembers(c.var.deps.db, c.var.clinicId);
 *   return c.render(<StaffList members={members} />, { title: "Staff" });
 * });
 * ```
 *
 * A 4xx page re-rendered after a form problem sets `c.status(…)` first (done
 * by `submitForm`); `c.render` keeps it.
 */
import type { ComponentChildren } from "preact";
import type { MiddlewareHandler } from "hono";
import { AppShell } from "../components/AppShell.tsx";
import type { AppEnv, ClinicScope, StaffPageScope } from "../lib/http/app-env.ts";
import {
  type ClinicPageRequirement,
  declarePage,
  type PageRequirement,
  staffPageGuard,
} from "../lib/pages/guard.ts";
import { renderDocument } from "./_document.ts";
import { resumePage } from "./resume.tsx";
import { browserMonitoring } from "../lib/observability/sentry-browser-config.ts";
import { subscriptionState } from "../lib/subscriptions/state.ts";

export { publicPage } from "../lib/pages/guard.ts";

export interface PageHead {
  /** The document title (" · OdontoX" is added). */
  title: string;
  /** The navigation entry to highlight; defaults to the request path. */
  current?: string;
}

declare module "hono" {
  interface ContextRenderer {
    (content: ComponentChildren, head: PageHead): Response | Promise<Response>;
  }
}

type StaffPageEnv = AppEnv & StaffPageScope;

/** Wraps every signed-in page in the shell, once (Fresh's `_layout`). */
const staffLayout: MiddlewareHandler<StaffPageEnv & ClinicScope> = async (c, next) => {
  c.setRenderer((content, head) => {
    const me = c.var.me;
    const { trialDays } = c.var.deps.config;
    const subscription = me.clinic && subscriptionState(me.clinic.state, new Date(), trialDays);
    return c.html(renderDocument(
      <AppShell
        me={me}
        subscription={subscription}
        refreshLeadMs={c.var.deps.config.refreshLeadSeconds * 1000}
        current={head.current ?? new URL(c.req.url).pathname}
      >
        {content}
      </AppShell>,
      { title: head.title, monitoring: browserMonitoring(c.var.deps.config) },
    ));
  });
  await next();
};

export function staffPage(
  requirement: ClinicPageRequirement,
): MiddlewareHandler<StaffPageEnv & ClinicScope>;
export function staffPage(requirement?: PageRequirement): MiddlewareHandler<StaffPageEnv>;
export function staffPage(
  requirement: PageRequirement = {},
): MiddlewareHandler<StaffPageEnv & ClinicScope> | MiddlewareHandler<StaffPageEnv> {
  const guard = staffPageGuard(requirement as ClinicPageRequirement, { resume: resumePage });
  return declarePage<MiddlewareHandler<StaffPageEnv & ClinicScope>>(async (c, next) =>
    await guard(c, async () => {
      await staffLayout(c, next);
    })
  );
}
