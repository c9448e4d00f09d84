/**
 * Demo billing for a clinic: invoices in every state (paid, partly paid, overdue, draft, void)
 * with payments and their receipts, written through the same functions the app uses, so numbers,
 * totals and history are what a real clinic would see. No email is queued.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { invoices, patients, treatmentServices, users } from "../db/schema.ts";
import { localDateOf } from "../time/zoned.ts";
import { addDays } from "./dates.ts";
import { createInvoice, voidInvoice } from "./invoices.ts";
import { recordPayment } from "./payments.ts";
import { newInvoiceSchema } from "./schemas.ts";

export async function seedDemoFinance(db: Db, clinicId: string, now = new Date()): Promise<void> {
  const [existing] = await db.select({ id: invoices.id }).from(invoices)
    .where(eq(invoices.clinicId, clinicId)).limit(1);
  if (existing) return;
  const people = new Map(
    (await db.select({ id: patients.id, name: patients.fullName }).from(patients)
      .where(eq(patients.clinicId, clinicId))).map((p) => [p.name, p.id]),
  );
  const services = new Map(
    (await db.select({ id: treatmentServices.id, code: treatmentServices.code })
      .from(treatmentServices).where(eq(treatmentServices.clinicId, clinicId)))
      .map((s) => [s.code, s.id]),
  );
  const [doctor] = await db.select({ id: users.id }).from(users)
    .where(inArray(users.email, ["doctor@demo-dental.test"]));
  const [reception] = await db.select({ id: users.id }).from(users)
    .where(and(eq(users.email, "reception@demo-dental.test")));
  const today = localDateOf(now, "Asia/Karachi");
  const service = (code: string, extra: Record<string, unknown> = {}) =>
    services.has(code)
      ? { source: "service", serviceId: services.get(code), ...extra }
      : { source: "custom", description: code, unitPriceMinor: 5_000_00, ...extra };

  const invoice = async (patient: string, daysAgo: number, lines: unknown[], status = "issued") => {
    const patientId = people.get(patient);
    if (!patientId) return null;
    return await createInvoice(db, {
      clinicId,
      actorId: reception?.id ?? null,
      now,
      input: newInvoiceSchema.parse({
        patientId,
        doctorId: doctor?.id ?? null,
        issueDate: addDays(today, -daysAgo),
        status,
        lines,
      }),
    });
  };
  const pay = async (
    invoiceId: string | undefined,
    amountMinor: number,
    method: string,
    daysAgo: number,
  ) => {
    if (!invoiceId) return;
    await recordPayment(db, {
      clinicId,
      invoiceId,
      actorId: reception?.id ?? null,
      now,
      input: {
        amountMinor,
        method: method as "cash",
        reference: method === "cash" ? null : `TX-${Math.abs(amountMinor % 9973)}`,
        paidOn: addDays(today, -daysAgo),
        idempotencyKey: `demo-${crypto.randomUUID()}`,
        emailReceipt: false,
      },
    });
  };

  const paid = await invoice("Muhammad Ali Raza", 20, [service("CONS"), service("SCALE")]);
  await pay(paid?.id, paid?.totalMinor ?? 0, "cash", 20);
  const partial = await invoice("Ayesha Siddiqa", 6, [
    service("XR-OPG"),
    {
      source: "custom",
      description: "Composite filling",
      quantity: 2,
      unitPriceMinor: 7_500_00,
      discountMinor: 1_000_00,
    },
  ]);
  await pay(partial?.id, 10_000_00, "jazzcash", 5);
  const overdue = await invoice("Fatima Zahra Qureshi", 35, [
    service("CONS-SPEC"),
    service("XR-PA"),
  ]);
  await pay(overdue?.id, 1_500_00, "card", 30);
  await invoice("Ahmed Hassan Butt", 1, [service("SCALE"), service("FLUOR")]);
  await invoice("Imran Shahid", 0, [service("CONS")], "draft");
  const wrong = await invoice("Sana Iqbal", 3, [service("CONS")]);
  if (wrong) {
    await voidInvoice(db, {
      clinicId,
      invoiceId: wrong.id,
      actorId: reception?.id ?? null,
      reason: "Entered for the wrong patient",
      now,
    });
  }
}
