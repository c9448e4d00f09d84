/**
 * A clinic whose March 2030 and the thirty days before it are known row by
 * row, so every report figure has a hand-computed answer (see EXPECTED).
 * Times are on Karachi's clock (UTC+5, no daylight saving) unless they end
 * in Z. Working hours Monday to Saturday 09:00–17:00 (480 minutes), closed
 * on Saturday 23 March: March 1–30 has 26 working weekdays, 25 open, so one
 * chair could give 12,000 minutes.
 */
import type { Db } from "../../../lib/db/client.ts";
import {
  appointments,
  clinicClosedDates,
  clinicMembers,
  clinics,
  clinicWorkingHours,
  inventoryItems,
  inventoryMovements,
  invoices,
  labCaseEvents,
  labCases,
  labs,
  operatories,
  patients,
  payments,
  refunds,
  users,
} from "../../../lib/db/schema.ts";

export const PERIOD = { from: "2030-03-01", to: "2030-03-30" };
/** Generation time: the morning after the period. */
export const NOW = new Date("2030-04-01T06:00:00Z");

export interface ReportFixture {
  clinicId: string;
  ownerId: string;
  doctorIds: [string, string];
  roomIds: [string, string];
  patientIds: string[];
  itemIds: { gloves: string; composite: string };
}

let sequence = 0;

