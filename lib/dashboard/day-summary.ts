/**
 * The Today panels worked out from the day's appointments, without the
 * database: what is next, who is in which chair, who is due at the desk, the
 * day's figures. Every function takes the clock it reads (`now`), so tests
 * set the hour they need.
 */
import type { AppointmentStatus, ColorTag } from "../appointments/statuses.ts";

export interface DayAppointment {
  id: string;
  patientId: string;
  patientName: string;
  doctorId: string;
  doctorName: string;
  operatoryId: string;
  operatoryName: string;
  startsAt: Date;
  endsAt: Date;
  durationMinutes: number;
  type: string;
  colorTag: ColorTag;
  status: AppointmentStatus;
  /** The status as staff read it: `In progress`. */
  statusLabel: string;
  /** Whether a clinical note is linked; null when the reader's panels did not ask. */
  hasNote: boolean | null;
  /** Whether the patient has an email address; null when the reader's panels did not ask. */
  hasEmail: boolean | null;
}

/** Not yet started, still expected. */
const WAITING: readonly AppointmentStatus[] = ["scheduled", "confirmed"];
/** Released from the book: the doctor and the operatory are free again. */
const RELEASED: readonly AppointmentStatus[] = ["cancelled", "no_show"];

export const isWaiting = (a: DayAppointment) => WAITING.includes(a.status);
export const isReleased = (a: DayAppointment) => RELEASED.includes(a.status);

/** A patient due within the hour lingers this long after their time before they count as a no-show risk. */
export const ARRIVAL_GRACE_MINUTES = 15;
export const ARRIVAL_WINDOW_MINUTES = 60;
export const UNCONFIRMED_WINDOW_HOURS = 48;

/** The appointment the doctor will see next: the earliest still expected that has not ended. */
export function nextAppointment(list: readonly DayAppointment[], now: Date): DayAppointment | null {
  return list.filter((a) => isWaiting(a) && a.endsAt > now)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0] ?? null;
}

/** Visits done or under way that have no clinical note yet, earliest first. */
export function visitsWithoutNote(list: readonly DayAppointment[]): DayAppointment[] {
  return list.filter((a) =>
    (a.status === "completed" || a.status === "in_progress") && a.hasNote === false
  );
}

export interface Arrival {
  appointment: DayAppointment;
  /** Minutes past their time (0 when not yet due). */
  lateMinutes: number;
}

/** Patients the desk expects within the hour, and those up to a quarter of an hour late. */
export function expectedArrivals(list: readonly DayAppointment[], now: Date): Arrival[] {
  const from = now.getTime() - ARRIVAL_GRACE_MINUTES * 60_000;
  const to = now.getTime() + ARRIVAL_WINDOW_MINUTES * 60_000;
  return list
    .filter((a) => isWaiting(a) && a.startsAt.getTime() >= from && a.startsAt.getTime() < to)
    .map((appointment) => ({
      appointment,
      lateMinutes: Math.max(
        0,
        Math.floor((now.getTime() - appointment.startsAt.getTime()) / 60_000),
      ),
    }));
}

export interface UnconfirmedVisit {
  appointment: DayAppointment;
  /** Which day it is on, as the desk says it. */
  day: "today" | "tomorrow" | "later";
  /** The latest reminder queued for it, automatic or by hand; null when none. */
  remindedAt: Date | null;
}

/** Scheduled, not yet confirmed, starting within the next 48 hours. */
export function unconfirmedVisits(
  list: readonly DayAppointment[],
  now: Date,
  options: {
    /** Clinic-day of an instant, YYYY-MM-DD. */
    dateOf: (instant: Date) => string;
    today: string;
    tomorrow: string;
    reminders: ReadonlyMap<string, Date>;
  },
): UnconfirmedVisit[] {
  const until = now.getTime() + UNCONFIRMED_WINDOW_HOURS * 3_600_000;
  return list
    .filter((a) => a.status === "scheduled" && a.startsAt > now && a.startsAt.getTime() < until)
    .map((appointment) => {
      const date = options.dateOf(appointment.startsAt);
      return {
        appointment,
        day: date === options.today ? "today" : date === options.tomorrow ? "tomorrow" : "later",
        remindedAt: options.reminders.get(appointment.id) ?? null,
      };
    });
}

