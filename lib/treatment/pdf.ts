/**
 * A treatment plan as an A4 PDF for the patient: the clinic's name and mark, the patient,
 * each option's phases and items with teeth, totals with the discount and its policy,
 * before/after photos, the signature if any, and the date the quote is valid until.
 * Drawn with pdf-lib's standard Helvetica; characters it cannot encode print as "?".
 */
import { PDFDocument, type PDFImage, rgb, StandardFonts } from "pdf-lib";
import { A4, A4Writer as Writer, MARGIN } from "../pdf/a4-writer.ts";
import { drawLogoFitted, embedClinicLogo, type PdfLogo } from "../pdf/clinic-logo.ts";
import { formatPkr } from "./money.ts";
import { discountIndicator } from "./pricing.ts";
import { STATUS_LABELS } from "./plan-input.ts";
import type { PlanDetail, PlanOption } from "./plans.ts";

const MUTED = rgb(0.39, 0.45, 0.53);
const BRAND = rgb(0.05, 0.53, 0.48);

/** How long a quote holds when the plan names no date. */
export const DEFAULT_VALIDITY_DAYS = 30;

export interface PlanPdfInput {
  plan: PlanDetail;
  clinicName: string;
  /** The clinic's date the document is printed on, YYYY-MM-DD. */
  today: string;
  /** Image bytes with their type, when the plan has them. */
  beforePhoto?: { bytes: Uint8Array; contentType: string } | null;
  afterPhoto?: { bytes: Uint8Array; contentType: string } | null;
  signature?: Uint8Array | null;
  timeZone: string;
  /** The clinic's logo (PNG or JPEG), drawn instead of its initials. */
  logo?: PdfLogo | null;
}

/** The date a quote is valid until: the plan's own, else thirty days from `today`. */
export function validUntilOf(plan: { validUntil: string | null }, today: string): string {
  if (plan.validUntil) return plan.validUntil;
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + DEFAULT_VALIDITY_DAYS);
  return date.toISOString().slice(0, 10);
}

export function longDate(day: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  })
    .format(new Date(`${day}T00:00:00Z`));
}

const COLUMNS = { service: MARGIN, tooth: 318, qty: 392, unit: 470, amount: A4[0] - MARGIN };

function drawOption(w: Writer, option: PlanOption, heading: string) {
  w.room(80);
  w.text(heading, MARGIN, { size: 13, bold: true });
  w.y -= 20;
  w.text("Service", COLUMNS.service, { size: 8, bold: true, color: MUTED });
  w.text("Tooth", COLUMNS.tooth, { size: 8, bold: true, color: MUTED });
  w.text("Qty", COLUMNS.qty, { size: 8, bold: true, color: MUTED, right: true });
  w.text("Unit price", COLUMNS.unit, { size: 8, bold: true, color: MUTED, right: true });
  w.text("Amount", COLUMNS.amount, { size: 8, bold: true, color: MUTED, right: true });
  w.y -= 6;
  w.rule();
  for (const phase of option.phases) {
    w.room(40);
    w.y -= 16;
    w.text(`Phase ${phase.position + 1} · ${phase.name}`, MARGIN, {
      size: 10,
      bold: true,
      color: BRAND,
    });
    for (const item of phase.items) {
      w.room(30);
      w.y -= 15;
      w.text(item.name, COLUMNS.service, { maxWidth: 255 });
      const tooth = item.tooth ? `${item.tooth}${item.surfaces ? ` ${item.surfaces}` : ""}` : "";
      w.text(tooth, COLUMNS.tooth);
      w.text(String(item.quantity), COLUMNS.qty, { right: true });
      w.text(formatPkr(item.unitPriceMinor), COLUMNS.unit, { right: true });
      w.text(formatPkr(item.lineTotalMinor), COLUMNS.amount, { right: true });
    }
    w.y -= 14;
    w.text(`Phase total ${formatPkr(phase.totalMinor)}`, COLUMNS.amount, {
      size: 9,
      color: MUTED,
      right: true,
    });
    w.y -= 6;
    w.rule();
  }
  w.room(90);
  const line = (label: string, value: string, bold = false) => {
    w.y -= 16;
    w.text(label, COLUMNS.unit, { right: true, bold, size: bold ? 12 : 10 });
    w.text(value, COLUMNS.amount, { right: true, bold, size: bold ? 12 : 10 });
  };
  line("Subtotal", formatPkr(option.subtotalMinor));
  line("Discount", option.discountMinor ? `- ${formatPkr(option.discountMinor)}` : formatPkr(0));
  for (const discount of option.discounts) {
    w.y -= 12;
    w.text(discountIndicator(discount), COLUMNS.amount, { size: 8, color: MUTED, right: true });
  }
  line("Total", formatPkr(option.totalMinor), true);
  w.y -= 24;
}

async function embedImage(doc: PDFDocument, image: { bytes: Uint8Array; contentType: string }) {
  try {
    return /png/i.test(image.contentType)
      ? await doc.embedPng(image.bytes)
      : await doc.embedJpg(image.bytes);
  } catch {
    // A photo pdf-lib cannot read (TIFF, BMP, a damaged file) is left out, not fatal.
    return null;
  }
}

function drawFitted(w: Writer, image: PDFImage, x: number, top: number, box: [number, number]) {
  const scale = Math.min(box[0] / image.width, box[1] / image.height);
  const width = image.width * scale;
  const height = image.height * scale;
  w.page.drawImage(image, { x, y: top - height, width, height });
}

