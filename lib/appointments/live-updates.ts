/**
 * Confirmations and cancellations show in an open calendar at once: every
 * booking, move and status change is published on the live event bus as
 * `appointment.changed`, inside the transaction of the change (the domain
 * hooks run there), so a calendar hears of it only if it committed. Members
 * who may see appointments receive it.
 *
 * @example
 * ```ts
 * registerAppointmentLiveUpdates(deps.hooks); // once per app, by createApp
 * ```
 */
import { eq } from "drizzle-orm";
import { clockTime, wallClock } from "../time/zoned.ts";
import { patients } from "../db/schema.ts";
import { publishEvent } from "../events/publish.ts";
import type { Db } from "../db/client.ts";
import type { DomainHooks } from "../events/domain-hooks.ts";
import type { AppointmentScheduled } from "./events.ts";
import { isFinal, STATUS_LABELS } from "./statuses.ts";

export const APPOINTMENT_CHANGED = "appointment.changed";

/** What a calendar and a toast need; the island has no status labels or names of its own. */
export interface AppointmentChanged {
  appointmentId: string;
  status: string;
  statusLabel: string;
  /** Completed, cancelled and no-show cards can no longer be moved. */
  final: boolean;
  startsAt: string;
  durationMinutes: number;
  /** `10:30` in the clinic's time zone. */
  time: string;
  patientName: string;
  /** Who made the change: a patient through the email link, or a staff member. */
  by: "patient" | "staff";
}

async function publishChange(
  { appointment, timeZone, actorId }: AppointmentScheduled,
  tx: Db,
): Promise<void> {
  const [patient] = await tx.select({ name: patients.fullName }).from(patients)
    .where(eq(patients.id, appointment.patientId));
  const data: AppointmentChanged = {
    appointmentId: appointment.id,
    status: appointment.status,
    statusLabel: STATUS_LABELS[appointment.status],
    final: isFinal(appointment.status),
    startsAt: appointment.startsAt.toISOString(),
    durationMinutes: appointment.durationMinutes,
    time: clockTime(wallClock(appointment.startsAt, timeZone).minutes),
    patientName: patient?.name ?? "Patient",
    by: actorId === null ? "patient" : "staff",
  };
  await publishEvent(tx, {
    clinicId: appointment.clinicId,
    type: APPOINTMENT_CHANGED,
    permission: "appointments.view",
    data: { ...data },
  });
}

export function registerAppointmentLiveUpdates(hooks: DomainHooks): void {
  hooks.on("appointment.scheduled", publishChange);
  hooks.on("appointment.rescheduled", publishChange);
  hooks.on("appointment.status_changed", publishChange);
}
