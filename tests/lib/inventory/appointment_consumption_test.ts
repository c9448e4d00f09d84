import { and, eq } from "drizzle-orm";
import { assertEquals, assertRejects } from "../../support/assert.ts";
import { AppError } from "../../../lib/errors.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import { inventoryItems, inventoryMovements } from "../../../lib/db/schema.ts";
import { setAppointmentStatus } from "../../../lib/appointments/status-changes.ts";
import { createDomainHooks } from "../../../lib/events/domain-hooks.ts";
import { recordMovement } from "../../../lib/inventory/movements.ts";
import {
  registerInventoryConsumption,
  setTypeConsumables,
} from "../../../lib/inventory/appointment-consumption.ts";
import { coverFor } from "../../../lib/inventory/cover.ts";
import {
  bookDemoVisit,
  clinicFixture,
  createPatient,
  freshMonday,
  karachi,
} from "../appointments/fixtures.ts";
import { testItem, userId } from "./fixtures.ts";

testOnEachDatabase("consumables used by appointments", async (t, database) => {
  const db = database.db;
  const hooks = createDomainHooks();
  registerInventoryConsumption(hooks);
  const domain = { db, hooks };
  const demo = await clinicFixture(db, "demo-dental");
  const owner = await userId(db, "owner@demo-dental.test");
  const doctor = await userId(db, "doctor@demo-dental.test");
  const patient = await createPatient(db, demo.id, "Nadia Consumables");
  const type = `Root canal ${crypto.randomUUID().slice(0, 6)}`;
  const cartridges = await testItem(db, demo.id, { unit: "cartridge", reorderThreshold: 0 });
  const gloves = await testItem(db, demo.id, { unit: "pair", reorderThreshold: 0 });
  const stock = async (id: string) =>
    (await db.select({ n: inventoryItems.onHand }).from(inventoryItems)
      .where(eq(inventoryItems.id, id)))[0].n;
  for (const [id, quantity] of [[cartridges.id, 10], [gloves.id, 1]] as const) {
    await recordMovement(db, {
      clinicId: demo.id,
      itemId: id,
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
  }
  await setTypeConsumables(db, {
    clinicId: demo.id,
    actorId: owner,
    consumables: {
      appointmentType: type,
      items: [{ itemId: cartridges.id, quantity: 2 }, { itemId: gloves.id, quantity: 2 }],
    },
  });
  const monday = freshMonday();

  await t.step("booked visits count against days of cover and flag an early run-out", async () => {
    for (const time of ["10:00", "11:00"]) {
      await bookDemoVisit(domain, demo, patient, monday, time, { type: type.toLowerCase() });
    }
    const now = new Date(karachi(monday, "08:00"));
    const covers = await coverFor(db, demo.id, [
      { id: gloves.id, onHand: 1, leadTimeDays: 7 },
      { id: cartridges.id, onHand: 10, leadTimeDays: 7 },
    ], now);
    assertEquals(covers.get(gloves.id)!.bookedUse, 4);
    assertEquals(covers.get(gloves.id)!.atRisk, true, "1 pair cannot cover the 10:00 visit");
    assertEquals(covers.get(gloves.id)!.runsOutAt, new Date(karachi(monday, "10:00")));
    assertEquals(covers.get(cartridges.id)!.atRisk, false);
    assertEquals(covers.get(cartridges.id)!.daysAtBookedRate, 35);
  });

  await t.step("completing consumes the type's list, linked to the appointment", async () => {
    const visit = await bookDemoVisit(domain, demo, patient, monday, "15:00", { type });
    const at = new Date(karachi(monday, "15:05"));
    await setAppointmentStatus(domain, {
      clinicId: demo.id,
      appointmentId: visit.id,
      status: "in_progress",
      actorId: doctor,
      now: at,
    });
    await setAppointmentStatus(domain, {
      clinicId: demo.id,
      appointmentId: visit.id,
      status: "completed",
      actorId: doctor,
      now: at,
    });
    assertEquals([await stock(cartridges.id), await stock(gloves.id)], [8, 0]);
    const moves = await db.select().from(inventoryMovements)
      .where(eq(inventoryMovements.appointmentId, visit.id));
    assertEquals(moves.length, 2, "one movement per item");
    const glovesMove = moves.find((m) => m.itemId === gloves.id)!;
    assertEquals(glovesMove.delta, -1, "takes what is on hand; the completion is not refused");
    assertEquals(glovesMove.reason, `${type} completed; 1 short of the 2 it lists`);

    const reopen = (mayReopen: boolean) =>
      setAppointmentStatus(domain, {
        clinicId: demo.id,
        appointmentId: visit.id,
        status: "in_progress",
        actorId: doctor,
        now: at,
        mayReopen,
      });
    const returns = async () =>
      (await db.select().from(inventoryMovements).where(and(
        eq(inventoryMovements.appointmentId, visit.id),
        eq(inventoryMovements.kind, "return"),
      ))).length;

    // Without the reopen permission: refused, and nothing comes back.
    await assertRejects(
      () => reopen(false),
      (e) => e instanceof AppError && e.status === 403,
    );
    assertEquals([await stock(cartridges.id), await stock(gloves.id)], [8, 0]);

    // Reopening returns what the completion took, exactly once.
    assertEquals((await reopen(true)).status, "in_progress");
    assertEquals([await stock(cartridges.id), await stock(gloves.id)], [10, 1]);
    assertEquals(await returns(), 2);
    await assertRejects(
      () => reopen(true),
      (e) => e instanceof AppError && e.status === 409,
      "already in progress: no second reopen",
    );
    assertEquals([await stock(cartridges.id), await stock(gloves.id)], [10, 1]);
    assertEquals(await returns(), 2);

    // Completing again takes the stock again; a second reopen gives it back again.
    await setAppointmentStatus(domain, {
      clinicId: demo.id,
      appointmentId: visit.id,
      status: "completed",
      actorId: doctor,
      now: at,
    });
    assertEquals([await stock(cartridges.id), await stock(gloves.id)], [8, 0]);
    await reopen(true);
    assertEquals([await stock(cartridges.id), await stock(gloves.id)], [10, 1]);
    assertEquals(await returns(), 4, "each consumption returned once");
  });
});
