/**
 * The patient portal as the demo patient uses it: sign-in, only their own
 * appointments (another patient's id is a 404), confirm and cancel through
 * the respond flow, their own details, and sign-out.
 */
import { and, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../../support/test-app.ts";
import { activityLog, appointments } from "../../../lib/db/schema.ts";
import {
  bookFutureAppointment,
  clinicId,
  DEMO_PORTAL_EMAIL,
  patientByEmail,
  portalSignIn,
  someoneElsesAppointment,
} from "./portal_support.ts";

testOnEachDatabase("patient portal pages", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicId(db, "demo-dental");
  const ali = await patientByEmail(db, DEMO_PORTAL_EMAIL);

  const statusOf = async (id: string) =>
    (await db.select({ status: appointments.status }).from(appointments)
      .where(eq(appointments.id, id)))[0].status;

  await step("signing in: a wrong password is refused on the form", async (app) => {
    const res = await app.request("/portal/login", {
      method: "POST",
      body: new URLSearchParams({ email: DEMO_PORTAL_EMAIL, password: "wrong-password" }),
    });
    assertEquals(res.status, 401);
    assertMatch(await res.text(), /Email or password is incorrect/);
    const anonymous = await app.request("/portal", { redirect: "manual" });
    assertEquals(anonymous.status, 303);
    assertEquals(anonymous.headers.get("location"), "/portal/login");
  });

  await step("the portal lists the patient's own appointments and nobody else's", async (app) => {
    const mine = await bookFutureAppointment(db, { clinicId: demo, patientId: ali.id });
    const theirs = await someoneElsesAppointment(db, demo, ali.id);
    const jar = await portalSignIn(app);
    const res = await app.request("/portal", { jar });
    assertEquals(res.status, 200);
    const html = await res.text();
    assert(html.includes(`data-appointment="${mine}"`), "own appointment listed");
    assert(!html.includes(theirs), "another patient's appointment is not");
    assertMatch(html, /Contact Demo Dental/);
    assertMatch(html, /hello@demo-dental.test/);
  });

  await step("another patient's appointment answers 404 and stays as it was", async (app) => {
    const theirs = await someoneElsesAppointment(db, demo, ali.id);
    const before = await statusOf(theirs);
    const secondSmile = await clinicId(db, "second-smile");
    const [foreign] = await db.select({ id: appointments.id }).from(appointments)
      .where(eq(appointments.clinicId, secondSmile)).limit(1);
    const jar = await portalSignIn(app);
    for (const id of [theirs, foreign.id, "not-a-uuid"]) {
      for (
        const [method, path] of [
          ["POST", `/portal/appointments/${id}/confirm`],
          ["GET", `/portal/appointments/${id}/cancel`],
          ["POST", `/portal/appointments/${id}/cancel`],
        ]
      ) {
        const res = await app.request(path, { method, jar });
        assertEquals(res.status, 404, `${method} ${path}`);
        await res.body?.cancel();
      }
    }
    assertEquals(await statusOf(theirs), before);
  });

  await step("confirming from the portal confirms the appointment", async (app) => {
    const id = await bookFutureAppointment(db, { clinicId: demo, patientId: ali.id });
    const jar = await portalSignIn(app);
    const res = await app.request(`/portal/appointments/${id}/confirm`, { method: "POST", jar });
    assertEquals(res.status, 303);
    assertEquals(res.headers.get("location"), "/portal?notice=confirmed");
    assertEquals(await statusOf(id), "confirmed");
    const [entry] = await db.select().from(activityLog).where(
      and(eq(activityLog.entityId, id), eq(activityLog.action, "appointments.status_changed")),
    );
    assert(entry, "the change is in the activity log");
    assertEquals((entry.details as { via?: string }).via, "portal");
    const page = await (await app.request("/portal?notice=confirmed", { jar })).text();
    assertMatch(page, /your appointment is confirmed/);
    assert(!page.includes(`/portal/appointments/${id}/confirm`), "no second confirm");
  });

  await step("cancelling asks first, then cancels", async (app) => {
    const id = await bookFutureAppointment(db, { clinicId: demo, patientId: ali.id });
    const jar = await portalSignIn(app);
    const ask = await app.request(`/portal/appointments/${id}/cancel`, { jar });
    assertEquals(ask.status, 200);
    assertMatch(await ask.text(), /Cancel this appointment\?/);
    assertEquals(await statusOf(id), "scheduled", "asking changes nothing");
    const res = await app.request(`/portal/appointments/${id}/cancel`, { method: "POST", jar });
    assertEquals(res.status, 303);
    assertEquals(res.headers.get("location"), "/portal?notice=cancelled");
    assertEquals(await statusOf(id), "cancelled");
    const again = await app.request(`/portal/appointments/${id}/confirm`, {
      method: "POST",
      jar,
    });
    assertEquals(again.status, 409, "a cancelled appointment cannot be confirmed");
    await again.body?.cancel();
  });

  await step("the patient edits their own details; wrong fields are named", async (app) => {
    const jar = await portalSignIn(app);
    const page = await (await app.request("/portal/profile", { jar })).text();
    assertMatch(page, /Muhammad Ali Raza/);
    assertMatch(page, /value="3004512876"/);
    const bad = await app.request("/portal/profile", {
      method: "POST",
      jar,
      body: new URLSearchParams({
        dateOfBirth: "2999-01-01",
        gender: "male",
        phone: "55",
        phoneCountry: "PK",
      }),
    });
    assertEquals(bad.status, 400);
    const html = await bad.text();
    assertMatch(html, /data-field-error="dateOfBirth"/);
    assertMatch(html, /data-field-error="phone"/);
    const good = await app.request("/portal/profile", {
      method: "POST",
      jar,
      body: new URLSearchParams({
        dateOfBirth: "1984-03-12",
        gender: "male",
        phone: "0300 4512877",
        phoneCountry: "PK",
        address: "House 15, Street 7, F-8/3, Islamabad",
      }),
    });
    assertEquals(good.status, 303);
    await good.body?.cancel();
    const { jar: staff } = await app.login("owner@demo-dental.test");
    const record = await (await app.request(`/api/v1/patients/${ali.id}`, { jar: staff })).json();
    const patient = record.patient ?? record;
    assertEquals(
      [patient.phone, patient.address],
      ["+923004512877", "House 15, Street 7, F-8/3, Islamabad"],
    );
  });

  await step("a staff session does not open the portal", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const res = await app.request("/portal", { jar, redirect: "manual" });
    assertEquals(res.status, 303);
    assertEquals(res.headers.get("location"), "/portal/login");
  });

  await step("signing out ends the session", async (app) => {
    const jar = await portalSignIn(app);
    const cookie = jar.header();
    const out = await app.request("/portal/logout", { method: "POST", jar });
    assertEquals(out.status, 303);
    assertEquals(jar.get("odx_ps"), undefined);
    const replay = await app.request("/portal", { headers: { cookie }, redirect: "manual" });
    assertEquals(replay.status, 303, "the old cookie no longer works");
    await replay.body?.cancel();
  });
});
