/**
 * The figures of one period, each computed in SQL over the clinic's own rows
 * and returned with a disclosure of what it counted. Periods are clinic
 * calendar days (lib/reports/period.ts); lab turnaround alone is counted on
 * UTC dates, so a case is never a day longer or shorter because it crossed
 * midnight on the clinic's clock.
 *
 * @example
 * ```ts
 * const figures = await periodFigures(db, clinicId, periodOf("2026-11-01", "2026-11-30", tz));
 * figures.throughput.noShowRate; // 4.5
 * ```
 */
import { and, asc, count, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  appointments,
  inventoryItems,
  inventoryMovements,
  labCaseEvents,
  labCases,
  operatories,
  patients,
  users,
} from "../db/schema.ts";
import { getWorkingHours, listClosedDates } from "../appointments/working-hours.ts";
import { datesBetween, weekdayOf } from "../calendar/calendar-dates.ts";
import { minutesOfDay } from "../time/zoned.ts";
import { formatCaseNumber } from "../lab/statuses.ts";
import { lowStockItems } from "../inventory/stock-report.ts";
import type {
  ConsumptionFigures,
  LabFigures,
  LowStockLine,
  PatientFigures,
  PeriodFigures,
  ReportPeriod,
  ThroughputFigures,
  UtilisationFigures,
  UtilisationRow,
} from "./figures.ts";
import { describePeriod, periodBounds } from "./period.ts";
import { billingFigures, revenueTrend } from "./billing.ts";

/** Percent with one decimal; null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

/** An instant as a raw SQL parameter (postgres.js takes no Date inside `sql` fragments). */
const at = (instant: Date) => sql`${instant.toISOString()}::timestamptz`;
const oneDecimal = (value: number) => Math.round(value * 10) / 10;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Appointments that kept their chair: the ones utilisation counts. */
const KEPT = sql`${appointments.status} not in ('cancelled', 'no_show')`;

export async function throughputFigures(
  db: Db,
  clinicId: string,
  period: ReportPeriod,
): Promise<ThroughputFigures> {
  const { from, to } = periodBounds(period);
  const [row] = await db.select({
    booked: count(),
    completed: sql<number>`count(*) filter (where ${appointments.status} = 'completed')::int`,
    cancelled: sql<number>`count(*) filter (where ${appointments.status} = 'cancelled')::int`,
    noShows: sql<number>`count(*) filter (where ${appointments.status} = 'no_show')::int`,
  }).from(appointments).where(and(
    eq(appointments.clinicId, clinicId),
    gte(appointments.startsAt, from),
    lt(appointments.startsAt, to),
  ));
  const { booked, completed, cancelled, noShows } = row;
  return {
    booked,
    completed,
    cancelled,
    noShows,
    completionRate: percent(completed, booked),
    cancellationRate: percent(cancelled, booked),
    noShowRate: percent(noShows, booked),
    disclosure: {
      counted: `Appointments starting ${describePeriod(period)} (${period.timeZone}), every ` +
        `status; rates are shares of the ${booked} booked.`,
      rows: booked,
    },
  };
}

/** Working-hours minutes from the first day to the last, closed dates left out. */
async function openMinutes(db: Db, clinicId: string, period: ReportPeriod): Promise<number> {
  const [hours, closed] = await Promise.all([
    getWorkingHours(db, clinicId),
    listClosedDates(db, clinicId, { from: period.start, to: period.end }),
  ]);
  const perWeekday = new Map(
    hours.map((h) => [h.weekday, minutesOfDay(h.closesAt) - minutesOfDay(h.opensAt)]),
  );
  const closedDates = new Set(closed.map((c) => c.date));
  let total = 0;
  for (const date of datesBetween(period.start, period.end)) {
    if (!closedDates.has(date)) total += perWeekday.get(weekdayOf(date)) ?? 0;
  }
  return total;
}

