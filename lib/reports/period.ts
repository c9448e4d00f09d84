/**
 * The days a report covers: by default the thirty days ending today on the
 * clinic's clock, compared with the thirty before. Periods are clinic
 * calendar days; queries take them as UTC instants from the first day's
 * midnight to the midnight after the last day, in the clinic's zone.
 */
import { z } from "zod";
import { addDays } from "../calendar/calendar-dates.ts";
import { fromWallClock, localDateOf } from "../time/zoned.ts";
import { badRequest } from "../errors.ts";
import type { ReportPeriod } from "./figures.ts";

export const DEFAULT_PERIOD_DAYS = 30;
export const MAX_PERIOD_DAYS = 366;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date as YYYY-MM-DD").refine(
  (value) =>
    !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
    new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
  "Not a calendar date",
);

/** The body of "Generate report": both dates, or neither for the default period. */
export const generateReportSchema = z.object({
  from: day.optional(),
  to: day.optional(),
}).strict();

export type GenerateReportInput = z.infer<typeof generateReportSchema>;

export function daysBetween(start: string, end: string): number {
  return Math.round(
    (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000,
  ) + 1;
}

export function periodOf(start: string, end: string, timeZone: string): ReportPeriod {
  return { start, end, days: daysBetween(start, end), timeZone };
}

/** The period asked for, checked: a start before the end, at most a year, not in the future. */
export function chosenPeriod(
  input: GenerateReportInput,
  timeZone: string,
  now: Date,
): ReportPeriod {
  const today = localDateOf(now, timeZone);
  if (!input.from && !input.to) {
    return periodOf(addDays(today, -(DEFAULT_PERIOD_DAYS - 1)), today, timeZone);
  }
  if (!input.from || !input.to) throw badRequest("Give both dates of the period, or neither.");
  if (input.from > input.to) throw badRequest("The period must start before it ends.");
  if (input.to > today) throw badRequest("The period cannot end after today.");
  if (daysBetween(input.from, input.to) > MAX_PERIOD_DAYS) {
    throw badRequest(`A report covers at most ${MAX_PERIOD_DAYS} days.`);
  }
  return periodOf(input.from, input.to, timeZone);
}

/** The equally long period ending the day before `period` starts. */
export function previousPeriod(period: ReportPeriod): ReportPeriod {
  const end = addDays(period.start, -1);
  return periodOf(addDays(end, -(period.days - 1)), end, period.timeZone);
}

/** The period as instants: [from, to). */
export function periodBounds(period: ReportPeriod): { from: Date; to: Date } {
  return {
    from: fromWallClock(period.start, 0, period.timeZone),
    to: fromWallClock(addDays(period.end, 1), 0, period.timeZone),
  };
}

const LONG = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

/** `1 Nov 2026 – 30 Nov 2026`. */
export function describePeriod(period: { start: string; end: string }): string {
  const f = (d: string) => LONG.format(new Date(`${d}T00:00:00Z`));
  return `${f(period.start)} – ${f(period.end)}`;
}
