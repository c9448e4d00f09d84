import { assert, assertEquals } from "../../support/assert.ts";
import {
  allowedNext,
  isOverdue,
  LAB_CASE_STATUSES,
  labAllowedNext,
} from "../../../lib/lab/statuses.ts";
import { addWorkingDays } from "../../../lib/lab/working-days.ts";
import { mayNotBeBack } from "../../../lib/lab/case-queries.ts";

Deno.test("the status flow allows exactly the documented moves", () => {
  const moves = Object.fromEntries(LAB_CASE_STATUSES.map((s) => [s, [...allowedNext(s)]]));
  assertEquals(moves, {
    draft: ["sent_to_lab", "cancelled"],
    sent_to_lab: ["received_by_lab", "on_hold", "cancelled"],
    received_by_lab: ["in_progress", "on_hold", "cancelled"],
    in_progress: ["shipped", "on_hold", "cancelled"],
    shipped: ["delivered"],
    delivered: ["fitted", "remake_requested"],
    fitted: ["remake_requested"],
    on_hold: ["sent_to_lab", "received_by_lab", "in_progress", "cancelled"],
    remake_requested: ["sent_to_lab", "cancelled"],
    cancelled: [],
  });
});

Deno.test("a lab's link moves a case only within the lab's part of the flow", () => {
  assertEquals(labAllowedNext("sent_to_lab"), ["received_by_lab", "on_hold"]);
  assertEquals(labAllowedNext("in_progress"), ["shipped", "on_hold"]);
  for (const status of ["draft", "shipped", "delivered", "fitted", "cancelled"] as const) {
    assertEquals(labAllowedNext(status), [], status);
  }
});

Deno.test("a case is overdue past its due date until it is delivered, fitted or cancelled", () => {
  const today = "2026-12-10";
  assert(isOverdue({ status: "in_progress", dueDate: "2026-12-09" }, today));
  assert(isOverdue({ status: "shipped", dueDate: "2026-12-01" }, today));
  assert(!isOverdue({ status: "in_progress", dueDate: "2026-12-10" }, today), "due today");
  assert(!isOverdue({ status: "delivered", dueDate: "2026-12-01" }, today));
  assert(!isOverdue({ status: "fitted", dueDate: "2026-12-01" }, today));
  assert(!isOverdue({ status: "cancelled", dueDate: "2026-12-01" }, today));
  assert(!isOverdue({ status: "draft", dueDate: null }, today));
});

const MON_TO_SAT = { openWeekdays: new Set([1, 2, 3, 4, 5, 6]), closedDates: new Set<string>() };

Deno.test("turnaround counts only the clinic's working days", () => {
  // 2026-12-04 is a Friday; Sunday 6th is closed.
  assertEquals(addWorkingDays("2026-12-04", 1, MON_TO_SAT), "2026-12-05");
  assertEquals(addWorkingDays("2026-12-04", 2, MON_TO_SAT), "2026-12-07");
  const withHoliday = { ...MON_TO_SAT, closedDates: new Set(["2026-12-25"]) };
  // Thu 24th + 2 working days skips the 25th (holiday) and lands on Sat 26th.
  assertEquals(addWorkingDays("2026-12-24", 2, withHoliday), "2026-12-28");
  assertEquals(addWorkingDays("2026-12-24", 1, withHoliday), "2026-12-26");
});

Deno.test("a case due less than a working day before its seat appointment may not be back", () => {
  // Due Friday 4th: ready Saturday 5th. A Saturday seat is fine, a Friday one is not.
  assert(!mayNotBeBack({ status: "in_progress", dueDate: "2026-12-04" }, "2026-12-05", MON_TO_SAT));
  assert(mayNotBeBack({ status: "in_progress", dueDate: "2026-12-04" }, "2026-12-04", MON_TO_SAT));
  // Due Saturday: the next working day is Monday, so a Monday seat is fine.
  assert(!mayNotBeBack({ status: "sent_to_lab", dueDate: "2026-12-05" }, "2026-12-07", MON_TO_SAT));
  assert(mayNotBeBack({ status: "sent_to_lab", dueDate: "2026-12-07" }, "2026-12-07", MON_TO_SAT));
  assert(!mayNotBeBack({ status: "delivered", dueDate: "2026-12-09" }, "2026-12-07", MON_TO_SAT));
  assert(!mayNotBeBack({ status: "in_progress", dueDate: "2026-12-09" }, null, MON_TO_SAT));
});
