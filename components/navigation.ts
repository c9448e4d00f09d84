/**
 * The staff navigation. A linked entry shows only when its page would open
 * for the member: it carries the page's own rule from `PAGE_ACCESS`, the one
 * the page's route guards with. Modules that have not shipped yet are listed,
 * marked "soon" and not linked, for members who will hold their permission.
 */
import type { IconName } from "./Icon.tsx";
import { ADMIN_SECTIONS } from "./admin/admin-sections.ts";
import type { Access } from "../lib/permissions/access.ts";
import { mayOpen, PAGE_ACCESS, type PageAccess } from "../lib/permissions/page-access.ts";

export interface NavItem {
  label: string;
  icon: IconName;
  /** Absent while the module is not available yet. */
  href?: string;
  /**
   * Who sees the entry: for a link, the rule of the page it opens. Absent in the
   * platform navigation, whose pages open for every superadmin, its only reader.
   */
  access?: PageAccess;
}

export interface NavSection {
  title: string;
  items: NavItem[];
}

export const CLINIC_NAVIGATION: NavSection[] = [
  {
    title: "Clinic",
    items: [
      { label: "Dashboard", icon: "home", href: "/dashboard", access: PAGE_ACCESS.dashboard },
      { label: "Patients", icon: "users", href: "/patients", access: PAGE_ACCESS.patients },
      {
        label: "Calendar",
        icon: "calendar",
        href: "/calendar",
        access: PAGE_ACCESS.calendar,
      },
      {
        label: "Treatment plans",
        icon: "clipboard",
        href: "/treatment-plans",
        access: PAGE_ACCESS.treatmentPlans,
      },
    ],
  },
  {
    title: "Imaging & lab",
    items: [
      { label: "Radiology", icon: "xray", href: "/radiology", access: PAGE_ACCESS.radiology },
      {
        label: "Lab cases",
        icon: "flask",
        href: "/lab",
        access: PAGE_ACCESS.lab,
      },
      {
        label: "Unassigned captures",
        icon: "xray",
        href: "/radiology/inbox",
        access: PAGE_ACCESS.radiologyInbox,
      },
      {
        label: "Bridge devices",
        icon: "bridge",
        href: "/settings/bridge-devices",
        access: PAGE_ACCESS.bridgeDevices,
      },
    ],
  },
  {
    title: "Operations",
    items: [
      {
        label: "Inventory",
        icon: "box",
        href: "/inventory",
        access: PAGE_ACCESS.inventory,
      },
      { label: "Billing", icon: "receipt", href: "/billing", access: PAGE_ACCESS.billing },
      { label: "Reports", icon: "chart", href: "/reports", access: PAGE_ACCESS.reports },
      {
        label: "WhatsApp",
        icon: "message",
        href: "/whatsapp",
        access: PAGE_ACCESS.whatsapp,
      },
    ],
  },
  {
    title: "Administration",
    items: [
      { label: "Staff", icon: "staff", href: "/staff", access: PAGE_ACCESS.staff },
      {
        label: "Settings",
        icon: "settings",
        href: "/settings",
        access: PAGE_ACCESS.settings,
      },
      {
        label: "Referrals",
        icon: "users",
        href: "/referrals",
        access: PAGE_ACCESS.referrals,
      },
      {
        label: "My sessions",
        icon: "devices",
        href: "/account/sessions",
        access: PAGE_ACCESS.accountSessions,
      },
    ],
  },
];

export const PLATFORM_NAVIGATION: NavSection[] = [
  {
    title: "Platform",
    items: [
      // The same entries, in the same order, as the area's tab bar.
      ...ADMIN_SECTIONS.map(({ label, icon, href }) => ({ label, icon, href })),
    ],
  },
  {
    title: "Account",
    items: [{ label: "My sessions", icon: "devices", href: "/account/sessions" }],
  },
];

export function isVisible(item: NavItem, access: Access | null): boolean {
  return !item.access || mayOpen(item.access, access);
}

/** The navigation a member sees; sections left empty disappear. */
export function navigationFor(access: Access | null, platform: boolean): NavSection[] {
  if (platform) return PLATFORM_NAVIGATION;
  return CLINIC_NAVIGATION
    .map((section) => ({ ...section, items: section.items.filter((i) => isVisible(i, access)) }))
    .filter((section) => section.items.length > 0);
}
