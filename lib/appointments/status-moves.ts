/**
 * Which status moves a member may make on an appointment, and which of those
 * must wait (a visit cannot start hours before its time). The page offers
 * exactly these; a posted move is checked again with `assertMayMoveTo`.
 */
import { z } from "zod";
import { forbidden } from "../errors.ts";
import { type Access, can } from "../permissions/access.ts";
import type { Appointment } from "./queries.ts";
import { tooEarly } from "./status-timing.ts";
import {
  APPOINTMENT_STATUSES,
  type AppointmentStatus,
  isReopening,
  permissionForStatus,
  TRANSITIONS,
} from "./statuses.ts";

export interface StatusMoves {
  /** Moves this member may make, cancelling last. */
  allowed: AppointmentStatus[];
  /** Allowed moves that cannot be made yet, with the reason. */
  notYet: Partial<Record<AppointmentStatus, string>>;
}

export function statusMoves(
  access: Access,
  appointment: Pick<Appointment, "status" | "startsAt">,
  now: Date,
  timeZone: string,
): StatusMoves {
  // Cancelling, the one move that cannot be undone by rebooking the same slot, comes last.
  const allowed = TRANSITIONS[appointment.status]
    .filter((to) => can(access, permissionForStatus(to, appointment.status)))
    .sort((a, b) => Number(a === "cancelled") - Number(b === "cancelled"));
  const notYet: Partial<Record<AppointmentStatus, string>> = {};
  for (const to of allowed) {
    // Reopening a completed visit is a correction; the clock rules only moves forward.
    const early = isReopening(appointment.status, to)
      ? null
      : tooEarly(to, appointment.startsAt, now, timeZone);
    if (early) notYet[to] = early.message;
  }
  return { allowed, notYet };
}

/**
 * Each target status has its own permission on top of `appointments.status.update`.
 * Reopening is checked again against the locked row (`mayReopen` of `setAppointmentStatus`).
 */
export function assertMayMoveTo(access: Access, status: AppointmentStatus): void {
  const needed = permissionForStatus(status);
  if (!can(access, needed)) {
    throw forbidden("FORBIDDEN", "You do not have permission to do this", { permission: needed });
  }
}

/** The form behind each move's button. */
export const statusMoveForm = z.object({
  status: z.enum(APPOINTMENT_STATUSES, "Choose a status to move to."),
  /** Set by the "Reopen visit" button, so the notice after it says what happened. */
  reopen: z.literal("1").optional(),
});
