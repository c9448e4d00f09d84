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
    .filter((to) => can(access, permissionForStatus(to)))
    .sort((a, b) => Number(a === "cancelled") - Number(b === "cancelled"));
  const notYet: Partial<Record<AppointmentStatus, string>> = {};
  for (const to of allowed) {
    const early = tooEarly(to, appointment.startsAt, now, timeZone);
    if (early) notYet[to] = early.message;
  }
  return { allowed, notYet };
}

/** Each target status has its own permission on top of `appointments.status.update`. */
export function assertMayMoveTo(access: Access, status: AppointmentStatus): void {
  const needed = permissionForStatus(status);
  if (!can(access, needed)) {
    throw forbidden("FORBIDDEN", "You do not have permission to do this", { permission: needed });
  }
}

/** The form behind each move's button. */
export const statusMoveForm = z.object({
  status: z.enum(APPOINTMENT_STATUSES, "Choose a status to move to."),
});
