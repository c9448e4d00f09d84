/**
 * A platform invoice as an A4 PDF: the platform's logo and billing details, the clinic billed,
 * the period, each line, and the totals in PKR; a paid or void invoice says so across the top.
 * Drawn with pdf-lib's standard Helvetica; characters it cannot encode print as "?".
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import { formatPkr } from "../treatment/money.ts";
import type { Db } from "../db/client.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { type BillingProfile, getBillingProfile, pdfLogoBytes } from "./branding.ts";
import { defaultLogoPng } from "./default-logo.ts";
import { type InvoiceDetail, invoiceDetail } from "./invoices.ts";
import { longDate, periodLabel } from "./periods.ts";

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;
const RIGHT = A4[0] - MARGIN;
const INK = rgb(0.06, 0.09, 0.16);
const MUTED = rgb(0.39, 0.45, 0.53);
const RULE = rgb(0.89, 0.91, 0.94);
const BRAND = rgb(0.05, 0.53, 0.48);
const STAMP = { paid: rgb(0.02, 0.5, 0.3), void: rgb(0.75, 0.1, 0.1) };

export interface InvoicePdfInput {
  detail: InvoiceDetail;
  profile: BillingProfile;
  /** The PNG to draw top left; the default mark when null. */
  logoPng: Uint8Array | null;
}

class Sheet {
  y = A4[1] - MARGIN;
  readonly #charset: Set<number>;
  constructor(readonly page: PDFPage, readonly font: PDFFont, readonly bold: PDFFont) {
    this.#charset = new Set(font.getCharacterSet());
  }

