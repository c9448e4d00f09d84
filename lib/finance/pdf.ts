/**
 * Receipts and invoices as A5 PDFs (pdf-lib, standard Helvetica): the clinic's logo and name in
 * its brand band, the document number, the patient, the amounts in PKR, and for a receipt the payment
 * method and the balance still owed. Characters Helvetica cannot encode print as "?".
 */
import {
  PDFDocument,
  type PDFFont,
  type PDFImage,
  type PDFPage,
  rgb,
  StandardFonts,
} from "pdf-lib";
import { drawLogoFitted, embedClinicLogo, type PdfLogo } from "../pdf/clinic-logo.ts";
import { formatPkr } from "../treatment/money.ts";
import { longDate } from "../treatment/pdf.ts";
import type { ReceiptFacts } from "./receipt-facts.ts";
import type { InvoiceDetail } from "./queries.ts";
import {
  INVOICE_STATUS_LABELS,
  invoiceNumberText,
  PAYMENT_METHOD_LABELS,
  receiptNumberText,
  taxRateText,
} from "./totals.ts";

const A5: [number, number] = [419.53, 595.28];
const MARGIN = 32;
const INK = rgb(0.06, 0.09, 0.16);
const MUTED = rgb(0.39, 0.45, 0.53);
const RULE = rgb(0.89, 0.91, 0.94);
const BRAND = rgb(0.06, 0.42, 0.39);
const WHITE = rgb(1, 1, 1);

class Sheet {
  page!: PDFPage;
  y = 0;
  readonly #charset: Set<number>;

  constructor(readonly doc: PDFDocument, readonly font: PDFFont, readonly bold: PDFFont) {
    this.#charset = new Set(font.getCharacterSet());
    this.page = doc.addPage(A5);
  }

  clean(text: string): string {
    return Array.from(text, (ch) => this.#charset.has(ch.codePointAt(0)!) ? ch : "?").join("");
  }

  text(text: string, x: number, size = 10, options: { bold?: boolean; color?: typeof INK } = {}) {
    this.page.drawText(this.clean(text), {
      x,
      y: this.y,
      size,
      font: options.bold ? this.bold : this.font,
      color: options.color ?? INK,
    });
  }

  right(
    text: string,
    xRight: number,
    size = 10,
    options: { bold?: boolean; color?: typeof INK } = {},
  ) {
    const clean = this.clean(text);
    const font = options.bold ? this.bold : this.font;
    this.text(clean, xRight - font.widthOfTextAtSize(clean, size), size, options);
  }

  rule() {
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: A5[0] - MARGIN, y: this.y },
      thickness: 0.7,
      color: RULE,
    });
  }

  /** The brand band: the clinic's logo on a white plate when it has one, its name, the title. */
  band(clinicName: string, title: string, number: string, logo: PDFImage | null) {
    this.page.drawRectangle({ x: 0, y: A5[1] - 78, width: A5[0], height: 78, color: BRAND });
    let x = MARGIN;
    if (logo) {
      this.page.drawRectangle({ x, y: A5[1] - 63, width: 48, height: 48, color: WHITE });
      drawLogoFitted(this.page, logo, { x: x + 4, y: A5[1] - 59, size: 40 });
      x += 60;
    }
    this.y = A5[1] - 36;
    this.text(clinicName, x, 15, { bold: true, color: WHITE });
    this.right(title, A5[0] - MARGIN, 13, { bold: true, color: WHITE });
    this.y -= 20;
    this.text("Dental care", x, 9, { color: rgb(0.8, 0.95, 0.92) });
    this.right(number, A5[0] - MARGIN, 10, { color: WHITE });
    this.y = A5[1] - 110;
  }

  pair(label: string, value: string, options: { bold?: boolean; size?: number } = {}) {
    this.text(label, MARGIN, options.size ?? 10, { color: MUTED });
    this.right(value, A5[0] - MARGIN, options.size ?? 10, { bold: options.bold });
    this.y -= (options.size ?? 10) + 8;
  }

  footer(line: string) {
    this.y = MARGIN;
    this.text(line, MARGIN, 8, { color: MUTED });
  }
}

async function newSheet() {
  const doc = await PDFDocument.create();
  const sheet = new Sheet(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
  );
  return { doc, sheet };
}

