/**
 * Calendar dates (YYYY-MM-DD, no time, no zone) and the days each calendar
 * view shows. Weeks start on Monday. The instants a view spans depend on the
 * clinic's zone: a London week that crosses a clock change is 167 or 169
 * hours long, which is why `viewRange` asks the zone for both ends.
 *
 * @example
 * ```ts
 * startOfWeek("2026-11-26"); // "2026-11-23" (a Monday)
 * viewRange("week", "2026-11-26", "Asia/Karachi").from.toISOString(); // "2026-11-22T19:00:00.000Z"
 * ```
 */
import { fromWallClock } from "../time/zoned.ts";

export const CALENDAR_VIEWS = ["day", "week", "month"] as const;
export type CalendarView = typeof CALENDAR_VIEWS[number];

export function isCalendarView(value: unknown): value is CalendarView {
  return (CALENDAR_VIEWS as readonly unknown[]).includes(value);
}

const asUtc = (date: string) => new Date(`${date}T00:00:00Z`);
const ymd = (d: Date) => d.toISOString().slice(0, 10);

/** The date itself when it is a real YYYY-MM-DD calendar date; null otherwise (2026-02-30 too). */
export function parseCalendarDate(value: string | null | undefined): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const parsed = asUtc(value);
  return !Number.isNaN(parsed.getTime()) && ymd(parsed) === value ? value : null;
}

/** `date` plus `days` calendar days, both YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  const d = asUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return ymd(d);
}

/** Same day of the month `months` later, clamped to that month's last day (31 Jan + 1 → 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split("-").map(Number);
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(day, last));
  return ymd(first);
}

/** 0 = Sunday … 6 = Saturday, as the working-hours table counts. */
export function weekdayOf(date: string): number {
  return asUtc(date).getUTCDay();
}

export function startOfWeek(date: string): string {
  return addDays(date, -((weekdayOf(date) + 6) % 7));
}

export function startOfMonth(date: string): string {
  return `${date.slice(0, 8)}01`;
}

/** The dates from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Whole weeks (Monday to Sunday) covering the month of `date`: 4 to 6 rows of 7. */
export function monthGrid(date: string): string[][] {
  const first = startOfMonth(date);
  const last = addDays(addMonths(first, 1), -1);
  const days = datesBetween(startOfWeek(first), addDays(startOfWeek(last), 6));
  const weeks: string[][] = [];
  for (let i = 0; i < days.length; i += 7) weeks.push(days.slice(i, i + 7));
  return weeks;
}

/** The days a view of `date` shows, in order. */
export function visibleDays(view: CalendarView, date: string): string[] {
  if (view === "day") return [date];
  if (view === "week") {
    const monday = startOfWeek(date);
    return datesBetween(monday, addDays(monday, 6));
  }
  return monthGrid(date).flat();
}

export interface ViewRange {
  days: string[];
  /** Local midnight starting the first day. */
  from: Date;
  /** Local midnight ending the last day (exclusive). */
  to: Date;
}

export function viewRange(view: CalendarView, date: string, timeZone: string): ViewRange {
  const days = visibleDays(view, date);
  return {
    days,
    from: fromWallClock(days[0], 0, timeZone),
    to: fromWallClock(addDays(days[days.length - 1], 1), 0, timeZone),
  };
}

/** The date the previous (-1) or next (+1) arrow of a view goes to. */
export function stepDate(view: CalendarView, date: string, direction: -1 | 1): string {
  if (view === "day") return addDays(date, direction);
  if (view === "week") return addDays(date, 7 * direction);
  return addMonths(date, direction);
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

const dayOf = (date: string) => Number(date.slice(8, 10));
const monthOf = (date: string) => Number(date.slice(5, 7));
const yearOf = (date: string) => Number(date.slice(0, 4));

/** `November 2026`. */
export function monthTitle(date: string): string {
  return `${MONTHS[monthOf(date) - 1]} ${yearOf(date)}`;
}

/** `Mon`, `Tuesday`: English names, independent of the server's locale. */
export function weekdayName(date: string, length: "short" | "long" = "short"): string {
  const name = WEEKDAYS[weekdayOf(date)];
  return length === "long" ? name : name.slice(0, 3);
}

/** `23 Nov`, `23 November 2026`. */
export function dayMonth(date: string, withYear = false): string {
  const month = MONTHS[monthOf(date) - 1];
  return withYear
    ? `${dayOf(date)} ${month} ${yearOf(date)}`
    : `${dayOf(date)} ${month.slice(0, 3)}`;
}

/** The heading of a view: `Monday, 23 November 2026`, `23 – 29 Nov 2026`, `November 2026`. */
export function viewTitle(view: CalendarView, date: string): string {
  if (view === "day") return `${weekdayName(date, "long")}, ${dayMonth(date, true)}`;
  if (view === "month") return monthTitle(date);
  const first = startOfWeek(date);
  const last = addDays(first, 6);
  const year = yearOf(last);
  if (monthOf(first) === monthOf(last)) {
    return `${dayOf(first)} – ${dayMonth(last)} ${year}`;
  }
  return yearOf(first) === year
    ? `${dayMonth(first)} – ${dayMonth(last)} ${year}`
    : `${dayMonth(first)} ${yearOf(first)} – ${dayMonth(last)} ${year}`;
}

/** The value itself when it is a YYYY-MM month; null otherwise (the mini calendar's `?mini=`). */
export function parseCalendarMonth(value: string | null | undefined): string | null {
  if (!value || !/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) return null;
  return value;
}
