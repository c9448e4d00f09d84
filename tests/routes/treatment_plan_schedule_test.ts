/**
 * Scheduling a plan item from the plan page: the patient's upcoming visits
 * are offered under each open item, choosing one links the item and marks it
 * scheduled (no new revision: progress is not a change to what was agreed),
 * "Unschedule" puts it back to planned, and a visit of another patient, a
 * cancelled one, a member who may not edit plans or another clinic change
 * nothing.
 */
import { and, desc, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import {
  events,
  patients,
  treatmentPlanItems,
  treatmentPlanOptions,
  treatmentPlanPhases,
  treatmentPlans,
} from "../../lib/db/schema.ts";
import { setAppointmentStatus } from "../../lib/appointments/status-changes.ts";
import {
  bookDemoVisit,
  clinicFixture,
  createPatient,
  freshMonday,
  userId,
} from "../lib/appointments/fixtures.ts";

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

testOnEachDatabase("scheduling plan items", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicFixture(db, "demo-dental");
  const [ali] = await db.select({ id: patients.id }).from(patients)
    .where(and(eq(patients.clinicId, demo.id), eq(patients.fullName, "Muhammad Ali Raza")));
  const [plan] = await db.select().from(treatmentPlans)
    .where(and(eq(treatmentPlans.clinicId, demo.id), eq(treatmentPlans.patientId, ali.id)));
  assert(plan, "the demo seed has Ali's plan");
  const [{ item }] = await db.select({ item: treatmentPlanItems }).from(treatmentPlanItems)
    .innerJoin(treatmentPlanPhases, eq(treatmentPlanPhases.id, treatmentPlanItems.phaseId))
    .innerJoin(treatmentPlanOptions, eq(treatmentPlanOptions.id, treatmentPlanPhases.optionId))
    .where(eq(treatmentPlanOptions.planId, plan.id)).limit(1);
  const monday = freshMonday();
  const itemPath = `/treatment-plans/${plan.id}/items/${item.id}/schedule`;
  const itemRow = async () =>
    (await db.select().from(treatmentPlanItems).where(eq(treatmentPlanItems.id, item.id)))[0];
  const revision = async () =>
    (await db.select({ r: treatmentPlans.revision }).from(treatmentPlans)
      .where(eq(treatmentPlans.id, plan.id)))[0].r;
  let visitId = "";

  await step("the plan page offers the patient's upcoming visit under each item", async (app) => {
    const visit = await bookDemoVisit(app.deps, demo, ali.id, monday, "11:00", {
      type: "Root canal",
    });
    visitId = visit.id;
    const { jar } = await app.login("owner@demo-dental.test");
    const res = await app.request(`/treatment-plans/${plan.id}`, { jar });
    assertEquals(res.status, 200);
    const html = await res.text();
    assertMatch(html, new RegExp(`action="${itemPath}"`));
    assertMatch(html, new RegExp(`<option value="${visit.id}">[^<]*Root canal</option>`));
  });

  await step("choosing the visit schedules the item without a new revision", async (app) => {
    const before = await revision();
    const { jar } = await app.login("owner@demo-dental.test");
    const res = await app.request(itemPath, { jar, ...form({ appointmentId: visitId }) });
    assertEquals(res.status, 303);
    assertEquals(res.headers.get("location"), `/treatment-plans/${plan.id}?notice=scheduled`);
    const row = await itemRow();
    assertEquals([row.status, row.appointmentId], ["scheduled", visitId]);
    assertEquals(await revision(), before);
    // Open pages of the plan hear of it, with who did it so the owner's own page stays quiet.
    const [event] = await db.select().from(events)
      .where(and(eq(events.clinicId, demo.id), eq(events.type, "treatment.plan_changed")))
      .orderBy(desc(events.id)).limit(1);
    assertEquals(event.data, {
      planId: plan.id,
      patientId: ali.id,
      change: "item",
      actorId: await userId(db, "owner@demo-dental.test"),
    });
    const html = await (await app.request(`/treatment-plans/${plan.id}?notice=scheduled`, { jar }))
      .text();
    assertMatch(html, /Item scheduled\./);
    assertMatch(html, new RegExp(`data-linked-appointment="${visitId}"`));
    assertMatch(html, new RegExp(`href="/appointments/${visitId}"`));
  });

  await step("unscheduling puts the item back to planned", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const res = await app.request(itemPath, { jar, ...form({ appointmentId: "" }) });
    assertEquals(res.status, 303);
    await res.body?.cancel();
    const row = await itemRow();
    assertEquals([row.status, row.appointmentId], ["planned", null]);
  });

  await step(
    "another patient's visit, a cancelled one, or a made-up id is refused",
    async (app) => {
      const other = await createPatient(db, demo.id, "Other Patient");
      const theirs = await bookDemoVisit(app.deps, demo, other, monday, "12:00");
      const cancelled = await bookDemoVisit(app.deps, demo, ali.id, monday, "13:00");
      await setAppointmentStatus(app.deps, {
        clinicId: demo.id,
        appointmentId: cancelled.id,
        status: "cancelled",
        actorId: await userId(db, "owner@demo-dental.test"),
      });
      const { jar } = await app.login("owner@demo-dental.test");
      for (
        const [id, message] of [
          [theirs.id, /Choose one of the patient&#39;s appointments|Choose one of the patient's/],
          [cancelled.id, /cancelled or missed/],
          ["not-an-id", /Choose one of the patient/],
        ] as const
      ) {
        const res = await app.request(itemPath, { jar, ...form({ appointmentId: id }) });
        assertEquals(res.status, 422, id);
        assertMatch(await res.text(), message);
      }
      const page = await (await app.request(`/treatment-plans/${plan.id}`, { jar })).text();
      assert(!page.includes(`<option value="${cancelled.id}"`), "a cancelled visit is not offered");
      assert(
        !page.includes(`<option value="${theirs.id}"`),
        "another patient's visit is not offered",
      );
      const row = await itemRow();
      assertEquals([row.status, row.appointmentId], ["planned", null]);
    },
  );

  await step("a nurse, who may only view plans, gets no picker and is refused", async (app) => {
    const { jar } = await app.login("nurse@demo-dental.test");
    const page = await (await app.request(`/treatment-plans/${plan.id}`, { jar })).text();
    assert(!page.includes("data-item-schedule"), "no schedule controls");
    const res = await app.request(itemPath, { jar, ...form({ appointmentId: visitId }) });
    assertEquals(res.status, 403);
    await res.body?.cancel();
    assertEquals((await itemRow()).status, "planned");
  });

  await step("another clinic (treatment is on every plan) gets 404", async (app) => {
    const { jar } = await app.login("owner@second-smile.test");
    const res = await app.request(itemPath, { jar, ...form({ appointmentId: visitId }) });
    assertEquals(res.status, 404);
    await res.body?.cancel();
    assertEquals((await itemRow()).status, "planned");
  });
});
