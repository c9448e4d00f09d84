/**
 * What a clinic's plan and add-on modules include, and which permissions
 * belong to which module. A permission whose module the clinic lacks is
 * never granted, whatever a template or override says.
 */

export interface ModuleInfo {
  key: string;
  label: string;
  description: string;
}

/** Optional modules. Everything not listed here (patients, calendar, billing…) is in every plan. */
export const MODULE_CATALOG: readonly ModuleInfo[] = [
  {
    key: "treatment",
    label: "Treatment plans",
    description: "Service catalog, treatment plans, discounts and acceptance",
  },
  { key: "lab", label: "Lab cases", description: "Lab case tracking and shared lab links" },
  { key: "inventory", label: "Inventory", description: "Stock, suppliers and end-of-day reports" },
  { key: "reports", label: "Reports", description: "Clinic analytics and exports" },
  { key: "bridge", label: "X-Ray Bridge", description: "Chairside capture upload" },
  { key: "dicom", label: "DICOM studies", description: "DICOM viewer and ZIP import" },
  { key: "dicom_ai", label: "DICOM AI analysis", description: "AI review of DICOM studies" },
  { key: "ai_reports", label: "AI reports", description: "Ruby reports and action items" },
  { key: "whatsapp_api", label: "WhatsApp", description: "WhatsApp Business messaging (add-on)" },
];

export const MODULE_KEYS = new Set(MODULE_CATALOG.map((m) => m.key));

export const PLAN_IDS = ["free", "pro", "pro_plus"] as const;
export type PlanId = typeof PLAN_IDS[number];

/** Modules each plan includes; a superadmin can still enable or disable any module per clinic. */
export const PLAN_MODULES: Record<PlanId, readonly string[]> = {
  free: ["treatment"],
  pro: ["treatment", "lab", "inventory", "reports", "bridge", "dicom"],
  pro_plus: [
    "treatment",
    "lab",
    "inventory",
    "reports",
    "bridge",
    "dicom",
    "dicom_ai",
    "ai_reports",
  ],
};

// Most specific prefix first.
const PERMISSION_MODULES: [prefix: string, module: string][] = [
  ["radiology.dicom.analyze", "dicom_ai"],
  ["radiology.dicom.terms", "dicom_ai"],
  ["radiology.usage", "dicom_ai"],
  ["radiology.dicom.", "dicom"],
  ["radiology.inbox.", "bridge"],
  ["bridge.", "bridge"],
  ["lab.", "lab"],
  ["settings.lab.", "lab"],
  ["inventory.", "inventory"],
  ["settings.inventory.", "inventory"],
  ["reports.", "reports"],
  ["notifications.eod.", "inventory"],
  ["notifications.stock_alerts.", "inventory"],
  ["ai.", "ai_reports"],
  ["whatsapp.", "whatsapp_api"],
  ["treatment.", "treatment"],
];

/** The optional module a permission depends on, or null when every plan has it. */
export function moduleOfPermission(key: string): string | null {
  for (const [prefix, module] of PERMISSION_MODULES) {
    if (key === prefix || key.startsWith(prefix)) return module;
  }
  return null;
}

export function isPlanId(value: string): value is PlanId {
  return (PLAN_IDS as readonly string[]).includes(value);
}
