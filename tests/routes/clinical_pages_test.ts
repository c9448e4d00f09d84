import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import type { CookieJar } from "../support/cookie-jar.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import { clinicalNotes } from "../../lib/db/schema.ts";
import { bookAppointment } from "../../lib/appointments/booking.ts";
import {
  clinicFixture,
  createPatient,
  freshMonday,
  karachi,
  userId,
} from "../lib/appointments/fixtures.ts";
import { createDomainHooks } from "../../lib/events/domain-hooks.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const DOCTOR = "doctor@demo-dental.test";
const NURSE = "nurse@demo-dental.test";
const RECEPTION = "reception@demo-dental.test";

async function page(app: TestApp, jar: CookieJar, path: string, status = 200) {
  const res = await app.request(path, { jar });
  assertEquals(res.status, status, path);
  return await res.text();
}

async function post(app: TestApp, jar: CookieJar, path: string, fields: Record<string, string>) {
  return await app.request(path, {
    method: "POST",
    headers: FORM,
    body: new URLSearchParams(fields),
    jar,
  });
}

const teethIn = (html: string) => [...html.matchAll(/data-tooth="(\d+)"/g)].map((m) => m[1]);

testOnEachDatabase("clinical notes and chart pages", async (t, database) => {
  const db = database.db;
  // Bookings made here are set-up, not an app's: no listener follows them.
  const deps = { db, hooks: createDomainHooks() };
  const step = appSteps(t, database);
  const demo = await clinicFixture(db, "demo-dental");
  const patientId = await createPatient(db, demo.id, "Sana Mirza");
  const visit = await bookAppointment(deps, {
    clinicId: demo.id,
    actorId: await userId(db, RECEPTION),
    patientId,
    doctorId: await userId(db, DOCTOR),
    operatoryId: demo.operatoryIds[0],
    startsAt: new Date(karachi(freshMonday(), "11:00")),
    durationMinutes: 30,
    type: "Filling",
  });

  await step("the front desk sees neither chart nor notes, and never a 403", async (app) => {
    const { jar } = await app.login(RECEPTION);
    const record = await page(app, jar, `/patients/${patientId}`);
    assert(!record.includes("?tab=notes") && !record.includes("?tab=chart"));
    const notes = await page(app, jar, `/patients/${patientId}?tab=notes`);
    assertMatch(notes, /data-patient-card/, "falls back to the overview");
    const appointment = await page(app, jar, `/appointments/${visit.id}`);
    assert(!appointment.includes("data-clinical-notes"));
    const posted = await post(app, jar, `/patients/${patientId}/notes`, { body: "Sneaky" });
    assertEquals(posted.status, 403);
    await posted.body?.cancel();
  });

  await step("a doctor's note shows its author and exact saved time", async (app) => {
    const { jar } = await app.login(DOCTOR);
    const res = await post(app, jar, `/patients/${patientId}/notes`, {
      body: "Deep caries on 36; discussed options.",
    });
    assertEquals(res.status, 303);
    assertEquals(
      res.headers.get("location"),
      `/patients/${patientId}?tab=notes&clinical=note_added`,
    );
    const [saved] = await db.select().from(clinicalNotes)
      .where(eq(clinicalNotes.patientId, patientId));
    const html = await page(app, jar, res.headers.get("location")!);
    assertMatch(html, /Note saved\./);
    assertMatch(html, /Deep caries on 36; discussed options\./);
    assertMatch(html, /data-note-author[^>]*>Dr\. Bilal Ahmed</);
    const wall = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Asia/Karachi",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    }).format(saved.createdAt);
    assertMatch(wall, /^\d{2}:\d{2}:\d{2}$/);
    assertMatch(
      html,
      new RegExp(`<time datetime="${saved.createdAt.toISOString()}"[^>]*>[^<]*${wall}</time>`),
    );
    const empty = await post(app, jar, `/patients/${patientId}/notes`, { body: "   " });
    assertEquals(
      empty.headers.get("location"),
      `/patients/${patientId}?tab=notes&clinical=note_invalid`,
    );
  });

  await step("a nurse adds a note at the visit but is offered no delete", async (app) => {
    const { jar } = await app.login(NURSE);
    const before = await page(app, jar, `/appointments/${visit.id}`);
    assertMatch(before, /data-clinical-notes[\s\S]*No clinical notes for this visit yet/);
    assertMatch(before, new RegExp(`name="appointmentId" value="${visit.id}"`));
    const res = await post(app, jar, `/patients/${patientId}/notes`, {
      body: "Anaesthetic given, 1 cartridge.",
      appointmentId: visit.id,
    });
    assertEquals(
      res.headers.get("location"),
      `/appointments/${visit.id}?clinical=note_added#clinical-notes`,
    );
    const after = await page(app, jar, `/appointments/${visit.id}`);
    assertMatch(after, /Anaesthetic given, 1 cartridge\./);
    assert(!after.includes("Deep caries on 36"), "only this visit's notes");
    assert(!after.includes("data-delete-note"), "no delete without clinical.notes.delete");
    assertMatch(after, /<summary[^>]*>\s*Edit/, "her own note can be corrected");

    const tab = await page(app, jar, `/patients/${patientId}?tab=notes`);
    assertMatch(tab, /Anaesthetic given[\s\S]*Deep caries on 36/, "newest first");
    assertMatch(tab, new RegExp(`href="/appointments/${visit.id}"[^>]*data-note-appointment`));
  });

  await step("a doctor deletes a note from the visit", async (app) => {
    const { jar } = await app.login(DOCTOR);
    const [note] = await db.select().from(clinicalNotes)
      .where(eq(clinicalNotes.appointmentId, visit.id));
    const html = await page(app, jar, `/appointments/${visit.id}`);
    assertMatch(html, /data-delete-note/);
    const res = await post(app, jar, `/clinical/notes/${note.id}/delete`, { from: "appointment" });
    assertEquals(
      res.headers.get("location"),
      `/appointments/${visit.id}?clinical=note_deleted#clinical-notes`,
    );
    const after = await page(app, jar, `/appointments/${visit.id}?clinical=note_deleted`);
    assertMatch(after, /Note deleted\./);
    assert(!after.includes("Anaesthetic given"));
  });

  await step("the chart tab draws the arches and charts from a form", async (app) => {
    const { jar } = await app.login(DOCTOR);
    const empty = await page(app, jar, `/patients/${patientId}?tab=chart`);
    assertEquals(teethIn(empty).length, 32);
    assertMatch(empty, /Nothing charted yet/);
    assertMatch(empty, /<optgroup label="Upper right">/);
    assertMatch(empty, /<optgroup label="Condition">[\s\S]*<optgroup label="Procedure">/);

    const res = await post(app, jar, `/patients/${patientId}/chart`, {
      tooth: "46",
      surface: "",
      what: "procedure:extraction",
      recordedOn: "2026-11-20",
      note: "Non-restorable",
    });
    assertEquals(res.headers.get("location"), `/patients/${patientId}?tab=chart&clinical=charted`);
    const html = await page(app, jar, res.headers.get("location")!);
    assertMatch(html, /Added to the chart\./);
    // Struck through on the odontogram.
    assertMatch(html, /data-tooth="46" data-condition="missing"[^]*?data-mark="missing"/);
    assertMatch(html, /data-chart-entry[\s\S]*Extraction[\s\S]*Non-restorable[\s\S]*20 Nov 2026/);

    const bad = await post(app, jar, `/patients/${patientId}/chart`, {
      tooth: "19",
      what: "condition:caries",
      recordedOn: "2026-11-20",
    });
    assertEquals(
      bad.headers.get("location"),
      `/patients/${patientId}?tab=chart&clinical=chart_invalid`,
    );

    const primary = await page(app, jar, `/patients/${patientId}?tab=chart&dentition=primary`);
    assertEquals(teethIn(primary).length, 20);
    assertMatch(primary, /aria-current="page"[^>]*>Primary/);
    const mixed = await page(app, jar, `/patients/${patientId}?tab=chart&dentition=mixed`);
    assertEquals(teethIn(mixed).length, 52);

    // The day before the extraction, the chart showed 46 standing, and nothing may be removed.
    const before = await page(app, jar, `/patients/${patientId}?tab=chart&asOf=2026-11-19`);
    assertMatch(before, /data-chart-as-of="2026-11-19"/);
    assertMatch(before, /data-tooth="46" data-condition="sound"/);
    assert(!before.includes("/delete"), "a past chart offers no removal");
    assert(!before.includes("data-interactive"), "nor charting");
    assertMatch(before, /data-history-date="2026-11-20"/);
  });

  await step("a nurse is offered procedures only", async (app) => {
    const { jar } = await app.login(NURSE);
    const html = await page(app, jar, `/patients/${patientId}?tab=chart`);
    assertMatch(html, /data-add-to-chart/);
    assert(!html.includes('<optgroup label="Condition">'));
    assertMatch(html, /<optgroup label="Procedure">/);
  });
});
