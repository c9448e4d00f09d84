/**
 * What opens each page the staff navigation links to. A page's route declares
 * `staffPage(PAGE_ACCESS.x)` and the navigation (or any link to the page)
 * shows only when `mayOpen(PAGE_ACCESS.x, access)`: one rule for both, so
 * nobody is offered a page that would refuse them.
 *
 * @example
 * ```ts
 * routes.get("/staff", staffPage(PAGE_ACCESS.staff), handler);
 * const showStaffLink = mayOpen(PAGE_ACCESS.staff, me.access);
 * ```
 */
import { type Access, can } from "./access.ts";

/** The same shape as a page's `staffPage(…)` requirement. */
export interface PageAccess {
  /** Needed to open the page; with a list, any one of them is enough (a hub page). */
  permission?: string | readonly string[];
  /** Optional module the clinic must have. */
  module?: string;
}

export function mayOpen(rule: PageAccess, access: Access | null | undefined): boolean {
  if (rule.module && !access?.modules.has(rule.module)) return false;
  const anyOf = typeof rule.permission === "string" ? [rule.permission] : rule.permission;
  if (anyOf && !anyOf.some((key) => can(access, key))) return false;
  return true;
}

export const PAGE_ACCESS = {
  /** Every signed-in member; platform staff see the platform's overview there. */
  dashboard: {},
  patients: { permission: "patients.view" },
  calendar: { permission: "appointments.calendar.view" },
  radiology: { permission: "radiology.view" },
  radiologyInbox: { permission: "radiology.inbox.view", module: "bridge" },
  bridgeDevices: { permission: "bridge.devices.view", module: "bridge" },
  staff: { permission: "staff.view" },
  /** The hub opens for whoever may read one of the clinic's settings sections. */
  settings: {
    permission: [
      "settings.templates.view",
      "settings.lab.view",
      "settings.notifications.view",
      "settings.clinic.view",
      "settings.calendar.view",
      "settings.billing.view",
    ],
  },
  /** Settings → Clinic contact (and the other clinic-profile pages). */
  clinicContact: { permission: "settings.clinic.view" },
  treatmentPlans: { permission: "treatment.plans.view", module: "treatment" },
  lab: { permission: "lab.cases.view", module: "lab" },
  inventory: { permission: "inventory.items.view", module: "inventory" },
  whatsapp: { permission: "whatsapp.messages.view", module: "whatsapp_api" },
  /** The clinic's referral link and reward calculator: whoever may see the clinic's plan. */
  referrals: { permission: "settings.subscription.view" },
  billing: { permission: "finance.invoices.view" },
  /** Ruby reports: the AI reports module (Pro+). */
  reports: { permission: "ai.reports.view", module: "ai_reports" },
  /** A patient's periodontal exams: read with the chart's permission, entered with its edit. */
  perio: { permission: "clinical.chart.view" },
  perioEntry: { permission: "clinical.chart.edit" },
  /** One's own devices: every signed-in user. */
  accountSessions: {},
} as const satisfies Record<string, PageAccess>;
