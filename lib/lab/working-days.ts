/**
 * Lab turnaround counts the clinic's working days: a weekday the clinic does
 * not open (Settings → working hours) and a closed date (a holiday) are not
 * counted. A clinic that has set no hours at all opens every day, as
 * booking assumes (lib/appointments/working-hours.ts).
 *
 * @example
 * ```ts
 * const calendar = await loadWorkingCalendar(db, clinicId, "2026-12-01");
 * addWorkingDays("2026-12-01", 5, calendar); // "2026-12-08" with Sundays closed
 * ```
 */
import type { Db } from "../db/client.ts";
import { getWorkingHours, listClosedDates } from "../appointments/working-hours.ts";
import { addDays, weekdayOf } from "../calendar/calendar-dates.ts";

export interface WorkingCalendar {
  /** Weekdays the clinic opens, 0 = Sunday; all seven when no hours are set. */
  openWeekdays: ReadonlySet<number>;
  closedDates: ReadonlySet<string>;
}

/** How far ahead closed dates are read: longer than any turnaround plus its margin. */
const HORIZON_DAYS = 400;

export async function loadWorkingCalendar(
  db: Db,
  clinicId: string,
  from: string,
): Promise<WorkingCalendar> {
  const [hours, closed] = await Promise.all([
    getWorkingHours(db, clinicId),
    listClosedDates(db, clinicId, { from, to: addDays(from, HORIZON_DAYS) }),
  ]);
  return workingCalendar(hours, closed);
}

/** The working calendar of opening hours and closed dates already loaded. */
export function workingCalendar(
  hours: readonly { weekday: number }[],
  closed: readonly { date: string }[],
): WorkingCalendar {
  return {
    openWeekdays: new Set(hours.length ? hours.map((h) => h.weekday) : [0, 1, 2, 3, 4, 5, 6]),
    closedDates: new Set(closed.map((c) => c.date)),
  };
}

export function isWorkingDay(date: string, calendar: WorkingCalendar): boolean {
  return calendar.openWeekdays.has(weekdayOf(date)) && !calendar.closedDates.has(date);
}

/**
 * The `days`-th working day after `from` (`from` itself never counts: a case
 * sent today with a one-day turnaround is due the next working day).
 */
export function addWorkingDays(from: string, days: number, calendar: WorkingCalendar): string {
  // A clinic closed every day would loop forever; fall back to calendar days.
  if (calendar.openWeekdays.size === 0) return addDays(from, days);
  let date = from;
  let counted = 0;
  for (let guard = 0; counted < days && guard < HORIZON_DAYS * 2; guard++) {
    date = addDays(date, 1);
    if (isWorkingDay(date, calendar)) counted++;
  }
  return date;
}
