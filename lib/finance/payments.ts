/**
 * Recording payments and refunds. The invoice row is locked (`for update`) before the balance
 * is read, and the payment, its receipt, the invoice's new paid amount and its history are
 * written in that same transaction: two payments at once queue behind each other, so together
 * they can never exceed the balance. A payment above the balance is a 400 `OVERPAYMENT`.
 *
 * The form sends an idempotency key with each payment; a retry with the same key (after a lost
 * answer) finds the first payment instead of recording a second.
 *
 * @example
 * ```ts
 * const { payment, receipt } = await recordPayment(db, {
 *   clinicId, invoiceId, actorId, now: new Date(),
 *   input: { amountMinor: 500000, method: "cash", idempotencyKey, emailReceipt: true },
 * });
 * ```
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { invoiceEvents, invoices, payments, receipts, refunds } from "../db/schema.ts";
import { recordActivity } from "../activity-log.ts";
import { AppError, notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { formatPkr } from "../treatment/money.ts";
import { clinicTimeZone } from "../time/clinic-zone.ts";
import { localDateOf } from "../time/zoned.ts";
import { enqueueReceiptEmail, financeBranding } from "./emails.ts";
import type { BrandingSources } from "../clinic-branding/letterhead.ts";
import { type InvoiceRow, lockInvoice } from "./invoices.ts";
import { publishFinanceChanged } from "./live.ts";
import { nextNumber } from "./numbers.ts";
import { receiptFacts } from "./receipt-facts.ts";
import type { PaymentInput, RefundInput } from "./schemas.ts";
import { invoiceNumberText, PAYMENT_METHOD_LABELS, receiptNumberText } from "./totals.ts";

export type PaymentRow = typeof payments.$inferSelect;
export type ReceiptRow = typeof receipts.$inferSelect;

export interface PaymentResult {
  invoice: InvoiceRow;
  payment: PaymentRow;
  receipt: ReceiptRow;
  /** True when the key was seen before and the first payment is returned. */
  replayed: boolean;
  /** The receipt email's outbox id, when one was queued. */
  emailId: string | null;
}

export function statusFor(invoice: { totalMinor: number }, paidMinor: number) {
  if (paidMinor >= invoice.totalMinor) return "paid" as const;
  return paidMinor > 0 ? "partially_paid" as const : "issued" as const;
}

function payable(invoice: InvoiceRow) {
  const number = invoiceNumberText(invoice.number);
  if (invoice.status === "void") {
    throw new AppError(409, "INVOICE_VOID", `${number} is void; it takes no payments`);
  }
  if (invoice.status === "draft") {
    throw new AppError(409, "INVOICE_DRAFT", `Issue ${number} before recording a payment on it`);
  }
}

export async function recordPayment(
  db: Db,
  command: {
    clinicId: string;
    invoiceId: string;
    actorId: string | null;
    input: PaymentInput;
    /** Brands the receipt email and its PDF with the clinic's logo. */
    branding?: BrandingSources;
    now?: Date;
  },
): Promise<PaymentResult> {
  const { clinicId, input, actorId } = command;
  const now = command.now ?? new Date();
  if (!isUuid(command.invoiceId)) throw notFound("Invoice not found");
  const today = localDateOf(now, await clinicTimeZone(db, clinicId));
  const paidOn = input.paidOn ?? today;
  if (paidOn > today) {
    throw new AppError(400, "FUTURE_PAYMENT_DATE", "A payment cannot be dated in the future", {
      field: "paidOn",
    });
  }
  const brand = input.emailReceipt
    ? await financeBranding(db, clinicId, command.branding)
    : undefined;
  try {
    return await db.transaction(async (tx) => {
      const invoice = await lockInvoice(tx, clinicId, command.invoiceId);
      const [earlier] = await tx.select().from(payments).where(and(
        eq(payments.clinicId, clinicId),
        eq(payments.idempotencyKey, input.idempotencyKey),
      ));
      if (earlier) return await replay(tx, invoice, earlier);
      payable(invoice);
      const balance = invoice.totalMinor - invoice.paidMinor;
      if (input.amountMinor > balance) {
        throw new AppError(
          400,
          "OVERPAYMENT",
          `Payment of ${formatPkr(input.amountMinor)} exceeds the outstanding balance of ` +
            `${formatPkr(balance)} on invoice ${invoiceNumberText(invoice.number)}`,
          { balanceMinor: balance, field: "amountMinor" },
        );
      }
      const [payment] = await tx.insert(payments).values({
        clinicId,
        invoiceId: invoice.id,
        patientId: invoice.patientId,
        amountMinor: input.amountMinor,
        method: input.method,
        reference: input.reference,
        paidOn,
        idempotencyKey: input.idempotencyKey,
        recordedBy: actorId,
        createdAt: now,
      }).returning();
      const paidMinor = invoice.paidMinor + input.amountMinor;
      const [updated] = await tx.update(invoices).set({
        paidMinor,
        status: statusFor(invoice, paidMinor),
        updatedAt: now,
      }).where(eq(invoices.id, invoice.id)).returning();
      const balanceAfter = updated.totalMinor - paidMinor;
      const number = await nextNumber(tx, clinicId, "receipt");
      const [receipt] = await tx.insert(receipts).values({
        clinicId,
        number,
        paymentId: payment.id,
        invoiceId: invoice.id,
        amountMinor: payment.amountMinor,
        balanceAfterMinor: balanceAfter,
        issuedAt: now,
      }).returning();
      await tx.insert(invoiceEvents).values({
        clinicId,
        invoiceId: invoice.id,
        kind: "payment",
        amountMinor: payment.amountMinor,
        balanceMinor: balanceAfter,
        detail: `${PAYMENT_METHOD_LABELS[payment.method]}, receipt ${receiptNumberText(number)}`,
        actorId,
        createdAt: now,
      });
      await recordActivity(tx, {
        clinicId,
        actorId,
        action: "finance.payment_recorded",
        entityType: "invoice",
        entityId: invoice.id,
        details: { amountMinor: payment.amountMinor, receipt: receiptNumberText(number) },
      });
      let emailId: string | null = null;
      if (input.emailReceipt) {
        const facts = await receiptFacts(tx, clinicId, receipt.id);
        if (facts.patientEmail) {
          emailId = (await enqueueReceiptEmail(tx, clinicId, facts, brand)).id;
          await tx.update(receipts).set({ lastEmailedAt: now }).where(eq(receipts.id, receipt.id));
        }
      }
      await publishFinanceChanged(tx, clinicId, {
        invoiceId: invoice.id,
        patientId: invoice.patientId,
        change: "payment",
      });
      return { invoice: updated, payment, receipt, replayed: false, emailId };
    });
  } catch (error) {
    // Two first attempts with one key on different invoices: the unique index decides.
    if ((error as { code?: string }).code === "23505") {
      throw new AppError(409, "IDEMPOTENCY_KEY_REUSED", "This payment was already submitted");
    }
    throw error;
  }
}

