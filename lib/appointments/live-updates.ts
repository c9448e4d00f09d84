/**
 * Issue 5: "Confirmations and cancellations show in the calendar
 * immediately." Every booking, move and status change is published on the
 * live event bus as `appointment.changed`, inside the transaction of the
 * change (the hooks of ./events.ts run there), so an open calendar hears of
 * it only if it committed. Members who may see appointments receive it.
 *
 * @example
 * ```ts
 * subscribeAppointmentLiveUpdates(); // once per process; later calls do nothing
 * ```
 */
import { eq } from "drizzle-orm";
import { clockTime, wallClock } from "../time/zoned.ts";
import { patients } from "../db/schema.ts";
import { publishEvent } from "../events/publish.ts";
import {
  type AppointmentScheduled,
  onAppointmentRescheduled,
  onAppointmentScheduled,
  onAppointmentStatusChanged,
} from "./events.ts";
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

async function publishChange({ tx, appointment, timeZone, actorId }: AppointmentScheduled) {
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

let subscribed = false;

/** Registers the listener; the hooks are per process while apps are not, so only the first call does. */
export function subscribeAppointmentLiveUpdates(): void {
  if (subscribed) return;
  subscribed = true;
  onAppointmentScheduled(publishChange);
  onAppointmentRescheduled(publishChange);
  onAppointmentStatusChanged(publishChange);
}
