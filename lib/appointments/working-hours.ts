/**
 * When a clinic is open (release notes, "Calendar & Appointments"): opening
 * hours per weekday and closed dates such as holidays, both on the clinic's
 * own clock. Booking into closed time needs an explicit override.
 */
import { and, asc, eq, gte, lte } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinicClosedDates, clinicWorkingHours } from "../db/schema.ts";
import { recordActivity } from "../activity-log.ts";
import { AppError, badRequest, notFound } from "../errors.ts";
import { clockTime, describeDate, describeSlot, minutesOfDay, wallClock } from "../time/zoned.ts";
import { addDays } from "../calendar/calendar-dates.ts";

export const WEEKDAY_NAMES = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
];

export interface OpeningHours {
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** HH:MM on the clinic's clock. */
  opensAt: string;
  closesAt: string;
}

export interface ClosedDate {
  /** YYYY-MM-DD on the clinic's calendar. */
  date: string;
  reason: string;
}

/** The days the clinic opens, Sunday first; a weekday not listed is closed. */
export async function getWorkingHours(db: Db, clinicId: string): Promise<OpeningHours[]> {
  const rows = await db.select().from(clinicWorkingHours)
    .where(eq(clinicWorkingHours.clinicId, clinicId))
    .orderBy(asc(clinicWorkingHours.weekday));
  return rows.map((row) => ({
    weekday: row.weekday,
    opensAt: row.opensAt.slice(0, 5),
    closesAt: row.closesAt.slice(0, 5),
  }));
}

/** Replaces the weekly hours: the weekdays given open at those times, the others close. */
export async function setWorkingHours(
  db: Db,
  input: { clinicId: string; hours: OpeningHours[]; actorId: string },
): Promise<OpeningHours[]> {
  const seen = new Set<number>();
  for (const day of input.hours) {
    if (seen.has(day.weekday)) {
      throw badRequest(`${WEEKDAY_NAMES[day.weekday]} is listed twice`);
    }
    seen.add(day.weekday);
    if (minutesOfDay(day.closesAt) <= minutesOfDay(day.opensAt)) {
      throw badRequest(
        `${
          WEEKDAY_NAMES[day.weekday]
        }: closing time ${day.closesAt} must be after opening time ${day.opensAt}`,
      );
    }
  }
  const hours = [...input.hours].sort((a, b) => a.weekday - b.weekday);
  await db.transaction(async (tx) => {
    await tx.delete(clinicWorkingHours).where(eq(clinicWorkingHours.clinicId, input.clinicId));
    if (hours.length) {
      await tx.insert(clinicWorkingHours).values(
        hours.map((day) => ({ clinicId: input.clinicId, ...day })),
      );
    }
    await recordActivity(tx, {
      clinicId: input.clinicId,
      actorId: input.actorId,
      action: "appointments.hours_changed",
      entityType: "clinic",
      entityId: input.clinicId,
      details: { hours },
    });
  });
  return hours;
}

export async function listClosedDates(
  db: Db,
  clinicId: string,
  range: { from?: string; to?: string } = {},
): Promise<ClosedDate[]> {
  return await db.select({ date: clinicClosedDates.date, reason: clinicClosedDates.reason })
    .from(clinicClosedDates)
    .where(and(
      eq(clinicClosedDates.clinicId, clinicId),
      range.from ? gte(clinicClosedDates.date, range.from) : undefined,
      range.to ? lte(clinicClosedDates.date, range.to) : undefined,
    ))
    .orderBy(asc(clinicClosedDates.date));
}

export async function addClosedDate(
  db: Db,
  input: { clinicId: string; date: string; reason: string; actorId: string },
): Promise<ClosedDate> {
  return await db.transaction(async (tx) => {
    const [row] = await tx.insert(clinicClosedDates).values({
      clinicId: input.clinicId,
      date: input.date,
      reason: input.reason,
      createdBy: input.actorId,
    }).onConflictDoNothing().returning();
    if (!row) {
      throw new AppError(409, "DUPLICATE", `${describeDate(input.date)} is already a closed date`);
    }
    await recordActivity(tx, {
      clinicId: input.clinicId,
      actorId: input.actorId,
      action: "appointments.closed_date_added",
      entityType: "clinic",
      entityId: input.clinicId,
      details: { date: input.date, reason: input.reason },
    });
    return { date: row.date, reason: row.reason };
  });
}

export async function removeClosedDate(
  db: Db,
  input: { clinicId: string; date: string; actorId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(clinicClosedDates)
      .where(and(
        eq(clinicClosedDates.clinicId, input.clinicId),
        eq(clinicClosedDates.date, input.date),
      ))
      .returning();
    if (!row) throw notFound("Closed date not found");
    await recordActivity(tx, {
      clinicId: input.clinicId,
      actorId: input.actorId,
      action: "appointments.closed_date_removed",
      entityType: "clinic",
      entityId: input.clinicId,
      details: { date: row.date, reason: row.reason },
    });
  });
}

/**
 * Why [startsAt, startsAt + durationMinutes) is closed time on the clinic's
 * clock, or null when the clinic is open throughout. A clinic that has not
 * set any hours is not limited by them (only by its closed dates), so a new
 * clinic can book before it configures anything.
 */
export async function closedTimeReason(
  db: Db,
  input: { clinicId: string; timeZone: string; startsAt: Date; durationMinutes: number },
): Promise<string | null> {
  const start = wallClock(input.startsAt, input.timeZone);
  const endInstant = new Date(input.startsAt.getTime() + input.durationMinutes * 60_000);
  const end = wallClock(endInstant, input.timeZone);
  const slot = describeSlot(input.startsAt, input.durationMinutes, input.timeZone);

  const [closed] = await db.select({ reason: clinicClosedDates.reason })
    .from(clinicClosedDates)
    .where(and(
      eq(clinicClosedDates.clinicId, input.clinicId),
      eq(clinicClosedDates.date, start.date),
    ));
  if (closed) return `The clinic is closed on ${describeDate(start.date)} (${closed.reason})`;

  const hours = await getWorkingHours(db, input.clinicId);
  if (hours.length === 0) return null;
  const day = hours.find((h) => h.weekday === start.weekday);
  if (!day) return `The clinic is closed on ${WEEKDAY_NAMES[start.weekday]}s`;

  // An appointment ending exactly at midnight ends at minute 1440 of its own day.
  const endMinutes = end.date === start.date
    ? end.minutes
    : end.date === addDays(start.date, 1) && end.minutes === 0
    ? 24 * 60
    : Infinity;
  const opens = minutesOfDay(day.opensAt);
  const closes = minutesOfDay(day.closesAt);
  if (start.minutes < opens || endMinutes > closes) {
    return `${slot} is outside working hours (${WEEKDAY_NAMES[start.weekday]} ${clockTime(opens)}–${
      clockTime(closes)
    })`;
  }
  return null;
}