  clean(text: string): string {
    return [...text.replace(/[–—]/g, "-")]
      .map((ch) => (this.#charset.has(ch.codePointAt(0)!) ? ch : "?")).join("");
  }

  text(
    text: string,
    x: number,
    o: {
      size?: number;
      bold?: boolean;
      color?: ReturnType<typeof rgb>;
      right?: boolean;
      max?: number;
    } = {},
  ) {
    const size = o.size ?? 10;
    const font = o.bold ? this.bold : this.font;
    let value = this.clean(text);
    if (o.max && font.widthOfTextAtSize(value, size) > o.max) {
      while (value.length > 1 && font.widthOfTextAtSize(`${value}...`, size) > o.max) {
        value = value.slice(0, -1);
      }
      value = `${value.trimEnd()}...`;
    }
    const width = font.widthOfTextAtSize(value, size);
    this.page.drawText(value, {
      x: o.right ? x - width : x,
      y: this.y,
      size,
      font,
      color: o.color ?? INK,
    });
  }

  rule(y = this.y) {
    this.page.drawLine({
      start: { x: MARGIN, y },
      end: { x: RIGHT, y },
      thickness: 0.75,
      color: RULE,
    });
  }
}

export async function buildInvoicePdf(input: InvoicePdfInput): Promise<Uint8Array> {
  const { invoice, lines } = input.detail;
  const { profile } = input;
  const seller = profile.legalName || "OdontoX";
  const doc = await PDFDocument.create();
  doc.setTitle(`Invoice ${invoice.number}`);
  doc.setAuthor(seller);
  doc.setProducer("OdontoX");
  doc.setCreationDate(new Date(`${invoice.issueDate}T00:00:00Z`));
  const s = new Sheet(
    doc.addPage(A4),
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
  );

  // Logo, fitted into 150 × 56 points, top left.
  const logo = await doc.embedPng(input.logoPng ?? defaultLogoPng());
  const scale = Math.min(150 / logo.width, 56 / logo.height);
  s.page.drawImage(logo, {
    x: MARGIN,
    y: s.y - logo.height * scale,
    width: logo.width * scale,
    height: logo.height * scale,
  });
  s.y -= 22;
  s.text("INVOICE", RIGHT, { size: 24, bold: true, color: BRAND, right: true });
  s.y -= 18;
  s.text(invoice.number, RIGHT, { size: 12, bold: true, right: true });
  if (invoice.status === "paid" || invoice.status === "void") {
    s.y -= 16;
    s.text(invoice.status.toUpperCase(), RIGHT, {
      size: 12,
      bold: true,
      color: STAMP[invoice.status],
      right: true,
    });
  }
  s.y = A4[1] - MARGIN - 80;

  // From (left) and the invoice's facts (right).
  const top = s.y;
  s.text("FROM", MARGIN, { size: 8, bold: true, color: MUTED });
  s.y -= 14;
  s.text(seller, MARGIN, { bold: true, max: 260 });
  for (const line of profile.address.split(/\r?\n/).filter((l) => l.trim()).slice(0, 4)) {
    s.y -= 13;
    s.text(line.trim(), MARGIN, { size: 9, color: MUTED, max: 260 });
  }
  if (profile.ntn) {
    s.y -= 13;
    s.text(`NTN ${profile.ntn}`, MARGIN, { size: 9, color: MUTED });
  }
  if (profile.billingEmail) {
    s.y -= 13;
    s.text(profile.billingEmail, MARGIN, { size: 9, color: MUTED });
  }
  const leftBottom = s.y;
  s.y = top;
  const facts: [string, string][] = [
    ["Issue date", longDate(invoice.issueDate)],
    ["Due date", longDate(invoice.dueDate)],
    ["Period", periodLabel({ start: invoice.periodStart, end: invoice.periodEnd })],
    ["Plan", `${input.detail.planName} (${invoice.billingPeriod})`],
  ];
  for (const [label, value] of facts) {
    s.text(label, 360, { size: 9, color: MUTED });
    s.text(value, RIGHT, { size: 9, right: true, max: 150 });
    s.y -= 14;
  }
  s.y = Math.min(leftBottom, s.y) - 22;

  s.text("BILL TO", MARGIN, { size: 8, bold: true, color: MUTED });
  s.y -= 14;
  s.text(invoice.billToName, MARGIN, { bold: true, max: 400 });
  s.y -= 13;
  s.text(invoice.billToEmail, MARGIN, { size: 9, color: MUTED, max: 400 });
  s.y -= 30;

  // Lines.
  const COL = { qty: 370, unit: 460, amount: RIGHT };
  s.text("Description", MARGIN, { size: 8, bold: true, color: MUTED });
  s.text("Qty", COL.qty, { size: 8, bold: true, color: MUTED, right: true });
  s.text("Unit price", COL.unit, { size: 8, bold: true, color: MUTED, right: true });
  s.text("Amount", COL.amount, { size: 8, bold: true, color: MUTED, right: true });
  s.y -= 7;
  s.rule();
  for (const line of lines) {
    s.y -= 17;
    s.text(line.description, MARGIN, { max: 290 });
    s.text(String(line.quantity), COL.qty, { right: true });
    s.text(formatPkr(line.unitPriceMinor), COL.unit, { right: true });
    s.text(formatPkr(line.amountMinor), COL.amount, { right: true });
    s.y -= 7;
    s.rule();
  }

  const total = (label: string, value: string, bold = false) => {
    s.y -= bold ? 20 : 16;
    s.text(label, COL.unit, { right: true, bold, size: bold ? 12 : 10 });
    s.text(value, COL.amount, { right: true, bold, size: bold ? 12 : 10 });
  };
  total("Subtotal", formatPkr(invoice.subtotalMinor));
  if (invoice.discountMinor) total("Discount", `-${formatPkr(invoice.discountMinor)}`);
  total("Total", formatPkr(invoice.totalMinor), true);
  if (invoice.paidMinor) {
    total("Paid", `-${formatPkr(invoice.paidMinor)}`);
    total("Balance due", formatPkr(invoice.totalMinor - invoice.paidMinor), true);
  }
  s.y -= 30;

  if (invoice.notes) {
    s.text("NOTES", MARGIN, { size: 8, bold: true, color: MUTED });
    for (const line of wrap(s, invoice.notes, RIGHT - MARGIN).slice(0, 12)) {
      s.y -= 13;
      s.text(line, MARGIN, { size: 9 });
    }
  }

  s.y = 30;
  s.text(
    [seller, profile.ntn && `NTN ${profile.ntn}`, `Invoice ${invoice.number}`].filter(Boolean)
      .join(" · "),
    MARGIN,
    { size: 8, color: MUTED },
  );
  return await doc.save();
}

/** Breaks text into lines that fit `width` at 9 points, keeping the author's line breaks. */
function wrap(s: Sheet, text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (line && s.font.widthOfTextAtSize(s.clean(next), 9) > width) {
        out.push(line);
        line = word;
      } else line = next;
    }
    out.push(line);
  }
  return out;
}

/** Loads the invoice, the profile and the cached logo, and draws the PDF. */
export async function renderInvoicePdf(
  deps: { db: Db; storage: ObjectStore },
  invoiceId: string,
): Promise<{ bytes: Uint8Array; detail: InvoiceDetail }> {
  const [detail, profile] = await Promise.all([
    invoiceDetail(deps.db, invoiceId),
    getBillingProfile(deps.db),
  ]);
  const logoPng = await pdfLogoBytes(deps, profile);
  return { bytes: await buildInvoicePdf({ detail, profile, logoPng }), detail };
}
