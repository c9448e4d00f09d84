/**
 * The patient's finance emails: the receipt confirmation (its PDF attached) and an invoice sent
 * on request (its PDF attached). Queued in the outbox; never sent from here. With `branding`
 * the email and its PDF carry the clinic's logo; without it (the demo seed) they go out plain.
 */
import type { Db } from "../db/client.ts";
import { renderEmail } from "../email/layout.tsx";
import { enqueueEmail } from "../email/outbox.ts";
import { formatPkr } from "../treatment/money.ts";
import { longDate } from "../treatment/pdf.ts";
import type { InvoiceDetail } from "./queries.ts";
import type { ReceiptFacts } from "./receipt-facts.ts";
import { invoicePdf, receiptPdf } from "./pdf.ts";
import { invoiceNumberText, PAYMENT_METHOD_LABELS, receiptNumberText } from "./totals.ts";
import { type BrandingSources, clinicLetterhead } from "../clinic-branding/letterhead.ts";
import { logoForPdf } from "../clinic-branding/logo.ts";

export type FinanceBranding = Awaited<ReturnType<typeof financeBranding>>;

/**
 * The logo for the email's header and the one for its attached PDF. Read before the
 * transaction that writes the payment, so a storage read never holds the invoice's lock.
 */
export async function financeBranding(
  db: Db,
  clinicId: string,
  branding: BrandingSources | undefined,
) {
  if (!branding) return { clinicLogoUrl: null, pdfLogo: null };
  const [letterhead, pdfLogo] = await Promise.all([
    clinicLetterhead(db, clinicId, branding.appUrl),
    logoForPdf({ db, storage: branding.storage }, clinicId),
  ]);
  return { clinicLogoUrl: letterhead.clinicLogoUrl, pdfLogo };
}

const PLAIN: FinanceBranding = { clinicLogoUrl: null, pdfLogo: null };

export async function enqueueReceiptEmail(
  tx: Db,
  clinicId: string,
  facts: ReceiptFacts,
  brand: FinanceBranding = PLAIN,
): Promise<{ id: string | null }> {
  const { clinicLogoUrl, pdfLogo } = brand;
  const number = receiptNumberText(facts.receiptNumber);
  const content = renderEmail({
    subject: `Payment receipt ${number} from ${facts.clinicName}`,
    preheader: `We received ${formatPkr(facts.amountMinor)}. Your receipt is attached.`,
    clinicName: facts.clinicName,
    clinicLogoUrl,
    heading: "Thank you for your payment",
    blocks: [
      {
        kind: "paragraph",
        text: `Dear ${facts.patientName}, we have received your payment of ` +
          `${formatPkr(facts.amountMinor)}. Your receipt is attached as a PDF.`,
      },
      {
        kind: "details",
        rows: [
          ["Receipt", number],
          ["Invoice", invoiceNumberText(facts.invoiceNumber)],
          ["Date", longDate(facts.paidOn)],
          ["Amount", formatPkr(facts.amountMinor)],
          ["Method", PAYMENT_METHOD_LABELS[facts.method]],
          ["Balance remaining", formatPkr(facts.balanceAfterMinor)],
        ],
      },
    ],
    footer: `You received this email because you made a payment at ${facts.clinicName}.`,
  });
  return await enqueueEmail(tx, {
    clinicId,
    to: facts.patientEmail!,
    kind: "finance.receipt",
    ...content,
    attachments: [{
      filename: `Receipt ${number}.pdf`,
      contentType: "application/pdf",
      content: await receiptPdf(facts, pdfLogo),
    }],
  });
}

export async function enqueueInvoiceEmail(
  tx: Db,
  clinicId: string,
  detail: InvoiceDetail,
  clinicName: string,
  brand: FinanceBranding = PLAIN,
): Promise<{ id: string | null }> {
  const { clinicLogoUrl, pdfLogo } = brand;
  const { invoice } = detail;
  const number = invoiceNumberText(invoice.number);
  const balance = invoice.totalMinor - invoice.paidMinor;
  const content = renderEmail({
    subject: `Invoice ${number} from ${clinicName}`,
    preheader: `${formatPkr(balance)} due by ${longDate(invoice.dueDate)}.`,
    clinicName,
    clinicLogoUrl,
    heading: `Invoice ${number}`,
    blocks: [
      {
        kind: "paragraph",
        text: `Dear ${detail.patientName}, please find your invoice from ${clinicName} attached ` +
          "as a PDF.",
      },
      {
        kind: "details",
        rows: [
          ["Invoice", number],
          ["Date", longDate(invoice.issueDate)],
          ["Due", longDate(invoice.dueDate)],
          ["Total", formatPkr(invoice.totalMinor)],
          ["Balance due", formatPkr(balance)],
        ],
      },
    ],
    footer: `You received this email because ${clinicName} sent you an invoice.`,
  });
  return await enqueueEmail(tx, {
    clinicId,
    to: detail.patientEmail!,
    kind: "finance.invoice",
    ...content,
    attachments: [{
      filename: `Invoice ${number}.pdf`,
      contentType: "application/pdf",
      content: await invoicePdf(detail, clinicName, pdfLogo),
    }],
  });
}
