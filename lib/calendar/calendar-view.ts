/**
 * Everything the calendar page shows for one view of one date: the days with
 * their opening hours, the appointments in them (as plain, serialisable
 * objects the week island can take as props), the hours the time grid spans,
 * and the doctors and operatories the filters offer. One clinic only: every
 * query is scoped by its id.
 *
 * @example
 * ```ts
 * const query = parseCalendarQuery(new URL(c.req.url).searchParams, today);
 * const view = await loadCalendarView(db, { id: clinicId, timeZone }, query, new Date());
 * ```
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinicMembers, users } from "../db/schema.ts";
import { BOOKABLE_ROLES } from "../appointments/booking.ts";
import type { Operatory } from "../appointments/operatories.ts";
import {
  type AppointmentStatus,
  type ColorTag,
  isFinal,
  STATUS_LABELS,
} from "../appointments/statuses.ts";
import { isUuid } from "../ids.ts";
import {
  addDays,
  type CalendarView,
  isCalendarView,
  parseCalendarDate,
  viewRange,
} from "./calendar-dates.ts";
import { type DaySchedule, daySchedules, gridHours } from "./opening-hours.ts";
import { localDateOf, wallClock } from "../time/zoned.ts";
import { appointmentsAtLabRisk } from "../lab/calendar-warnings.ts";
import { workingCalendar } from "../lab/working-days.ts";
import {
  bookableDoctors,
  calendarAppointments,
  calendarClosedDates,
  calendarHourCounts,
  calendarOperatories,
  calendarPendingLabCases,
  type CalendarRow,
  calendarWorkingHours,
  type HourCount,
} from "./calendar-queries.ts";

/**
 * A week holding more appointments than this is drawn as counts per day and
 * hour, not cards. Past it the week averages over 40 a day (the phone
 * agenda's `AGENDA_DAY_LIMIT`): with every doctor shown, a day's column of
 * about 140 px splits into four or more side by side, each too narrow to
 * read a name, and the cards' markup and island props outweigh the rest of
 * the page.
 */
export const DENSE_WEEK_LIMIT = 300;

/** A week too busy to draw as cards: how many appointments start in each hour. */
export interface DenseWeek {
  total: number;
  /** Those still holding the chair (not cancelled or no-show). */
  active: number;
  /** Hours with at least one appointment, in the clinic's time zone. */
  hours: HourCount[];
}

export interface CalendarQuery {
  view: CalendarView;
  /** The date the view is about (YYYY-MM-DD, clinic calendar). */
  date: string;
  doctorId?: string;
  operatoryId?: string;
}

/**
 * Reads `?view=&date=&doctor=&operatory=`. What cannot be used falls back
 * (the week, today, no filter) rather than failing: these come from links
 * and a filter form, and a stale bookmark should still open the calendar.
 */
export function parseCalendarQuery(params: URLSearchParams, today: string): CalendarQuery {
  const view = params.get("view");
  const doctor = params.get("doctor") ?? "";
  const operatory = params.get("operatory") ?? "";
  return {
    view: isCalendarView(view) ? view : "week",
    date: parseCalendarDate(params.get("date")) ?? today,
    ...(isUuid(doctor) ? { doctorId: doctor } : {}),
    ...(isUuid(operatory) ? { operatoryId: operatory } : {}),
  };
}

/** One appointment as the calendar shows it; plain JSON, so it can cross into the island. */
export interface CalendarAppointment {
  id: string;
  /** ISO 8601 with the clinic's offset. */
  startsAt: string;
  durationMinutes: number;
  /** The clinic-calendar date it starts on. */
  date: string;
  /** Minutes past the clinic's midnight it starts at. */
  startMinute: number;
  patientName: string;
  doctorName: string;
  operatoryName: string;
  type: string;
  colorTag: ColorTag;
  status: AppointmentStatus;
  statusLabel: string;
  /** Completed, cancelled and no-show appointments cannot be moved. */
  final: boolean;
  /** A lab case it waits on may not be back in time (present only then). */
  labAtRisk?: true;
}

export function toCalendarAppointment(
  appointment: CalendarRow,
  timeZone: string,
): CalendarAppointment {
  const start = wallClock(appointment.startsAt, timeZone);
  return {
    id: appointment.id,
    startsAt: start.iso,
    durationMinutes: appointment.durationMinutes,
    date: start.date,
    startMinute: start.minutes,
    patientName: appointment.patientName,
    doctorName: appointment.doctorName,
    operatoryName: appointment.operatoryName,
    type: appointment.type,
    colorTag: appointment.colorTag,
    status: appointment.status,
    statusLabel: STATUS_LABELS[appointment.status],
    final: isFinal(appointment.status),
  };
}

