/** Receipt and invoice PDFs as files to download or print, and the clinic's today. */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinics } from "../db/schema.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { logoForPdf } from "../clinic-branding/logo.ts";
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

/** `deps.storage` holds the clinic's logo, drawn in the document's band. */
export async function receiptPdfFile(
  deps: { db: Db; storage: ObjectStore },
  clinicId: string,
  receiptId: string,
): Promise<PdfFile> {
  const [facts, logo] = await Promise.all([
    receiptFacts(deps.db, clinicId, receiptId),
    logoForPdf(deps, clinicId),
  ]);
  return {
    filename: `Receipt ${receiptNumberText(facts.receiptNumber)}.pdf`,
    bytes: await receiptPdf(facts, logo),
  };
}

export async function invoicePdfFile(
  deps: { db: Db; storage: ObjectStore },
  clinicId: string,
  invoiceId: string,
): Promise<PdfFile> {
  const detail = await getInvoiceDetail(deps.db, clinicId, invoiceId);
  const [[clinic], logo] = await Promise.all([
    deps.db.select({ name: clinics.name }).from(clinics).where(eq(clinics.id, clinicId)),
    logoForPdf(deps, clinicId),
  ]);
  return {
    filename: `Invoice ${invoiceNumberText(detail.invoice.number)}.pdf`,
    bytes: await invoicePdf(detail, clinic.name, logo),
  };
}

export async function clinicToday(db: Db, clinicId: string, now = new Date()): Promise<string> {
  return localDateOf(now, await clinicTimeZone(db, clinicId));
}
