import { assertEquals } from "../../support/assert.ts";
import { foldActivity } from "../../../lib/dashboard/overview.ts";

const at = (minute: number) => new Date(Date.UTC(2031, 2, 5, 9, minute));
const row = (minute: number, actorName: string, action: string, to?: string) => ({
  action,
  actorName,
  createdAt: at(minute),
  details: to ? { from: "scheduled", to } : {},
});

Deno.test("a run of the same person doing the same thing is one line with a count", () => {
  const rows = [
    row(50, "Usman Tariq", "auth.login"),
    row(49, "Usman Tariq", "auth.login"),
    row(48, "Usman Tariq", "auth.login"),
    row(40, "Usman Tariq", "appointments.status_changed", "confirmed"),
    row(39, "Usman Tariq", "appointments.status_changed", "confirmed"),
    row(38, "Usman Tariq", "appointments.status_changed", "cancelled"),
    row(30, "Dr. Bilal Ahmed", "appointments.status_changed", "confirmed"),
  ];
  assertEquals(
    foldActivity(rows).map((e) => [e.actorName, e.action, e.status ?? null, e.count, e.createdAt]),
    [
      ["Usman Tariq", "auth.login", null, 3, at(50)],
      ["Usman Tariq", "appointments.status_changed", "confirmed", 2, at(40)],
      ["Usman Tariq", "appointments.status_changed", "cancelled", 1, at(38)],
      ["Dr. Bilal Ahmed", "appointments.status_changed", "confirmed", 1, at(30)],
    ],
  );
});

Deno.test("the card keeps its length however long the runs", () => {
  const rows = Array.from(
    { length: 30 },
    (_, i) => row(59 - i, i % 2 ? "Hina Malik" : "Usman Tariq", "patients.updated"),
  );
  const folded = foldActivity(rows, 8);
  assertEquals(folded.length, 8);
  assertEquals(folded.every((e) => e.count === 1), true);
});
