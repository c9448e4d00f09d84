import { assertEquals } from "../../support/assert.ts";
import { closedStretches, daySchedules, gridHours } from "../../../lib/calendar/opening-hours.ts";

const HOURS = [1, 2, 3, 4, 5].map((weekday) => ({
  weekday,
  opensAt: "09:00:00",
  closesAt: "17:00:00",
}))
  .concat([{ weekday: 6, opensAt: "10:00:00", closesAt: "14:00:00" }]);

Deno.test("a weekday without hours and a holiday are closed days", () => {
  const days = daySchedules(
    ["2026-11-22", "2026-11-23", "2026-11-25", "2026-11-28"],
    HOURS,
    [{ date: "2026-11-25", reason: "Quaid Day" }],
  );
  assertEquals(days.map((d) => d.closed), [true, false, true, false]);
  assertEquals(days[2].closedReason, "Quaid Day");
  assertEquals([days[1].opens, days[1].closes], [540, 1020]);
  assertEquals([days[3].opens, days[3].closes], [600, 840]);
});

Deno.test("a clinic that has set no hours is open every day", () => {
  const days = daySchedules(["2026-11-22"], [], []);
  assertEquals(days[0].closed, false);
  assertEquals(gridHours(days, []), { startMinute: 480, endMinute: 1200 });
});

Deno.test("the grid spans the working hours with an hour either side, and every appointment", () => {
  const days = daySchedules(["2026-11-22", "2026-11-23", "2026-11-28"], HOURS, []);
  assertEquals(gridHours(days, []), { startMinute: 480, endMinute: 1080 });
  assertEquals(
    gridHours(days, [{ startMinute: 7 * 60 + 15, endMinute: 19 * 60 + 10 }]),
    { startMinute: 420, endMinute: 1200 },
  );
});

Deno.test("closed hours of an open day are the stretches outside its hours", () => {
  const grid = { startMinute: 480, endMinute: 1080 };
  const [sunday, monday, saturday] = daySchedules(
    ["2026-11-22", "2026-11-23", "2026-11-28"],
    HOURS,
    [],
  );
  assertEquals(closedStretches(sunday, grid), [{ from: 480, to: 1080 }]);
  assertEquals(closedStretches(monday, grid), [{ from: 480, to: 540 }, { from: 1020, to: 1080 }]);
  assertEquals(closedStretches(saturday, grid), [{ from: 480, to: 600 }, { from: 840, to: 1080 }]);
});
