/**
 * The permission tree of the release notes ("151-Key Permission Tree"):
 * every permission is a dot-notation key, grouped by module and sub-module.
 * A module's own keys (`appointments.view`) sit in a group named after the
 * module; a key with three or more parts belongs to the sub-module named by
 * its second part (`finance.invoices.create` → `finance.invoices`).
 */

export interface PermissionNode {
  key: string;
  label: string;
}

export interface PermissionGroup {
  /** `module` or `module.submodule`. */
  key: string;
  label: string;
  permissions: PermissionNode[];
}

export interface PermissionModule {
  key: string;
  label: string;
  groups: PermissionGroup[];
}

type Spec = [groupKey: string, groupLabel: string, permissions: [action: string, label: string][]];

function module(key: string, label: string, specs: Spec[]): PermissionModule {
  return {
    key,
    label,
    groups: specs.map(([groupKey, groupLabel, permissions]) => ({
      key: groupKey,
      label: groupLabel,
      permissions: permissions.map(([action, permissionLabel]) => ({
        key: `${groupKey}.${action}`,
        label: permissionLabel,
      })),
    })),
  };
}

export const PERMISSION_TREE: readonly PermissionModule[] = [
  module("appointments", "Appointments & calendar", [
    ["appointments", "Appointments", [
      ["view", "View appointments"],
      ["create", "Book appointments"],
      ["edit", "Edit appointments"],
      ["cancel", "Cancel appointments"],
      ["delete", "Delete appointments"],
      ["status.update", "Change appointment status"],
      ["status.reopen", "Reopen completed visits"],
    ]],
    ["appointments.calendar", "Calendar", [
      ["view", "View the calendar"],
      ["reschedule", "Reschedule by drag and drop"],
    ]],
    ["appointments.operatories", "Operatories", [
      ["view", "View operatories"],
      ["manage", "Manage operatories"],
    ]],
    ["appointments.hours", "Working hours & closed days", [
      ["view", "View working hours"],
      ["manage", "Manage working hours and holidays"],
    ]],
  ]),
  module("patients", "Patients", [
    ["patients", "Patient records", [
      ["view", "View patients"],
      ["create", "Register patients"],
      ["edit", "Edit patients"],
      ["delete", "Delete patients"],
      ["export", "Export patient lists"],
    ]],
    ["patients.contact", "Contact details", [
      ["view", "See phone and WhatsApp numbers"],
      ["edit", "Edit phone and WhatsApp numbers"],
    ]],
    ["patients.alerts", "Medical alerts", [
      ["view", "See medical alerts"],
      ["edit", "Edit medical alerts"],
    ]],
    ["patients.activity", "Activity", [["view", "See a patient's activity log"]]],
  ]),
  module("clinical", "Clinical notes & dental chart", [
    ["clinical.notes", "Clinical notes", [
      ["view", "Read clinical notes"],
      ["create", "Write clinical notes"],
      ["edit", "Edit clinical notes"],
      ["delete", "Delete clinical notes"],
    ]],
    ["clinical.chart", "Dental chart", [
      ["view", "View the dental chart"],
      ["edit", "Chart conditions"],
    ]],
    ["clinical.procedures", "Procedures", [
      ["view", "View procedures"],
      ["record", "Record procedures"],
    ]],
    ["clinical.prescriptions", "Prescriptions", [
      ["view", "View prescriptions"],
      ["create", "Write prescriptions"],
    ]],
  ]),
  module("radiology", "Radiology", [
    ["radiology", "X-rays", [
      ["view", "View X-rays"],
      ["upload", "Upload X-rays"],
      ["download", "Download images"],
      ["delete", "Delete images"],
    ]],
    ["radiology.tags", "Tooth tags", [["edit", "Tag images with teeth"]]],
    ["radiology.inbox", "Unassigned captures", [
      ["view", "See unassigned captures"],
      ["assign", "Assign captures to patients"],
    ]],
    ["radiology.dicom", "DICOM studies", [
      ["view", "View DICOM studies"],
      ["upload", "Upload DICOM files and ZIPs"],
      ["analyze", "Submit studies for AI analysis"],
      ["terms.accept", "Accept the AI analysis terms"],
    ]],
    ["radiology.usage", "Analysis usage", [["view", "See the monthly analysis quota"]]],
  ]),
  module("treatment", "Treatment plans", [
    ["treatment.plans", "Plans", [
      ["view", "View treatment plans"],
      ["create", "Create treatment plans"],
      ["edit", "Edit treatment plans"],
      ["delete", "Delete treatment plans"],
      ["approve", "Mark plans accepted"],
      ["export", "Export plans"],
    ]],
    ["treatment.photos", "Before/after photos", [["manage", "Attach before/after photos"]]],
    ["treatment.catalog", "Service catalog", [
      ["view", "View the service catalog"],
      ["manage", "Manage services and prices"],
    ]],
    ["treatment.discounts", "Discounts", [["apply", "Apply discounts"]]],
  ]),
  module("lab", "Lab cases", [
    ["lab.cases", "Cases", [
      ["view", "View lab cases"],
      ["create", "Create lab cases"],
      ["edit", "Edit lab cases"],
      ["delete", "Delete lab cases"],
      ["status.update", "Change case status"],
      ["share", "Share a case link with the lab"],
    ]],
    ["lab.files", "Case files", [
      ["view", "View case files"],
      ["upload", "Upload case files"],
    ]],
    ["lab.labs", "Laboratories", [
      ["view", "View laboratories"],
      ["manage", "Manage laboratories"],
    ]],
  ]),
  module("inventory", "Inventory", [
    ["inventory.items", "Items", [
      ["view", "View inventory"],
      ["create", "Add items"],
      ["edit", "Edit items"],
      ["delete", "Delete items"],
    ]],
    ["inventory.stock", "Stock", [
      ["receive", "Receive stock"],
      ["consume", "Record consumption"],
      ["adjust", "Adjust stock counts"],
    ]],
    ["inventory.alerts", "Low-stock alerts", [["view", "See low-stock alerts"]]],
    ["inventory.suppliers", "Suppliers", [
      ["view", "View suppliers"],
      ["manage", "Manage suppliers"],
    ]],
    ["inventory.reports", "End-of-day reports", [["view", "View end-of-day reports"]]],
  ]),
  module("finance", "Finance & billing", [
    ["finance.invoices", "Invoices", [
      ["view", "View invoices"],
      ["create", "Create invoices"],
      ["edit", "Edit invoices"],
      ["void", "Void invoices"],
      ["send", "Email invoices"],
    ]],
    ["finance.payments", "Payments", [
      ["view", "View payments"],
      ["record", "Record payments"],
      ["refund", "Refund payments"],
    ]],
    ["finance.receipts", "Receipts", [
      ["view", "View receipts"],
      ["send", "Email receipts"],
    ]],
    ["finance.expenses", "Expenses", [
      ["view", "View expenses"],
      ["manage", "Manage expenses"],
    ]],
    ["finance.pricing", "Price list", [
      ["view", "View prices"],
      ["manage", "Change prices"],
    ]],
  ]),
  module("reports", "Reports", [
    ["reports", "Reports", [
      ["view", "Open reports"],
      ["export", "Export reports"],
    ]],
    ["reports.appointments", "Appointments", [["view", "Appointment throughput"]]],
    ["reports.revenue", "Revenue", [["view", "Revenue and billing"]]],
    ["reports.clinical", "Clinical", [["view", "Clinical activity"]]],
    ["reports.inventory", "Inventory", [["view", "Inventory usage"]]],
    ["reports.staff", "Staff", [["view", "Staff activity"]]],
    ["reports.patients", "Patients", [["view", "Patient statistics"]]],
  ]),
  module("staff", "Staff", [
    ["staff", "Team", [
      ["view", "View staff"],
      ["invite", "Invite staff"],
      ["edit", "Change roles"],
      ["deactivate", "Deactivate staff"],
    ]],
    ["staff.invitations", "Invitations", [
      ["view", "See pending invitations"],
      ["resend", "Resend invitations"],
      ["revoke", "Revoke invitations"],
    ]],
    ["staff.permissions", "Individual permissions", [
      ["view", "See a member's permissions"],
      ["edit", "Edit a member's permissions"],
    ]],
  ]),
  module("settings", "Settings", [
    ["settings", "Settings", [["view", "Open settings"]]],
    ["settings.clinic", "Clinic profile", [
      ["view", "View clinic profile"],
      ["edit", "Edit clinic profile"],
    ]],
    ["settings.templates", "Permission templates", [
      ["view", "View permission templates"],
      ["edit", "Edit permission templates"],
    ]],
    ["settings.lab", "Lab settings", [
      ["view", "View lab settings"],
      ["edit", "Edit lab settings"],
    ]],
    ["settings.notifications", "Notification preferences", [
      ["view", "View notification preferences"],
      ["edit", "Edit notification preferences"],
    ]],
    ["settings.billing", "Billing settings", [
      ["view", "View billing settings"],
      ["edit", "Edit billing and discount policies"],
    ]],
    ["settings.calendar", "Calendar settings", [
      ["view", "View calendar settings"],
      ["edit", "Edit calendar settings"],
    ]],
    ["settings.inventory", "Inventory settings", [
      ["view", "View inventory settings"],
      ["edit", "Edit inventory settings"],
    ]],
    ["settings.radiology", "Radiology settings", [
      ["view", "View radiology settings"],
      ["edit", "Edit radiology settings"],
    ]],
    ["settings.integrations", "Integrations", [
      ["view", "View integrations"],
      ["edit", "Edit integrations"],
    ]],
    ["settings.subscription", "Subscription", [["view", "See the clinic's plan"]]],
  ]),
  module("notifications", "Notifications", [
    ["notifications", "In-app notifications", [
      ["view", "Receive in-app notifications"],
      ["manage", "Mark and clear notifications"],
    ]],
    ["notifications.email", "Email", [
      ["view", "See sent emails"],
      ["resend", "Resend emails"],
    ]],
    ["notifications.eod", "End-of-day summary", [["receive", "Receive the end-of-day email"]]],
    ["notifications.stock_alerts", "Stock alerts", [["receive", "Receive low-stock emails"]]],
  ]),
  module("whatsapp", "WhatsApp", [
    ["whatsapp", "WhatsApp", [["view", "Open WhatsApp"]]],
    ["whatsapp.config", "Connection", [
      ["view", "View the connection"],
      ["edit", "Edit credentials"],
      ["test", "Test the connection"],
    ]],
    ["whatsapp.messages", "Messages", [
      ["view", "Read patient messages"],
      ["send", "Send messages"],
    ]],
    ["whatsapp.logs", "Delivery logs", [["view", "View delivery logs"]]],
    ["whatsapp.templates", "Message templates", [["manage", "Manage message templates"]]],
  ]),
  module("bridge", "Bridge devices", [
    ["bridge.devices", "Devices", [
      ["view", "View bridge devices"],
      ["create", "Register devices"],
      ["edit", "Edit devices"],
      ["revoke", "Revoke devices"],
    ]],
    ["bridge.keys", "API keys", [["regenerate", "Regenerate device keys"]]],
    ["bridge.captures", "Captures", [["view", "See device captures"]]],
  ]),
  module("ai", "AI reports & action items", [
    ["ai.reports", "Ruby reports", [
      ["view", "Read AI reports"],
      ["generate", "Generate AI reports"],
      ["export", "Export AI reports as PDF"],
    ]],
    ["ai.action_items", "Action items", [["view", "See AI action items"]]],
    ["ai.terms", "Terms", [["accept", "Accept the AI terms"]]],
  ]),
];

export const ALL_PERMISSIONS: readonly string[] = PERMISSION_TREE.flatMap((m) =>
  m.groups.flatMap((g) => g.permissions.map((p) => p.key))
);

const KNOWN = new Set(ALL_PERMISSIONS);

export function isPermission(key: string): boolean {
  return KNOWN.has(key);
}

export type PermissionKey = string;
