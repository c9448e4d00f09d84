import { assertEquals } from "../../support/assert.ts";
import {
  describeSlot,
  fromWallClock,
  offsetMinutes,
  toClinicIso,
  wallClock,
} from "../../../lib/appointments/clinic-time.ts";

Deno.test("09:00 in Karachi is 04:00 UTC and reads back with +05:00", () => {
  const instant = fromWallClock("2030-01-07", 9 * 60, "Asia/Karachi");
  assertEquals(instant.toISOString(), "2030-01-07T04:00:00.000Z");
  assertEquals(toClinicIso(instant, "Asia/Karachi"), "2030-01-07T09:00:00+05:00");
  assertEquals(wallClock(instant, "Asia/Karachi"), {
    date: "2030-01-07",
    weekday: 1,
    minutes: 540,
  });
});

Deno.test("a UTC instant late in the evening is already the next day in Karachi", () => {
  const instant = new Date("2030-01-06T20:30:00Z");
  assertEquals(wallClock(instant, "Asia/Karachi"), { date: "2030-01-07", weekday: 1, minutes: 90 });
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
