/**
 * The sections of the superadmin area, in the order of its tab bar and of
 * the platform sidebar: one list, so the two can never disagree. An entry
 * is added here when its page exists.
 */
import type { IconName } from "../Icon.tsx";

export interface AdminSection {
  label: string;
  href: string;
  icon: IconName;
}

export const ADMIN_SECTIONS: readonly AdminSection[] = [
  { label: "Overview", href: "/admin", icon: "home" },
  { label: "Clinics", href: "/admin/clinics", icon: "building" },
  { label: "Applications", href: "/admin/applications", icon: "clipboard" },
  { label: "Revenue", href: "/admin/revenue", icon: "chart" },
  { label: "Plans & referrals", href: "/admin/plans", icon: "receipt" },
  { label: "Invoice Studio", href: "/admin/invoices", icon: "receipt" },
  { label: "Users", href: "/admin/users", icon: "users" },
  { label: "DICOM usage", href: "/admin/dicom-usage", icon: "xray" },
  { label: "Error logs", href: "/admin/errors", icon: "alert" },
];

/** The section a path belongs to: the longest matching prefix (`/admin/clinics/…` → Clinics). */
export function currentSection(path: string): AdminSection | undefined {
  return [...ADMIN_SECTIONS]
    .filter((s) => path === s.href || (s.href !== "/admin" && path.startsWith(`${s.href}/`)))
    .sort((a, b) => b.href.length - a.href.length)[0];
}
