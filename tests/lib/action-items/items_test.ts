/**
 * Action items appear with their causes, in order of urgency, each linking
 * to the page that resolves it, and disappear as soon as the cause is gone.
 * The clinic is the report fixture (1 April 2030, 11:00 in Karachi) plus a
 * visit due this afternoon, two open lab cases and an item out of stock.
 */
import { and, eq } from "drizzle-orm";
import { assertEquals } from "../../support/assert.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import { appointments, inventoryItems, invoices, labCases, labs } from "../../../lib/db/schema.ts";
import { loadAccess } from "../../../lib/permissions/access.ts";
import { actionItems } from "../../../lib/action-items/items.ts";
import { NOW, reportFixture } from "../reports/report-fixture.ts";

testOnEachDatabase("action items", async (t, database) => {
  const { db } = database;
  const f = await reportFixture(db);
  const [p1, , , , p5] = f.patientIds;
  const [unconfirmed] = await db.insert(appointments).values({
    clinicId: f.clinicId,
    patientId: p5,
    doctorId: f.doctorIds[0],
    operatoryId: f.roomIds[0],
    startsAt: new Date("2030-04-01T15:00:00+05:00"),
    durationMinutes: 30,
    type: "Filling",
  }).returning({ id: appointments.id });
  const [lab] = await db.select({ id: labs.id }).from(labs).where(eq(labs.clinicId, f.clinicId));
  const [late, draft] = await db.insert(labCases).values([
    {
      clinicId: f.clinicId,
      number: 5,
      patientId: p1,
      labId: lab.id,
      caseType: "bridge",
      status: "sent_to_lab",
      dueDate: "2030-03-29",
    },
    { clinicId: f.clinicId, number: 6, patientId: p1, labId: lab.id, caseType: "crown" },
  ]).returning({ id: labCases.id });
  const [needles] = await db.insert(inventoryItems).values({
    clinicId: f.clinicId,
    name: "Needles",
    category: "Disposables",
    unit: "box",
    onHand: 0,
    reorderThreshold: 1,
  }).returning({ id: inventoryItems.id });
  const [stale] = await db.select({ id: appointments.id }).from(appointments).where(and(
    eq(appointments.clinicId, f.clinicId),
    eq(appointments.startsAt, new Date("2030-03-30T23:30:00+05:00")),
  ));
  const [inv1, inv2] = await db.select({ id: invoices.id }).from(invoices)
    .where(eq(invoices.clinicId, f.clinicId)).orderBy(invoices.number).limit(2);

  const access = (await loadAccess(db, f.ownerId, f.clinicId))!;
  const list = () =>
    actionItems(db, { clinicId: f.clinicId, access, timeZone: "Asia/Karachi", now: NOW });

  await t.step("every cause is an item, most urgent first, linking to its page", async () => {
    const items = await list();
    assertEquals(items.map((i) => [i.urgency, i.kind, i.href]), [
      ["high", "appointment_unconfirmed", `/appointments/${unconfirmed.id}`],
      ["high", "invoice_overdue", `/billing/invoices/${inv1.id}`],
      ["high", "invoice_overdue", `/billing/invoices/${inv2.id}`],
      ["high", "lab_overdue", `/lab/cases/${late.id}`],
      ["high", "stock_low", `/inventory/items/${needles.id}`],
      ["medium", "stock_low", `/inventory/items/${f.itemIds.composite}`],
      ["medium", "appointment_stale", `/appointments/${stale.id}`],
      ["low", "lab_pending", `/lab/cases/${draft.id}`],
    ]);
    assertEquals(items[0].title, "Confirm Patient 5's visit");
    assertEquals(items[1].detail, "Patient 1 · PKR 1,000 owed · due 2030-03-18");
    assertEquals(items[3].title, "Chase lab case LC-0005");
    assertEquals(items[4].detail, "Out of stock (0 of 1 box)");
    assertEquals(items[7].detail, "Precision Lab · Patient 1 · not sent to the lab yet");
    // Nothing a model would receive names the patient.
    for (const item of items) assertEquals(item.context.includes("Patient "), false, item.context);
  });

  await t.step("a member sees only the sources whose pages they may open", async () => {
    const narrow = {
      ...access,
      permissions: new Set(["appointments.view", "ai.action_items.view"]),
    };
    const items = await actionItems(db, {
      clinicId: f.clinicId,
      access: narrow,
      timeZone: "Asia/Karachi",
      now: NOW,
    });
    assertEquals([...new Set(items.map((i) => i.kind))], [
      "appointment_unconfirmed",
      "appointment_stale",
    ]);
  });

  await t.step("each item disappears once its cause is resolved", async () => {
    await db.update(appointments).set({ status: "confirmed" })
      .where(eq(appointments.id, unconfirmed.id));
    await db.update(appointments).set({ status: "completed" }).where(eq(appointments.id, stale.id));
    await db.update(invoices).set({ paidMinor: 500_000, status: "paid" })
      .where(eq(invoices.id, inv2.id));
    await db.update(labCases).set({ status: "delivered" }).where(eq(labCases.id, late.id));
    await db.update(labCases).set({ status: "sent_to_lab" }).where(eq(labCases.id, draft.id));
    await db.update(inventoryItems).set({ onHand: 10 }).where(eq(inventoryItems.id, needles.id));
    const items = await list();
    assertEquals(items.map((i) => [i.kind, i.href]), [
      ["invoice_overdue", `/billing/invoices/${inv1.id}`],
      ["stock_low", `/inventory/items/${f.itemIds.composite}`],
    ]);
  });
});
