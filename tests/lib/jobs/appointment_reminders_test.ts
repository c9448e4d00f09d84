import { and, eq, like } from "drizzle-orm";
import { assertEquals, assertMatch } from "../../support/assert.ts";
import { testConfig, testOnEachDatabase } from "../../support/test-app.ts";
import type { Db } from "../../../lib/db/client.ts";
import { emailOutbox, patients } from "../../../lib/db/schema.ts";
import { bookAppointment, updateAppointment } from "../../../lib/appointments/booking.ts";
import { setAppointmentStatus } from "../../../lib/appointments/status-changes.ts";
import { readSection, saveSection } from "../../../lib/settings/sections.ts";
import { reminderDedupeKey, sendDueReminders } from "../../../lib/jobs/appointment-reminders.ts";
import { verifyAppointmentToken } from "../../../lib/appointment-tokens.ts";
import {
  clinicFixture,
  createPatient,
  freshMonday,
  karachi,
  userId,
} from "../appointments/fixtures.ts";
import { createDomainHooks } from "../../../lib/events/domain-hooks.ts";

async function remindersFor(db: Db, appointmentId: string) {
  return await db.select().from(emailOutbox).where(and(
    eq(emailOutbox.kind, "appointment.reminder"),
    like(emailOutbox.dedupeKey, `appointment.reminder:${appointmentId}:%`),
  ));
}

const silent = () => {};

