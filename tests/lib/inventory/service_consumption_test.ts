/**
 * Consumables of catalog services: the list a service keeps, refusals that change nothing, a plan
 * item done taking its service's consumables exactly once, and appointment completion marking the
 * items scheduled into it done through that same path.
 */
import { and, eq } from "drizzle-orm";
import { assertEquals, assertRejects } from "../../support/assert.ts";
import { AppError } from "../../../lib/errors.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import {
  inventoryItems,
  inventoryMovements,
  treatmentPlanItems,
  treatmentServices,
} from "../../../lib/db/schema.ts";
import { setAppointmentStatus } from "../../../lib/appointments/status-changes.ts";
import { createDomainHooks } from "../../../lib/events/domain-hooks.ts";
import { itemMovements, recordMovement } from "../../../lib/inventory/movements.ts";
import { coverFor } from "../../../lib/inventory/cover.ts";
import { registerInventoryConsumption } from "../../../lib/inventory/appointment-consumption.ts";
import {
  listServiceConsumables,
  setServiceConsumables,
} from "../../../lib/inventory/service-consumption.ts";
import { serviceConsumablesSchema } from "../../../lib/inventory/schemas.ts";
import { registerItemCompletion } from "../../../lib/treatment/appointment-items.ts";
import {
  createPlan,
  scheduleItem,
  setItemStatus,
  updatePlan,
} from "../../../lib/treatment/plan-writes.ts";
import { getPlan, type PlanDetail } from "../../../lib/treatment/plans.ts";
import type { OptionInput } from "../../../lib/treatment/plan-input.ts";
import { documentOf } from "../../../lib/treatment/pages.ts";
import {
  bookDemoVisit,
  clinicFixture,
  createPatient,
  freshMonday,
  karachi,
} from "../appointments/fixtures.ts";
import { testItem, userId } from "./fixtures.ts";
import type { Db } from "../../../lib/db/client.ts";

const refusedWith = (status: number) => (e: Error) => e instanceof AppError && e.status === status;
const refusedSaying = (status: number, text: string) => (e: Error) =>
  e instanceof AppError && e.status === status && e.message.includes(text);

async function serviceId(db: Db, clinicId: string, code: string): Promise<string> {
  const [row] = await db.select({ id: treatmentServices.id }).from(treatmentServices)
    .where(and(eq(treatmentServices.clinicId, clinicId), eq(treatmentServices.code, code)));
  return row.id;
}

