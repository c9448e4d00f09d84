/**
 * Reopening a completed visit: a doctor (who holds the reopen permission by
 * default) sees "Reopen visit" on the completed appointment, pressing it
 * puts the visit back in progress and returns the consumables the completion
 * took, exactly once; a nurse or receptionist, who may move statuses but not
 * undo a completion, is offered no button and refused by page and API alike;
 * another clinic gets 404.
 */
import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import { appointments, inventoryItems, inventoryMovements } from "../../lib/db/schema.ts";
import { setAppointmentStatus } from "../../lib/appointments/status-changes.ts";
import { setTypeConsumables } from "../../lib/inventory/appointment-consumption.ts";
import { recordMovement } from "../../lib/inventory/movements.ts";
import {
  bookDemoVisit,
  clinicFixture,
  createPatient,
  freshMonday,
  karachi,
} from "../lib/appointments/fixtures.ts";
import { testItem, userId } from "../lib/inventory/fixtures.ts";

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

testOnEachDatabase("reopening a completed visit", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicFixture(db, "demo-dental");
  const owner = await userId(db, "owner@demo-dental.test");
  const doctor = await userId(db, "doctor@demo-dental.test");
  const patient = await createPatient(db, demo.id, "Reopen Patient");
  const type = `Extraction ${crypto.randomUUID().slice(0, 6)}`;
  const gauze = await testItem(db, demo.id, { unit: "pack", reorderThreshold: 0 });
  await recordMovement(db, {
    clinicId: demo.id,
    itemId: gauze.id,
    actorId: owner,
    movement: {
      kind: "receive",
      quantity: 10,
      lotNumber: null,
      expiresOn: null,
      supplierId: null,
      costMinor: null,
      note: null,
    },
  });
  await setTypeConsumables(db, {
    clinicId: demo.id,
    actorId: owner,
    consumables: { appointmentType: type, items: [{ itemId: gauze.id, quantity: 3 }] },
  });
  const stock = async () =>
    (await db.select({ n: inventoryItems.onHand }).from(inventoryItems)
      .where(eq(inventoryItems.id, gauze.id)))[0].n;
  const statusOf = async (id: string) =>
    (await db.select({ s: appointments.status }).from(appointments)
      .where(eq(appointments.id, id)))[0].s;
  const monday = freshMonday();
  let slot = 9;

  /** A visit of `type` completed through the app's own hooks, so its consumables were taken. */
  async function completedVisit(app: TestApp): Promise<string> {
    const time = `${String(slot++).padStart(2, "0")}:00`;
    const visit = await bookDemoVisit(app.deps, demo, patient, monday, time, { type });
    const now = new Date(karachi(monday, time));
    for (const status of ["in_progress", "completed"] as const) {
      await setAppointmentStatus(app.deps, {
        clinicId: demo.id,
        appointmentId: visit.id,
        status,
        actorId: doctor,
        now,
      });
    }
    return visit.id;
  }

  await step("a doctor reopens from the page; the stock comes back once", async (app) => {
    const id = await completedVisit(app);
    assertEquals(await stock(), 7);
    const { jar } = await app.login("doctor@demo-dental.test");
    const page = await (await app.request(`/appointments/${id}`, { jar })).text();
    assertMatch(page, /data-action="reopen"/);
    assertMatch(page, /Reopen visit/);
    const res = await app.request(`/appointments/${id}/status`, {
      jar,
      ...form({ status: "in_progress", reopen: "1" }),
    });
    assertEquals(res.status, 303);
    assertEquals(res.headers.get("location"), `/appointments/${id}?notice=reopened`);
    assertEquals(await statusOf(id), "in_progress");
    assertEquals(await stock(), 10);
    const after = await (await app.request(`/appointments/${id}?notice=reopened`, { jar })).text();
    assertMatch(after, /Visit reopened/);
    assertMatch(after, /data-action="completed"/, "it can be completed again");

    // The same button pressed again (a second tab): refused, and nothing more is returned.
    const twice = await app.request(`/appointments/${id}/status`, {
      jar,
      ...form({ status: "in_progress", reopen: "1" }),
    });
    assertEquals(twice.status, 409);
    assertMatch(await twice.text(), /already in progress/);
    assertEquals(await stock(), 10);
    const returns = await db.select().from(inventoryMovements)
      .where(eq(inventoryMovements.appointmentId, id));
    assertEquals(returns.map((m) => m.kind).sort(), ["consume", "return"]);
  });

  await step("the API reopens for a doctor too", async (app) => {
    const id = await completedVisit(app);
    assertEquals(await stock(), 7);
    const { jar } = await app.login("doctor@demo-dental.test");
    const res = await app.json("POST", `/api/v1/appointments/${id}/status`, {
      status: "in_progress",
    }, { jar });
    assertEquals(res.status, 200, await res.clone().text());
    await res.body?.cancel();
    assertEquals(await statusOf(id), "in_progress");
    assertEquals(await stock(), 10);
  });

  await step("a nurse and reception are offered no reopen and are refused", async (app) => {
    const id = await completedVisit(app);
    for (const email of ["nurse@demo-dental.test", "reception@demo-dental.test"]) {
      const { jar } = await app.login(email);
      const page = await (await app.request(`/appointments/${id}`, { jar })).text();
      assert(!page.includes('data-action="reopen"'), `${email} sees no reopen`);
      assertMatch(page, /The visit is completed\./);
      const post = await app.request(`/appointments/${id}/status`, {
        jar,
        ...form({ status: "in_progress", reopen: "1" }),
      });
      assertEquals(post.status, 403, email);
      await post.body?.cancel();
      const api = await app.json("POST", `/api/v1/appointments/${id}/status`, {
        status: "in_progress",
      }, { jar });
      assertEquals(api.status, 403, email);
      assertEquals((await api.json()).code, "FORBIDDEN");
    }
    assertEquals(await statusOf(id), "completed");
    assertEquals(await stock(), 7);
  });

  await step("another clinic's owner gets 404 and changes nothing", async (app) => {
    const [id] = (await db.select({ id: appointments.id }).from(appointments)
      .where(eq(appointments.status, "completed"))
      .innerJoin(inventoryMovements, eq(inventoryMovements.appointmentId, appointments.id))
      .limit(1)).map((r) => r.id);
    const { jar } = await app.login("owner@second-smile.test");
    const api = await app.json("POST", `/api/v1/appointments/${id}/status`, {
      status: "in_progress",
    }, { jar });
    assertEquals(api.status, 404);
    await api.body?.cancel();
    assertEquals(await statusOf(id), "completed");
    assertEquals(await stock(), 7);
  });

  await step("a completed visit still cannot be cancelled or rescheduled", async (app) => {
    const id = await completedVisit(app);
    const { jar } = await app.login("owner@demo-dental.test");
    const res = await app.json("POST", `/api/v1/appointments/${id}/status`, {
      status: "cancelled",
    }, { jar });
    assertEquals(res.status, 409);
    assertMatch((await res.json()).error, /final/);
  });
});
