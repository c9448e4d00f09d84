/** How a clinic's activity entries read on the dashboard, once and for a run of repeats. */
import type { ActivityEntry } from "../../lib/dashboard/overview.ts";

const ACTION_LABELS: Record<string, string> = {
  "auth.login": "signed in",
  "permissions.template_saved": "edited a permission template",
  "permissions.template_reset": "reset a permission template to the plan default",
  "staff.invited": "invited a team member",
  "staff.invitation_resent": "resent an invitation",
  "staff.invitation_revoked": "revoked an invitation",
  "staff.invitation_accepted": "joined the clinic",
  "staff.role_changed": "changed a member's role",
  "staff.deactivated": "deactivated a member",
  "staff.reactivated": "reactivated a member",
  "staff.permissions_changed": "changed a member's permissions",
  "staff.permissions_reset": "reset a member's permissions to their role",
  "settings.updated": "updated settings",
  "patients.created": "registered a patient",
  "patients.updated": "updated a patient's record",
  "appointments.created": "booked an appointment",
  "appointments.rescheduled": "rescheduled an appointment",
  "appointments.status_changed": "changed an appointment's status",
  "platform.plan_assigned": "changed the clinic's plan",
  "platform.module_set": "switched a module",
  "platform.test_account_set": "changed the test-account flag",
};

/** What a status change reads as, once and for a run of them. */
const STATUS_ACTIONS: Record<string, [one: string, many: string]> = {
  confirmed: ["confirmed an appointment", "confirmed # appointments"],
  in_progress: ["started an appointment", "started # appointments"],
  completed: ["completed an appointment", "completed # appointments"],
  cancelled: ["cancelled an appointment", "cancelled # appointments"],
  no_show: ["marked an appointment as a no-show", "marked # appointments as no-shows"],
  scheduled: ["set an appointment back to scheduled", "set # appointments back to scheduled"],
};

export function activityText(entry: ActivityEntry): string {
  const forStatus = entry.status ? STATUS_ACTIONS[entry.status] : undefined;
  if (forStatus) {
    return entry.count === 1 ? forStatus[0] : forStatus[1].replace("#", String(entry.count));
  }
  const label = ACTION_LABELS[entry.action] ?? entry.action;
  return entry.count === 1 ? label : `${label} · ${entry.count} times`;
}