export async function reportFixture(db: Db): Promise<ReportFixture> {
  const tag = `${Date.now().toString(36)}-${++sequence}`;
  const [clinic] = await db.insert(clinics).values({
    name: "Ruby Fixture Dental",
    slug: `ruby-fixture-${tag}`,
    ownerEmail: `owner-${tag}@ruby.test`,
    planId: "pro_plus",
  }).returning({ id: clinics.id });
  const clinicId = clinic.id;
  const person = async (name: string, role: "owner" | "doctor") => {
    const [user] = await db.insert(users).values({
      email: `${name.toLowerCase().replace(/\W+/g, "-")}-${tag}@ruby.test`,
      passwordHash: "x",
      name,
    }).returning({ id: users.id });
    await db.insert(clinicMembers).values({ clinicId, userId: user.id, role });
    return user.id;
  };
  const ownerId = await person("Owner Rahim", "owner");
  const d1 = await person("Dr Aslam", "doctor");
  const d2 = await person("Dr Bano", "doctor");
  const rooms = await db.insert(operatories).values([
    { clinicId, name: "Room A" },
    { clinicId, name: "Room B" },
    { clinicId, name: "Old room", active: false },
  ]).returning({ id: operatories.id });
  const [roomA, roomB] = rooms.map((r) => r.id);
  await db.insert(clinicWorkingHours).values(
    [1, 2, 3, 4, 5, 6].map((weekday) => ({
      clinicId,
      weekday,
      opensAt: "09:00",
      closesAt: "17:00",
    })),
  );
  await db.insert(clinicClosedDates).values({
    clinicId,
    date: "2030-03-23",
    reason: "Pakistan Day",
  });

  const patientIds: string[] = [];
  for (let i = 1; i <= 7; i++) {
    const [p] = await db.insert(patients).values({
      clinicId,
      mrn: `RB-${i}`,
      fullName: `Patient ${i}`,
      // Only P7 was registered in March 2030.
      createdAt: i === 7 ? new Date("2030-03-15T08:00:00Z") : new Date("2029-06-01T08:00:00Z"),
    }).returning({ id: patients.id });
    patientIds.push(p.id);
  }
  const [p1, p2, p3, p4, p5, p6] = patientIds;
  const visit = (
    patientId: string,
    at: string,
    minutes: number,
    status: typeof appointments.$inferInsert.status,
    doctorId: string,
    operatoryId: string,
  ) => ({
    clinicId,
    patientId,
    doctorId,
    operatoryId,
    startsAt: new Date(at),
    durationMinutes: minutes,
    type: "Check-up",
    status,
  });
  await db.insert(appointments).values([
    visit(p1, "2030-03-04T10:00:00+05:00", 60, "completed", d1, roomA),
    visit(p2, "2030-03-05T11:00:00+05:00", 30, "completed", d1, roomA),
    visit(p3, "2030-03-06T09:00:00+05:00", 45, "cancelled", d2, roomB),
    visit(p4, "2030-03-07T14:00:00+05:00", 30, "no_show", d2, roomB),
    visit(p1, "2030-03-12T10:00:00+05:00", 60, "completed", d2, roomB),
    // The period's last evening on the clinic's clock.
    visit(p5, "2030-03-30T23:30:00+05:00", 30, "scheduled", d1, roomA),
    // Still 30 March in UTC, but 31 March in Karachi: outside the period.
    visit(p6, "2030-03-31T00:15:00+05:00", 30, "completed", d1, roomA),
    // The previous period (30 January – 28 February).
    visit(p2, "2030-02-11T10:00:00+05:00", 30, "completed", d1, roomA),
    visit(p3, "2030-02-12T10:00:00+05:00", 30, "completed", d2, roomB),
    visit(p4, "2030-02-14T10:00:00+05:00", 30, "no_show", d2, roomB),
  ]);

  const [lab] = await db.insert(labs).values({ clinicId, name: "Precision Lab" })
    .returning({ id: labs.id });
  const labCase = async (number: number, sentAt: string, deliveredAt: string) => {
    const [kase] = await db.insert(labCases).values({
      clinicId,
      number,
      patientId: p1,
      labId: lab.id,
      caseType: "crown",
      status: "delivered",
    }).returning({ id: labCases.id });
    const event = (toStatus: "sent_to_lab" | "delivered", at: string) => ({
      clinicId,
      caseId: kase.id,
      kind: "status" as const,
      toStatus,
      actorLabel: "Owner Rahim",
      createdAt: new Date(at),
    });
    await db.insert(labCaseEvents).values([
      event("sent_to_lab", sentAt),
      event("delivered", deliveredAt),
    ]);
  };
  // Sent at 01:30 on 5 March in Karachi, which is still 4 March in UTC: three UTC days.
  await labCase(1, "2030-03-04T20:30:00Z", "2030-03-07T10:00:00Z");
  await labCase(2, "2030-03-10T05:00:00Z", "2030-03-15T05:00:00Z");
  // Delivered at 00:30 on 31 March in Karachi: after the period.
  await labCase(3, "2030-03-20T05:00:00Z", "2030-03-30T19:30:00Z");
  await labCase(4, "2030-02-20T05:00:00Z", "2030-02-25T05:00:00Z");

  const [gloves, composite] = await db.insert(inventoryItems).values([
    {
      clinicId,
      name: "Gloves",
      category: "Disposables",
      unit: "box",
      onHand: 6,
      reorderThreshold: 5,
    },
    {
      clinicId,
      name: "Composite",
      category: "Restorative",
      unit: "syringe",
      onHand: 1,
      reorderThreshold: 2,
    },
    {
      clinicId,
      name: "Old burs",
      category: "Burs",
      unit: "pack",
      onHand: 0,
      reorderThreshold: 3,
      archived: true,
    },
  ]).returning({ id: inventoryItems.id });
  const move = (
    itemId: string,
    kind: "receive" | "consume" | "return",
    delta: number,
    balanceAfter: number,
    at: string,
    reversesId?: number,
  ) => ({ clinicId, itemId, kind, delta, balanceAfter, createdAt: new Date(at), reversesId });
  await db.insert(inventoryMovements).values([
    move(gloves.id, "receive", 10, 10, "2030-02-01T05:00:00Z"),
    move(composite.id, "receive", 6, 6, "2030-02-01T05:00:00Z"),
    move(composite.id, "consume", -1, 5, "2030-02-15T05:00:00Z"),
    move(gloves.id, "consume", -3, 7, "2030-03-05T05:00:00Z"),
    move(composite.id, "consume", -4, 1, "2030-03-10T05:00:00Z"),
  ]);
  const [consumed] = await db.insert(inventoryMovements)
    .values(move(gloves.id, "consume", -2, 5, "2030-03-20T05:00:00Z"))
    .returning({ id: inventoryMovements.id });
  await db.insert(inventoryMovements)
    .values(move(gloves.id, "return", 1, 6, "2030-03-21T05:00:00Z", consumed.id));

  // Billing (amounts in paisa). March: INV 1–3 billed, a void and a draft left out.
  const invoice = (
    number: number,
    patientId: string,
    issueDate: string,
    dueDate: string,
    totalMinor: number,
    paidMinor: number,
    status: typeof invoices.$inferInsert.status,
  ) => ({
    clinicId,
    number,
    patientId,
    issueDate,
    dueDate,
    subtotalMinor: totalMinor,
    totalMinor,
    paidMinor,
    status,
    ...(status === "void"
      ? { voidReason: "Entered twice", voidedAt: new Date(`${issueDate}T06:00:00Z`) }
      : {}),
  });
  const [inv1, inv2, , , , inv6] = await db.insert(invoices).values([
    // Paid in cash, then 1,000 refunded: 1,000 owed again, past its due date.
    invoice(1, p1, "2030-03-04", "2030-03-18", 1_000_000, 900_000, "partially_paid"),
    // 2,000 paid by card, 3,000 still owed, past its due date.
    invoice(2, p2, "2030-03-05", "2030-03-19", 500_000, 200_000, "partially_paid"),
    // Owed, not yet due on 1 April.
    invoice(3, p3, "2030-03-28", "2030-04-11", 250_000, 0, "issued"),
    invoice(4, p4, "2030-03-06", "2030-03-20", 300_000, 0, "void"),
    invoice(5, p4, "2030-03-07", "2030-03-21", 100_000, 0, "draft"),
    // The previous period: paid in full by JazzCash.
    invoice(6, p2, "2030-02-11", "2030-02-25", 400_000, 400_000, "paid"),
  ]).returning({ id: invoices.id, patientId: invoices.patientId });
  const payment = (
    inv: { id: string; patientId: string },
    amountMinor: number,
    method: typeof payments.$inferInsert.method,
    paidOn: string,
    refundedMinor = 0,
  ) => ({
    clinicId,
    invoiceId: inv.id,
    patientId: inv.patientId,
    amountMinor,
    method,
    paidOn,
    refundedMinor,
    idempotencyKey: crypto.randomUUID(),
  });
  const [cash] = await db.insert(payments).values([
    payment(inv1, 1_000_000, "cash", "2030-03-04", 100_000),
    payment(inv2, 200_000, "card", "2030-03-10"),
    payment(inv6, 400_000, "jazzcash", "2030-02-11"),
  ]).returning({ id: payments.id });
  await db.insert(refunds).values({
    clinicId,
    paymentId: cash.id,
    invoiceId: inv1.id,
    amountMinor: 100_000,
    reason: "Goodwill",
    refundedOn: "2030-03-20",
  });

  return {
    clinicId,
    ownerId,
    doctorIds: [d1, d2],
    roomIds: [roomA, roomB],
    patientIds,
    itemIds: { gloves: gloves.id, composite: composite.id },
  };
}
