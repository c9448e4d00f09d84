/**
 * Hook points for what follows an appointment change: patient emails,
 * staff notifications, WhatsApp messages. Another module subscribes once at
 * start-up; lib/appointments calls the listeners inside the transaction that
 * makes the change, so whatever they write (an outbox row, a notification)
 * exists only if the change committed, and a listener that throws undoes it.
 * Listeners should therefore only record work to do, never send anything.
 *
 * @example
 * ```ts
 * onAppointmentStatusChanged(async ({ tx, appointment, to }) => {
 *   if (to === "no_show") await queueFollowUp(tx, appointment);
 * });
 * ```
 */
import type { Db } from "../db/client.ts";
import type { AppointmentStatus } from "./statuses.ts";
import type { Appointment } from "./queries.ts";

interface AppointmentEvent {
  /** The open transaction of the change; write with it, not with the app's handle. */
  tx: Db;
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
}

type Listener<E> = (event: E) => Promise<void>;

function hook<E>() {
  const listeners: Listener<E>[] = [];
  return {
    /** Adds a listener; the returned function removes it (tests use that). */
    subscribe(listener: Listener<E>): () => void {
      listeners.push(listener);
      return () => {
        const index = listeners.indexOf(listener);
        if (index >= 0) listeners.splice(index, 1);
      };
    },
    /** Runs the listeners one after another, in the order they subscribed. */
    async emit(event: E): Promise<void> {
      for (const listener of [...listeners]) await listener(event);
    },
  };
}

const scheduled = hook<AppointmentScheduled>();
const rescheduled = hook<AppointmentRescheduled>();
const statusChanged = hook<AppointmentStatusChanged>();

/** A new appointment was booked. */
export const onAppointmentScheduled = scheduled.subscribe;
/** An appointment's time, duration, doctor or operatory changed. */
export const onAppointmentRescheduled = rescheduled.subscribe;
/** An appointment moved from one status to another. */
export const onAppointmentStatusChanged = statusChanged.subscribe;

export const emitAppointmentScheduled = scheduled.emit;
export const emitAppointmentRescheduled = rescheduled.emit;
export const emitAppointmentStatusChanged = statusChanged.emit;