export interface OperatoryRef {
  id: string;
  name: string;
  active: boolean;
}

export interface OperatoryDay {
  operatory: { id: string; name: string };
  /** The day's appointments in this room that still hold it, in time order. */
  appointments: DayAppointment[];
}

/**
 * The day per operatory: every room in use, and a retired one only when it
 * still holds an appointment today.
 */
export function scheduleByOperatory(
  list: readonly DayAppointment[],
  rooms: readonly OperatoryRef[],
): OperatoryDay[] {
  const held = list.filter((a) => !isReleased(a));
  return rooms
    .filter((room) => room.active || held.some((a) => a.operatoryId === room.id))
    .map((room) => ({
      operatory: { id: room.id, name: room.name },
      appointments: held.filter((a) => a.operatoryId === room.id),
    }));
}

export interface Chair {
  operatory: { id: string; name: string };
  /** In the chair now (in progress). */
  current: DayAppointment[];
  /** Who comes next to this chair today. */
  next: DayAppointment | null;
}

export function chairsNow(
  list: readonly DayAppointment[],
  rooms: readonly OperatoryRef[],
  now: Date,
): Chair[] {
  return scheduleByOperatory(list, rooms).map(({ operatory, appointments }) => ({
    operatory,
    current: appointments.filter((a) => a.status === "in_progress"),
    next: nextAppointment(appointments, now),
  }));
}

export interface ProcedureCount {
  type: string;
  colorTag: ColorTag;
  total: number;
  done: number;
}

/** Today's appointment types, most frequent first; cancelled and missed visits do not count. */
export function procedureCounts(list: readonly DayAppointment[]): ProcedureCount[] {
  const byType = new Map<string, ProcedureCount>();
  for (const a of list) {
    if (isReleased(a)) continue;
    const entry = byType.get(a.type) ??
      { type: a.type, colorTag: a.colorTag, total: 0, done: 0 };
    entry.total++;
    if (a.status === "completed") entry.done++;
    byType.set(a.type, entry);
  }
  return [...byType.values()].sort((a, b) => b.total - a.total || a.type.localeCompare(b.type));
}

export interface AppointmentFigures {
  /** Booked for today and not cancelled. */
  booked: number;
  cancelled: number;
  /** Visits whose time has come (or that were already settled): the rates' denominator. */
  due: number;
  completed: number;
  noShows: number;
  inProgress: number;
  /** Completed among the due, in whole percent; null while none is due. */
  completionRate: number | null;
  /** No-shows among the due, in whole percent; null while none is due. */
  noShowRate: number | null;
}

/** How many of the day's appointments are in one status and have (or have not) started. */
export interface StatusCount {
  status: AppointmentStatus;
  /** Its time has come. */
  started: boolean;
  count: number;
}

/** The figures from the day's appointments counted by status and start (a clinic's read in SQL). */
export function figuresFromCounts(counts: readonly StatusCount[]): AppointmentFigures {
  const figures: AppointmentFigures = {
    booked: 0,
    cancelled: 0,
    due: 0,
    completed: 0,
    noShows: 0,
    inProgress: 0,
    completionRate: null,
    noShowRate: null,
  };
  for (const { status, started, count } of counts) {
    if (status === "cancelled") {
      figures.cancelled += count;
      continue;
    }
    figures.booked += count;
    if (status === "completed") figures.completed += count;
    if (status === "no_show") figures.noShows += count;
    if (status === "in_progress") figures.inProgress += count;
    if (!WAITING.includes(status) || started) figures.due += count;
  }
  figures.completionRate = rate(figures.completed, figures.due);
  figures.noShowRate = rate(figures.noShows, figures.due);
  return figures;
}

/** A share as a whole percentage; null when there is nothing to divide. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 100);
}