testOnEachDatabase("appointment reminders", async (t, database, backend) => {
  const db = database.db;
  // Bookings made here are set-up, not an app's: no listener follows them.
  const deps = { db, hooks: createDomainHooks() };
  const config = testConfig();
  const demo = await clinicFixture(db, "demo-dental");
  const doctor = await userId(db, "doctor@demo-dental.test");
  const owner = await userId(db, "owner@demo-dental.test");
  const reception = await userId(db, "reception@demo-dental.test");

  async function patient(name: string, withEmail = true): Promise<string> {
    const id = await createPatient(db, demo.id, name);
    if (withEmail) {
      await db.update(patients).set({ email: `reminder.${id.slice(0, 8)}@example.com` })
        .where(eq(patients.id, id));
    }
    return id;
  }

  /** Books `date` at `time`, Karachi wall clock. */
  async function book(patientId: string, date: string, time: string) {
    const appointment = await bookAppointment(deps, {
      clinicId: demo.id,
      actorId: reception,
      patientId,
      doctorId: doctor,
      operatoryId: demo.operatoryIds[0],
      startsAt: new Date(karachi(date, time)),
      durationMinutes: 30,
      type: "Check-up",
      allowClosed: true,
      mayOverrideClosed: true,
    });
    return appointment;
  }

  await t.step("a run twice reminds each patient once, within the lead time only", async () => {
    const monday = freshMonday();
    const now = new Date(karachi(monday, "08:00"));
    const soon = await book(await patient("Soon Patient"), monday, "10:00");
    const later = await book(await patient("Later Patient"), monday, "11:00");
    // Next day, 09:00: 25 hours after `now`, outside the default 24.
    const tomorrow = await book(
      await patient("Tomorrow Patient"),
      new Date(new Date(karachi(monday, "09:00")).getTime() + 86_400_000)
        .toISOString().slice(0, 10),
      "09:00",
    );
    const cancelled = await book(await patient("Cancelled Patient"), monday, "12:00");
    await setAppointmentStatus(deps, {
      clinicId: demo.id,
      appointmentId: cancelled.id,
      status: "cancelled",
      actorId: reception,
    });
    const noEmail = await book(await patient("No Email Patient", false), monday, "13:00");

    await sendDueReminders({ db, config }, now, silent);
    await sendDueReminders({ db, config }, new Date(now.getTime() + 5 * 60_000), silent);

    for (const appointment of [soon, later]) {
      const sent = await remindersFor(db, appointment.id);
      assertEquals(sent.length, 1, `one reminder for ${appointment.id}`);
      assertEquals(sent[0].dedupeKey, reminderDedupeKey(appointment.id, appointment.startsAt));
    }
    const [reminder] = await remindersFor(db, soon.id);
    assertMatch(reminder.subject, /^Reminder: your appointment at Demo Dental/);
    assertMatch(reminder.text, /10:00 am Pakistan Standard Time/);
    for (const appointment of [tomorrow, cancelled, noEmail]) {
      assertEquals(await remindersFor(db, appointment.id), []);
    }
  });

  await t.step(
    "an unconfirmed visit's reminder carries working confirm and cancel links",
    async () => {
      const monday = freshMonday();
      const now = new Date(karachi(monday, "08:00"));
      const open = await book(await patient("Unconfirmed Patient"), monday, "14:00");
      const confirmed = await book(await patient("Confirmed Patient"), monday, "14:30");
      await setAppointmentStatus(deps, {
        clinicId: demo.id,
        appointmentId: confirmed.id,
        status: "confirmed",
        actorId: reception,
      });
      await sendDueReminders({ db, config }, now, silent);

      const [reminder] = await remindersFor(db, open.id);
      const links = [
        ...reminder.html.matchAll(/href="([^"]*\/appointment\/respond\?token=[^"]+)"/g),
      ]
        .map((m) => m[1].replaceAll("&amp;", "&"));
      assertEquals(links.length, 2, "a confirm button and a cancel link");
      for (const [index, action] of ["confirm", "cancel"].entries()) {
        const token = new URL(links[index]).searchParams.get("token")!;
        const verified = await verifyAppointmentToken(token, {
          encryptionKey: config.encryptionKey,
          now,
        });
        assertEquals([verified.appointmentId, verified.action], [open.id, action]);
      }
      const [confirmedReminder] = await remindersFor(db, confirmed.id);
      assertEquals(confirmedReminder.html.includes("/appointment/respond"), false);
    },
  );

  await t.step("two runs at once still queue one reminder", async () => {
    const monday = freshMonday();
    const now = new Date(karachi(monday, "08:00"));
    const booked = [];
    for (const time of ["09:00", "09:30", "10:00", "10:30"]) {
      booked.push(await book(await patient(`Concurrent ${time}`), monday, time));
    }
    const reports = await Promise.all([
      sendDueReminders({ db, config }, now, silent),
      sendDueReminders({ db, config }, now, silent),
    ]);
    assertEquals(reports.reduce((sum, r) => sum + r.queued, 0), booked.length, backend.name);
    for (const appointment of booked) {
      assertEquals((await remindersFor(db, appointment.id)).length, 1);
    }
  });

  await t.step("a clinic's longer lead time reminds earlier", async () => {
    const before = (await readSection(db, demo.id, "notifications")).values;
    await saveSection(db, {
      clinicId: demo.id,
      section: "notifications",
      values: { ...before, reminderLeadHours: 72 },
      actorId: owner,
    });
    try {
      const monday = freshMonday();
      const wednesday = new Date(new Date(karachi(monday, "12:00")).getTime() + 2 * 86_400_000)
        .toISOString().slice(0, 10);
      const appointment = await book(await patient("Early Reminder"), wednesday, "09:00");
      await sendDueReminders({ db, config }, new Date(karachi(monday, "10:00")), silent);
      assertEquals((await remindersFor(db, appointment.id)).length, 1);
    } finally {
      await saveSection(db, {
        clinicId: demo.id,
        section: "notifications",
        values: before,
        actorId: owner,
      });
    }
  });

  await t.step("moving an appointment earns a reminder for the new time", async () => {
    const monday = freshMonday();
    const appointment = await book(await patient("Moved Patient"), monday, "10:00");
    await sendDueReminders({ db, config }, new Date(karachi(monday, "08:00")), silent);
    const moved = await updateAppointment(deps, {
      clinicId: demo.id,
      appointmentId: appointment.id,
      actorId: reception,
      changes: { startsAt: new Date(karachi(monday, "15:00")) },
      allowClosed: true,
      mayOverrideClosed: true,
    });
    await sendDueReminders({ db, config }, new Date(karachi(monday, "09:00")), silent);
    const keys = (await remindersFor(db, appointment.id)).map((r) => r.dedupeKey).sort();
    assertEquals(
      keys,
      [
        reminderDedupeKey(appointment.id, appointment.startsAt),
        reminderDedupeKey(appointment.id, moved.startsAt),
      ].sort(),
    );
  });
});
