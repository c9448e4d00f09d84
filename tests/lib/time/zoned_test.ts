import { assertEquals } from "../../support/assert.ts";
import {
  describeSlot,
  fromWallClock,
  isTimeZone,
  localDateOf,
  offsetMinutes,
  toClinicIso,
  wallClock,
} from "../../../lib/time/zoned.ts";

Deno.test("Karachi wall clock is UTC+5 all year", () => {
  const instant = fromWallClock("2026-11-23", 10 * 60, "Asia/Karachi");
  assertEquals(instant.toISOString(), "2026-11-23T05:00:00.000Z");
  assertEquals(toClinicIso(instant, "Asia/Karachi"), "2026-11-23T10:00:00+05:00");
  assertEquals(offsetMinutes(new Date("2026-06-01T00:00:00Z"), "Asia/Karachi"), 300);
  // 23:30 UTC on the 22nd is already the 23rd in Karachi.
  const late = new Date("2026-11-22T23:30:00Z");
  assertEquals(localDateOf(late, "Asia/Karachi"), "2026-11-23");
  assertEquals(wallClock(late, "Asia/Karachi").minutes, 4 * 60 + 30);
});

Deno.test("London wall clock follows the clock changes", () => {
  assertEquals(
    toClinicIso(fromWallClock("2026-03-28", 870, "Europe/London"), "Europe/London"),
    "2026-03-28T14:30:00+00:00",
  );
  assertEquals(
    toClinicIso(fromWallClock("2026-03-30", 870, "Europe/London"), "Europe/London"),
    "2026-03-30T14:30:00+01:00",
  );
  assertEquals(
    fromWallClock("2026-03-30", 870, "Europe/London").toISOString(),
    "2026-03-30T13:30:00.000Z",
  );
  // 01:30 does not exist on 29 March: the clock jumps from 01:00 to 02:00.
  assertEquals(
    fromWallClock("2026-03-29", 90, "Europe/London").toISOString(),
    "2026-03-29T01:30:00.000Z",
  );
  // Midnight at the end of the day is the next day's start.
  assertEquals(
    fromWallClock("2026-03-29", 1440, "Europe/London").toISOString(),
    "2026-03-29T23:00:00.000Z",
  );
  assertEquals(offsetMinutes(new Date("2026-10-25T00:30:00Z"), "Europe/London"), 60);
  assertEquals(offsetMinutes(new Date("2026-10-25T01:30:00Z"), "Europe/London"), 0);
});

Deno.test("on the day of a clock change each instant keeps its own offset", () => {
  // 29 March 2026: 00:30 UTC is 00:30 GMT, 01:30 UTC is 02:30 BST.
  assertEquals(
    toClinicIso(new Date("2026-03-29T00:30:00Z"), "Europe/London"),
    "2026-03-29T00:30:00+00:00",
  );
  assertEquals(
    toClinicIso(new Date("2026-03-29T01:30:00Z"), "Europe/London"),
    "2026-03-29T02:30:00+01:00",
  );
  assertEquals(wallClock(new Date("2026-03-29T23:30:00Z"), "Europe/London").minutes, 30);
  assertEquals(localDateOf(new Date("2026-03-29T23:30:00Z"), "Europe/London"), "2026-03-30");
  assertEquals(
    toClinicIso(new Date("2026-10-25T00:59:00Z"), "Europe/London"),
    "2026-10-25T01:59:00+01:00",
  );
  assertEquals(
    toClinicIso(new Date("2026-10-25T01:00:00Z"), "Europe/London"),
    "2026-10-25T01:00:00+00:00",
  );
});

Deno.test("zones west of UTC carry a negative offset", () => {
  const instant = fromWallClock("2026-01-15", 9 * 60, "America/New_York");
  assertEquals(instant.toISOString(), "2026-01-15T14:00:00.000Z");
  assertEquals(toClinicIso(instant, "America/New_York"), "2026-01-15T09:00:00-05:00");
});

Deno.test("only IANA zone names are time zones", () => {
  assertEquals(isTimeZone("Asia/Karachi"), true);
  assertEquals(isTimeZone("Mars/Olympus"), false);
});

Deno.test("09:00 in Karachi is 04:00 UTC and reads back with +05:00", () => {
  const instant = fromWallClock("2030-01-07", 9 * 60, "Asia/Karachi");
  assertEquals(instant.toISOString(), "2030-01-07T04:00:00.000Z");
  assertEquals(toClinicIso(instant, "Asia/Karachi"), "2030-01-07T09:00:00+05:00");
  assertEquals(wallClock(instant, "Asia/Karachi"), {
    date: "2030-01-07",
    weekday: 1,
    minutes: 540,
    iso: "2030-01-07T09:00:00+05:00",
  });
});

Deno.test("a UTC instant late in the evening is already the next day in Karachi", () => {
  const instant = new Date("2030-01-06T20:30:00Z");
  assertEquals(wallClock(instant, "Asia/Karachi"), {
    date: "2030-01-07",
    weekday: 1,
    minutes: 90,
    iso: "2030-01-07T01:30:00+05:00",
  });
  assertEquals(toClinicIso(instant, "Asia/Karachi"), "2030-01-07T01:30:00+05:00");
});

Deno.test("zones with daylight saving get the offset of the day in question", () => {
  const summer = fromWallClock("2030-07-01", 9 * 60, "Europe/London");
  const winter = fromWallClock("2030-01-07", 9 * 60, "Europe/London");
  assertEquals(summer.toISOString(), "2030-07-01T08:00:00.000Z");
  assertEquals(winter.toISOString(), "2030-01-07T09:00:00.000Z");
  assertEquals(toClinicIso(summer, "Europe/London"), "2030-07-01T09:00:00+01:00");
  assertEquals(offsetMinutes(winter, "America/New_York"), -300);
  assertEquals(toClinicIso(winter, "America/St_Johns"), "2030-01-07T05:30:00-03:30");
});

Deno.test("a slot is described on the clinic's clock", () => {
  const start = new Date("2030-01-07T04:00:00Z");
  assertEquals(describeSlot(start, 30, "Asia/Karachi"), "Mon 7 Jan 2030, 09:00–09:30");
});
