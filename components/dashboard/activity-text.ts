/** How a clinic's activity entries read on the dashboard, once and for a run of repeats. */
import type { ActivityEntry } from "../../lib/dashboard/overview.ts";

/** Every action the clinic's log records, as it reads after the actor's name. */
export const ACTION_LABELS: Record<string, string> = {
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
  "settings.contact_changed": "changed the clinic's contact details",
  "settings.logo_changed": "changed the clinic's logo",
  "settings.logo_removed": "removed the clinic's logo",
  "patients.created": "registered a patient",
  "patients.updated": "updated a patient's record",
  "patients.tags_changed": "changed a patient's tags",
  "appointments.created": "booked an appointment",
  "appointments.rescheduled": "rescheduled an appointment",
  "appointments.status_changed": "changed an appointment's status",
  "appointments.hours_changed": "changed the opening hours",
  "appointments.closed_date_added": "added a closed day",
  "appointments.closed_date_removed": "removed a closed day",
  "appointments.operatory_created": "added an operatory",
  "appointments.operatory_updated": "updated an operatory",
  "clinical.chart_entry_added": "charted a finding",
  "clinical.chart_entry_removed": "removed a chart entry",
  "clinical.note_added": "wrote a clinical note",
  "clinical.note_edited": "edited a clinical note",
  "clinical.note_deleted": "deleted a clinical note",
  "clinical.perio_exam_recorded": "recorded a perio exam",
  "radiology.dicom_imported": "imported a DICOM study",
  "treatment.plan_created": "created a treatment plan",
  "treatment.plan_updated": "updated a treatment plan",
  "treatment.plan_accepted": "recorded a plan's acceptance",
  "treatment.plan_link_sent": "sent a treatment plan to a patient",
  "treatment.item_scheduled": "scheduled a planned treatment",
  "treatment.item_status_changed": "updated a planned treatment",
  "treatment.photo_attached": "attached a photo to a plan",
  "treatment.service_created": "added a service to the catalog",
  "treatment.service_updated": "updated a catalog service",
  "treatment.catalog_imported": "imported the service catalog",
  "treatment.discount_policy_created": "added a discount policy",
  "treatment.discount_policy_updated": "updated a discount policy",
  "finance.invoice_created": "issued an invoice",
  "finance.invoice_edited": "edited an invoice",
  "finance.invoice_voided": "voided an invoice",
  "finance.payment_recorded": "recorded a payment",
  "finance.payment_refunded": "refunded a payment",
  "inventory.item_created": "added a stock item",
  "inventory.item_updated": "updated a stock item",
  "inventory.supplier_created": "added a supplier",
  "inventory.supplier_updated": "updated a supplier",
  "inventory.consumables_set": "set an appointment type's consumables",
  "inventory.service_consumables_set": "set a service's consumables",
  "lab.case_created": "sent a lab case",
  "lab.lab_added": "added a lab",
  "lab.lab_updated": "updated a lab",
  "referrals.received": "received a referral",
  "referrals.status_changed": "updated a referral",
  "reports.ruby_generated": "generated a report",
  "whatsapp.connected": "connected WhatsApp",
  "whatsapp.credentials_updated": "updated the WhatsApp settings",
  "whatsapp.disconnected": "disconnected WhatsApp",
  "portal.invited": "invited a patient to the portal",
  "portal.invitation_resent": "resent a patient's portal invitation",
  "portal.invitation_accepted": "joined the patient portal",
  "portal.login": "signed in to the patient portal",
  "platform.plan_assigned": "changed the clinic's plan",
  "platform.module_set": "switched a module",
  "platform.test_account_set": "changed the test-account flag",
  "platform.dicom_ai_limit_set": "changed the DICOM AI allowance",
  "platform_invoices.created": "issued the clinic a subscription invoice",
  "platform_invoices.edited": "edited the clinic's subscription invoice",
  "platform_invoices.emailed": "emailed the clinic its subscription invoice",
  "platform_invoices.payment_recorded": "recorded the clinic's subscription payment",
  "onboarding.application_approved": "approved the clinic's application",
  "onboarding.application_rejected": "turned down a clinic's application",
  "platform.plan_prices_changed": "changed the plans' prices",
  "platform.referral_commission_changed": "changed the referral commission",
  "platform_billing.profile_updated": "updated the platform's billing details",
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
  const label = ACTION_LABELS[entry.action] ?? "made a change";
  return entry.count === 1 ? label : `${label} · ${entry.count} times`;
}

/** Who the line names: a patient acting in the portal has no staff name. */
export function actorText(entry: ActivityEntry): string {
  return entry.actorName ?? (entry.action.startsWith("portal.") ? "A patient" : "Someone");
}
