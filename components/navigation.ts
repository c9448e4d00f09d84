/**
 * The staff navigation. Modules that have not shipped yet are listed, marked
 * "soon" and not linked, so the shell already shows the whole product.
 */
import type { IconName } from "./Icon.tsx";

export interface NavItem {
  label: string;
  icon: IconName;
  /** Absent while the module is not available yet. */
  href?: string;
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
      { label: "Patients", icon: "users" },
      { label: "Calendar", icon: "calendar" },
      { label: "Treatment plans", icon: "clipboard" },
    ],
  },
  {
    title: "Imaging & lab",
    items: [
      { label: "Radiology", icon: "xray" },
      { label: "Lab cases", icon: "flask" },
      { label: "Bridge devices", icon: "bridge" },
    ],
  },
  {
    title: "Operations",
    items: [
      { label: "Inventory", icon: "box" },
      { label: "Billing", icon: "receipt" },
      { label: "Reports", icon: "chart" },
      { label: "WhatsApp", icon: "message" },
    ],
  },
  {
    title: "Administration",
    items: [
      { label: "Staff", icon: "staff" },
      { label: "Settings", icon: "settings" },
      { label: "My sessions", icon: "devices", href: "/account/sessions" },
    ],
  },
];

export const PLATFORM_NAVIGATION: NavSection[] = [
  {
    title: "Platform",
    items: [
      { label: "Overview", icon: "home", href: "/dashboard" },
      { label: "Clinics & plans", icon: "building" },
      { label: "Revenue", icon: "chart" },
      { label: "DICOM usage", icon: "xray" },
    ],
  },
  {
    title: "Account",
    items: [{ label: "My sessions", icon: "devices", href: "/account/sessions" }],
  },
];
