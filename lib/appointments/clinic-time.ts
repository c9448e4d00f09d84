/**
 * Instants and a clinic's wall clock. Appointments are stored as UTC
 * instants; working hours, closed dates and everything shown or returned are
 * in the clinic's IANA time zone (`clinics.time_zone`, Asia/Karachi by default).
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinics } from "../db/schema.ts";

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

// Building an Intl formatter costs far more than using one; the calendar converts many instants.
const formats = new Map<string, Intl.DateTimeFormat>();
function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formats.set(timeZone, format);
  }
  return format;
}

function localFields(instant: Date, timeZone: string) {
  const fields: Record<string, number> = {};
  for (const part of partsFormat(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return fields as Record<"year" | "month" | "day" | "hour" | "minute" | "second", number>;
}

export function isTimeZone(value: string): boolean {
  try {
    partsFormat(value);
    return true;
  } catch {
    return false;
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** Minutes the zone is ahead of UTC at `instant` (300 for Asia/Karachi). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const f = localFields(instant, timeZone);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

export function wallClock(instant: Date, timeZone: string): WallClock {
  const f = localFields(instant, timeZone);
  const date = `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`;
  return {
    date,
    weekday: new Date(`${date}T00:00:00Z`).getUTCDay(),
    minutes: f.hour * 60 + f.minute,
  };
}

/** ISO 8601 with the clinic's offset at that instant: `2026-11-23T09:00:00+05:00`. */
export function toClinicIso(instant: Date, timeZone: string): string {
  const f = localFields(instant, timeZone);
  const offset = offsetMinutes(instant, timeZone);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${
    pad(f.second)
  }${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * The instant at which the clinic's clock reads `minutes` past midnight on
 * `date`. In a gap left by a daylight-saving jump it answers the instant the
 * clock jumps past, as Temporal's "compatible" disambiguation does.
 */
export function fromWallClock(date: string, minutes: number, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number);
  const asUtc = Date.UTC(year, month - 1, day, 0, minutes);
  let instant = asUtc - offsetMinutes(new Date(asUtc), timeZone) * 60_000;
  // The offset at the guess can differ from the offset at the answer near a transition.
  instant = asUtc - offsetMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
}

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
