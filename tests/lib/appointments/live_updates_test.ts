import { and, eq, sql } from "drizzle-orm";
import { assertEquals, assertRejects } from "../../support/assert.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import type { Db } from "../../../lib/db/client.ts";
import { appointments, events } from "../../../lib/db/schema.ts";
import { updateAppointment } from "../../../lib/appointments/booking.ts";
import { setAppointmentStatus } from "../../../lib/appointments/status-changes.ts";
import { createDomainHooks } from "../../../lib/events/domain-hooks.ts";
import { registerAppointmentLiveUpdates } from "../../../lib/appointments/live-updates.ts";
import { bookDemoVisit, clinicFixture, createPatient, freshMonday, userId } from "./fixtures.ts";

async function changesOf(db: Db, appointmentId: string) {
  return await db.select().from(events).where(and(
    eq(events.type, "appointment.changed"),
    sql`${events.data}->>'appointmentId' = ${appointmentId}`,
  )).orderBy(events.id);
}

testOnEachDatabase("appointment changes on the live event bus", async (t, database) => {
  const db = database.db;
  const hooks = createDomainHooks();
  registerAppointmentLiveUpdates(hooks);
  const deps = { db, hooks };
  const demo = await clinicFixture(db, "demo-dental");
  const reception = await userId(db, "reception@demo-dental.test");
  const patientId = await createPatient(db, demo.id, "Hamza Yousaf");
  const book = (time: string) => bookDemoVisit(deps, demo, patientId, freshMonday(), time);

  await t.step("booking, moving and a patient's answer each publish one change", async () => {
    const visit = await book("10:30");
    const later = new Date(visit.startsAt.getTime() + 60 * 60_000);
    await updateAppointment(deps, {
      clinicId: demo.id,
      appointmentId: visit.id,
      actorId: reception,
      changes: { startsAt: later },
    });
    await setAppointmentStatus(deps, {
      clinicId: demo.id,
      appointmentId: visit.id,
      status: "confirmed",
      actorId: null,
    });
    const published = await changesOf(db, visit.id);
    assertEquals(
      published.map((e) => [e.clinicId, e.permission, e.data.status, e.data.by, e.data.time]),
      [
        [demo.id, "appointments.view", "scheduled", "staff", "10:30"],
        [demo.id, "appointments.view", "scheduled", "staff", "11:30"],
        [demo.id, "appointments.view", "confirmed", "patient", "11:30"],
      ],
    );
    assertEquals(published[2].data.startsAt, later.toISOString());
    assertEquals(published[2].data.patientName, "Hamza Yousaf");
    assertEquals(published[2].data.statusLabel, "Confirmed");
  });

  await t.step("a change that rolls back publishes nothing", async () => {
    const visit = await book("12:00");
    const before = (await changesOf(db, visit.id)).length;
    const unsubscribe = hooks.on("appointment.status_changed", () => {
      throw new Error("a later listener failed");
    });
    try {
      await assertRejects(() =>
        setAppointmentStatus(deps, {
          clinicId: demo.id,
          appointmentId: visit.id,
          status: "cancelled",
          actorId: null,
        })
      );
    } finally {
      unsubscribe();
    }
    assertEquals((await changesOf(db, visit.id)).length, before);
    const [row] = await db.select().from(appointments).where(eq(appointments.id, visit.id));
    assertEquals(row.status, "scheduled");
  });

  await t.step("a refused move publishes nothing", async () => {
    const visit = await book("14:00");
    const before = (await changesOf(db, visit.id)).length;
    await assertRejects(() =>
      setAppointmentStatus(deps, {
        clinicId: demo.id,
        appointmentId: visit.id,
        status: "in_progress",
        actorId: reception,
      })
    );
    assertEquals((await changesOf(db, visit.id)).length, before);
  });
});
