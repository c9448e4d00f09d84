import { and, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import type { CookieJar } from "../support/cookie-jar.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import type { Db } from "../../lib/db/client.ts";
import { appointments } from "../../lib/db/schema.ts";
import { clinicFixture, createPatient, freshMonday, userId } from "../lib/appointments/fixtures.ts";
import { addDays } from "../../lib/calendar/calendar-dates.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

async function page(app: TestApp, path: string, jar: CookieJar) {
  const res = await app.request(path, { jar });
  return { status: res.status, html: await res.text() };
}

function post(app: TestApp, jar: CookieJar, fields: Record<string, string>) {
  return app.request("/appointments/new", {
    method: "POST",
    headers: FORM,
    body: new URLSearchParams(fields),
    jar,
  });
}

async function bookedFor(db: Db, patientId: string) {
  return await db.select({ id: appointments.id, startsAt: appointments.startsAt })
    .from(appointments).where(eq(appointments.patientId, patientId));
}

testOnEachDatabase("appointment booking page", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicFixture(db, "demo-dental");
  const other = await clinicFixture(db, "second-smile");
  const doctor = await userId(db, "doctor@demo-dental.test");
  const patientId = await createPatient(db, demo.id, "Hamza Siddiqui");

  const fields = (date: string, time: string, extra: Record<string, string> = {}) => ({
    patientId,
    doctorId: doctor,
    operatoryId: demo.operatoryIds[0],
    date,
    time,
    durationMinutes: "45",
    type: "Filling",
    colorTag: "violet",
    notes: "Upper left molar",
    ...extra,
  });

  await step("the front desk and the owner get the form; a nurse does not", async (app) => {
    for (const email of ["reception@demo-dental.test", "owner@demo-dental.test"]) {
      const { jar } = await app.login(email);
      const { status, html } = await page(
        app,
        `/appointments/new?patient=${patientId}&date=2030-03-04&time=10:15`,
        jar,
      );
      assertEquals(status, 200, email);
      assertMatch(html, new RegExp(`<option value="${patientId}" selected[^>]*>Hamza Siddiqui`));
      assert(html.includes("Dr. Bilal Ahmed"), "bookable doctors are offered");
      assertMatch(html, /name="date"[^>]*value="2030-03-04"/);
      assertMatch(html, /name="time"[^>]*value="10:15"/);
      assertMatch(html, /<option value="30" selected/);
      assertEquals([...html.matchAll(/name="colorTag"/g)].length, 8);
      assert(html.includes("data-allow-closed"), `${email} may book outside hours`);
    }
    const doctorJar = (await app.login("doctor@demo-dental.test")).jar;
    const asDoctor = await page(app, "/appointments/new", doctorJar);
    assertEquals(asDoctor.status, 200);
    assert(!asDoctor.html.includes("data-allow-closed"), "no override without hours.manage");
    const nurse = (await app.login("nurse@demo-dental.test")).jar;
    assertEquals((await page(app, "/appointments/new", nurse)).status, 403);
    const res = await post(app, nurse, fields(addDays(freshMonday(), 1), "10:00"));
    assertEquals(res.status, 403);
  });

  await step("the calendar and the patient's record link to the form", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const calendar = await page(app, "/calendar?view=day&date=2030-03-04", jar);
    assertMatch(calendar.html, /href="\/appointments\/new\?date=2030-03-04"/);
    const record = await page(app, `/patients/${patientId}`, jar);
    assert(record.html.includes(`href="/appointments/new?patient=${patientId}"`));
    const nurse = (await app.login("nurse@demo-dental.test")).jar;
    const theirs = await page(app, `/patients/${patientId}`, nurse);
    assert(!theirs.html.includes("data-new-appointment"));
  });

  await step("posting books the appointment and opens it", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const tuesday = addDays(freshMonday(), 1);
    const res = await post(app, jar, fields(tuesday, "10:00"));
    assertEquals(res.status, 303, await res.text());
    const location = res.headers.get("location")!;
    assertMatch(location, /^\/appointments\/[0-9a-f-]{36}$/);
    const detail = await page(app, location, jar);
    assertMatch(detail.html, /10:00–10:45/);
    assert(detail.html.includes("Filling") && detail.html.includes("Upper left molar"));
    assertMatch(detail.html, /data-color-tag="violet"/);
  });

  await step("a clash re-renders the form with the other appointment", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const wednesday = addDays(freshMonday(), 2);
    const first = await post(app, jar, fields(wednesday, "11:00"));
    assertEquals(first.status, 303);
    const firstId = first.headers.get("location")!.split("/").at(-1)!;
    const before = (await bookedFor(db, patientId)).length;
    const res = await post(app, jar, fields(wednesday, "11:30", { notes: "Second try" }));
    const html = await res.text();
    assertEquals(res.status, 409);
    assertMatch(html, /Dr\. Bilal Ahmed is already booked with Hamza Siddiqui/);
    assertMatch(html, new RegExp(`href="/appointments/${firstId}"[^>]*data-conflicting`));
    assertMatch(html, /name="time"[^>]*value="11:30"/);
    assertMatch(html, new RegExp(`name="date"[^>]*value="${wednesday}"`));
    assertMatch(html, /<option value="45" selected/);
    assertMatch(html, /value="violet" checked/);
    assert(html.includes("Second try"), "notes are kept");
    assertEquals((await bookedFor(db, patientId)).length, before);
  });

  await step("closed time needs the checkbox, which books it for the owner", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const sunday = addDays(freshMonday(), 6);
    const refused = await post(app, jar, fields(sunday, "10:00"));
    const html = await refused.text();
    assertEquals(refused.status, 422);
    assertMatch(html, /The clinic is closed on Sundays/);
    assertMatch(html, /Allow booking outside working hours/);
    assertMatch(html, new RegExp(`name="date"[^>]*value="${sunday}"`));
    const booked = await post(app, jar, fields(sunday, "10:00", { allowClosed: "on" }));
    assertEquals(booked.status, 303, await booked.text());
    // A doctor cannot tick a box they are not shown.
    const doctorJar = (await app.login("doctor@demo-dental.test")).jar;
    const forced = await post(app, doctorJar, fields(sunday, "12:00", { allowClosed: "on" }));
    assertEquals(forced.status, 422);
  });

  await step("bad fields come back on the form with what was typed", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const res = await post(
      app,
      jar,
      fields(addDays(freshMonday(), 1), "25:00", { type: " ", durationMinutes: "20" }),
    );
    const html = await res.text();
    assertEquals(res.status, 400);
    assertMatch(html, /data-field-error="time"/);
    assertMatch(html, /data-field-error="type"/);
    assertMatch(html, /data-field-error="durationMinutes"/);
    assert(html.includes("Upper left molar"));
    assertMatch(html, new RegExp(`<option value="${patientId}" selected`));
  });

  await step("another clinic's patient cannot be booked", async (app) => {
    const theirs = await createPatient(db, other.id, "Not Ours");
    const { jar } = await app.login("reception@demo-dental.test");
    const form = await page(app, `/appointments/new?patient=${theirs}`, jar);
    assertEquals(form.status, 200);
    assert(!form.html.includes("Not Ours"), "never offered or prefilled");
    const res = await post(
      app,
      jar,
      fields(addDays(freshMonday(), 1), "10:00", {
        patientId: theirs,
      }),
    );
    assertEquals(res.status, 404);
    assertEquals(
      (await db.select({ id: appointments.id }).from(appointments)
        .where(and(eq(appointments.clinicId, demo.id), eq(appointments.patientId, theirs))))
        .length,
      0,
    );
    assertEquals((await bookedFor(db, theirs)).length, 0);
  });

  await step("the patient search narrows the list", async (app) => {
    await createPatient(db, demo.id, "Zubair Khan");
    const { jar } = await app.login("reception@demo-dental.test");
    const { html } = await page(app, "/appointments/new?q=siddiqui", jar);
    assert(html.includes("Hamza Siddiqui"));
    assert(!html.includes("Zubair Khan"));
  });

  await step("the front desk finds the caller by phone number", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const created = await app.json("POST", "/api/v1/patients", {
      fullName: "Nadia Caller",
      phone: "0321 7654321",
    }, { jar });
    assertEquals(created.status, 201, await created.clone().text());
    const { html } = await page(app, "/appointments/new?q=%2B92%20321%207654321", jar);
    assert(html.includes("Nadia Caller"), "found by the number, in another spelling");
    assert(!html.includes("Hamza Siddiqui"));
    assertMatch(html, /placeholder="Name, MRN or phone"/);
  });
});