export async function utilisationFigures(
  db: Db,
  clinicId: string,
  period: ReportPeriod,
): Promise<UtilisationFigures> {
  const { from, to } = periodBounds(period);
  const inPeriod = and(
    eq(appointments.clinicId, clinicId),
    gte(appointments.startsAt, from),
    lt(appointments.startsAt, to),
  );
  const keptMinutes = sql<
    number
  >`coalesce(sum(${appointments.durationMinutes}) filter (where ${KEPT}), 0)::int`;
  const keptCount = sql<number>`(count(*) filter (where ${KEPT}))::int`;
  const [open, rooms, doctors] = await Promise.all([
    openMinutes(db, clinicId, period),
    db.select({
      id: operatories.id,
      name: operatories.name,
      active: operatories.active,
      appointments: sql<number>`count(${appointments.id}) filter (where ${KEPT})::int`,
      bookedMinutes: sql<
        number
      >`coalesce(sum(${appointments.durationMinutes}) filter (where ${KEPT}), 0)::int`,
    }).from(operatories)
      .leftJoin(appointments, and(eq(appointments.operatoryId, operatories.id), inPeriod))
      .where(eq(operatories.clinicId, clinicId))
      .groupBy(operatories.id, operatories.name, operatories.active)
      .orderBy(asc(operatories.name)),
    db.select({
      id: appointments.doctorId,
      name: users.name,
      appointments: keptCount,
      bookedMinutes: keptMinutes,
    }).from(appointments)
      .innerJoin(users, eq(users.id, appointments.doctorId))
      .where(inPeriod)
      .groupBy(appointments.doctorId, users.name)
      .orderBy(asc(users.name)),
  ]);
  const row = (r: { id: string; name: string; appointments: number; bookedMinutes: number }) =>
    ({
      id: r.id,
      name: r.name,
      appointments: r.appointments,
      bookedMinutes: r.bookedMinutes,
      utilisation: percent(r.bookedMinutes, open),
    }) satisfies UtilisationRow;
  // An archived room that saw no appointment in the period is not part of it.
  const shownRooms = rooms.filter((r) => r.active || r.appointments > 0);
  const appointmentRows = shownRooms.reduce((sum, r) => sum + r.appointments, 0);
  return {
    openMinutes: open,
    operatories: shownRooms.map(row),
    doctors: doctors.map(row),
    disclosure: {
      counted:
        `Minutes of appointments starting ${
          describePeriod(period)
        }, cancelled and no-shows left out, against the ${open} minutes of working hours ` +
        `in the period (closed dates left out).`,
      rows: appointmentRows,
    },
  };
}

export async function patientFigures(
  db: Db,
  clinicId: string,
  period: ReportPeriod,
): Promise<PatientFigures> {
  const { from, to } = periodBounds(period);
  const attended = sql`${appointments.status} in ('completed', 'in_progress')`;
  const [visits, [registered]] = await Promise.all([
    db.select({
      patientId: appointments.patientId,
      before: sql<boolean>`bool_or(${appointments.startsAt} < ${at(from)})`,
    }).from(appointments)
      .where(and(eq(appointments.clinicId, clinicId), attended, lt(appointments.startsAt, to)))
      .groupBy(appointments.patientId)
      .having(sql`bool_or(${appointments.startsAt} >= ${at(from)})`),
    db.select({ n: count() }).from(patients).where(and(
      eq(patients.clinicId, clinicId),
      gte(patients.createdAt, from),
      lt(patients.createdAt, to),
    )),
  ]);
  const returning = visits.filter((v) => v.before).length;
  return {
    seen: visits.length,
    newPatients: visits.length - returning,
    returning,
    registered: registered.n,
    disclosure: {
      counted:
        `Patients with a completed or started appointment ${
          describePeriod(period)
        }; new when they had none before ${period.start}. Registered counts records created in ` +
        `the period.`,
      rows: visits.length,
    },
  };
}

