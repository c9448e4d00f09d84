/**
 * Instants and a clinic's wall clock. Appointments are stored as UTC
 * instants; working hours, closed dates and everything shown or returned are
 * in the clinic's IANA time zone (`clinics.time_zone`, Asia/Karachi by default).
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinics } from "../db/schema.ts";
// The calendar island shares these conversions; they live where the browser can import them.
import {
  instantAt,
  isoWithOffset,
  isTimeZone,
  offsetMinutesAt,
  wallTime,
} from "../calendar/zoned-time.ts";

/** A moment as the clinic's clock and calendar show it. */
export interface WallClock {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const pad = (n: number) => String(n).padStart(2, "0");

export { isTimeZone };

/** Minutes the zone is ahead of UTC at `instant` (300 for Asia/Karachi). */
export const offsetMinutes = offsetMinutesAt;

export function wallClock(instant: Date, timeZone: string): WallClock {
  const { date, minute } = wallTime(instant, timeZone);
  return { date, weekday: new Date(`${date}T00:00:00Z`).getUTCDay(), minutes: minute };
}

/** ISO 8601 with the clinic's offset at that instant: `2026-11-23T09:00:00+05:00`. */
export const toClinicIso = isoWithOffset;

/**
 * The instant at which the clinic's clock reads `minutes` past midnight on
 * `date`; inside a daylight-saving gap, the instant the clock jumps past.
 */
export const fromWallClock = instantAt;

/** `date` plus `days` calendar days, both YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(":").map(Number);
  return hours * 60 + minutes;
}

/** `540` → `09:00`. */
export function clockTime(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** `Mon 23 Nov 2026`, for messages that must not depend on the reader's locale. */
export function describeDate(date: string): string {
  const [year, month, day] = date.split("-").map(Number);
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return `${WEEKDAYS[weekday]} ${day} ${MONTHS[month - 1]} ${year}`;
}

/** `Mon 23 Nov 2026, 09:00–09:30` in the clinic's zone. */
export function describeSlot(startsAt: Date, durationMinutes: number, timeZone: string): string {
  const start = wallClock(startsAt, timeZone);
  const end = wallClock(new Date(startsAt.getTime() + durationMinutes * 60_000), timeZone);
  return `${describeDate(start.date)}, ${clockTime(start.minutes)}–${clockTime(end.minutes)}`;
}

export async function clinicTimeZone(db: Db, clinicId: string): Promise<string> {
  const [clinic] = await db.select({ timeZone: clinics.timeZone }).from(clinics).where(
    eq(clinics.id, clinicId),
  );
  return clinic?.timeZone ?? "Asia/Karachi";
}
