/**
 * Which Today panels each role gets on the plan's defaults, and how the day
 * is worked out at a set hour (no database: lib/dashboard/day-summary.ts).
 */
import { assertEquals } from "../../support/assert.ts";
import type { Access } from "../../../lib/permissions/access.ts";
import type { StaffRole } from "../../../lib/db/schema.ts";
import { planDefaultPermissions } from "../../../lib/permissions/role-defaults.ts";
import { liveEventTypes, todayAbilities, todayPanels } from "../../../lib/dashboard/panels.ts";
import {
  chairsNow,
  type DayAppointment,
  expectedArrivals,
  figuresFromCounts,
  nextAppointment,
  procedureCounts,
  rate,
  unconfirmedVisits,
} from "../../../lib/dashboard/day-summary.ts";
import type { AppointmentStatus } from "../../../lib/appointments/statuses.ts";

function access(role: StaffRole, without: string[] = []): Access {
  return {
    clinicId: "c",
    role,
    planId: "pro",
    modules: new Set(),
    permissions: new Set(planDefaultPermissions("pro", role).filter((k) => !without.includes(k))),
    source: "plan",
  };
}

Deno.test("each role's Today panels on the Pro plan's defaults", () => {
  assertEquals([...todayPanels(access("doctor"))], ["myDay", "inChair", "notesMissing", "xrays"]);
  assertEquals([...todayPanels(access("reception"))], [
    "arrivals",
    "unconfirmed",
    "schedule",
    "cancellations",
  ]);
  assertEquals([...todayPanels(access("nurse"))], [
    "chairs",
    "procedures",
    "schedule",
    "lowStock",
  ]);
  assertEquals([...todayPanels(access("owner"))], [
    "figures",
    "myDay",
    "notesMissing",
    "activity",
    "team",
    "plan",
  ]);
  assertEquals([...todayPanels(access("admin"))], [...todayPanels(access("owner"))]);
});

Deno.test("a permission taken away takes its panel, button and events with it", () => {
  const doctor = access("doctor", ["radiology.view"]);
  assertEquals(todayPanels(doctor).has("xrays"), false);
  assertEquals(liveEventTypes(todayPanels(doctor), doctor), ["appointment.changed"]);
  const desk = access("reception", ["appointments.edit"]);
  assertEquals(todayAbilities(desk).remind, false);
  assertEquals(todayAbilities(desk).confirm, true);
  const blind = access("reception", ["appointments.view"]);
  assertEquals(todayPanels(blind).size, 0);
  assertEquals(liveEventTypes(todayPanels(blind), blind), []);
  // Nurses do not manage bookings: no reminders, but they confirm.
  assertEquals(todayAbilities(access("nurse")).remind, false);
});

const NOW = new Date("2030-03-04T07:00:00Z"); // 12:00 in Karachi
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

function visit(
  id: string,
  startMinute: number,
  status: AppointmentStatus,
  extra: Partial<DayAppointment> = {},
): DayAppointment {
  return {
    id,
    patientId: `p-${id}`,
    patientName: id,
    doctorId: "d",
    doctorName: "Dr. D",
    operatoryId: "r1",
    operatoryName: "Operatory 1",
    startsAt: at(startMinute),
    endsAt: at(startMinute + 30),
    durationMinutes: 30,
    type: "Check-up",
    colorTag: "teal",
    status,
    statusLabel: status,
    hasNote: null,
    hasEmail: null,
    ...extra,
  };
}

Deno.test("the next visit is the earliest still expected that has not ended", () => {
  const day = [
    visit("done", -120, "completed"),
    visit("late", -10, "confirmed"),
    visit("chair", -5, "in_progress"),
    visit("soon", 20, "scheduled"),
  ];
  assertEquals(nextAppointment(day, NOW)?.id, "late");
  assertEquals(nextAppointment(day.slice(2), NOW)?.id, "soon");
  assertEquals(nextAppointment([visit("over", -40, "confirmed")], NOW), null);
});

Deno.test("arrivals: the coming hour and a quarter of an hour late, never the called off", () => {
  const day = [
    visit("gone", -20, "confirmed"),
    visit("late", -10, "scheduled"),
    visit("soon", 45, "confirmed"),
    visit("later", 60, "confirmed"),
    visit("off", 15, "cancelled"),
  ];
  assertEquals(
    expectedArrivals(day, NOW).map((a) => [a.appointment.id, a.lateMinutes]),
    [["late", 10], ["soon", 0]],
  );
});

Deno.test("unconfirmed: scheduled and ahead within 48 hours, with the day it falls on", () => {
  const list = [
    visit("today", 60, "scheduled"),
    visit("confirmed", 90, "confirmed"),
    visit("tomorrow", 24 * 60, "scheduled"),
    visit("past", -30, "scheduled"),
    visit("far", 49 * 60, "scheduled"),
  ];
  const reminded = new Date(NOW.getTime() - 60_000);
  const visits = unconfirmedVisits(list, NOW, {
    dateOf: (d) => d.toISOString().slice(0, 10),
    today: "2030-03-04",
    tomorrow: "2030-03-05",
    reminders: new Map([["tomorrow", reminded]]),
  });
  assertEquals(visits.map((v) => [v.appointment.id, v.day, v.remindedAt]), [
    ["today", "today", null],
    ["tomorrow", "tomorrow", reminded],
  ]);
});

Deno.test("chairs, procedures and figures of a day", () => {
  const rooms = [
    { id: "r1", name: "Operatory 1", active: true },
    { id: "r2", name: "Operatory 2", active: true },
    { id: "r3", name: "Old room", active: false },
  ];
  const day = [
    visit("a", -90, "completed", { type: "Filling" }),
    visit("b", -60, "no_show"),
    visit("c", -10, "in_progress", { operatoryId: "r2", type: "Filling" }),
    visit("d", 30, "confirmed"),
    visit("e", 60, "cancelled"),
  ];
  const chairs = chairsNow(day, rooms, NOW);
  assertEquals(chairs.map((c) => c.operatory.id), ["r1", "r2"], "a retired room with no visit");
  assertEquals(chairs.map((c) => [c.current.map((a) => a.id), c.next?.id ?? null]), [
    [[], "d"],
    [["c"], null],
  ]);
  assertEquals(procedureCounts(day).map((p) => [p.type, p.total, p.done]), [
    ["Filling", 2, 1],
    ["Check-up", 1, 0],
  ]);
  const figures = figuresFromCounts(
    day.map((a) => ({ status: a.status, started: a.startsAt <= NOW, count: 1 })),
  );
  assertEquals(figures, {
    booked: 4,
    cancelled: 1,
    due: 3,
    completed: 1,
    noShows: 1,
    inProgress: 1,
    completionRate: 33,
    noShowRate: 33,
  });
  assertEquals(rate(0, 0), null, "no rate before anything is due");
});
