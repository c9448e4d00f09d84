import { assertEquals } from "../../support/assert.ts";
import {
  instantAt,
  isoWithOffset,
  isTimeZone,
  localDateOf,
  minuteOfDay,
  offsetMinutesAt,
} from "../../../lib/calendar/zoned-time.ts";

Deno.test("Karachi wall clock is UTC+5 all year", () => {
  const instant = instantAt("2026-11-23", 10 * 60, "Asia/Karachi");
  assertEquals(instant.toISOString(), "2026-11-23T05:00:00.000Z");
  assertEquals(isoWithOffset(instant, "Asia/Karachi"), "2026-11-23T10:00:00+05:00");
  assertEquals(offsetMinutesAt(new Date("2026-06-01T00:00:00Z"), "Asia/Karachi"), 300);
  // 23:30 UTC on the 22nd is already the 23rd in Karachi.
  const late = new Date("2026-11-22T23:30:00Z");
  assertEquals(localDateOf(late, "Asia/Karachi"), "2026-11-23");
  assertEquals(minuteOfDay(late, "Asia/Karachi"), 4 * 60 + 30);
});

Deno.test("London wall clock follows the clock changes", () => {
  assertEquals(
    isoWithOffset(instantAt("2026-03-28", 870, "Europe/London"), "Europe/London"),
    "2026-03-28T14:30:00+00:00",
  );
  assertEquals(
    isoWithOffset(instantAt("2026-03-30", 870, "Europe/London"), "Europe/London"),
    "2026-03-30T14:30:00+01:00",
  );
  assertEquals(
    instantAt("2026-03-30", 870, "Europe/London").toISOString(),
    "2026-03-30T13:30:00.000Z",
  );
  // 01:30 does not exist on 29 March: the clock jumps from 01:00 to 02:00.
  assertEquals(
    instantAt("2026-03-29", 90, "Europe/London").toISOString(),
    "2026-03-29T01:30:00.000Z",
  );
  // Midnight at the end of the day is the next day's start.
  assertEquals(
    instantAt("2026-03-29", 1440, "Europe/London").toISOString(),
    "2026-03-29T23:00:00.000Z",
  );
  assertEquals(offsetMinutesAt(new Date("2026-10-25T00:30:00Z"), "Europe/London"), 60);
  assertEquals(offsetMinutesAt(new Date("2026-10-25T01:30:00Z"), "Europe/London"), 0);
});

Deno.test("on the day of a clock change each instant keeps its own offset", () => {
  // 29 March 2026: 00:30 UTC is 00:30 GMT, 01:30 UTC is 02:30 BST.
  assertEquals(
    isoWithOffset(new Date("2026-03-29T00:30:00Z"), "Europe/London"),
    "2026-03-29T00:30:00+00:00",
  );
  assertEquals(
    isoWithOffset(new Date("2026-03-29T01:30:00Z"), "Europe/London"),
    "2026-03-29T02:30:00+01:00",
  );
  assertEquals(minuteOfDay(new Date("2026-03-29T23:30:00Z"), "Europe/London"), 30);
  assertEquals(localDateOf(new Date("2026-03-29T23:30:00Z"), "Europe/London"), "2026-03-30");
  assertEquals(
    isoWithOffset(new Date("2026-10-25T00:59:00Z"), "Europe/London"),
    "2026-10-25T01:59:00+01:00",
  );
  assertEquals(
    isoWithOffset(new Date("2026-10-25T01:00:00Z"), "Europe/London"),
    "2026-10-25T01:00:00+00:00",
  );
});

Deno.test("zones west of UTC carry a negative offset", () => {
  const instant = instantAt("2026-01-15", 9 * 60, "America/New_York");
  assertEquals(instant.toISOString(), "2026-01-15T14:00:00.000Z");
  assertEquals(isoWithOffset(instant, "America/New_York"), "2026-01-15T09:00:00-05:00");
});

Deno.test("only IANA zone names are time zones", () => {
  assertEquals(isTimeZone("Asia/Karachi"), true);
  assertEquals(isTimeZone("Mars/Olympus"), false);
});