export async function labFigures(
  db: Db,
  clinicId: string,
  period: ReportPeriod,
): Promise<LabFigures> {
  const { from, to } = periodBounds(period);
  // Distinct column names: drizzle leaves a subquery's aliased columns unqualified.
  const sent = db.select({
    caseId: labCaseEvents.caseId,
    at: sql<Date>`min(${labCaseEvents.createdAt})`.as("sent_at"),
  }).from(labCaseEvents)
    .where(and(eq(labCaseEvents.clinicId, clinicId), eq(labCaseEvents.toStatus, "sent_to_lab")))
    .groupBy(labCaseEvents.caseId).as("sent");
  const delivered = db.select({
    caseId: labCaseEvents.caseId,
    at: sql<Date>`min(${labCaseEvents.createdAt})`.as("delivered_at"),
  }).from(labCaseEvents)
    .where(and(eq(labCaseEvents.clinicId, clinicId), eq(labCaseEvents.toStatus, "delivered")))
    .groupBy(labCaseEvents.caseId).as("delivered");
  // UTC calendar dates, whatever the session's time zone: the notes' off-by-one fix.
  const utcDate = (at: typeof sent.at) => sql`(${at} at time zone 'UTC')::date`;
  const rows = await db.select({
    number: labCases.number,
    sentOn: sql<string>`${utcDate(sent.at)}::text`,
    deliveredOn: sql<string>`${utcDate(delivered.at)}::text`,
    days: sql<number>`(${utcDate(delivered.at)} - ${utcDate(sent.at)})::int`,
  }).from(labCases)
    .innerJoin(delivered, eq(delivered.caseId, labCases.id))
    .innerJoin(sent, eq(sent.caseId, labCases.id))
    .where(and(
      eq(labCases.clinicId, clinicId),
      sql`${delivered.at} >= ${at(from)}`,
      sql`${delivered.at} < ${at(to)}`,
    ))
    .orderBy(asc(labCases.number));
  const days = rows.map((r) => r.days).sort((a, b) => a - b);
  const median = days.length === 0
    ? null
    : days.length % 2
    ? days[(days.length - 1) / 2]
    : oneDecimal((days[days.length / 2 - 1] + days[days.length / 2]) / 2);
  return {
    delivered: rows.length,
    averageDays: days.length ? oneDecimal(days.reduce((a, b) => a + b, 0) / days.length) : null,
    medianDays: median,
    longestDays: days.length ? days[days.length - 1] : null,
    cases: rows.map((r) => ({
      caseNumber: formatCaseNumber(r.number),
      sentOn: r.sentOn,
      deliveredOn: r.deliveredOn,
      days: r.days,
    })),
    disclosure: {
      counted: `Lab cases first marked delivered ${describePeriod(period)} that had been sent ` +
        `to the lab; days run from the UTC date of sending to the UTC date of delivery.`,
      rows: rows.length,
    },
  };
}

export async function consumptionFigures(
  db: Db,
  clinicId: string,
  period: ReportPeriod,
): Promise<ConsumptionFigures> {
  const { from, to } = periodBounds(period);
  const rows = await db.select({
    name: inventoryItems.name,
    unit: inventoryItems.unit,
    quantity: sql<number>`(-sum(${inventoryMovements.delta}))::int`,
    movements: sql<number>`count(*)::int`,
  }).from(inventoryMovements)
    .innerJoin(inventoryItems, eq(inventoryItems.id, inventoryMovements.itemId))
    .where(and(
      eq(inventoryMovements.clinicId, clinicId),
      inArray(inventoryMovements.kind, ["consume", "return"]),
      gte(inventoryMovements.createdAt, from),
      lt(inventoryMovements.createdAt, to),
    ))
    .groupBy(inventoryItems.id, inventoryItems.name, inventoryItems.unit);
  const used = rows.filter((r) => r.quantity > 0)
    .sort((a, b) => b.quantity - a.quantity || a.name.localeCompare(b.name));
  const movements = rows.reduce((sum, r) => sum + r.movements, 0);
  return {
    units: used.reduce((sum, r) => sum + r.quantity, 0),
    items: used.map(({ name, unit, quantity }) => ({ name, unit, quantity })),
    disclosure: {
      counted: `Stock movements of kind consume or return ${
        describePeriod(period)
      }, net per item; ${plural(used.length, "item")} used.`,
      rows: movements,
    },
  };
}

export async function periodFigures(
  db: Db,
  clinicId: string,
  period: ReportPeriod,
  now: Date,
): Promise<PeriodFigures> {
  const [throughput, utilisation, patientsSeen, lab, consumption, billing, revenue] = await Promise
    .all([
      throughputFigures(db, clinicId, period),
      utilisationFigures(db, clinicId, period),
      patientFigures(db, clinicId, period),
      labFigures(db, clinicId, period),
      consumptionFigures(db, clinicId, period),
      billingFigures(db, clinicId, period, now),
      revenueTrend(db, clinicId, period),
    ]);
  return {
    period,
    throughput,
    utilisation,
    patients: patientsSeen,
    lab,
    consumption,
    billing,
    revenue,
  };
}

export async function lowStockNow(
  db: Db,
  clinicId: string,
): Promise<{ items: LowStockLine[]; disclosure: { counted: string; rows: number } }> {
  const items = await lowStockItems(db, clinicId);
  return {
    items: items.map((i) => ({
      id: i.id,
      name: i.name,
      unit: i.unit,
      onHand: i.onHand,
      reorderThreshold: i.reorderThreshold,
    })),
    disclosure: {
      counted: "Inventory items not archived whose stock on hand is at or below their reorder " +
        "threshold when the report was generated.",
      rows: items.length,
    },
  };
}
