/**
 * Moving an appointment through its statuses (./statuses.ts says which moves
 * are allowed, ./status-timing.ts from when). The row is locked for the change, so two people pressing
 * "Start visit" and "No-show" at once cannot both win.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { appointments } from "../db/schema.ts";
import { recordActivity } from "../activity-log.ts";
import { AppError, forbidden, notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { clinicTimeZone } from "../time/clinic-zone.ts";
import type { DomainDeps, DomainHooks } from "../events/domain-hooks.ts";
import { type Appointment, appointmentColumns } from "./queries.ts";
import {
  type AppointmentStatus,
  isReopening,
  REOPEN_PERMISSION,
  transitionRefusal,
} from "./statuses.ts";
import { tooEarly } from "./status-timing.ts";

export async function setAppointmentStatus(
  { db, hooks }: DomainDeps,
  input: {
    clinicId: string;
    appointmentId: string;
    status: AppointmentStatus;
    /** Null when the patient acts through an email link. */
    actorId: string | null;
    /** The clock the timing rule of ./status-timing.ts reads; tests pass their own. */
    now?: Date;
    /**
     * The actor holds the reopen permission. Checked against the locked row,
     * so a visit completed while the request was on its way is not reopened
     * by someone who may only start visits.
     */
    mayReopen?: boolean;
  },
): Promise<Appointment> {
  if (!isUuid(input.appointmentId)) throw notFound("Appointment not found");
  const timeZone = await clinicTimeZone(db, input.clinicId);
  return await db.transaction(async (tx) => {
    const [current] = await tx.select(appointmentColumns).from(appointments)
      .where(and(
        eq(appointments.clinicId, input.clinicId),
        eq(appointments.id, input.appointmentId),
      ))
      .for("update");
    if (!current) throw notFound("Appointment not found");
    const refusal = transitionRefusal(current.status, input.status);
    if (refusal) {
      throw new AppError(409, "INVALID_TRANSITION", refusal, {
        from: current.status,
        to: input.status,
      });
    }
    if (isReopening(current.status, input.status) && !input.mayReopen) {
      throw forbidden("FORBIDDEN", "You do not have permission to reopen a completed visit", {
        permission: REOPEN_PERMISSION,
      });
    }
    const early = isReopening(current.status, input.status) ? null : tooEarly(
      input.status,
      current.startsAt,
      input.now ?? new Date(),
      timeZone,
    );
    if (early) {
      throw new AppError(422, "TOO_EARLY", early.message, {
        to: input.status,
        earliestAt: early.earliest.toISOString(),
      });
    }
    const appointment = await applyStatusChange(tx, {
      hooks,
      current,
      to: input.status,
      actorId: input.actorId,
      timeZone,
    });
    return appointment;
  });
}

/**
 * Writes a status change decided by the caller on a row it locked: the
 * update, its activity entry and the status-changed hook, in `tx`. Staff
 * changes and a patient's answer from an email link both go through here.
 */
export async function applyStatusChange(
  tx: Db,
  change: {
    hooks: DomainHooks;
    current: Appointment;
    to: AppointmentStatus;
    actorId: string | null;
    timeZone: string;
    /** Extra facts for the activity entry, e.g. how a patient answered. */
    details?: Record<string, unknown>;
  },
): Promise<Appointment> {
  const { current, to } = change;
  const [appointment] = await tx.update(appointments)
    .set({ status: to, updatedAt: new Date() })
    .where(eq(appointments.id, current.id))
    .returning(appointmentColumns);
  await recordActivity(tx, {
    clinicId: appointment.clinicId,
    actorId: change.actorId,
    action: "appointments.status_changed",
    entityType: "appointment",
    entityId: appointment.id,
    details: { from: current.status, to, ...change.details },
  });
  await change.hooks.emit("appointment.status_changed", {
    appointment,
    from: current.status,
    to,
    timeZone: change.timeZone,
    actorId: change.actorId,
    ...(change.details?.via === "whatsapp" || change.details?.via === "email_link"
      ? { via: change.details.via }
      : {}),
  }, tx);
  return appointment;
}
