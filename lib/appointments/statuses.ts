/**
 * An appointment's life: which status may follow which, and what each is
 * called. Completed, cancelled and no-show are final: the visit no longer
 * moves on the calendar. A completion recorded by mistake (the wrong
 * patient's visit, pressed too early) can be reopened to in progress by a
 * member allowed to, which also undoes what the completion did (the stock
 * its consumables took comes back).
 */
import {
  APPOINTMENT_STATUSES,
  type AppointmentStatus,
  COLOR_TAGS,
  type ColorTag,
} from "../db/schema.ts";

export { APPOINTMENT_STATUSES, type AppointmentStatus, COLOR_TAGS, type ColorTag };

export const TRANSITIONS: Readonly<Record<AppointmentStatus, readonly AppointmentStatus[]>> = {
  scheduled: ["confirmed", "in_progress", "cancelled", "no_show"],
  confirmed: ["in_progress", "cancelled", "no_show"],
  in_progress: ["completed"],
  completed: ["in_progress"],
  cancelled: [],
  no_show: [],
};

export const STATUS_LABELS: Readonly<Record<AppointmentStatus, string>> = {
  scheduled: "Scheduled",
  confirmed: "Confirmed",
  in_progress: "In progress",
  completed: "Completed",
  cancelled: "Cancelled",
  no_show: "No-show",
};

/** Statuses after which the appointment stays where it is in the book. */
const FINAL_STATUSES: readonly AppointmentStatus[] = ["completed", "cancelled", "no_show"];

/** The permission that reopens a completed visit; changing other statuses does not grant it. */
export const REOPEN_PERMISSION = "appointments.status.reopen";

/** Statuses that no longer hold the doctor and the operatory. */
export const RELEASED_STATUSES: readonly AppointmentStatus[] = ["cancelled", "no_show"];

export function isFinal(status: AppointmentStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/** Completed back to in progress: undoing a completion. */
export function isReopening(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return from === "completed" && to === "in_progress";
}

export function canTransition(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

const named = (status: AppointmentStatus) => STATUS_LABELS[status].toLowerCase();
const aOrAn = (word: string) => (/^[aeiou]/.test(word) ? `An ${word}` : `A ${word}`);

/** Why `from` cannot become `to`, in words a receptionist can act on; null when it can. */
export function transitionRefusal(from: AppointmentStatus, to: AppointmentStatus): string | null {
  if (canTransition(from, to)) return null;
  if (from === to) return `The appointment is already ${named(to)}`;
  if (isFinal(from)) {
    return `${aOrAn(named(from))} appointment is final; it cannot become ${named(to)}`;
  }
  const allowed = TRANSITIONS[from].map(named).join(", ");
  return `${aOrAn(named(from))} appointment cannot become ${named(to)}; it can become ${allowed}`;
}

/**
 * The permission a status change needs: cancelling is its own permission
 * (nurses and doctors update statuses but do not cancel by default), and so
 * is reopening a completed visit (`from` completed).
 */
export function permissionForStatus(to: AppointmentStatus, from?: AppointmentStatus): string {
  if (from && isReopening(from, to)) return REOPEN_PERMISSION;
  return to === "cancelled" ? "appointments.cancel" : "appointments.status.update";
}

export function isAppointmentStatus(value: string): value is AppointmentStatus {
  return (APPOINTMENT_STATUSES as readonly string[]).includes(value);
}
