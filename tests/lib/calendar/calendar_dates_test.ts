import { assertEquals } from "../../support/assert.ts";
import {
  addMonths,
  monthGrid,
  parseCalendarDate,
  startOfWeek,
  stepDate,
  viewRange,
  viewTitle,
} from "../../../lib/calendar/calendar-dates.ts";

Deno.test("a week starts on Monday, whichever day of it is asked for", () => {
  assertEquals(startOfWeek("2026-11-23"), "2026-11-23");
  assertEquals(startOfWeek("2026-11-26"), "2026-11-23");
  assertEquals(startOfWeek("2026-11-29"), "2026-11-23");
  assertEquals(startOfWeek("2026-03-01"), "2026-02-23");
});

Deno.test("a Karachi week runs from Monday 00:00 PKT for exactly seven days", () => {
  const range = viewRange("week", "2026-11-26", "Asia/Karachi");
  assertEquals(range.days[0], "2026-11-23");
  assertEquals(range.days[6], "2026-11-29");
  assertEquals(range.from.toISOString(), "2026-11-22T19:00:00.000Z");
  assertEquals(range.to.toISOString(), "2026-11-29T19:00:00.000Z");
  assertEquals(range.to.getTime() - range.from.getTime(), 7 * 24 * 3_600_000);
});

Deno.test("a London week across the spring clock change is an hour short, and ends at local midnight", () => {
  // Clocks go forward on Sunday 29 March 2026.
  const spring = viewRange("week", "2026-03-25", "Europe/London");
  assertEquals(spring.from.toISOString(), "2026-03-23T00:00:00.000Z");
  assertEquals(spring.to.toISOString(), "2026-03-29T23:00:00.000Z");
  assertEquals(spring.to.getTime() - spring.from.getTime(), 167 * 3_600_000);
  // ...and back on Sunday 25 October 2026.
  const autumn = viewRange("week", "2026-10-21", "Europe/London");
  assertEquals(autumn.from.toISOString(), "2026-10-18T23:00:00.000Z");
  assertEquals(autumn.to.toISOString(), "2026-10-26T00:00:00.000Z");
  assertEquals(autumn.to.getTime() - autumn.from.getTime(), 169 * 3_600_000);
});

Deno.test("a month grid covers whole Monday-to-Sunday weeks around the month", () => {
  const weeks = monthGrid("2026-11-15");
  assertEquals(weeks[0][0], "2026-10-26");
  assertEquals(weeks.at(-1)!.at(-1), "2026-12-06");
  assertEquals(weeks.length, 6);
  assertEquals(weeks.every((week) => week.length === 7), true);
  // February 2027 begins on a Monday and fills exactly four weeks.
  assertEquals(monthGrid("2027-02-10").length, 4);
  const range = viewRange("month", "2026-11-15", "Asia/Karachi");
  assertEquals(range.days.length, 42);
  assertEquals(range.from.toISOString(), "2026-10-25T19:00:00.000Z");
});

Deno.test("the arrows step a day, a week or a month, keeping month ends valid", () => {
  assertEquals(stepDate("day", "2026-12-31", 1), "2027-01-01");
  assertEquals(stepDate("week", "2026-11-26", -1), "2026-11-19");
  assertEquals(stepDate("month", "2026-01-31", 1), "2026-02-28");
  assertEquals(addMonths("2028-03-31", -1), "2028-02-29");
  assertEquals(stepDate("month", "2026-12-15", 1), "2027-01-15");
});

Deno.test("only real calendar dates are accepted from a URL", () => {
  assertEquals(parseCalendarDate("2026-11-23"), "2026-11-23");
  assertEquals(parseCalendarDate("2026-02-30"), null);
  assertEquals(parseCalendarDate("23/11/2026"), null);
  assertEquals(parseCalendarDate(""), null);
  assertEquals(parseCalendarDate(null), null);
});

Deno.test("view titles name the day, the week's span and the month", () => {
  assertEquals(viewTitle("day", "2026-11-23"), "Monday, 23 November 2026");
  assertEquals(viewTitle("week", "2026-11-10"), "9 – 15 Nov 2026");
  assertEquals(viewTitle("week", "2026-11-26"), "23 – 29 Nov 2026");
  assertEquals(viewTitle("week", "2026-12-02"), "30 Nov – 6 Dec 2026");
  assertEquals(viewTitle("week", "2026-12-30"), "28 Dec 2026 – 3 Jan 2027");
  assertEquals(viewTitle("month", "2026-11-23"), "November 2026");
});
