/**
 * The permissions each role starts with on each plan ("Plan-Based
 * Defaults"), used wherever a clinic has not saved its own template. Keys of
 * modules the clinic lacks are filtered out later, so the lists can name them.
 */
import type { StaffRole } from "../db/schema.ts";
import { ALL_PERMISSIONS } from "./tree.ts";
import type { PlanId } from "./features.ts";

/** Expands `module.*`-style wildcards against the tree. */
function expand(patterns: string[]): string[] {
  const keys = new Set<string>();
  for (const pattern of patterns) {
    if (pattern.endsWith(".*")) {
      const prefix = pattern.slice(0, -1);
      for (const key of ALL_PERMISSIONS) if (key.startsWith(prefix)) keys.add(key);
    } else {
      if (!ALL_PERMISSIONS.includes(pattern)) throw new Error(`unknown permission ${pattern}`);
      keys.add(pattern);
    }
  }
  return [...keys];
}

const DOCTOR = expand([
  "appointments.view",
  "appointments.create",
  "appointments.edit",
  "appointments.status.update",
  "appointments.status.reopen",
  "appointments.calendar.*",
  "appointments.operatories.view",
  "appointments.hours.view",
  "patients.view",
  "patients.create",
  "patients.edit",
  "patients.contact.view",
  "patients.alerts.*",
  "patients.activity.view",
  "clinical.*",
  "radiology.view",
  "radiology.upload",
  "radiology.download",
  "radiology.tags.edit",
  "radiology.inbox.*",
  "radiology.dicom.view",
  "radiology.dicom.upload",
  "treatment.plans.*",
  "treatment.photos.manage",
  "treatment.catalog.view",
  "treatment.discounts.apply",
  "lab.cases.*",
  "lab.files.*",
  "lab.labs.view",
  "inventory.items.view",
  "inventory.stock.consume",
  "inventory.alerts.view",
  "finance.invoices.view",
  "finance.payments.view",
  "reports.view",
  "reports.appointments.view",
  "reports.clinical.view",
  "staff.view",
  "notifications.view",
  "notifications.manage",
  "bridge.captures.view",
  "ai.reports.view",
  "ai.action_items.view",
]);

const NURSE = expand([
  "appointments.view",
  "appointments.status.update",
  "appointments.calendar.view",
  "appointments.operatories.view",
  "appointments.hours.view",
  "patients.view",
  "patients.contact.view",
  "patients.alerts.view",
  "patients.activity.view",
  "clinical.notes.view",
  "clinical.notes.create",
  "clinical.chart.view",
  "clinical.procedures.*",
  "clinical.prescriptions.view",
  "radiology.view",
  "radiology.upload",
  "radiology.download",
  "radiology.tags.edit",
  "radiology.inbox.*",
  "radiology.dicom.view",
  "treatment.plans.view",
  "treatment.photos.manage",
  "treatment.catalog.view",
  "lab.cases.view",
  "lab.cases.status.update",
  "lab.files.*",
  "inventory.items.view",
  "inventory.stock.receive",
  "inventory.stock.consume",
  "inventory.alerts.view",
  "staff.view",
  "notifications.view",
  "notifications.manage",
  "bridge.devices.view",
  "bridge.captures.view",
]);

// No clinical notes: the release notes' receptionist 403 came from exactly that.
const RECEPTION = expand([
  "appointments.view",
  "appointments.create",
  "appointments.edit",
  "appointments.cancel",
  "appointments.status.update",
  "appointments.calendar.*",
  "appointments.operatories.view",
  "appointments.hours.*",
  "patients.view",
  "patients.create",
  "patients.edit",
  "patients.contact.*",
  "patients.alerts.view",
  "patients.activity.view",
  "treatment.plans.view",
  "treatment.catalog.view",
  "treatment.discounts.apply",
  "lab.cases.view",
  "lab.labs.view",
  "finance.invoices.view",
  "finance.invoices.create",
  "finance.invoices.send",
  "finance.payments.view",
  "finance.payments.record",
  "finance.receipts.*",
  "finance.pricing.view",
  "reports.view",
  "reports.appointments.view",
  "staff.view",
  "settings.view",
  "settings.lab.view",
  "settings.notifications.view",
  "settings.calendar.view",
  "notifications.view",
  "notifications.manage",
  "ai.action_items.view",
  // The front desk answers patients' WhatsApp messages (clinics with the add-on).
  "whatsapp.view",
  "whatsapp.messages.*",
]);

const BASE: Record<Exclude<StaffRole, "owner">, string[]> = {
  admin: [...ALL_PERMISSIONS],
  doctor: DOCTOR,
  nurse: NURSE,
  reception: RECEPTION,
};

/** What each paid plan adds on top of the base, per role (release notes' examples). */
const PLAN_ADDITIONS: Record<PlanId, Partial<Record<StaffRole, string[]>>> = {
  free: {},
  pro: {
    reception: expand(["inventory.items.view", "inventory.alerts.view"]),
  },
  pro_plus: {
    doctor: expand([
      "radiology.dicom.analyze",
      "radiology.dicom.terms.accept",
      "radiology.usage.view",
      "ai.reports.generate",
      "ai.reports.export",
      "ai.terms.accept",
    ]),
    reception: expand(["inventory.items.view", "inventory.alerts.view"]),
  },
};

/** The plan's baseline for a role. Owners always hold every permission. */
export function planDefaultPermissions(plan: PlanId, role: StaffRole): string[] {
  if (role === "owner") return [...ALL_PERMISSIONS];
  const keys = new Set([...BASE[role], ...(PLAN_ADDITIONS[plan][role] ?? [])]);
  return ALL_PERMISSIONS.filter((k) => keys.has(k));
}
