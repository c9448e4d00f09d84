import { and, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import type { CookieJar } from "../support/cookie-jar.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import { activityLog, roleTemplates } from "../../lib/db/schema.ts";
import { bookAppointment } from "../../lib/appointments/booking.ts";
import { setAppointmentStatus } from "../../lib/appointments/status-changes.ts";
import { planDefaultPermissions } from "../../lib/permissions/role-defaults.ts";
import {
  clinicFixture,
  createPatient,
  freshMonday,
  karachi,
  userId,
} from "../lib/appointments/fixtures.ts";
import { createDomainHooks } from "../../lib/events/domain-hooks.ts";

async function page(app: TestApp, path: string, jar: CookieJar) {
  const res = await app.request(path, { jar });
  const html = await res.text();
  assertEquals(res.status, 200, `${path}: ${html.slice(0, 300)}`);
  return html;
}

testOnEachDatabase("patient record tabs", async (t, database) => {
  const db = database.db;
  // Bookings made here are set-up, not an app's: no listener follows them.
  const deps = { db, hooks: createDomainHooks() };
  const step = appSteps(t, database);
  const demo = await clinicFixture(db, "demo-dental");
  const reception = await userId(db, "reception@demo-dental.test");
  const doctor = await userId(db, "doctor@demo-dental.test");
  const patientId = await createPatient(db, demo.id, "Sana Malik");
  const otherPatient = await createPatient(db, demo.id, "Imran Butt");

  async function book(patient: string, startsAt: Date, type: string) {
    return await bookAppointment(deps, {
      clinicId: demo.id,
      actorId: reception,
      patientId: patient,
      doctorId: doctor,
      operatoryId: demo.operatoryIds[0],
      startsAt,
      durationMinutes: 30,
      type,
      allowClosed: true,
      mayOverrideClosed: true,
    });
  }

  await step("the Appointments tab lists this patient's visits, upcoming first", async (app) => {
    const monday = freshMonday();
    const later = await book(patientId, new Date(karachi(monday, "11:00")), "Crown fitting");
    const sooner = await book(patientId, new Date(karachi(monday, "09:00")), "Check-up");
    const past = await book(patientId, new Date("2024-05-06T10:00:00+05:00"), "Extraction");
    await setAppointmentStatus(deps, {
      clinicId: demo.id,
      appointmentId: past.id,
      actorId: reception,
      status: "no_show",
    });
    const theirs = await book(otherPatient, new Date(karachi(monday, "14:00")), "Root canal");

    const { jar } = await app.login("reception@demo-dental.test");
    const html = await page(app, `/patients/${patientId}?tab=appointments`, jar);
    const order = [...html.matchAll(/data-patient-appointment="([0-9a-f-]+)"/g)].map((m) => m[1]);
    assertEquals(order, [sooner.id, later.id, past.id]);
    assert(!html.includes(theirs.id), "another patient's appointment is not listed");
    assert(!html.includes("Root canal"));
    assertMatch(html, new RegExp(`href="/appointments/${sooner.id}"`));
    assertMatch(html, /09:00–09:30<\/p>\s*<p[^>]*>Check-up · Dr\. Bilal Ahmed/);
    assertMatch(html, /Mon 6 May 2024, 10:00–10:30/);
    assertMatch(html, new RegExp(`${past.id}[\\s\\S]*?data-status="no_show"`));
    assertMatch(html, /Upcoming \(2\)/);
    assertMatch(html, /Past \(1\)/);
  });

  await step("a patient without appointments says so and offers booking", async (app) => {
    const fresh = await createPatient(db, demo.id, "Nadia Aslam");
    const { jar } = await app.login("reception@demo-dental.test");
    const html = await page(app, `/patients/${fresh}?tab=appointments`, jar);
    assertMatch(html, /data-patient-appointments="empty"/);
    assert(html.includes(`href="/appointments/new?patient=${fresh}"`));
  });

  await step("the owner sees the patient's activity on the overview", async (app) => {
    const owner = await userId(db, "owner@demo-dental.test");
    await db.insert(activityLog).values({
      clinicId: demo.id,
      actorUserId: owner,
      action: "patients.updated",
      entityType: "patient",
      entityId: patientId,
      details: { fields: ["phone", "email"] },
    });
    await db.insert(activityLog).values({
      clinicId: demo.id,
      actorUserId: owner,
      action: "patients.updated",
      entityType: "patient",
      entityId: otherPatient,
      details: { fields: ["address"] },
    });
    const { jar } = await app.login("owner@demo-dental.test");
    const html = await page(app, `/patients/${patientId}`, jar);
    assertMatch(html, /data-patient-activity/);
    assertMatch(html, /Updated phone and email<\/p>\s*<p[^>]*>Dr\. Ayesha Khan · /);
    assert(!html.includes("Updated address"), "another patient's activity is not shown");
  });

  await step("without patients.activity.view there is no Activity card", async (app) => {
    await db.insert(roleTemplates).values({
      clinicId: demo.id,
      role: "nurse",
      permissions: planDefaultPermissions("pro", "nurse").filter((k) =>
        k !== "patients.activity.view"
      ),
    });
    try {
      const { jar } = await app.login("nurse@demo-dental.test");
      const html = await page(app, `/patients/${patientId}`, jar);
      assertMatch(html, /data-patient-card/);
      assert(!html.includes("data-patient-activity"));
      assert(!html.includes("Updated phone and email"));
    } finally {
      await db.delete(roleTemplates).where(
        and(eq(roleTemplates.clinicId, demo.id), eq(roleTemplates.role, "nurse")),
      );
    }
    const { jar } = await app.login("nurse@demo-dental.test");
    assertMatch(await page(app, `/patients/${patientId}`, jar), /data-patient-activity/);
  });
});