export interface CalendarViewData {
  query: CalendarQuery;
  timeZone: string;
  /** The clinic's date today. */
  today: string;
  /** Minutes past the clinic's midnight now, for the "now" line. */
  nowMinute: number;
  days: DaySchedule[];
  /** Empty when the week is `dense`. */
  appointments: CalendarAppointment[];
  /** Present when the week holds more than `DENSE_WEEK_LIMIT` appointments. */
  dense?: DenseWeek;
  /** Hours the day and week grids span (minutes of day). */
  grid: { startMinute: number; endMinute: number };
  doctors: { id: string; name: string }[];
  operatories: Operatory[];
}

/** Active members who can be booked as the doctor, as booking allows them. */
export async function listBookableDoctors(db: Db, clinicId: string) {
  return await db.select({ id: users.id, name: users.name })
    .from(clinicMembers)
    .innerJoin(users, eq(users.id, clinicMembers.userId))
    .where(and(
      eq(clinicMembers.clinicId, clinicId),
      eq(clinicMembers.status, "active"),
      inArray(clinicMembers.role, [...BOOKABLE_ROLES]),
    ))
    .orderBy(asc(users.name));
}

export async function loadCalendarView(
  db: Db,
  clinic: { id: string; timeZone: string },
  query: CalendarQuery,
  now: Date,
  options: { labWarnings?: boolean } = {},
): Promise<CalendarViewData> {
  const { timeZone } = clinic;
  const range = viewRange(query.view, query.date, timeZone);
  // Closed dates from a month before the view: a lab case's due date precedes its
  // appointment, and the days between decide whether it can be back in time.
  const closedFrom = addDays(range.days[0], -LAB_LOOKBACK_DAYS);
  const filters = { doctorId: query.doctorId, operatoryId: query.operatoryId };
  // A week reads one row past its limit: enough to know it is too busy to draw.
  // A visit carried over from the evening before counts towards it too; at
  // three hundred, one more or less makes no difference to the reader.
  const limit = query.view === "week" ? DENSE_WEEK_LIMIT + 1 : undefined;
  const [found, hours, closed, doctors, operatories, labRows] = await Promise.all([
    calendarAppointments(db, clinic.id, { from: range.from, to: range.to, ...filters, limit }),
    calendarWorkingHours(db, clinic.id),
    calendarClosedDates(db, clinic.id, { from: closedFrom, to: range.days.at(-1)! }),
    bookableDoctors(db, clinic.id),
    calendarOperatories(db, clinic.id),
    options.labWarnings ? calendarPendingLabCases(db, clinic.id, range) : [],
  ]);
  const days = daySchedules(range.days, hours, closed);
  const base = {
    query,
    timeZone,
    today: localDateOf(now, timeZone),
    nowMinute: wallClock(now, timeZone).minutes,
    days,
    doctors,
    operatories,
  };
  if (limit !== undefined && found.length >= limit) {
    const counts = await calendarHourCounts(db, clinic.id, { ...range, timeZone, ...filters });
    return {
      ...base,
      appointments: [],
      dense: {
        total: counts.reduce((sum, c) => sum + c.count, 0),
        active: counts.reduce((sum, c) => sum + c.active, 0),
        hours: counts,
      },
      grid: gridHours(
        days,
        counts.map((c) => ({ startMinute: c.hour * 60, endMinute: (c.hour + 1) * 60 })),
      ),
    };
  }
  const atRisk = appointmentsAtLabRisk(labRows, timeZone, workingCalendar(hours, closed));
  const shown = new Set(range.days);
  // An appointment is drawn on the day it starts; one carried over from the
  // evening before the first shown day belongs to the previous view.
  const appointments = found.map((a) => toCalendarAppointment(a, timeZone))
    .filter((a) => shown.has(a.date));
  for (const a of appointments) if (atRisk.has(a.id)) a.labAtRisk = true;
  return {
    ...base,
    appointments,
    grid: gridHours(
      days,
      appointments.map((a) => ({
        startMinute: a.startMinute,
        endMinute: Math.min(24 * 60, a.startMinute + a.durationMinutes),
      })),
    ),
  };
}

const LAB_LOOKBACK_DAYS = 31;
