/**
 * Sending on request: "Email invoice" and "Re-send receipt". Both go through the outbox with the
 * PDF attached and leave a line in the invoice's history. A patient without an email address is a
 * 409 the page explains.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinics, invoiceEvents, receipts } from "../db/schema.ts";
import { AppError } from "../errors.ts";
import type { BrandingSources } from "../clinic-branding/letterhead.ts";
import { enqueueInvoiceEmail, enqueueReceiptEmail, financeBranding } from "./emails.ts";
import { getInvoiceDetail } from "./queries.ts";
import { receiptFacts } from "./receipt-facts.ts";
import { invoiceNumberText, receiptNumberText } from "./totals.ts";

const noAddress = () =>
  new AppError(409, "NO_EMAIL_ADDRESS", "The patient has no email address on file");

export async function sendInvoice(
  db: Db,
  command: {
    clinicId: string;
    invoiceId: string;
    actorId: string | null;
    branding: BrandingSources;
    now?: Date;
  },
): Promise<{ emailId: string | null; to: string }> {
  const detail = await getInvoiceDetail(db, command.clinicId, command.invoiceId);
  if (detail.invoice.status === "void" || detail.invoice.status === "draft") {
    throw new AppError(
      409,
      "NOT_SENDABLE",
      `${
        invoiceNumberText(detail.invoice.number)
      } is ${detail.invoice.status}; only issued invoices are emailed`,
    );
  }
  if (!detail.patientEmail) throw noAddress();
  const [clinic] = await db.select({ name: clinics.name }).from(clinics)
    .where(eq(clinics.id, command.clinicId));
  const brand = await financeBranding(db, command.clinicId, command.branding);
  return await db.transaction(async (tx) => {
    const { id } = await enqueueInvoiceEmail(tx, command.clinicId, detail, clinic.name, brand);
    await tx.insert(invoiceEvents).values({
      clinicId: command.clinicId,
      invoiceId: detail.invoice.id,
      kind: "emailed",
      detail: `Emailed to ${detail.patientEmail}`,
      actorId: command.actorId,
      createdAt: command.now ?? new Date(),
    });
    return { emailId: id, to: detail.patientEmail! };
  });
}

export async function resendReceipt(
  db: Db,
  command: {
    clinicId: string;
    receiptId: string;
    actorId: string | null;
    branding: BrandingSources;
    now?: Date;
  },
): Promise<{ emailId: string | null; to: string }> {
  const facts = await receiptFacts(db, command.clinicId, command.receiptId);
  if (!facts.patientEmail) throw noAddress();
  const now = command.now ?? new Date();
  const brand = await financeBranding(db, command.clinicId, command.branding);
  return await db.transaction(async (tx) => {
    const { id } = await enqueueReceiptEmail(tx, command.clinicId, facts, brand);
    await tx.update(receipts).set({ lastEmailedAt: now }).where(eq(receipts.id, facts.receiptId));
    await tx.insert(invoiceEvents).values({
      clinicId: command.clinicId,
      invoiceId: facts.invoiceId,
      kind: "receipt_emailed",
      detail: `Receipt ${receiptNumberText(facts.receiptNumber)} emailed to ${facts.patientEmail}`,
      actorId: command.actorId,
      createdAt: now,
    });
    return { emailId: id, to: facts.patientEmail! };
  });
}