/** `logo`: the clinic's, from `logoForPdf`; without one the band carries its name alone. */
export async function receiptPdf(
  facts: ReceiptFacts,
  logo: PdfLogo | null = null,
): Promise<Uint8Array> {
  const { doc, sheet } = await newSheet();
  const number = receiptNumberText(facts.receiptNumber);
  doc.setTitle(`Receipt ${number}`);
  doc.setAuthor(facts.clinicName);
  sheet.band(facts.clinicName, "PAYMENT RECEIPT", number, await embedClinicLogo(doc, logo));
  sheet.pair("Receipt number", number, { bold: true });
  sheet.pair("Date", longDate(facts.paidOn));
  sheet.pair("Patient", `${facts.patientName} (${facts.patientMrn})`);
  sheet.pair("Invoice", invoiceNumberText(facts.invoiceNumber));
  sheet.y -= 4;
  sheet.rule();
  sheet.y -= 26;
  sheet.text("Amount received", 32, 11, { color: MUTED });
  sheet.right(formatPkr(facts.amountMinor), A5[0] - MARGIN, 20, { bold: true });
  sheet.y -= 30;
  sheet.pair("Payment method", PAYMENT_METHOD_LABELS[facts.method]);
  if (facts.reference) sheet.pair("Reference", facts.reference);
  sheet.pair("Invoice total", formatPkr(facts.invoiceTotalMinor));
  sheet.y -= 4;
  sheet.rule();
  sheet.y -= 20;
  sheet.pair("Balance remaining", formatPkr(facts.balanceAfterMinor), { bold: true, size: 12 });
  if (facts.balanceAfterMinor === 0) {
    sheet.text("Paid in full. Thank you.", MARGIN, 10, { color: BRAND, bold: true });
    sheet.y -= 18;
  }
  if (facts.recordedByName) sheet.pair("Received by", facts.recordedByName);
  sheet.footer(`${facts.clinicName} · ${number} · amounts in Pakistani rupees (PKR)`);
  return await doc.save();
}

export async function invoicePdf(
  detail: InvoiceDetail,
  clinicName: string,
  logo: PdfLogo | null = null,
): Promise<Uint8Array> {
  const { doc, sheet } = await newSheet();
  const { invoice } = detail;
  const number = invoiceNumberText(invoice.number);
  doc.setTitle(`Invoice ${number}`);
  doc.setAuthor(clinicName);
  sheet.band(clinicName, "INVOICE", number, await embedClinicLogo(doc, logo));
  sheet.pair("Patient", `${detail.patientName} (${detail.patientMrn})`);
  sheet.pair("Invoice date", longDate(invoice.issueDate));
  sheet.pair("Due date", longDate(invoice.dueDate));
  sheet.pair("Status", INVOICE_STATUS_LABELS[invoice.status]);
  sheet.y -= 4;
  sheet.rule();
  sheet.y -= 16;
  const right = A5[0] - MARGIN;
  sheet.text("Item", MARGIN, 8, { color: MUTED, bold: true });
  sheet.right("Qty", right - 150, 8, { color: MUTED, bold: true });
  sheet.right("Unit", right - 80, 8, { color: MUTED, bold: true });
  sheet.right("Amount", right, 8, { color: MUTED, bold: true });
  sheet.y -= 14;
  for (const line of detail.lines) {
    if (sheet.y < 140) {
      sheet.page = doc.addPage(A5);
      sheet.y = A5[1] - MARGIN;
    }
    const description = line.description.length > 38
      ? `${line.description.slice(0, 37)}…`
      : line.description;
    sheet.text(description, MARGIN, 9);
    sheet.right(String(line.quantity), right - 150, 9);
    sheet.right(formatPkr(line.unitPriceMinor), right - 80, 9);
    sheet.right(formatPkr(line.lineTotalMinor), right, 9);
    sheet.y -= 12;
    if (line.discountMinor > 0) {
      sheet.text(`Discount ${formatPkr(line.discountMinor)}`, MARGIN + 8, 8, { color: MUTED });
      sheet.y -= 12;
    }
  }
  sheet.y -= 4;
  sheet.rule();
  sheet.y -= 18;
  sheet.pair("Subtotal", formatPkr(invoice.subtotalMinor));
  if (invoice.discountMinor) sheet.pair("Discounts", `-${formatPkr(invoice.discountMinor)}`);
  if (invoice.taxRateBp) {
    sheet.pair(`Tax (${taxRateText(invoice.taxRateBp)})`, formatPkr(invoice.taxMinor));
  }
  sheet.pair("Total", formatPkr(invoice.totalMinor), { bold: true, size: 12 });
  sheet.pair("Paid", formatPkr(invoice.paidMinor));
  sheet.pair("Balance due", formatPkr(invoice.totalMinor - invoice.paidMinor), { bold: true });
  if (invoice.notes) {
    sheet.y -= 6;
    sheet.text(invoice.notes.slice(0, 90), MARGIN, 8, { color: MUTED });
  }
  sheet.footer(`${clinicName} · ${number} · amounts in Pakistani rupees (PKR)`);
  return await doc.save();
}