testOnEachDatabase("consumables used by catalog services", async (t, database) => {
  const db = database.db;
  const hooks = createDomainHooks();
  registerInventoryConsumption(hooks);
  registerItemCompletion(hooks);
  const domain = { db, hooks };
  const demo = await clinicFixture(db, "demo-dental");
  const other = await clinicFixture(db, "second-smile");
  const owner = await userId(db, "owner@demo-dental.test");
  const doctor = await userId(db, "doctor@demo-dental.test");
  const actor = { clinicId: demo.id, actorId: doctor, mayApplyDiscounts: true };
  const scaling = await serviceId(db, demo.id, "SCALE");
  const otherService = await serviceId(db, other.id, "SCALE");
  const stock = async (id: string) =>
    (await db.select({ n: inventoryItems.onHand }).from(inventoryItems)
      .where(eq(inventoryItems.id, id)))[0].n;
  const receive = (itemId: string, quantity: number) =>
    recordMovement(db, {
      clinicId: demo.id,
      itemId,
      actorId: owner,
      movement: {
        kind: "receive",
        quantity,
        lotNumber: null,
        expiresOn: null,
        supplierId: null,
        costMinor: null,
        note: null,
      },
    });
  const cartridges = await testItem(db, demo.id, { unit: "cartridge", reorderThreshold: 0 });
  const gloves = await testItem(db, demo.id, { unit: "pair", reorderThreshold: 0 });
  const foreign = await testItem(db, other.id, { unit: "pair", reorderThreshold: 0 });
  await receive(cartridges.id, 20);
  await receive(gloves.id, 3);

  const listed = async () =>
    (await listServiceConsumables(db, demo.id)).filter((c) => c.serviceId === scaling)
      .map((c) => [c.itemId, c.quantity]);

  await t.step("a service keeps its list; bad input is refused and changes nothing", async () => {
    const saved = await setServiceConsumables(db, {
      clinicId: demo.id,
      actorId: owner,
      consumables: {
        serviceId: scaling,
        items: [{ itemId: cartridges.id, quantity: 2 }, { itemId: gloves.id, quantity: 1 }],
      },
    });
    assertEquals(saved.length, 2);
    const before = await listed();
    assertEquals(before.length, 2);
    const attempt = (
      consumables: { serviceId: string; items: { itemId: string; quantity: number }[] },
    ) => setServiceConsumables(db, { clinicId: demo.id, actorId: owner, consumables });
    await assertRejects(
      () =>
        attempt({
          serviceId: scaling,
          items: [{ itemId: gloves.id, quantity: 1 }, { itemId: gloves.id, quantity: 2 }],
        }),
      refusedWith(400),
    );
    await assertRejects(
      () => attempt({ serviceId: scaling, items: [{ itemId: foreign.id, quantity: 1 }] }),
      refusedWith(422),
      "another clinic's item",
    );
    await assertRejects(
      () => attempt({ serviceId: otherService, items: [] }),
      refusedWith(404),
      "another clinic's service",
    );
    for (
      const body of [
        { serviceId: scaling, items: [{ itemId: gloves.id, quantity: 0 }] },
        { serviceId: scaling, items: [{ itemId: gloves.id, quantity: 1.5 }] },
        { serviceId: "not-a-uuid", items: [] },
        { serviceId: scaling, items: [{ itemId: gloves.id }] },
        { serviceId: scaling, items: [], extra: 1 },
      ]
    ) {
      assertEquals(serviceConsumablesSchema.safeParse(body).success, false, JSON.stringify(body));
    }
    assertEquals(await listed(), before, "refusals changed nothing");
    assertEquals(
      (await listServiceConsumables(db, other.id)).some((c) => c.serviceId === scaling),
      false,
      "one clinic's lists are not another's",
    );
  });

  const patient = await createPatient(db, demo.id, "Saima Scaling");
  const newPlan = async (quantity: number, appointmentId: string | null = null) => {
    const plan = await createPlan(db, actor, {
      patientId: patient,
      title: "Hygiene",
      validUntil: null,
      notes: null,
      options: [{
        name: "Plan",
        recommended: true,
        discount: { mode: "auto" },
        phases: [{
          name: "Phase 1",
          items: [{
            serviceId: scaling,
            tooth: null,
            surfaces: "",
            quantity,
            status: appointmentId ? "scheduled" as const : "planned" as const,
            appointmentId,
          }],
        }],
      }],
    });
    return { planId: plan.id, itemId: plan.options[0].phases[0].items[0].id };
  };
  const itemMoves = (itemId: string, kind: "consume" | "return") =>
    db.select().from(inventoryMovements).where(and(
      eq(inventoryMovements.planItemId, itemId),
      eq(inventoryMovements.kind, kind),
    ));

  await t.step(
    "an item done takes quantity × the list, once; back to planned returns it",
    async () => {
      const { planId, itemId } = await newPlan(2);
      const mark = (status: "planned" | "done") =>
        setItemStatus(db, actor, { planId, itemId, status });
      const start = [await stock(cartridges.id), await stock(gloves.id)];
      await mark("done");
      assertEquals([await stock(cartridges.id), await stock(gloves.id)], [
        start[0] - 4,
        start[1] - 2,
      ]);
      await mark("done");
      assertEquals(
        [await stock(cartridges.id), await stock(gloves.id)],
        [start[0] - 4, start[1] - 2],
        "marking done again takes nothing more",
      );
      assertEquals((await itemMoves(itemId, "consume")).length, 2, "one movement per item");
      const [latest] = await itemMovements(db, demo.id, cartridges.id, 1);
      assertEquals(
        [latest.kind, latest.planItemId, latest.planId],
        ["consume", itemId, planId],
        "the item's history names the plan item and its plan",
      );
      await mark("planned");
      assertEquals([await stock(cartridges.id), await stock(gloves.id)], start);
      await mark("planned");
      assertEquals((await itemMoves(itemId, "return")).length, 2, "returned once");
      assertEquals([await stock(cartridges.id), await stock(gloves.id)], start);
    },
  );

  await t.step(
    "completing an appointment marks its items done and takes their stock once",
    async () => {
      const monday = freshMonday();
      const visit = await bookDemoVisit(domain, demo, patient, monday, "10:00", {
        type: `Hygiene ${crypto.randomUUID().slice(0, 6)}`,
      });
      const { planId, itemId } = await newPlan(1);
      await scheduleItem(db, actor, { planId, itemId, appointmentId: visit.id });
      const start = [await stock(cartridges.id), await stock(gloves.id)];
      const at = new Date(karachi(monday, "10:05"));
      const move = (status: "in_progress" | "completed") =>
        setAppointmentStatus(domain, {
          clinicId: demo.id,
          appointmentId: visit.id,
          status,
          actorId: doctor,
          now: at,
          mayReopen: true,
        });
      await move("in_progress");
      await move("completed");
      const [row] = await db.select().from(treatmentPlanItems).where(
        eq(treatmentPlanItems.id, itemId),
      );
      assertEquals(row.status, "done");
      assertEquals([await stock(cartridges.id), await stock(gloves.id)], [
        start[0] - 2,
        start[1] - 1,
      ]);
      const taken = await itemMoves(itemId, "consume");
      assertEquals(taken.map((m) => m.appointmentId), [visit.id, visit.id], "linked to the visit");

      await setItemStatus(db, actor, { planId, itemId, status: "done" });
      assertEquals(
        [await stock(cartridges.id), await stock(gloves.id)],
        [start[0] - 2, start[1] - 1],
        "marking the item done as well takes nothing more",
      );
      // Reopening leaves the treatment done and its stock taken; completing again takes no more.
      await move("in_progress");
      await move("completed");
      const [after] = await db.select().from(treatmentPlanItems).where(
        eq(treatmentPlanItems.id, itemId),
      );
      assertEquals(after.status, "done");
      assertEquals([await stock(cartridges.id), await stock(gloves.id)], [
        start[0] - 2,
        start[1] - 1,
      ]);
      assertEquals((await itemMoves(itemId, "consume")).length, 2);
    },
  );

  await t.step("short stock: what is on hand is taken and the shortfall noted", async () => {
    const left = await stock(gloves.id);
    const { planId, itemId } = await newPlan(left + 2);
    const cartridgesBefore = await stock(cartridges.id);
    await setItemStatus(db, actor, { planId, itemId, status: "done" });
    assertEquals(await stock(gloves.id), 0, "never negative");
    assertEquals(await stock(cartridges.id), cartridgesBefore - 2 * (left + 2));
    const glovesMove = (await itemMoves(itemId, "consume")).find((m) => m.itemId === gloves.id)!;
    assertEquals(glovesMove.delta, -left);
    assertEquals(
      glovesMove.reason,
      `Scaling and polishing done; 2 short of the ${left + 2} it lists`,
    );
    await setItemStatus(db, actor, { planId, itemId, status: "planned" });
    assertEquals(await stock(gloves.id), left, "returns exactly what was taken");
  });

  // The plan document as the editor sends it back, with each saved item's id.
  const documentOptions = (plan: PlanDetail): OptionInput[] => documentOf(plan).doc.options;

  await t.step(
    "editing the whole plan keeps item ids and takes or returns stock as marking does",
    async () => {
      await receive(cartridges.id, 10);
      await receive(gloves.id, 5);
      const { planId, itemId } = await newPlan(1);
      const start = [await stock(cartridges.id), await stock(gloves.id)];
      const now = () => Promise.all([stock(cartridges.id), stock(gloves.id)]);
      const edit = async (change: (options: OptionInput[]) => void) => {
        const options = documentOptions(await getPlan(db, demo.id, planId));
        change(options);
        return await updatePlan(db, actor, planId, { options });
      };

      const added = await edit((o) => {
        o[0].phases[0].items[0].status = "done";
        o[0].phases.push({
          name: "Phase 2",
          items: [{ ...o[0].phases[0].items[0], id: undefined, status: "done" }],
        });
      });
      const items = added.options[0].phases.flatMap((p) => p.items);
      assertEquals(items[0].id, itemId, "the saved item keeps its id, moved or not");
      assertEquals(items.map((i) => i.status), ["done", "done"]);
      assertEquals(await now(), [start[0] - 4, start[1] - 2], "both done items took their stock");
      const secondId = items[1].id;

      await edit((o) => o[0].phases[0].items[0].quantity = 2);
      assertEquals(
        await now(),
        [start[0] - 6, start[1] - 3],
        "a done item's new quantity is taken instead of the old",
      );
      await edit((o) => o[0].phases[0].name = "Renamed");
      assertEquals(
        await now(),
        [start[0] - 6, start[1] - 3],
        "an edit that keeps it takes nothing",
      );

      const before = await getPlan(db, demo.id, planId);
      await assertRejects(
        () => edit((o) => o[0].phases.pop()),
        refusedSaying(
          409,
          "Scaling and polishing is done; mark it planned on the plan page before removing it",
        ),
      );
      await assertRejects(
        () => edit((o) => o[0].phases[1].items[0].id = crypto.randomUUID()),
        refusedSaying(400, "is not an item of this option"),
      );
      await assertRejects(
        () => edit((o) => o[0].phases[1].items[0].id = itemId),
        refusedSaying(400, "is sent twice"),
      );
      assertEquals(await getPlan(db, demo.id, planId), before, "refused edits change nothing");
      assertEquals(await now(), [start[0] - 6, start[1] - 3]);

      await edit((o) => {
        o[0].phases[0].items[0].status = "planned";
        o[0].phases[1].items[0].status = "planned";
      });
      assertEquals(await now(), start, "back to planned returns all of it");
      const undone = await edit((o) => o[0].phases.pop());
      assertEquals(
        undone.options[0].phases.flatMap((p) => p.items.map((i) => i.id)),
        [itemId],
        "a planned item can be removed",
      );
      assertEquals((await itemMoves(secondId, "return")).length, 2);
    },
  );

  await t.step(
    "items scheduled into booked visits count against days of cover",
    async () => {
      const monday = freshMonday();
      const visit = await bookDemoVisit(domain, demo, patient, monday, "12:00", {
        type: `Cover ${crypto.randomUUID().slice(0, 6)}`,
      });
      const { planId, itemId } = await newPlan(3);
      const now = new Date(karachi(monday, "08:00"));
      const cover = async () =>
        (await coverFor(db, demo.id, [{ id: gloves.id, onHand: 2, leadTimeDays: 7 }], now))
          .get(gloves.id)!;
      assertEquals((await cover()).bookedUse, 0, "a planned item is not booked yet");
      await scheduleItem(db, actor, { planId, itemId, appointmentId: visit.id });
      const booked = await cover();
      assertEquals(booked.bookedUse, 3, "1 pair per scaling, times 3");
      assertEquals(booked.runsOutAt, visit.startsAt);
      assertEquals(booked.atRisk, true, "2 pairs cannot cover the visit before a delivery");
      await scheduleItem(db, actor, { planId, itemId, appointmentId: null });
      assertEquals((await cover()).bookedUse, 0, "unscheduled, it no longer counts");
    },
  );
});
