import { assert, assertEquals } from "../../support/assert.ts";
import {
  APPOINTMENT_STATUSES,
  canTransition,
  isFinal,
  permissionForStatus,
  transitionRefusal,
} from "../../../lib/appointments/statuses.ts";

Deno.test("the allowed moves are exactly the issue's, plus reopening a completion", () => {
  const allowed = APPOINTMENT_STATUSES.flatMap((from) =>
    APPOINTMENT_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}>${to}`)
  );
  assertEquals(allowed.sort(), [
    "completed>in_progress",
    "confirmed>cancelled",
    "confirmed>in_progress",
    "confirmed>no_show",
    "in_progress>completed",
    "scheduled>cancelled",
    "scheduled>confirmed",
    "scheduled>in_progress",
    "scheduled>no_show",
  ]);
});

Deno.test("a refused move says why and what is possible instead", () => {
  assertEquals(
    transitionRefusal("completed", "confirmed"),
    "A completed appointment is final; it cannot become confirmed",
  );
  assertEquals(
    transitionRefusal("scheduled", "completed"),
    "A scheduled appointment cannot become completed; it can become confirmed, in progress, cancelled, no-show",
  );
  assertEquals(
    transitionRefusal("in_progress", "cancelled"),
    "An in progress appointment cannot become cancelled; it can become completed",
  );
  assertEquals(transitionRefusal("confirmed", "confirmed"), "The appointment is already confirmed");
  assert(transitionRefusal("confirmed", "in_progress") === null);
});

Deno.test("cancelling needs its own permission", () => {
  assertEquals(permissionForStatus("cancelled"), "appointments.cancel");
  assertEquals(permissionForStatus("no_show"), "appointments.status.update");
});

Deno.test("reopening a completed visit needs its own permission, starting one does not", () => {
  assertEquals(permissionForStatus("in_progress", "completed"), "appointments.status.reopen");
  assertEquals(permissionForStatus("in_progress", "confirmed"), "appointments.status.update");
  assertEquals(permissionForStatus("in_progress"), "appointments.status.update");
});

Deno.test("a completed visit stays final for the book though it can be reopened", () => {
  assert(isFinal("completed"));
  assert(isFinal("cancelled"));
  assert(!isFinal("in_progress"));
  assertEquals(
    transitionRefusal("completed", "cancelled"),
    "A completed appointment is final; it cannot become cancelled",
  );
});
