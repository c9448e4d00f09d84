/** The lab pages staff use: who sees what, the full-page form, and lab cases where visits are. */
import { createDomainHooks } from "../../lib/events/domain-hooks.ts";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import {
  bookDemoVisit,
  clinicFixture,
  createPatient,
  freshMonday,
  userId,
} from "../lib/appointments/fixtures.ts";
import { createCase, createLab } from "../support/lab-fixtures.ts";
import { addDays } from "../../lib/calendar/calendar-dates.ts";

const words = (html: string) =>
  html.replace(/<style[\s\S]*?<\/style>/g, "").replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]+>/g, " ").replace(/&#39;/g, "'").replace(/&amp;/g, "&").replace(/\s+/g, " ");

function form(fields: Record<string, string>) {
  return {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  };
}

testOnEachDatabase("lab pages", async (t, database) => {
  const { db } = database;
  const step = appSteps(t, database);
  const demo = await clinicFixture(db, "demo-dental");
  const doctorId = await userId(db, "doctor@demo-dental.test");
  const lab = await createLab(db, demo.id, doctorId, { name: "Pages Lab" });

  await step("reception sees the dashboard and the labs, and changes neither", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const dashboard = await app.request("/lab", { jar });
    assertEquals(dashboard.status, 200);
    const text = words(await dashboard.text());
    assertMatch(text, /Lab cases/);
    assert(!text.includes("New case"));
    assertEquals((await app.request("/lab/cases/new", { jar })).status, 403);
    const settings = words(await (await app.request("/settings/lab", { jar })).text());
    assertMatch(settings, /Pages Lab/);
    assertMatch(settings, /You can view but not change these settings/);
    assert(!settings.includes("Add lab"));
    assertEquals((await app.request("/settings/lab/labs/new", { jar })).status, 403);
    const post = await app.request("/settings/lab/labs/new", {
      jar,
      ...form({ name: "Sneaky Lab", defaultTurnaroundDays: "3" }),
    });
    assertEquals(post.status, 403);
  });

  await step("a clinic without the lab module has no lab pages", async (app) => {
    const { jar } = await app.login("owner@second-smile.test");
    assertEquals((await app.request("/lab", { jar })).status, 403);
    assertEquals((await app.request("/lab/cases/new", { jar })).status, 403);
  });

  await step("the owner adds a lab in Settings → Lab", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const res = await app.request("/settings/lab/labs/new", {
      jar,
      ...form({
        name: "Karachi Ceramics",
        phone: "0300 7654321",
        defaultTurnaroundDays: "6",
        "days-crown": "4",
        active: "on",
      }),
    });
    assertEquals([res.status, res.headers.get("location")], [303, "/settings/lab?notice=saved"]);
    const page = words(await (await app.request("/settings/lab", { jar })).text());
    assertMatch(page, /Karachi Ceramics/);
    assertMatch(page, /\+923007654321/);
    const bad = await app.request("/settings/lab/labs/new", {
      jar,
      ...form({ name: "", defaultTurnaroundDays: "0" }),
    });
    assertEquals(bad.status, 400);
  });

  await step("the full-page form creates a case; refused input is shown again", async (app) => {
    const { jar } = await app.login("doctor@demo-dental.test");
    const patientId = await createPatient(db, demo.id, "Form Patient");
    const missing = await app.request("/lab/cases/new", {
      jar,
      ...form({ patientId, caseType: "crown", shade: "A1" }),
    });
    assertEquals(missing.status, 400);
    const again = await missing.text();
    assertMatch(again, /value="A1"/);
    assertMatch(words(again), /Pick the lab/);
    const created = await app.request("/lab/cases/new", {
      jar,
      ...form({
        patientId,
        labId: lab.id,
        caseType: "bridge",
        "tooth-14": "on",
        "tooth-16": "on",
        shade: "A3",
        priority: "urgent",
        sendNow: "1",
      }),
    });
    assertEquals(created.status, 303);
    const location = created.headers.get("location")!;
    assertMatch(location, /^\/lab\/cases\/[0-9a-f-]+\?notice=created$/);
    const page = words(await (await app.request(location, { jar })).text());
    assertMatch(page, /Bridge/);
    assertMatch(page, /14, 16/);
    assertMatch(page, /Sent to lab/);
    assertMatch(page, /Urgent/);
  });

  await step("an illegal move from the case page is explained and changes nothing", async (app) => {
    const { jar } = await app.login("doctor@demo-dental.test");
    const patientId = await createPatient(db, demo.id, "Move Patient");
    const kase = await createCase(db, {
      clinicId: demo.id,
      actorId: doctorId,
      patientId,
      labId: lab.id,
    });
    const res = await app.request(`/lab/cases/${kase.id}/status`, {
      jar,
      ...form({ status: "fitted" }),
    });
    assertEquals(res.status, 409);
    assertMatch(
      words(await res.text()),
      /cannot move to Fitted \(allowed: Sent to lab, Cancelled\)/,
    );
  });

  await step(
    "an appointment lists its lab cases, warning when one may not be back",
    async (app) => {
      const { jar } = await app.login("reception@demo-dental.test");
      const patientId = await createPatient(db, demo.id, "Seat Patient");
      const monday = freshMonday();
      const visit = await bookDemoVisit(
        { db, hooks: createDomainHooks() },
        demo,
        patientId,
        monday,
        "10:00",
      );
      const late = await createCase(db, {
        clinicId: demo.id,
        actorId: doctorId,
        patientId,
        labId: lab.id,
        appointmentId: visit.id,
        dueDate: monday,
        path: ["sent_to_lab"],
      });
      const early = await createCase(db, {
        clinicId: demo.id,
        actorId: doctorId,
        patientId,
        labId: lab.id,
        appointmentId: visit.id,
        dueDate: addDays(monday, -7),
        path: ["sent_to_lab"],
      });
      const html = await (await app.request(`/appointments/${visit.id}`, { jar })).text();
      assert(html.includes(`href="/lab/cases/${late.id}"`));
      assert(html.includes(`href="/lab/cases/${early.id}"`));
      const text = words(html);
      assertMatch(text, /Case may not be back/);
      assertEquals(html.match(/data-not-back-warning/g)?.length, 1);
      assertMatch(html, /Reschedule the appointment/);

      const tab = await app.request(`/patients/${patientId}?tab=lab`, { jar });
      const tabHtml = await tab.text();
      assert(tabHtml.includes(`href="/lab/cases/${late.id}"`));
      assertMatch(words(tabHtml), /Scan files/);
    },
  );

  await step(
    "the calendar flags a visit whose lab case may not be back, in the week, on the phone and in the month",
    async (app) => {
      const { jar } = await app.login("reception@demo-dental.test");
      const patientId = await createPatient(db, demo.id, "Calendar Lab Patient");
      const monday = freshMonday();
      const deps = { db, hooks: createDomainHooks() };
      const atRisk = await bookDemoVisit(deps, demo, patientId, monday, "10:00");
      const safe = await bookDemoVisit(deps, demo, patientId, addDays(monday, 2), "10:00");
      await createCase(db, {
        clinicId: demo.id,
        actorId: doctorId,
        patientId,
        labId: lab.id,
        appointmentId: atRisk.id,
        dueDate: monday,
        path: ["sent_to_lab"],
      });
      await createCase(db, {
        clinicId: demo.id,
        actorId: doctorId,
        patientId,
        labId: lab.id,
        appointmentId: safe.id,
        dueDate: addDays(monday, -7),
        path: ["sent_to_lab"],
      });
      const flagged = (html: string, id: string) => {
        const card = html.match(new RegExp(`<a[^>]*/appointments/${id}"[\\s\\S]*?</a>`));
        assert(card, `a card links to appointment ${id}`);
        return card[0].includes("data-lab-risk");
      };
      const week = await (await app.request(`/calendar?view=week&date=${monday}`, { jar })).text();
      assertEquals(flagged(week, atRisk.id), true);
      assertEquals(flagged(week, safe.id), false);
      // The week island's grid, and the phone agenda beside it, both carry the flag once.
      assertEquals(week.match(/Lab case may not be back in time/g)!.length >= 2, true);
      const month = await (await app.request(`/calendar?view=month&date=${monday}`, { jar }))
        .text();
      assertEquals(flagged(month, atRisk.id), true);
      assertEquals(flagged(month, safe.id), false);
    },
  );

  await step(
    "a clinic without the lab module sees no lab flags and runs no lab query",
    async (app) => {
      const { jar } = await app.login("owner@second-smile.test");
      const week = await (await app.request("/calendar?view=week", { jar })).text();
      assertEquals(week.includes("data-lab-risk"), false);
    },
  );
});