async function replay(tx: Db, invoice: InvoiceRow, earlier: PaymentRow): Promise<PaymentResult> {
  if (earlier.invoiceId !== invoice.id) {
    throw new AppError(
      409,
      "IDEMPOTENCY_KEY_REUSED",
      "This idempotency key belongs to a payment on another invoice",
    );
  }
  const [receipt] = await tx.select().from(receipts).where(eq(receipts.paymentId, earlier.id));
  return { invoice, payment: earlier, receipt, replayed: true, emailId: null };
}

export async function refundPayment(
  db: Db,
  command: {
    clinicId: string;
    paymentId: string;
    actorId: string | null;
    input: RefundInput;
    now?: Date;
  },
) {
  const { clinicId, input, actorId } = command;
  const now = command.now ?? new Date();
  if (!isUuid(command.paymentId)) throw notFound("Payment not found");
  const today = localDateOf(now, await clinicTimeZone(db, clinicId));
  return await db.transaction(async (tx) => {
    const [found] = await tx.select({ invoiceId: payments.invoiceId }).from(payments)
      .where(and(eq(payments.clinicId, clinicId), eq(payments.id, command.paymentId)));
    if (!found) throw notFound("Payment not found");
    // The invoice first, as payments lock it: refunds and payments on one invoice take turns.
    const invoice = await lockInvoice(tx, clinicId, found.invoiceId);
    const [payment] = await tx.select().from(payments).where(eq(payments.id, command.paymentId))
      .for("update");
    const refundable = payment.amountMinor - payment.refundedMinor;
    if (input.amountMinor > refundable) {
      throw new AppError(
        400,
        "REFUND_TOO_LARGE",
        `Refund of ${formatPkr(input.amountMinor)} exceeds the ${formatPkr(refundable)} ` +
          "left to refund on this payment",
        { refundableMinor: refundable, field: "amountMinor" },
      );
    }
    const [refund] = await tx.insert(refunds).values({
      clinicId,
      paymentId: payment.id,
      invoiceId: invoice.id,
      amountMinor: input.amountMinor,
      reason: input.reason,
      refundedOn: today,
      recordedBy: actorId,
      createdAt: now,
    }).returning();
    await tx.update(payments).set({ refundedMinor: payment.refundedMinor + input.amountMinor })
      .where(eq(payments.id, payment.id));
    const paidMinor = invoice.paidMinor - input.amountMinor;
    const [updated] = await tx.update(invoices).set({
      paidMinor,
      status: invoice.status === "void" ? "void" : statusFor(invoice, paidMinor),
      updatedAt: now,
    }).where(eq(invoices.id, invoice.id)).returning();
    await tx.insert(invoiceEvents).values({
      clinicId,
      invoiceId: invoice.id,
      kind: "refund",
      amountMinor: input.amountMinor,
      balanceMinor: updated.totalMinor - paidMinor,
      detail: input.reason.slice(0, 500),
      actorId,
      createdAt: now,
    });
    await recordActivity(tx, {
      clinicId,
      actorId,
      action: "finance.payment_refunded",
      entityType: "invoice",
      entityId: invoice.id,
      details: { amountMinor: input.amountMinor },
    });
    await publishFinanceChanged(tx, clinicId, {
      invoiceId: invoice.id,
      patientId: invoice.patientId,
      change: "refund",
    });
    return { invoice: updated, refund };
  });
}