export async function buildPlanPdf(input: PlanPdfInput): Promise<Uint8Array> {
  const { plan } = input;
  const doc = await PDFDocument.create();
  doc.setTitle(`Treatment plan · ${plan.patient.fullName}`);
  doc.setProducer("OdontoX");
  doc.setCreationDate(new Date(`${input.today}T00:00:00Z`));
  const w = new Writer(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
  );

  // The clinic's mark: its logo fitted in a 36 pt square, else its initials on the brand colour.
  const logo = await embedClinicLogo(doc, input.logo);
  if (logo) {
    drawLogoFitted(w.page, logo, { x: MARGIN, y: w.y - 30, size: 36 });
    w.y -= 18;
  } else {
    const initials = input.clinicName.split(/\s+/).map((p) => p[0] ?? "").join("").slice(0, 2)
      .toUpperCase();
    w.page.drawRectangle({ x: MARGIN, y: w.y - 30, width: 36, height: 36, color: BRAND });
    w.y -= 18;
    w.page.drawText(w.clean(initials), {
      x: MARGIN + 18 - w.bold.widthOfTextAtSize(w.clean(initials), 14) / 2,
      y: w.y - 4,
      size: 14,
      font: w.bold,
      color: rgb(1, 1, 1),
    });
  }
  w.text(input.clinicName, MARGIN + 48, { size: 16, bold: true });
  w.text("Treatment plan", A4[0] - MARGIN, { size: 16, bold: true, color: BRAND, right: true });
  w.y -= 34;
  w.rule();

  const facts: [string, string][] = [
    ["Patient", `${plan.patient.fullName} (${plan.patient.mrn})`],
    ["Plan", `${plan.title} · revision ${plan.revision} · ${STATUS_LABELS[plan.status]}`],
    ["Date", longDate(input.today)],
    ["Valid until", longDate(validUntilOf(plan, input.today))],
  ];
  for (const [label, value] of facts) {
    w.y -= 16;
    w.text(label, MARGIN, { size: 9, color: MUTED });
    w.text(value, MARGIN + 80, { maxWidth: A4[0] - 2 * MARGIN - 80 });
  }
  w.y -= 24;

  const accepted = plan.options.find((o) => o.status === "accepted");
  const shown = accepted ? [accepted] : plan.options;
  for (const option of shown) {
    const label = shown.length > 1
      ? `Option ${option.position + 1}: ${option.name}${option.recommended ? " (recommended)" : ""}`
      : option.name;
    drawOption(w, option, label);
  }
  if (plan.notes) {
    w.room(40);
    w.text("Notes", MARGIN, { size: 9, color: MUTED });
    w.y -= 14;
    w.text(plan.notes.replace(/\s+/g, " "), MARGIN, { maxWidth: A4[0] - 2 * MARGIN });
    w.y -= 24;
  }

  const photos = [
    ["Before", input.beforePhoto],
    ["After", input.afterPhoto],
  ] as const;
  if (photos.some(([, p]) => p)) {
    w.room(220);
    w.text("Before and after", MARGIN, { size: 13, bold: true });
    w.y -= 16;
    const boxWidth = (A4[0] - 2 * MARGIN - 16) / 2;
    const top = w.y;
    for (const [i, [label, photo]] of photos.entries()) {
      const x = MARGIN + i * (boxWidth + 16);
      w.page.drawText(label, { x, y: top - 10, size: 9, font: w.font, color: MUTED });
      const image = photo ? await embedImage(doc, photo) : null;
      if (image) drawFitted(w, image, x, top - 16, [boxWidth, 170]);
      else w.page.drawText("No photo", { x, y: top - 40, size: 10, font: w.font, color: MUTED });
    }
    w.y = top - 200;
  }

  const acceptance = plan.acceptances[0];
  if (acceptance) {
    w.room(130);
    w.text("Acceptance", MARGIN, { size: 13, bold: true });
    w.y -= 16;
    const when = new Intl.DateTimeFormat("en-GB", {
      dateStyle: "long",
      timeStyle: "short",
      timeZone: input.timeZone,
    }).format(acceptance.acceptedAt);
    const who = acceptance.signedName ?? acceptance.acceptedByName ?? "the patient";
    w.text(
      `Accepted by ${who} on ${when}${
        acceptance.via === "remote" ? " (online)" : ""
      } · revision ${acceptance.revision}`,
      MARGIN,
      { maxWidth: A4[0] - 2 * MARGIN },
    );
    w.y -= 12;
    w.text(`Snapshot SHA-256 ${acceptance.snapshotSha256}`, MARGIN, { size: 7, color: MUTED });
    if (input.signature) {
      const image = await embedImage(doc, { bytes: input.signature, contentType: "image/png" });
      if (image) {
        drawFitted(w, image, MARGIN, w.y - 8, [200, 70]);
        w.y -= 80;
      }
    }
  }

  const pages = doc.getPages();
  pages.forEach((page, i) => {
    page.drawText(
      w.clean(`${input.clinicName} · ${plan.patient.fullName} · page ${i + 1} of ${pages.length}`),
      {
        x: MARGIN,
        y: 24,
        size: 8,
        font: w.font,
        color: MUTED,
      },
    );
  });
  return await doc.save();
}
