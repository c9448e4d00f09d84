/**
 * The calendar page's statements, prepared: every day, week and month view
 * runs the same six with different values (a week too busy to draw one more,
 * its hour counts), so their SQL is built once per database handle (and,
 * where `DATABASE_PREPARE` allows, planned once per connection). The appointment query reads only what a card shows, not the
 * whole row: in a busy clinic's week it returns hundreds of rows, and every
 * column costs decoding on each of them.
 *
 * Placeholders skip a column's encoder, so instants go in as ISO strings.
 *
 * @example
 * ```ts
 * const rows = await calendarAppointments(db, clinicId, { from, to, doctorId });
 * ```
 */
import { and, asc, eq, gt, gte, inArray, isNotNull, lt, lte, notInArray, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { preparedPerDatabase } from "../db/prepared.ts";
import {
  appointments,
  clinicClosedDates,
  clinicMembers,
  clinicWorkingHours,
  labCases,
  operatories,
  patients,
  users,
} from "../db/schema.ts";
import { BOOKABLE_ROLES } from "../appointments/booking.ts";
import { MAX_DURATION_MINUTES } from "../appointments/queries.ts";
import type { AppointmentStatus, ColorTag } from "../appointments/statuses.ts";
import type { ClosedDate, OpeningHours } from "../appointments/working-hours.ts";
import type { Operatory } from "../appointments/operatories.ts";
import { type PendingLabCase, SETTLED } from "../lab/calendar-warnings.ts";

/** One appointment with the names a card shows. */
export interface CalendarRow {
  id: string;
  startsAt: Date;
  durationMinutes: number;
  type: string;
  colorTag: ColorTag;
  status: AppointmentStatus;
  patientName: string;
  doctorName: string;
  operatoryName: string;
}

type Filter = "none" | "doctor" | "operatory" | "both";

/**
 * One statement per filter combination rather than one with optional
 * conditions: each keeps its own index range (clinic, doctor or operatory by
 * start) in a generic plan.
 */
function rangeStatement(db: Db, filter: Filter) {
  // The rows in start order, at most `limit` of them (null: all): a week past
  // the dense limit learns so from one row too many and never reads the rest.
  const rows = db.select({
    id: appointments.id,
    startsAt: appointments.startsAt,
    card: sql`json_build_array(
      ${appointments.id},
      (extract(epoch from ${appointments.startsAt}) * 1000)::bigint,
      ${appointments.durationMinutes},
      ${appointments.type},
      ${appointments.colorTag},
      ${appointments.status},
      ${patients.fullName},
      ${users.name},
      ${operatories.name}
    )`.as("card"),
  }).from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .innerJoin(users, eq(users.id, appointments.doctorId))
    .innerJoin(operatories, eq(operatories.id, appointments.operatoryId))
    .where(and(
      eq(appointments.clinicId, sql.placeholder("clinicId")),
      ...filterConditions(filter),
      lt(appointments.startsAt, sql.placeholder("to")),
      // Bounded from both sides, so the start index gives a range: nothing
      // lasts longer than MAX_DURATION_MINUTES.
      gt(appointments.startsAt, sql.placeholder("earliestStart")),
      sql`${appointments.startsAt} + ${appointments.durationMinutes} * interval '1 minute' > ${
        sql.placeholder("from")
      }::timestamptz`,
    ))
    .orderBy(asc(appointments.startsAt), asc(appointments.id))
    .limit(sql.placeholder("limit"))
    .as("shown");
  // The whole range as one JSON text of arrays (`PackedRow`): a busy week is
  // hundreds of rows, and a driver decodes every field of every row one by
  // one (on PGlite that was half the cost of the page), where JSON.parse
  // takes the lot at once.
  return db.select({
    rows: sql<
      string
    >`coalesce(json_agg(${rows.card} order by ${rows.startsAt}, ${rows.id}), '[]')::text`,
  }).from(rows)
    .prepare(`calendar_appointments_${filter}`);
}

function filterConditions(filter: Filter) {
  const byDoctor = filter === "doctor" || filter === "both";
  const byOperatory = filter === "operatory" || filter === "both";
  return [
    byDoctor ? eq(appointments.doctorId, sql.placeholder("doctorId")) : undefined,
    byOperatory ? eq(appointments.operatoryId, sql.placeholder("operatoryId")) : undefined,
  ];
}

function filterOf(range: { doctorId?: string; operatoryId?: string }): Filter {
  return range.doctorId
    ? (range.operatoryId ? "both" : "doctor")
    : range.operatoryId
    ? "operatory"
    : "none";
}

/** A row as the statement sends it: the fields of `CalendarRow`, the start in epoch milliseconds. */
type PackedRow = [
  string,
  number,
  number,
  string,
  ColorTag,
  AppointmentStatus,
  string,
  string,
  string,
];

const rangeStatements = preparedPerDatabase((db) => ({
  none: rangeStatement(db, "none"),
  doctor: rangeStatement(db, "doctor"),
  operatory: rangeStatement(db, "operatory"),
  both: rangeStatement(db, "both"),
}));

/**
 * Appointments overlapping [from, to), in start order; the first `limit` of
 * them when given. Filter ids must be UUIDs (the calendar's query parser
 * sees to it).
 */
export async function calendarAppointments(
  db: Db,
  clinicId: string,
  range: { from: Date; to: Date; doctorId?: string; operatoryId?: string; limit?: number },
): Promise<CalendarRow[]> {
  const [result] = await rangeStatements(db)[filterOf(range)].execute({
    clinicId,
    limit: range.limit ?? null,
    doctorId: range.doctorId,
    operatoryId: range.operatoryId,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    earliestStart: new Date(range.from.getTime() - MAX_DURATION_MINUTES * 60_000).toISOString(),
  });
  return (JSON.parse(result.rows) as PackedRow[]).map((
    [id, startMs, durationMinutes, type, colorTag, status, patientName, doctorName, operatoryName],
  ) => ({
    id,
    startsAt: new Date(startMs),
    durationMinutes,
    type,
    colorTag,
    status,
    patientName,
    doctorName,
    operatoryName,
  }));
}

/** Appointments starting in one clinic-local hour of one date. */
export interface HourCount {
  /** YYYY-MM-DD, clinic calendar. */
  date: string;
  /** 0–23, clinic clock. */
  hour: number;
  count: number;
  /** Those still holding the chair (not cancelled or no-show). */
  active: number;
}

function hourCountStatement(db: Db, filter: Filter) {
  const local = sql`(${appointments.startsAt} at time zone ${sql.placeholder("timeZone")}::text)`;
  return db.select({
    date: sql<string>`to_char(${local}, 'YYYY-MM-DD')`,
    hour: sql<number>`extract(hour from ${local})::int`,
    count: sql<number>`count(*)::int`,
    active: sql<number>`(count(*) filter (where ${
      notInArray(appointments.status, ["cancelled", "no_show"])
    }))::int`,
  }).from(appointments)
    .where(and(
      eq(appointments.clinicId, sql.placeholder("clinicId")),
      ...filterConditions(filter),
      gte(appointments.startsAt, sql.placeholder("from")),
      lt(appointments.startsAt, sql.placeholder("to")),
    ))
    .groupBy(sql`1`, sql`2`)
    .prepare(`calendar_hour_counts_${filter}`);
}

const hourCountStatements = preparedPerDatabase((db) => ({
  none: hourCountStatement(db, "none"),
  doctor: hourCountStatement(db, "doctor"),
  operatory: hourCountStatement(db, "operatory"),
  both: hourCountStatement(db, "both"),
}));

/**
 * How many appointments start in each clinic-local hour of [from, to), for a
 * week too busy to draw as cards: one aggregate instead of every row.
 */
export async function calendarHourCounts(
  db: Db,
  clinicId: string,
  range: { from: Date; to: Date; timeZone: string; doctorId?: string; operatoryId?: string },
): Promise<HourCount[]> {
  return await hourCountStatements(db)[filterOf(range)].execute({
    clinicId,
    doctorId: range.doctorId,
    operatoryId: range.operatoryId,
    timeZone: range.timeZone,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
  });
}

const workingHoursOf = preparedPerDatabase((db) =>
  db.select({
    weekday: clinicWorkingHours.weekday,
    opensAt: clinicWorkingHours.opensAt,
    closesAt: clinicWorkingHours.closesAt,
  }).from(clinicWorkingHours)
    .where(eq(clinicWorkingHours.clinicId, sql.placeholder("clinicId")))
    .orderBy(asc(clinicWorkingHours.weekday))
    .prepare("calendar_working_hours")
);

/** The clinic's weekly opening hours (`HH:MM`), as `getWorkingHours` gives them. */
export async function calendarWorkingHours(db: Db, clinicId: string): Promise<OpeningHours[]> {
  const rows = await workingHoursOf(db).execute({ clinicId });
  return rows.map((row) => ({
    weekday: row.weekday,
    opensAt: row.opensAt.slice(0, 5),
    closesAt: row.closesAt.slice(0, 5),
  }));
}

const closedDatesBetween = preparedPerDatabase((db) =>
  db.select({ date: clinicClosedDates.date, reason: clinicClosedDates.reason })
    .from(clinicClosedDates)
    .where(and(
      eq(clinicClosedDates.clinicId, sql.placeholder("clinicId")),
      gte(clinicClosedDates.date, sql.placeholder("from")),
      lte(clinicClosedDates.date, sql.placeholder("to")),
    ))
    .orderBy(asc(clinicClosedDates.date))
    .prepare("calendar_closed_dates")
);

/** Closed dates in [from, to] (YYYY-MM-DD, both inclusive). */
export async function calendarClosedDates(
  db: Db,
  clinicId: string,
  range: { from: string; to: string },
): Promise<ClosedDate[]> {
  return await closedDatesBetween(db).execute({ clinicId, ...range });
}

const bookableDoctorsOf = preparedPerDatabase((db) =>
  db.select({ id: users.id, name: users.name })
    .from(clinicMembers)
    .innerJoin(users, eq(users.id, clinicMembers.userId))
    .where(and(
      eq(clinicMembers.clinicId, sql.placeholder("clinicId")),
      eq(clinicMembers.status, "active"),
      inArray(clinicMembers.role, [...BOOKABLE_ROLES]),
    ))
    .orderBy(asc(users.name))
    .prepare("calendar_bookable_doctors")
);

/** Active members who can be booked as the doctor, as booking allows them. */
export async function bookableDoctors(
  db: Db,
  clinicId: string,
): Promise<{ id: string; name: string }[]> {
  return await bookableDoctorsOf(db).execute({ clinicId });
}

const operatoriesOf = preparedPerDatabase((db) =>
  db.select({ id: operatories.id, name: operatories.name, active: operatories.active })
    .from(operatories)
    .where(eq(operatories.clinicId, sql.placeholder("clinicId")))
    .orderBy(sql`lower(${operatories.name})`, asc(operatories.createdAt))
    .prepare("calendar_operatories")
);

/** The clinic's operatories, as `listOperatories` orders them. */
export async function calendarOperatories(db: Db, clinicId: string): Promise<Operatory[]> {
  return await operatoriesOf(db).execute({ clinicId });
}

const pendingLabCasesOf = preparedPerDatabase((db) =>
  db.select({
    appointmentId: appointments.id,
    startsAt: appointments.startsAt,
    status: labCases.status,
    dueDate: labCases.dueDate,
  }).from(labCases)
    .innerJoin(appointments, eq(appointments.id, labCases.appointmentId))
    .where(and(
      eq(labCases.clinicId, sql.placeholder("clinicId")),
      isNotNull(labCases.dueDate),
      notInArray(labCases.status, SETTLED),
      gte(appointments.startsAt, sql.placeholder("from")),
      lt(appointments.startsAt, sql.placeholder("to")),
    ))
    .prepare("calendar_pending_lab_cases")
);

/** Unsettled lab cases with a due date, for appointments starting in [from, to). */
export async function calendarPendingLabCases(
  db: Db,
  clinicId: string,
  range: { from: Date; to: Date },
): Promise<PendingLabCase[]> {
  return await pendingLabCasesOf(db).execute({
    clinicId,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
  });
}
