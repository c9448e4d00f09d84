/**
 * Instants and a clinic's wall clock. Appointments are stored as UTC
 * instants; working hours, closed dates and everything shown or returned are
 * on the clinic's clock, in its IANA time zone (`clinics.time_zone`,
 * Asia/Karachi by default; `clinicTimeZone` in ./clinic-zone.ts reads it).
 *
 * Computed with `Intl.DateTimeFormat` parts alone, and with no imports, so
 * the same code runs on the server and in the calendar islands (no Temporal,
 * no time-zone database of our own).
 *
 * @example
 * ```ts
 * localDateOf(new Date("2026-11-22T19:00:00Z"), "Asia/Karachi"); // "2026-11-23"
 * fromWallClock("2026-11-23", 600, "Asia/Karachi").toISOString(); // "2026-11-23T05:00:00.000Z"
 * toClinicIso(new Date("2026-11-23T05:00:00Z"), "Asia/Karachi"); // "2026-11-23T10:00:00+05:00"
 * describeSlot(new Date("2026-11-23T05:00:00Z"), 30, "Asia/Karachi"); // "Mon 23 Nov 2026, 10:00–10:30"
 * ```
 */

// Building an Intl formatter costs far more than using one; a week view converts hundreds of instants.
const formats = new Map<string, Intl.DateTimeFormat>();
function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      // "h23", not `hour12: false`: the latter prints midnight as 24 in some engines.
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

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function fieldsAt(instant: Date, timeZone: string): Fields {
  const fields: Record<string, number> = {};
  for (const part of partsFormat(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return fields as unknown as Fields;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

export function isTimeZone(value: string): boolean {
  try {
    partsFormat(value);
    return true;
  } catch {
    return false;
  }
}

function offsetOf(instant: Date, f: Fields): number {
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** Minutes the zone is ahead of UTC at `instant` (300 for Asia/Karachi, 60 for London in summer). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  return offsetOf(instant, fieldsAt(instant, timeZone));
}

/** The clinic's calendar date at `instant`, YYYY-MM-DD. */
export function localDateOf(instant: Date, timeZone: string): string {
  return wallClock(instant, timeZone).date;
}

/** A moment as the clinic's clock and calendar show it. */
export interface WallClock {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  /** 0 = Sunday … 6 = Saturday, as the working-hours table counts. */
  weekday: number;
  /** Minutes past local midnight. */
  minutes: number;
  /** ISO 8601 with the zone's offset, as `toClinicIso` gives. */
  iso: string;
}

// Offsets per zone and UTC day, when the day has one offset throughout (all
// but the few days of a clock change): a week view converts hundreds of
// instants, and formatToParts is the slow part of each conversion.
const DAY_MS = 86_400_000;
const dayOffsets = new Map<string, number | null>();

function steadyOffset(instant: Date, timeZone: string): number | null {
  const day = Math.floor(instant.getTime() / DAY_MS);
  const key = `${timeZone}|${day}`;
  let offset = dayOffsets.get(key);
  if (offset === undefined) {
    const start = offsetMinutes(new Date(day * DAY_MS), timeZone);
    const end = offsetMinutes(new Date((day + 1) * DAY_MS - 1000), timeZone);
    offset = start === end ? start : null;
    if (dayOffsets.size >= 10_000) dayOffsets.clear();
    dayOffsets.set(key, offset);
  }
  return offset;
}

function fieldsWithOffset(instant: Date, timeZone: string): { f: Fields; offset: number } {
  const offset = steadyOffset(instant, timeZone);
  if (offset === null) {
    const f = fieldsAt(instant, timeZone);
    return { f, offset: offsetOf(instant, f) };
  }
  const local = new Date(Math.floor(instant.getTime() / 1000) * 1000 + offset * 60_000);
  return {
    offset,
    f: {
      year: local.getUTCFullYear(),
      month: local.getUTCMonth() + 1,
      day: local.getUTCDate(),
      hour: local.getUTCHours(),
      minute: local.getUTCMinutes(),
      second: local.getUTCSeconds(),
    },
  };
}

/** Date, weekday, minute of day and ISO form of an instant on the zone's clock. */
export function wallClock(instant: Date, timeZone: string): WallClock {
  const { f, offset } = fieldsWithOffset(instant, timeZone);
  const abs = Math.abs(offset);
  const date = `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`;
  return {
    date,
    weekday: new Date(Date.UTC(f.year, f.month - 1, f.day)).getUTCDay(),
    minutes: f.hour * 60 + f.minute,
    iso: `${date}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}${offset < 0 ? "-" : "+"}${
      pad(Math.floor(abs / 60))
    }:${pad(abs % 60)}`,
  };
}

/**
 * The instant the clinic's clock reads `minutes` past midnight on `date`
 * (1440 is the next midnight). Inside a daylight-saving gap it answers the
 * instant the clock jumps past, like Temporal's "compatible" choice.
 */
export function fromWallClock(date: string, minutes: number, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number);
  const asUtc = Date.UTC(year, month - 1, day, 0, minutes);
  const offsetAt = (ms: number) => {
    const instant = new Date(ms);
    return steadyOffset(instant, timeZone) ?? offsetMinutes(instant, timeZone);
  };
  const guess = asUtc - offsetAt(asUtc) * 60_000;
  // Near a transition the offset at the guess differs from the one at the answer.
  return new Date(asUtc - offsetAt(guess) * 60_000);
}

/** ISO 8601 with the zone's offset at that instant: `2026-11-23T10:00:00+05:00`. */
export function toClinicIso(instant: Date, timeZone: string): string {
  return wallClock(instant, timeZone).iso;
}

/** `600` → `10:00`. */
export function clockTime(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** `10:00` → `600`: an `HH:MM` clock time as minutes past midnight. */
export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(":").map(Number);
  return hours * 60 + minutes;
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
