/**
 * The staff navigation. An entry shows only when the member holds its
 * permission and the clinic has its module, so nobody is offered a page that
 * would refuse them. Modules that have not shipped yet are listed, marked
 * "soon" and not linked.
 */
import type { IconName } from "./Icon.tsx";
import { type Access, can } from "../lib/permissions/access.ts";

export interface NavItem {
  label: string;
  icon: IconName;
  /** Absent while the module is not available yet. */
  href?: string;
  /** Needed to see the entry. */
  permission?: string;
  /** Optional module the clinic must have. */
  module?: string;
  /** Any one of these is enough (a hub page such as Settings). */
  anyOf?: string[];
}

export interface NavSection {
  title: string;
  items: NavItem[];
}

export const CLINIC_NAVIGATION: NavSection[] = [
  {
    title: "Clinic",
    items: [
      { label: "Dashboard", icon: "home", href: "/dashboard" },
      { label: "Patients", icon: "users", href: "/patients", permission: "patients.view" },
      {
        label: "Calendar",
        icon: "calendar",
        href: "/calendar",
        permission: "appointments.calendar.view",
      },
      { label: "Treatment plans", icon: "clipboard", permission: "treatment.plans.view" },
    ],
  },
  {
    title: "Imaging & lab",
    items: [
      { label: "Radiology", icon: "xray", href: "/radiology", permission: "radiology.view" },
      {
        label: "Lab cases",
        icon: "flask",
        href: "/lab",
        permission: "lab.cases.view",
        module: "lab",
      },
      {
        label: "Unassigned captures",
        icon: "xray",
        href: "/radiology/inbox",
        permission: "radiology.inbox.view",
        module: "bridge",
      },
      {
        label: "Bridge devices",
        icon: "bridge",
        href: "/settings/bridge-devices",
        permission: "bridge.devices.view",
        module: "bridge",
      },
    ],
  },
  {
    title: "Operations",
    items: [
      {
        label: "Inventory",
        icon: "box",
        permission: "inventory.items.view",
        module: "inventory",
      },
      { label: "Billing", icon: "receipt", permission: "finance.invoices.view" },
      { label: "Reports", icon: "chart", permission: "reports.view", module: "reports" },
      { label: "WhatsApp", icon: "message", permission: "whatsapp.view", module: "whatsapp_api" },
    ],
  },
  {
    title: "Administration",
    items: [
      { label: "Staff", icon: "staff", href: "/staff", permission: "staff.view" },
      {
        label: "Settings",
        icon: "settings",
        href: "/settings",
        anyOf: ["settings.templates.view", "settings.lab.view", "settings.notifications.view"],
      },
      { label: "My sessions", icon: "devices", href: "/account/sessions" },
    ],
  },
];

export const PLATFORM_NAVIGATION: NavSection[] = [
  {
    title: "Platform",
    items: [
      { label: "Overview", icon: "home", href: "/dashboard" },
      { label: "Clinics & plans", icon: "building", href: "/admin/clinics" },
      { label: "Revenue", icon: "chart" },
      { label: "DICOM usage", icon: "xray" },
    ],
  },
  {
    title: "Account",
    items: [{ label: "My sessions", icon: "devices", href: "/account/sessions" }],
  },
];

export function isVisible(item: NavItem, access: Access | null): boolean {
  if (item.module && !access?.modules.has(item.module)) return false;
  if (item.permission && !can(access, item.permission)) return false;
  if (item.anyOf && !item.anyOf.some((key) => can(access, key))) return false;
  return true;
}

/** The navigation a member sees; sections left empty disappear. */
export function navigationFor(access: Access | null, platform: boolean): NavSection[] {
  if (platform) return PLATFORM_NAVIGATION;
  return CLINIC_NAVIGATION
    .map((section) => ({ ...section, items: section.items.filter((i) => isVisible(i, access)) }))
    .filter((section) => section.items.length > 0);
}
