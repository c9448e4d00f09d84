import { and, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../../../support/assert.ts";
import type { CookieJar } from "../../../support/cookie-jar.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../../../support/test-app.ts";
import type { Db } from "../../../../lib/db/client.ts";
import { emailOutbox, notifications, patients } from "../../../../lib/db/schema.ts";
import { readSection } from "../../../../lib/settings/sections.ts";
import {
  clinicFixture,
  createPatient,
  freshMonday,
  karachi,
  userId,
} from "../../../lib/appointments/fixtures.ts";

const RECEPTION = "reception@demo-dental.test";
const DOCTOR = "doctor@demo-dental.test";
const OWNER = "owner@demo-dental.test";

async function patientWithEmail(db: Db, clinicId: string, name: string): Promise<string> {
  const id = await createPatient(db, clinicId, name);
  await db.update(patients)
    .set({ email: `${name.toLowerCase().replace(/\W+/g, ".")}.${id.slice(0, 8)}@example.com` })
    .where(eq(patients.id, id));
  return id;
}

async function emailOf(db: Db, patientId: string): Promise<string> {
  const [row] = await db.select({ email: patients.email }).from(patients)
    .where(eq(patients.id, patientId));
  return row.email!;
}

async function mailTo(db: Db, address: string) {
  return await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, address))
    .orderBy(emailOutbox.createdAt);
}

