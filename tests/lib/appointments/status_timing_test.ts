import { assertEquals, assertMatch } from "../../support/assert.ts";
import { tooEarly } from "../../../lib/appointments/status-timing.ts";

const ZONE = "Asia/Karachi";
const at = (iso: string) => new Date(`${iso}+05:00`);
// Monday 23 November 2026, 10:30 in Karachi.
const start = at("2026-11-23T10:30:00");

Deno.test("three days ahead, a visit can be confirmed but not started, completed or missed", () => {
  const now = at("2026-11-20T10:30:00");
  assertEquals(tooEarly("confirmed", start, now, ZONE), null);
  assertEquals(tooEarly("cancelled", start, now, ZONE), null);
  for (const to of ["in_progress", "completed", "no_show"] as const) {
    assertMatch(tooEarly(to, start, now, ZONE)!.message, /^Too early/);
  }
});

Deno.test("a visit starts from an hour before its time, on its own day", () => {
  assertEquals(
    tooEarly("in_progress", start, at("2026-11-23T09:29:00"), ZONE)?.earliest,
    at("2026-11-23T09:30:00"),
  );
  assertEquals(tooEarly("in_progress", start, at("2026-11-23T09:30:00"), ZONE), null);
  // Just after midnight, the hour before would be the day before: the day wins.
  const early = at("2026-11-23T00:20:00");
  assertEquals(
    tooEarly("in_progress", early, at("2026-11-22T23:50:00"), ZONE)?.earliest,
    at("2026-11-23T00:00:00"),
  );
});

Deno.test("a no-show only once the time has passed; completing from the day", () => {
  assertEquals(tooEarly("no_show", start, at("2026-11-23T10:29:00"), ZONE)?.earliest, start);
  assertEquals(tooEarly("no_show", start, at("2026-11-23T10:30:00"), ZONE), null);
  assertEquals(tooEarly("completed", start, at("2026-11-23T08:00:00"), ZONE), null);
  assertMatch(
    tooEarly("completed", start, at("2026-11-22T23:59:00"), ZONE)!.message,
    /Mon 23 Nov 2026 at 10:30/,
  );
});
