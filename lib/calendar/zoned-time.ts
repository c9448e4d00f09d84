/**
 * A clinic's wall clock, computed with `Intl.DateTimeFormat` parts alone so
 * the same code runs on the server and in the calendar island (no Temporal,
 * no time-zone database of our own).
 *
 * @example
 * ```ts
 * localDateOf(new Date("2026-11-22T19:00:00Z"), "Asia/Karachi"); // "2026-11-23"
 * instantAt("2026-11-23", 600, "Asia/Karachi").toISOString(); // "2026-11-23T05:00:00.000Z"
 * isoWithOffset(new Date("2026-11-23T05:00:00Z"), "Asia/Karachi"); // "2026-11-23T10:00:00+05:00"
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
export function offsetMinutesAt(instant: Date, timeZone: string): number {
  return offsetOf(instant, fieldsAt(instant, timeZone));
}

/** The clinic's calendar date at `instant`, YYYY-MM-DD. */
export function localDateOf(instant: Date, timeZone: string): string {
  return wallTime(instant, timeZone).date;
}

/** Minutes past the clinic's local midnight at `instant`. */
export function minuteOfDay(instant: Date, timeZone: string): number {
  return wallTime(instant, timeZone).minute;
}

export interface WallTime {
  /** YYYY-MM-DD. */
  date: string;
  /** Minutes past local midnight. */
  minute: number;
  /** ISO 8601 with the zone's offset, as `isoWithOffset` gives. */
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
    const start = offsetMinutesAt(new Date(day * DAY_MS), timeZone);
    const end = offsetMinutesAt(new Date((day + 1) * DAY_MS - 1000), timeZone);
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

/** Date, minute of day and ISO form of an instant on the zone's clock. */
export function wallTime(instant: Date, timeZone: string): WallTime {
  const { f, offset } = fieldsWithOffset(instant, timeZone);
  const abs = Math.abs(offset);
  const date = `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`;
  return {
    date,
    minute: f.hour * 60 + f.minute,
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
export function instantAt(date: string, minutes: number, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number);
  const asUtc = Date.UTC(year, month - 1, day, 0, minutes);
  const offsetAt = (ms: number) => {
    const instant = new Date(ms);
    return steadyOffset(instant, timeZone) ?? offsetMinutesAt(instant, timeZone);
  };
  const guess = asUtc - offsetAt(asUtc) * 60_000;
  // Near a transition the offset at the guess differs from the one at the answer.
  return new Date(asUtc - offsetAt(guess) * 60_000);
}

/** ISO 8601 with the zone's offset at that instant: `2026-11-23T10:00:00+05:00`. */
export function isoWithOffset(instant: Date, timeZone: string): string {
  return wallTime(instant, timeZone).iso;
}

/** `600` → `10:00`. */
export function clockLabel(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}