testOnEachDatabase("appointment emails and notifications", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicFixture(db, "demo-dental");
  const doctorId = await userId(db, DOCTOR);
  const ownerId = await userId(db, OWNER);
  const receptionId = await userId(db, RECEPTION);
  const [room1, room2] = demo.operatoryIds;

  const body = (patientId: string, startsAt: string, overrides: Record<string, unknown> = {}) => ({
    patientId,
    doctorId,
    operatoryId: room1,
    startsAt,
    durationMinutes: 30,
    type: "Check-up",
    ...overrides,
  });

  async function book(app: TestApp, jar: CookieJar, payload: unknown): Promise<string> {
    const res = await app.json("POST", "/api/v1/appointments", payload, { jar });
    assertEquals(res.status, 201, await res.clone().text());
    return (await res.json()).appointment.id;
  }

  async function setNotifications(app: TestApp, changes: Record<string, unknown>) {
    const { jar } = await app.login(OWNER);
    const { values } = await readSection(db, demo.id, "notifications");
    const res = await app.json("PUT", "/api/v1/settings/notifications", {
      ...values,
      ...changes,
    }, { jar });
    assertEquals(res.status, 200, await res.clone().text());
    await res.body?.cancel();
  }

  await step("booking emails the patient once, with the time in the clinic's zone", async (app) => {
    const { jar } = await app.login(RECEPTION);
    const patient = await patientWithEmail(db, demo.id, "Hina Malik");
    await book(app, jar, body(patient, karachi(freshMonday(), "10:30")));

    const mail = await mailTo(db, await emailOf(db, patient));
    assertEquals(mail.map((m) => m.kind), ["appointment.scheduled"]);
    assertEquals(mail[0].clinicId, demo.id);
    assertMatch(mail[0].subject, /Your appointment at Demo Dental/);
    assertMatch(mail[0].text, /Hina Malik/);
    assertMatch(mail[0].text, /10:30 am Pakistan Standard Time/);
  });

  await step("a patient without an email address gets no email", async (app) => {
    const { jar } = await app.login(RECEPTION);
    const patient = await createPatient(db, demo.id, "Omar Farooq");
    const before = await db.select().from(emailOutbox)
      .where(eq(emailOutbox.kind, "appointment.scheduled"));
    await book(app, jar, body(patient, karachi(freshMonday(), "11:00")));
    const after = await db.select().from(emailOutbox)
      .where(eq(emailOutbox.kind, "appointment.scheduled"));
    assertEquals(after.length, before.length);
  });

  await step("a clinic that turned booking emails off sends none", async (app) => {
    await setNotifications(app, { appointmentBookedEmail: false });
    try {
      const { jar } = await app.login(RECEPTION);
      const patient = await patientWithEmail(db, demo.id, "Zara Khan");
      await book(app, jar, body(patient, karachi(freshMonday(), "11:00")));
      assertEquals(await mailTo(db, await emailOf(db, patient)), []);
    } finally {
      await setNotifications(app, { appointmentBookedEmail: true });
    }
  });

  await step("a booking refused for a clash leaves no email behind", async (app) => {
    const { jar } = await app.login(RECEPTION);
    const monday = freshMonday();
    const first = await patientWithEmail(db, demo.id, "Bilal Ahmed");
    const second = await patientWithEmail(db, demo.id, "Sadia Noor");
    await book(app, jar, body(first, karachi(monday, "09:00")));
    const clash = await app.json(
      "POST",
      "/api/v1/appointments",
      body(second, karachi(monday, "09:15"), { operatoryId: room2 }),
      { jar },
    );
    assertEquals(clash.status, 409);
    await clash.body?.cancel();
    assertEquals((await mailTo(db, await emailOf(db, first))).length, 1);
    assertEquals(await mailTo(db, await emailOf(db, second)), []);
  });

  await step(
    "moving the appointment emails the new time; a room change alone does not",
    async (app) => {
      const { jar } = await app.login(RECEPTION);
      const monday = freshMonday();
      const patient = await patientWithEmail(db, demo.id, "Ayesha Siddiqui");
      const id = await book(app, jar, body(patient, karachi(monday, "09:00")));

      const room = await app.json("PATCH", `/api/v1/appointments/${id}`, { operatoryId: room2 }, {
        jar,
      });
      assertEquals(room.status, 200);
      await room.body?.cancel();
      const moved = await app.json("PATCH", `/api/v1/appointments/${id}`, {
        startsAt: karachi(monday, "14:00"),
      }, { jar });
      assertEquals(moved.status, 200);
      await moved.body?.cancel();

      const mail = await mailTo(db, await emailOf(db, patient));
      assertEquals(mail.map((m) => m.kind), ["appointment.scheduled", "appointment.rescheduled"]);
      assertMatch(mail[1].subject, /has moved to/);
      assertMatch(mail[1].text, /9:00 am/);
      assertMatch(mail[1].text, /2:00 pm Pakistan Standard Time/);
    },
  );

  await step(
    "a status change tells the other staff in the app and emails the doctor",
    async (app) => {
      const { jar } = await app.login(RECEPTION);
      const patient = await createPatient(db, demo.id, "Imran Qureshi");
      const id = await book(app, jar, body(patient, karachi(freshMonday(), "09:00")));
      const res = await app.json("POST", `/api/v1/appointments/${id}/status`, {
        status: "confirmed",
      }, { jar });
      assertEquals(res.status, 200, await res.clone().text());
      await res.body?.cancel();

      const told = await db.select().from(notifications)
        .where(eq(notifications.link, `/appointments/${id}`));
      const userIds = told.map((n) => n.userId);
      assert(userIds.includes(ownerId), "the owner is told");
      assert(!userIds.includes(receptionId), "the receptionist who made the change is not");
      assertEquals(told[0].kind, "appointment.status_changed");
      assertMatch(told[0].title, /Imran Qureshi/);

      const doctorMail = (await mailTo(db, DOCTOR)).filter((m) => m.text.includes(id));
      assertEquals(doctorMail.map((m) => m.kind), ["appointment.status_changed"]);
      assertMatch(doctorMail[0].text, /Scheduled to Confirmed/);
    },
  );

  await step("the doctor is not emailed about their own change", async (app) => {
    const { jar } = await app.login(RECEPTION);
    const patient = await createPatient(db, demo.id, "Nadia Hussain");
    const id = await book(app, jar, body(patient, karachi(freshMonday(), "09:00")));
    const { jar: doctorJar } = await app.login(DOCTOR);
    const res = await app.json("POST", `/api/v1/appointments/${id}/status`, {
      status: "confirmed",
    }, { jar: doctorJar });
    assertEquals(res.status, 200, await res.clone().text());
    await res.body?.cancel();

    assertEquals((await mailTo(db, DOCTOR)).filter((m) => m.text.includes(id)), []);
    const told = await db.select({ userId: notifications.userId }).from(notifications)
      .where(eq(notifications.link, `/appointments/${id}`));
    assert(told.some((n) => n.userId === receptionId), "reception hears of the doctor's change");
    assert(!told.some((n) => n.userId === doctorId));
  });

  await step("cancellations stay out of the bell when the clinic turned that off", async (app) => {
    await setNotifications(app, { appointmentCancelledInApp: false });
    try {
      const { jar } = await app.login(RECEPTION);
      const patient = await createPatient(db, demo.id, "Faisal Javed");
      const id = await book(app, jar, body(patient, karachi(freshMonday(), "09:00")));
      const res = await app.json("POST", `/api/v1/appointments/${id}/status`, {
        status: "cancelled",
      }, { jar });
      assertEquals(res.status, 200, await res.clone().text());
      await res.body?.cancel();
      const told = await db.select().from(notifications).where(and(
        eq(notifications.clinicId, demo.id),
        eq(notifications.link, `/appointments/${id}`),
      ));
      assertEquals(told, []);
      assertEquals(
        (await mailTo(db, DOCTOR)).filter((m) => m.text.includes(id)).length,
        1,
        "the doctor is still emailed",
      );
    } finally {
      await setNotifications(app, { appointmentCancelledInApp: true });
    }
  });
});
