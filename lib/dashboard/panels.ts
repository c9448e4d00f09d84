/**
 * Which panels of the Today dashboard a member sees: their role says which
 * ones serve their morning, their permissions strike out any whose data they
 * may not see. The data of a panel that is not shown is not read, and links
 * and buttons inside the shown ones name only what the member may open or do.
 *
 * @example
 * ```ts
 * const panels = todayPanels(access); // reception without radiology.view: no X-rays panel
 * if (panels.has("unconfirmed")) …
 * ```
 */
import type { StaffRole } from "../db/schema.ts";
import { type Access, can } from "../permissions/access.ts";
import { permissionForStatus } from "../appointments/statuses.ts";
import { SEND_REMINDER_PERMISSION } from "../appointments/reminders.ts";
import { INVENTORY_CHANGED } from "../inventory/live.ts";

export type PanelKey =
  /** A doctor's own appointments of the day, the next one first in mind. */
  | "myDay"
  /** A doctor's patients in the chair now. */
  | "inChair"
  /** Captures and DICOM studies of today for the patients of today's appointments. */
  | "xrays"
  /** A doctor's visits of today, done or under way, with no clinical note yet. */
  | "notesMissing"
  /** Patients expected at the desk within the hour. */
  | "arrivals"
  /** Scheduled, not confirmed, within 48 hours: remind or confirm. */
  | "unconfirmed"
  /** The day across the operatories. */
  | "schedule"
  /** Today's cancellations and no-shows. */
  | "cancellations"
  /** Each operatory: who is in it now and who is next. */
  | "chairs"
  /** Today's appointment types and counts. */
  | "procedures"
  /** The day in numbers: appointments, completion and no-show rates, new patients. */
  | "figures"
  /** Stock at or below its reorder threshold, for whoever prepares the chairs. */
  | "lowStock"
  /** What the team did lately. */
  | "activity"
  | "team"
  | "plan";

/** The layout a role gets; admins and owners share one. */
export type TodayView = "doctor" | "reception" | "nurse" | "owner";

const ROLE_VIEWS: Record<StaffRole, TodayView> = {
  owner: "owner",
  admin: "owner",
  doctor: "doctor",
  nurse: "nurse",
  reception: "reception",
};

/** Owners of small clinics are their own dentist: their day shows when they have one. */
const VIEW_PANELS: Record<TodayView, PanelKey[]> = {
  doctor: ["myDay", "inChair", "notesMissing", "xrays"],
  reception: ["arrivals", "unconfirmed", "schedule", "cancellations"],
  // The chairs now, and the day per chair to prepare them.
  nurse: ["chairs", "procedures", "schedule", "lowStock"],
  owner: ["figures", "myDay", "notesMissing", "activity", "team", "plan"],
};

/** Every permission a panel's data needs. */
const PANEL_NEEDS: Record<PanelKey, readonly string[]> = {
  myDay: ["appointments.view"],
  inChair: ["appointments.view"],
  // "Today's patients" are read from the appointment book.
  xrays: ["appointments.view", "radiology.view"],
  // The panel is there to get the note written.
  notesMissing: ["appointments.view", "clinical.notes.view", "clinical.notes.create"],
  arrivals: ["appointments.view"],
  unconfirmed: ["appointments.view"],
  schedule: ["appointments.view"],
  cancellations: ["appointments.view"],
  chairs: ["appointments.view"],
  procedures: ["appointments.view"],
  figures: [],
  // Held only where the clinic has the inventory module: access is narrowed to its modules.
  lowStock: ["inventory.items.view"],
  activity: ["staff.view"],
  team: ["staff.view"],
  plan: ["settings.subscription.view"],
};

export function todayView(role: StaffRole): TodayView {
  return ROLE_VIEWS[role];
}

export function todayPanels(access: Access): Set<PanelKey> {
  const panels = VIEW_PANELS[todayView(access.role)].filter((panel) =>
    PANEL_NEEDS[panel].every((key) => can(access, key))
  );
  const shown = new Set(panels);
  // The figures panel holds appointment and patient figures; with neither, it has nothing.
  if (!can(access, "appointments.view") && !can(access, "patients.view")) {
    shown.delete("figures");
  }
  return shown;
}

/** What the member may open or do from the panels, so nothing links to a refusal. */
export interface TodayAbilities {
  /** "Mark confirmed" on an unconfirmed appointment. */
  confirm: boolean;
  /** "Send reminder" on an unconfirmed appointment. */
  remind: boolean;
  /** Patient names link to the record. */
  openPatients: boolean;
  /** Links to the calendar. */
  openCalendar: boolean;
  /** X-rays link to the patient's Radiology tab. */
  openRadiology: boolean;
  /** The appointment figures (the figures panel may hold only new patients). */
  appointmentFigures: boolean;
  /** The new-patients figure. */
  patientFigures: boolean;
}

export function todayAbilities(access: Access): TodayAbilities {
  const may = (key: string) => can(access, key);
  return {
    confirm: may("appointments.view") && may(permissionForStatus("confirmed")),
    remind: may("appointments.view") && may(SEND_REMINDER_PERMISSION),
    openPatients: may("patients.view"),
    openCalendar: may("appointments.calendar.view"),
    openRadiology: may("patients.view") && may("radiology.view"),
    appointmentFigures: may("appointments.view"),
    patientFigures: may("patients.view"),
  };
}

/** Panels about the member's own visits of the day. */
export const OWN_BOOK_PANELS: readonly PanelKey[] = ["myDay", "inChair", "notesMissing"];
/** Panels that list the whole clinic's visits of the day. */
export const CLINIC_BOOK_PANELS: readonly PanelKey[] = [
  "arrivals",
  "unconfirmed",
  "schedule",
  "cancellations",
  "chairs",
  "procedures",
];
const BOOK_PANELS = [...OWN_BOOK_PANELS, ...CLINIC_BOOK_PANELS];

/** Whether the shown panels read the appointment book (the figures count it). */
export function readsAppointmentBook(panels: ReadonlySet<PanelKey>, access: Access): boolean {
  return BOOK_PANELS.some((panel) => panels.has(panel)) ||
    (panels.has("figures") && can(access, "appointments.view"));
}

/**
 * The live events that change what the shown panels say: every booking, move
 * and status change (`appointment.changed`), new or newly placed X-rays, and
 * stock movements when the low-stock panel is shown.
 * Empty when nothing shown changes with them.
 */
export function liveEventTypes(panels: ReadonlySet<PanelKey>, access: Access): string[] {
  const types: string[] = [];
  if (readsAppointmentBook(panels, access)) types.push("appointment.changed");
  if (panels.has("xrays")) types.push("xray.captured", "xray.assigned");
  if (panels.has("lowStock")) types.push(INVENTORY_CHANGED);
  return types;
}
