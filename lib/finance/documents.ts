/** Receipt and invoice PDFs as files to download or print, and the clinic's today. */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinics } from "../db/schema.ts";
import { clinicTimeZone } from "../time/clinic-zone.ts";
import { localDateOf } from "../time/zoned.ts";
import { invoicePdf, receiptPdf } from "./pdf.ts";
import { getInvoiceDetail } from "./queries.ts";
import { receiptFacts } from "./receipt-facts.ts";
import { invoiceNumberText, receiptNumberText } from "./totals.ts";

export interface PdfFile {
  filename: string;
  bytes: Uint8Array;
}

export async function receiptPdfFile(
  db: Db,
  clinicId: string,
  receiptId: string,
): Promise<PdfFile> {
  const facts = await receiptFacts(db, clinicId, receiptId);
  return {
    filename: `Receipt ${receiptNumberText(facts.receiptNumber)}.pdf`,
    bytes: await receiptPdf(facts),
  };
}

export async function invoicePdfFile(
  db: Db,
  clinicId: string,
  invoiceId: string,
): Promise<PdfFile> {
  const detail = await getInvoiceDetail(db, clinicId, invoiceId);
  const [clinic] = await db.select({ name: clinics.name }).from(clinics)
    .where(eq(clinics.id, clinicId));
  return {
    filename: `Invoice ${invoiceNumberText(detail.invoice.number)}.pdf`,
    bytes: await invoicePdf(detail, clinic.name),
  };
}

export async function clinicToday(db: Db, clinicId: string, now = new Date()): Promise<string> {
  return localDateOf(now, await clinicTimeZone(db, clinicId));
}
