/**
 * Typed hooks for what follows a change in the domain: patient emails, staff
 * notifications, live calendar updates after a booking or a status change.
 *
 * One `DomainHooks` belongs to one app instance (it lives in `AppDeps`), so
 * its listeners close over that app's configuration: two apps in one process
 * (tests build many) each send their own links. A lib function that changes
 * data receives the hooks with its database handle and emits inside the
 * transaction of the change, so whatever a listener writes (an outbox row, a
 * notification, a bus event) exists only if the change committed, and a
 * listener that throws undoes it. Listeners therefore only record work to do,
 * never send anything.
 *
 * Not to be confused with the live event bus (./publish.ts, ./hub.ts), which
 * carries committed events to browsers; a hook listener may publish on it.
 *
 * @example
 * ```ts
 * const hooks = createDomainHooks();
 * hooks.on("appointment.status_changed", async ({ appointment, to }, tx) => {
 *   if (to === "no_show") await queueFollowUp(tx, appointment);
 * });
 * await hooks.emit("appointment.status_changed", { appointment, from, to, timeZone, actorId }, tx);
 * ```
 */
import type { Db } from "../db/client.ts";
import type {
  AppointmentRescheduled,
  AppointmentScheduled,
  AppointmentStatusChanged,
} from "../appointments/events.ts";

/** Every domain event and its payload. */
export interface DomainEvents {
  /** A new appointment was booked. */
  "appointment.scheduled": AppointmentScheduled;
  /** An appointment's time, duration, doctor or operatory changed. */
  "appointment.rescheduled": AppointmentRescheduled;
  /** An appointment moved from one status to another. */
  "appointment.status_changed": AppointmentStatusChanged;
}

export type DomainEvent = keyof DomainEvents;

/** Runs inside the change's transaction: write with `tx`, not with the app's handle. */
export type DomainListener<E extends DomainEvent> = (
  payload: DomainEvents[E],
  tx: Db,
) => Promise<void>;

export interface DomainHooks {
  /** Adds a listener; the returned function removes it. */
  on<E extends DomainEvent>(event: E, listener: DomainListener<E>): () => void;
  /** Runs the event's listeners one after another, in the order they were added. */
  emit<E extends DomainEvent>(event: E, payload: DomainEvents[E], tx: Db): Promise<void>;
}

/** What a lib function that changes data and announces the change needs. */
export interface DomainDeps {
  db: Db;
  hooks: DomainHooks;
}

export function createDomainHooks(): DomainHooks {
  // Keyed by event; `on` is the only writer, so each list holds that event's listeners.
  const listeners = new Map<DomainEvent, unknown[]>();
  const listOf = <E extends DomainEvent>(event: E): DomainListener<E>[] => {
    let list = listeners.get(event);
    if (!list) listeners.set(event, list = []);
    return list as DomainListener<E>[];
  };
  return {
    on(event, listener) {
      const list = listOf(event);
      list.push(listener);
      return () => {
        const index = list.indexOf(listener);
        if (index >= 0) list.splice(index, 1);
      };
    },
    async emit(event, payload, tx) {
      for (const listener of [...listOf(event)]) await listener(payload, tx);
    },
  };
}
