/**
 * When the clinic is open on each shown day, and the hours the time grid
 * spans. A weekday without working hours, or a closed date, is a closed day
 * (cross-hatched in the week and month views); a clinic that has set no hours
 * at all is treated as open all day, as booking treats it.
 *
 * @example
 * ```ts
 * const days = daySchedules(["2026-11-22", "2026-11-23"], [
 *   { weekday: 1, opensAt: "09:00:00", closesAt: "17:00:00" },
 * ], []);
 * // 22 Nov (Sunday) closed; 23 Nov open 540–1020
 * gridHours(days, []); // { startMinute: 480, endMinute: 1080 }
 * ```
 */
import { SLOT_MINUTES } from "./slots.ts";
import { weekdayOf } from "./calendar-dates.ts";

export interface WorkingHoursRow {
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** `HH:MM` or `HH:MM:SS`, the clinic's local time. */
  opensAt: string;
  closesAt: string;
}

export interface ClosedDateRow {
  date: string;
  reason: string;
}

export interface DaySchedule {
  date: string;
  closed: boolean;
  /** Why a closed date is closed (the holiday's name); absent for a closed weekday. */
  closedReason?: string;
  /** Opening and closing minute of day; null on a closed day. */
  opens: number | null;
  closes: number | null;
}

export function minutesOfTime(time: string): number {
  const [hours, minutes] = time.split(":").map(Number);
  return hours * 60 + minutes;
}

export function daySchedules(
  days: readonly string[],
  hours: readonly WorkingHoursRow[],
  closedDates: readonly ClosedDateRow[],
): DaySchedule[] {
  const byWeekday = new Map(hours.map((row) => [row.weekday, row]));
  const holidays = new Map(closedDates.map((row) => [row.date, row.reason]));
  const unlimited = hours.length === 0;
  return days.map((date) => {
    const reason = holidays.get(date);
    if (reason !== undefined) {
      return { date, closed: true, closedReason: reason, opens: null, closes: null };
    }
    if (unlimited) return { date, closed: false, opens: 0, closes: 24 * 60 };
    const row = byWeekday.get(weekdayOf(date));
    if (!row) return { date, closed: true, opens: null, closes: null };
    return {
      date,
      closed: false,
      opens: minutesOfTime(row.opensAt),
      closes: minutesOfTime(row.closesAt),
    };
  });
}

/** Hours shown when nothing narrows them: a clinic without hours, or a week closed throughout. */
const DEFAULT_GRID = { startMinute: 8 * 60, endMinute: 20 * 60 };
const HOUR = 60;

/**
 * The grid spans the working hours of the shown days with an hour either
 * side, widened to whole hours that hold every shown appointment (one booked
 * into closed time with an override still appears).
 */
export function gridHours(
  days: readonly DaySchedule[],
  appointments: readonly { startMinute: number; endMinute: number }[],
): { startMinute: number; endMinute: number } {
  const open = days.filter((d) => !d.closed && !(d.opens === 0 && d.closes === 24 * HOUR));
  let start = open.length
    ? Math.min(...open.map((d) => d.opens!)) - HOUR
    : DEFAULT_GRID.startMinute;
  let end = open.length ? Math.max(...open.map((d) => d.closes!)) + HOUR : DEFAULT_GRID.endMinute;
  for (const a of appointments) {
    start = Math.min(start, a.startMinute);
    end = Math.max(end, a.endMinute);
  }
  start = Math.max(0, Math.floor(start / HOUR) * HOUR);
  end = Math.min(24 * HOUR, Math.ceil(end / HOUR) * HOUR);
  return { startMinute: start, endMinute: Math.max(end, start + 4 * SLOT_MINUTES) };
}

/** Closed stretches of an open day inside the grid, for light shading; a closed day is all closed. */
export function closedStretches(
  day: DaySchedule,
  grid: { startMinute: number; endMinute: number },
): { from: number; to: number }[] {
  if (day.closed) return [{ from: grid.startMinute, to: grid.endMinute }];
  const stretches: { from: number; to: number }[] = [];
  if (day.opens! > grid.startMinute) {
    stretches.push({ from: grid.startMinute, to: Math.min(day.opens!, grid.endMinute) });
  }
  if (day.closes! < grid.endMinute) {
    stretches.push({ from: Math.max(day.closes!, grid.startMinute), to: grid.endMinute });
  }
  return stretches;
}
