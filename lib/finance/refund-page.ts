/**
 * The refund form of one payment: what was paid and is left to refund, and the
 * form's fields (amount in rupees, reason) as `refundSchema` wants them.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { invoices, patients, payments, receipts } from "../db/schema.ts";
import { notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { parseRupees } from "../treatment/money.ts";
import { refundSchema } from "./schemas.ts";

export interface RefundablePayment {
  id: string;
  amountMinor: number;
  refundedMinor: number;
  refundableMinor: number;
  method: typeof payments.$inferSelect.method;
  paidOn: string;
  receiptNumber: number | null;
  invoice: { id: string; number: number; patientName: string };
}

export async function getRefundablePayment(
  db: Db,
  clinicId: string,
  paymentId: string,
): Promise<RefundablePayment> {
  if (!isUuid(paymentId)) throw notFound("Payment not found");
  const [row] = await db.select({
    id: payments.id,
    amountMinor: payments.amountMinor,
    refundedMinor: payments.refundedMinor,
    method: payments.method,
    paidOn: payments.paidOn,
    receiptNumber: receipts.number,
    invoiceId: invoices.id,
    invoiceNumber: invoices.number,
    patientName: patients.fullName,
  }).from(payments)
    .innerJoin(invoices, eq(invoices.id, payments.invoiceId))
    .innerJoin(patients, eq(patients.id, invoices.patientId))
    .leftJoin(receipts, eq(receipts.paymentId, payments.id))
    .where(and(eq(payments.clinicId, clinicId), eq(payments.id, paymentId)));
  if (!row) throw notFound("Payment not found");
  return {
    id: row.id,
    amountMinor: row.amountMinor,
    refundedMinor: row.refundedMinor,
    refundableMinor: row.amountMinor - row.refundedMinor,
    method: row.method,
    paidOn: row.paidOn,
    receiptNumber: row.receiptNumber,
    invoice: { id: row.invoiceId, number: row.invoiceNumber, patientName: row.patientName },
  };
}

/** The form's `amount` (rupees, "2500" or "2500.50") and `reason` as the API's refund body. */
export const refundForm = z.object({
  amount: z.string().optional(),
  reason: z.string().optional(),
}).transform((values, ctx) => {
  const amountMinor = parseRupees(values.amount ?? "");
  if (amountMinor === null) {
    ctx.addIssue({
      code: "custom",
      path: ["amountMinor"],
      message: "Enter the amount in rupees, like 2500 or 2500.50",
    });
    return z.NEVER;
  }
  return { amountMinor, reason: values.reason ?? "" };
}).pipe(refundSchema);
