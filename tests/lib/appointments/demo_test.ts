import { and, eq, sql } from "drizzle-orm";
import { assert, assertEquals } from "../../support/assert.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import {
  activityLog,
  appointments,
  clinicClosedDates,
  clinics,
  clinicWorkingHours,
  operatories,
  patients,
} from "../../../lib/db/schema.ts";
import { seedDemoAppointments } from "../../../lib/appointments/demo.ts";
import { wallClock } from "../../../lib/time/zoned.ts";
import { clinicFixture, createPatient } from "./fixtures.ts";

// A Wednesday, 11:30 in Karachi.
const NOW = new Date("2031-03-05T06:30:00Z");

testOnEachDatabase("demo appointments", async (t, database) => {
  const db = database.db;
  const demo = await clinicFixture(db, "demo-dental");
  const other = await clinicFixture(db, "second-smile");
  const clinicIds = new Map([["demo-dental", demo.id], ["second-smile", other.id]]);
  // Start from clinics with no patients, whatever the rest of the seed has added.
  // Invoices, payments and the rest hold patients by RESTRICT keys: truncate takes them along.
  await db.execute(sql`truncate ${patients} cascade`);

  await t.step("without patients nobody is booked, but the rooms and hours exist", async () => {
    assertEquals(await seedDemoAppointments(db, clinicIds, NOW), { appointments: 0 });
    const hours = await db.select().from(clinicWorkingHours)
      .where(eq(clinicWorkingHours.clinicId, demo.id)).orderBy(clinicWorkingHours.weekday);
    assertEquals(
      hours.map((h) => [h.weekday, h.opensAt.slice(0, 5), h.closesAt.slice(0, 5)]),
      [1, 2, 3, 4, 5, 6].map((d) => [d, "09:00", "18:00"]),
      "Monday to Saturday, Sunday closed",
    );
    const names = await db.select({ name: operatories.name }).from(operatories)
      .where(eq(operatories.clinicId, demo.id)).orderBy(operatories.name);
    assertEquals(names.map((n) => n.name), ["Operatory 1", "Operatory 2", "Operatory 3"]);
  });

  await t.step("weeks of appointments in every status, without a double booking", async () => {
    for (let i = 0; i < 12; i++) await createPatient(db, demo.id, `Demo Patient ${i}`);
    for (let i = 0; i < 3; i++) await createPatient(db, other.id, `Smile Patient ${i}`);
    const { appointments: booked } = await seedDemoAppointments(db, clinicIds, NOW);
    const rows = await db.select().from(appointments);
    assertEquals(rows.length, booked);
    const demoRows = rows.filter((r) => r.clinicId === demo.id);
    const otherRows = rows.filter((r) => r.clinicId === other.id);
    assertEquals(
      [...new Set(demoRows.map((r) => r.status))].sort(),
      ["cancelled", "completed", "confirmed", "in_progress", "no_show", "scheduled"],
    );
    assert(demoRows.length > 100, `a busy book (${demoRows.length})`);
    assert(
      otherRows.length > 0 && otherRows.length < demoRows.length / 4,
      "a few for Second Smile",
    );
    assertEquals(new Set(demoRows.map((r) => r.doctorId)).size, 2, "owner and doctor both work");

    for (const row of rows) {
      const start = wallClock(row.startsAt, "Asia/Karachi");
      const end = wallClock(
        new Date(row.startsAt.getTime() + row.durationMinutes * 60_000),
        "Asia/Karachi",
      );
      assert(start.weekday !== 0, "nobody on a Sunday");
      assert(start.minutes >= 9 * 60 && end.minutes <= 18 * 60 && end.date === start.date);
      if (row.status === "completed" || row.status === "no_show") {
        assert(row.startsAt < NOW, "only the past is completed or missed");
      }
      if (row.status === "scheduled") assert(row.startsAt > NOW, "only the future is pending");
    }

    const overlaps = await db.execute(sql`
      select count(*)::int as n from ${appointments} a join ${appointments} b
        on a.id < b.id and a.clinic_id = b.clinic_id
       and (a.doctor_id = b.doctor_id or a.operatory_id = b.operatory_id)
       and a.starts_at < b.starts_at + b.duration_minutes * interval '1 minute'
       and b.starts_at < a.starts_at + a.duration_minutes * interval '1 minute'
       and a.status not in ('cancelled', 'no_show') and b.status not in ('cancelled', 'no_show')`);
    const first =
      (Array.isArray(overlaps) ? overlaps[0] : (overlaps as { rows: unknown[] }).rows[0]) as {
        n: number;
      };
    assertEquals(first.n, 0);
  });

  await t.step("each appointment's history leads to its status", async () => {
    const [completed] = await db.select().from(appointments).where(and(
      eq(appointments.clinicId, demo.id),
      eq(appointments.status, "completed"),
    )).limit(1);
    const log = await db.select().from(activityLog).where(and(
      eq(activityLog.entityType, "appointment"),
      eq(activityLog.entityId, completed.id),
    )).orderBy(activityLog.createdAt, activityLog.id);
    assertEquals(log.map((e) => [e.action, e.details.to ?? null]), [
      ["appointments.created", null],
      ["appointments.status_changed", "confirmed"],
      ["appointments.status_changed", "in_progress"],
      ["appointments.status_changed", "completed"],
    ]);
    assert(log.every((e) => e.createdAt <= NOW), "no history from the future");
  });

  await t.step("the seeded history is spread over time, not stamped at seed time", async () => {
    const latest = await db.select({ createdAt: activityLog.createdAt }).from(activityLog)
      .where(eq(activityLog.clinicId, demo.id))
      .orderBy(sql`${activityLog.createdAt} desc`).limit(30);
    assertEquals(latest.length, 30);
    const instants = new Set(latest.map((e) => e.createdAt.getTime()));
    assert(instants.size >= 25, `the 30 latest entries at ${instants.size} different instants`);
    assert(latest.every((e) => e.createdAt <= NOW), "no history from the future");
    const confirmations = await db.select({
      at: activityLog.createdAt,
      startsAt: appointments.startsAt,
      bookedAt: appointments.createdAt,
    }).from(activityLog)
      .innerJoin(appointments, sql`${appointments.id}::text = ${activityLog.entityId}`)
      .where(and(
        eq(activityLog.clinicId, demo.id),
        eq(activityLog.action, "appointments.status_changed"),
        sql`${activityLog.details}->>'to' = 'confirmed'`,
      ));
    assert(confirmations.length > 10);
    for (const c of confirmations) {
      assert(c.at > c.bookedAt, "confirmed after it was booked");
      assert(c.at < c.startsAt, "confirmed before the visit");
    }
  });

  await t.step("running it again books nothing more", async () => {
    const before = await db.select({ n: sql<number>`count(*)::int` }).from(appointments);
    assertEquals(await seedDemoAppointments(db, clinicIds, NOW), { appointments: 0 });
    const after = await db.select({ n: sql<number>`count(*)::int` }).from(appointments);
    assertEquals(after[0].n, before[0].n);
  });

  await t.step("a new clinic gets the next national holiday as a closed date", async () => {
    const [clinic] = await db.insert(clinics).values({
      name: "Third Clinic",
      slug: "third-clinic",
      ownerEmail: "owner@third.test",
    }).returning();
    await seedDemoAppointments(db, new Map([["third-clinic", clinic.id]]), NOW);
    const closed = await db.select().from(clinicClosedDates)
      .where(eq(clinicClosedDates.clinicId, clinic.id));
    assertEquals(closed.map((c) => [c.date, c.reason]), [["2031-03-23", "Pakistan Day"]]);
  });
});
