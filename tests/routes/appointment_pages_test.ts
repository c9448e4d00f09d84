import { and, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import type { CookieJar } from "../support/cookie-jar.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import { clinics, roleTemplates } from "../../lib/db/schema.ts";
import { setAppointmentStatus } from "../../lib/appointments/status-changes.ts";
import { planDefaultPermissions } from "../../lib/permissions/role-defaults.ts";
import {
  bookDemoVisit,
  clinicFixture,
  createPatient,
  freshMonday,
  userId,
} from "../lib/appointments/fixtures.ts";
import { createDomainHooks } from "../../lib/events/domain-hooks.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

async function page(app: TestApp, path: string, jar: CookieJar) {
  const res = await app.request(path, { jar });
  return { status: res.status, html: await res.text() };
}

/** The statuses the page offers buttons for, in order. */
function actionsOn(html: string): string[] {
  return [...html.matchAll(/<button type="submit"[^>]*data-action="([a-z_]+)"/g)].map((m) => m[1]);
}

testOnEachDatabase("appointment detail page", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicFixture(db, "demo-dental");
  const doctor = await userId(db, "doctor@demo-dental.test");
  const patientId = await createPatient(db, demo.id, "Zainab Qureshi");

  // Set-up bookings, not an app's: no listener follows them.
  const setup = { db, hooks: createDomainHooks() };
  const book = (time = "09:00") =>
    bookDemoVisit(setup, demo, patientId, freshMonday(), time, {
      operatoryId: demo.operatoryIds[1],
      durationMinutes: 45,
      type: "Root canal",
      colorTag: "rose",
      notes: "Tooth 36, second visit",
    });

  await step("a signed-out visitor is sent to sign in", async (app) => {
    const { id } = await book();
    const res = await app.request(`/appointments/${id}`);
    assertEquals(res.status, 303);
    assertEquals(res.headers.get("location"), `/login?next=%2Fappointments%2F${id}`);
  });

  await step("the front desk sees the whole appointment and every move", async (app) => {
    const appointment = await book();
    const { jar } = await app.login("reception@demo-dental.test");
    const { status, html } = await page(app, `/appointments/${appointment.id}`, jar);
    assertEquals(status, 200);
    assertMatch(html, new RegExp(`href="/patients/${patientId}"`));
    assert(html.includes("Zainab Qureshi"));
    assertMatch(html, /data-mrn="?[^>]*>T-\d{6}</);
    assert(html.includes("Dr. Bilal Ahmed") && html.includes("Operatory 2"));
    assertMatch(html, /09:00–09:45/);
    assertMatch(html, /Asia\/Karachi \(UTC\+05:00\)/);
    assertMatch(html, /Root canal/);
    assertMatch(html, /data-color-tag="rose"/);
    assertMatch(html, /data-status="scheduled"/);
    assert(html.includes("Tooth 36, second visit"));
    assertEquals(actionsOn(html), ["confirmed", "in_progress", "no_show", "cancelled"]);
    assertMatch(html, new RegExp(`action="/appointments/${appointment.id}/status"`));
    assert(!html.includes("data-clinical-notes"), "reception has no clinical notes access");
    assertMatch(html, /data-action="appointments.created"[\s\S]*Booked for/);
    assertMatch(html, /Usman Tariq/);
  });

  await step("a nurse may move it along but not cancel it", async (app) => {
    const appointment = await book();
    const { jar } = await app.login("nurse@demo-dental.test");
    const { html } = await page(app, `/appointments/${appointment.id}`, jar);
    assertEquals(actionsOn(html), ["confirmed", "in_progress", "no_show"]);
    assertMatch(html, /data-clinical-notes[\s\S]*No clinical notes for this visit yet/);

    const posted = await app.request(`/appointments/${appointment.id}/status`, {
      method: "POST",
      headers: FORM,
      body: new URLSearchParams({ status: "confirmed" }),
      jar,
    });
    assertEquals(posted.status, 303);
    assertEquals(
      posted.headers.get("location"),
      `/appointments/${appointment.id}?notice=confirmed`,
    );
    const after = await page(app, posted.headers.get("location")!, jar);
    assertMatch(after.html, /Appointment confirmed\./);
    assertMatch(after.html, /data-status="confirmed"/);
    assertEquals(actionsOn(after.html), ["in_progress", "no_show"]);
    assertMatch(
      after.html,
      /data-action="appointments.status_changed"[\s\S]*data-status="scheduled"[\s\S]*data-status="confirmed"[\s\S]*Hina Malik/,
    );

    const cancel = await app.request(`/appointments/${appointment.id}/status`, {
      method: "POST",
      headers: FORM,
      body: new URLSearchParams({ status: "cancelled" }),
      jar,
    });
    assertEquals(cancel.status, 403);
    await cancel.body?.cancel();
  });

  await step("a move that is no longer allowed is explained on the page", async (app) => {
    const appointment = await book();
    const { jar } = await app.login("doctor@demo-dental.test");
    const res = await app.request(`/appointments/${appointment.id}/status`, {
      method: "POST",
      headers: FORM,
      body: new URLSearchParams({ status: "completed" }),
      jar,
    });
    assertEquals(res.status, 409);
    const html = await res.text();
    assertMatch(html, /role="alert"[^>]*>A scheduled appointment cannot become completed/);
    assertEquals(actionsOn(html), ["confirmed", "in_progress", "no_show"]);
    const junk = await app.request(`/appointments/${appointment.id}/status`, {
      method: "POST",
      headers: FORM,
      body: new URLSearchParams({ status: "finished" }),
      jar,
    });
    assertEquals(junk.status, 400);
    await junk.body?.cancel();
  });

  await step("moves a future visit cannot take yet are disabled, with the reason", async (app) => {
    const appointment = await book("10:30");
    const { jar } = await app.login("reception@demo-dental.test");
    const { html } = await page(app, `/appointments/${appointment.id}`, jar);
    const disabled = [...html.matchAll(/<button [^>]*data-action="([a-z_]+)"[^>]*disabled/g)]
      .map((m) => m[1]);
    assertEquals(disabled, ["in_progress", "no_show"], "confirming and cancelling stay open");
    assertMatch(html, /it can be started from 09:30 that day/);
    assertMatch(html, /Too early for a no-show/);

    const res = await app.request(`/appointments/${appointment.id}/status`, {
      method: "POST",
      headers: FORM,
      body: new URLSearchParams({ status: "in_progress" }),
      jar,
    });
    assertEquals(res.status, 422);
    assertMatch(await res.text(), /role="alert"[^>]*>Too early to start this visit/);
    const after = await page(app, `/appointments/${appointment.id}`, jar);
    assertMatch(after.html, /data-status="scheduled"/);
  });

  await step(
    "a completed appointment offers only reopening; a cancelled one nothing",
    async (app) => {
      const appointment = await book();
      for (const status of ["in_progress", "completed"] as const) {
        await setAppointmentStatus(app.deps, {
          clinicId: demo.id,
          appointmentId: appointment.id,
          status,
          actorId: doctor,
          now: appointment.startsAt,
        });
      }
      const { jar } = await app.login("owner@demo-dental.test");
      const { html } = await page(app, `/appointments/${appointment.id}`, jar);
      assertEquals(actionsOn(html), ["reopen"]);
      assertMatch(html, /Consumables the\s+completion took from stock are returned/);
      assertMatch(html, /Dr\. Bilal Ahmed/);
      const cancelled = await book();
      await setAppointmentStatus(app.deps, {
        clinicId: demo.id,
        appointmentId: cancelled.id,
        status: "cancelled",
        actorId: doctor,
      });
      const after = await page(app, `/appointments/${cancelled.id}`, jar);
      assertEquals(actionsOn(after.html), []);
      assertMatch(after.html, /Cancelled is final/);
    },
  );

  await step("the owner can cancel; another clinic cannot see it at all", async (app) => {
    const appointment = await book();
    const { jar } = await app.login("owner@demo-dental.test");
    const { html } = await page(app, `/appointments/${appointment.id}`, jar);
    assertEquals(actionsOn(html), ["confirmed", "in_progress", "no_show", "cancelled"]);

    const { jar: theirs } = await app.login("owner@second-smile.test");
    for (const path of [`/appointments/${appointment.id}`, "/appointments/not-an-id"]) {
      const res = await page(app, path, theirs);
      assertEquals(res.status, 404, path);
    }
    const post = await app.request(`/appointments/${appointment.id}/status`, {
      method: "POST",
      headers: FORM,
      body: new URLSearchParams({ status: "cancelled" }),
      jar: theirs,
    });
    assertEquals(post.status, 404);
    await post.body?.cancel();
  });

  await step("without appointments.view the page is refused", async (app) => {
    const appointment = await book();
    const [clinic] = await db.select().from(clinics).where(eq(clinics.slug, "demo-dental"));
    await db.insert(roleTemplates).values({
      clinicId: clinic.id,
      role: "nurse",
      permissions: planDefaultPermissions("pro", "nurse").filter((k) =>
        !k.startsWith("appointments.")
      ),
    });
    try {
      const { jar } = await app.login("nurse@demo-dental.test");
      const res = await page(app, `/appointments/${appointment.id}`, jar);
      assertEquals(res.status, 403);
    } finally {
      await db.delete(roleTemplates).where(
        and(eq(roleTemplates.clinicId, clinic.id), eq(roleTemplates.role, "nurse")),
      );
    }
  });
});
