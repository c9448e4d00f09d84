/** Everything a receipt shows, read in one query: the PDF, the email and the API use it. */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinics, invoices, patients, payments, receipts, users } from "../db/schema.ts";
import type { PaymentMethod } from "../db/schema.ts";
import { notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";

export interface ReceiptFacts {
  receiptId: string;
  receiptNumber: number;
  issuedAt: Date;
  clinicName: string;
  timeZone: string;
  patientId: string;
  patientName: string;
  patientEmail: string | null;
  patientMrn: string;
  invoiceId: string;
  invoiceNumber: number;
  invoiceTotalMinor: number;
  amountMinor: number;
  method: PaymentMethod;
  reference: string | null;
  paidOn: string;
  balanceAfterMinor: number;
  recordedByName: string | null;
}

export async function receiptFacts(
  db: Db,
  clinicId: string,
  receiptId: string,
): Promise<ReceiptFacts> {
  if (!isUuid(receiptId)) throw notFound("Receipt not found");
  const [row] = await db.select({
    receiptId: receipts.id,
    receiptNumber: receipts.number,
    issuedAt: receipts.issuedAt,
    clinicName: clinics.name,
    timeZone: clinics.timeZone,
    patientId: patients.id,
    patientName: patients.fullName,
    patientEmail: patients.email,
    patientMrn: patients.mrn,
    invoiceId: invoices.id,
    invoiceNumber: invoices.number,
    invoiceTotalMinor: invoices.totalMinor,
    amountMinor: receipts.amountMinor,
    method: payments.method,
    reference: payments.reference,
    paidOn: payments.paidOn,
    balanceAfterMinor: receipts.balanceAfterMinor,
    recordedByName: users.name,
  }).from(receipts)
    .innerJoin(payments, eq(payments.id, receipts.paymentId))
    .innerJoin(invoices, eq(invoices.id, receipts.invoiceId))
    .innerJoin(patients, eq(patients.id, invoices.patientId))
    .innerJoin(clinics, eq(clinics.id, receipts.clinicId))
    .leftJoin(users, eq(users.id, payments.recordedBy))
    .where(and(eq(receipts.clinicId, clinicId), eq(receipts.id, receiptId)));
  if (!row) throw notFound("Receipt not found");
  return row;
}
