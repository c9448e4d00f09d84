/**
 * What the domain hooks (lib/events/domain-hooks.ts) carry about an
 * appointment change: booked, rescheduled, or moved to another status.
 * lib/appointments emits them inside the transaction of the change; the
 * listeners (./notifications.ts, ./live-updates.ts) are registered per app.
 */
import type { AppointmentStatus } from "./statuses.ts";
import type { Appointment } from "./queries.ts";

interface AppointmentEvent {
  /** The appointment as it is after the change. */
  appointment: Appointment;
  /** The clinic's IANA time zone, for anything that shows the time. */
  timeZone: string;
  /** The staff member who made the change; null when a patient did (an email link). */
  actorId: string | null;
}

export type AppointmentScheduled = AppointmentEvent;

export interface AppointmentRescheduled extends AppointmentEvent {
  /** The schedule before the change. */
  previous: Pick<Appointment, "startsAt" | "durationMinutes" | "doctorId" | "operatoryId">;
}

export interface AppointmentStatusChanged extends AppointmentEvent {
  from: AppointmentStatus;
  to: AppointmentStatus;
  /** How a patient's own answer arrived; absent when staff made the change. */
  via?: "email_link" | "whatsapp";
}
