/**
 * "Email to clinic owner": the invoice PDF attached to a short message, through the email
 * outbox. A draft is sent by emailing it; the outbox row and the status change commit together.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { platformInvoices } from "../db/schema/platform-invoices.ts";
import { enqueueEmail } from "../email/outbox.ts";
import { renderEmail } from "../email/layout.tsx";
import { recordActivity } from "../activity-log.ts";
import { AppError, notFound } from "../errors.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { formatPkr } from "../treatment/money.ts";
import { getBillingProfile } from "./branding.ts";
import { renderInvoicePdf } from "./invoice-pdf.ts";
import type { PlatformInvoice } from "./invoices.ts";
import { longDate, periodLabel } from "./periods.ts";

export const INVOICE_EMAIL_KIND = "platform.invoice";

export function invoiceEmail(invoice: PlatformInvoice, seller: string) {
  const period = periodLabel({ start: invoice.periodStart, end: invoice.periodEnd });
  const due = invoice.totalMinor - invoice.paidMinor;
  return renderEmail({
    subject: `Invoice ${invoice.number} from ${seller} · ${formatPkr(invoice.totalMinor)}`,
    preheader: `Your OdontoX subscription for ${period}.`,
    clinicName: null,
    heading: `Invoice ${invoice.number}`,
    blocks: [
      {
        kind: "paragraph",
        text: `Dear ${invoice.billToName}, please find attached the invoice for your OdontoX ` +
          `subscription for ${period}.`,
      },
      {
        kind: "details",
        rows: [
          ["Invoice", invoice.number],
          ["Period", period],
          ["Total", formatPkr(invoice.totalMinor)],
          ...(invoice.status === "paid" ? [["Status", "Paid, thank you"] as const] : [
            ["Balance due", formatPkr(due)] as const,
            ["Due by", longDate(invoice.dueDate)] as const,
          ]),
        ],
      },
      { kind: "note", text: "The invoice is attached as a PDF." },
    ],
    footer: `You receive this as the owner of ${invoice.billToName} on OdontoX.`,
  });
}

/** Queues the email with the PDF; a draft becomes sent in the same transaction. */
export async function emailInvoiceToOwner(
  deps: { db: Db; storage: ObjectStore },
  input: { id: string; actorId: string; now: Date },
): Promise<{ emailId: string | null; invoice: PlatformInvoice }> {
  const { bytes, detail } = await renderInvoicePdf(deps, input.id);
  if (detail.invoice.status === "void") {
    throw new AppError(409, "VOID_INVOICE", "A void invoice is not emailed.");
  }
  const profile = await getBillingProfile(deps.db);
  const seller = profile.legalName || "OdontoX";
  return await deps.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [invoice] = await tx.select().from(platformInvoices)
      .where(eq(platformInvoices.id, detail.invoice.id)).for("update");
    if (!invoice) throw notFound("No such invoice");
    // Changed while the PDF was drawn: draw it again rather than send what no longer holds.
    if (invoice.updatedAt.getTime() !== detail.invoice.updatedAt.getTime()) {
      throw new AppError(409, "CHANGED", "The invoice changed meanwhile; try again.");
    }
    const sending = invoice.status === "draft";
    const [saved] = await tx.update(platformInvoices).set({
      status: sending ? (invoice.totalMinor === 0 ? "paid" : "sent") : invoice.status,
      sentAt: invoice.sentAt ?? input.now,
      paidAt: sending && invoice.totalMinor === 0 ? input.now : invoice.paidAt,
      lastEmailedAt: input.now,
      updatedAt: new Date(),
    }).where(eq(platformInvoices.id, invoice.id)).returning();
    const { id: emailId } = await enqueueEmail(
      tx,
      {
        clinicId: invoice.clinicId,
        to: invoice.billToEmail,
        kind: INVOICE_EMAIL_KIND,
        ...invoiceEmail(saved, seller),
        attachments: [{
          filename: `${invoice.number}.pdf`,
          contentType: "application/pdf",
          content: bytes,
        }],
      },
    );
    await recordActivity(tx, {
      clinicId: invoice.clinicId,
      actorId: input.actorId,
      action: "platform_invoices.emailed",
      entityType: "platform_invoice",
      entityId: invoice.id,
      details: { number: invoice.number, sent: sending },
    });
    return { emailId, invoice: saved };
  });
}
