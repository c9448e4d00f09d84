/**
 * A Ruby report as an A4 PDF: the OdontoX mark and the clinic's name, the
 * period, the narrative, the headline figures against the previous period,
 * the three charts drawn with pdf-lib's rectangles from the same chart model
 * as the page, the section tables, and "Page n of m" on every page. Drawn
 * with the standard Helvetica; characters it cannot encode print as "?".
 *
 * @example
 * ```ts
 * const { bytes, filename } = await reportPdf(db, clinicId, reportId);
 * ```
 */
import { PDFDocument, type PDFFont, rgb, StandardFonts } from "pdf-lib";
import { A4, A4Writer, type Color, INK, MARGIN } from "../pdf/a4-writer.ts";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinics } from "../db/schema.ts";
import { formatPkr } from "../treatment/money.ts";
import { type BarChart, reportCharts } from "./charts.ts";
import type { Disclosure, PeriodFigures, ReportFigures } from "./figures.ts";
import { narrativeFor } from "./reader.ts";
import { EVERY_SECTION, type ReportSections } from "./sections.ts";
import { describePeriod } from "./period.ts";
import { getReport, type StoredReport } from "./reports.ts";

const WIDTH = A4[0] - 2 * MARGIN;
const MUTED = rgb(0.39, 0.45, 0.53);
const BRAND = rgb(0.043, 0.49, 0.447);

function hexColor(hex: string): Color {
  const n = parseInt(hex.slice(1), 16);
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
}

/** The report's pages keep room at the foot for "Page n of m". */
class Writer extends A4Writer {
  constructor(doc: PDFDocument, font: PDFFont, bold: PDFFont) {
    super(doc, font, bold, 16);
  }

  /** Ranges ("1–30 Nov") print with a plain hyphen, which every reader copies and searches alike. */
  override clean(text: string): string {
    return super.clean(text.replace(/–/g, "-"));
  }

  heading(value: string) {
    this.room(60);
    this.y -= 10;
    this.text(value, MARGIN, { size: 13, bold: true });
    this.y -= 8;
    this.rule();
    this.y -= 16;
  }
}

function drawHeader(w: Writer, report: StoredReport, clinicName: string) {
  // OdontoX's mark: its initial on the brand colour.
  w.page.drawRectangle({ x: MARGIN, y: w.y - 26, width: 32, height: 32, color: BRAND });
  w.page.drawText("O", { x: MARGIN + 9, y: w.y - 16, size: 16, font: w.bold, color: rgb(1, 1, 1) });
  w.y -= 6;
  w.text("OdontoX", MARGIN + 42, { size: 10, bold: true, color: BRAND });
  w.text("Ruby report", A4[0] - MARGIN, { size: 16, bold: true, color: BRAND, right: true });
  w.y -= 16;
  w.text(clinicName, MARGIN + 42, { size: 14, bold: true });
  w.y -= 22;
  w.rule();
  w.y -= 16;
  const { current, previous } = report.figures;
  w.text(`Period: ${describePeriod(current.period)} (${current.period.timeZone})`, MARGIN);
  w.y -= 14;
  w.text(`Compared with: ${describePeriod(previous.period)}`, MARGIN, { color: MUTED });
  w.y -= 14;
  w.text(
    `Generated: ${report.generatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC${
      report.generatedByName ? ` by ${report.generatedByName}` : ""
    }`,
    MARGIN,
    { color: MUTED },
  );
  w.y -= 10;
}

function drawTable(w: Writer, head: string[], rows: string[][]) {
  const columns = head.length;
  const right = (i: number) => MARGIN + WIDTH - (columns - 1 - i) * 110;
  w.room(30);
  head.forEach((h, i) =>
    i === 0
      ? w.text(h, MARGIN, { size: 8, bold: true, color: MUTED })
      : w.text(h, right(i), { size: 8, bold: true, color: MUTED, right: true })
  );
  w.y -= 6;
  w.rule();
  for (const row of rows) {
    w.room(16);
    w.y -= 14;
    row.forEach((cell, i) =>
      i === 0 ? w.text(cell, MARGIN) : w.text(cell, right(i), { right: true })
    );
  }
  w.y -= 8;
}

function drawCounted(w: Writer, counted: Disclosure) {
  w.y -= 4;
  w.paragraph(`Counted: ${counted.counted} Rows: ${counted.rows}.`, { size: 8, color: MUTED });
  w.y -= 6;
}

function drawChart(w: Writer, chart: BarChart) {
  const height = 120;
  w.room(height + 60);
  w.text(chart.title, MARGIN, { size: 11, bold: true });
  w.y -= 10;
  if (chart.empty) {
    w.y -= 12;
    w.text(chart.empty, MARGIN, { color: MUTED });
    w.y -= 20;
    return;
  }
  const base = w.y - height;
  w.page.drawLine({
    start: { x: MARGIN, y: base },
    end: { x: MARGIN + WIDTH, y: base },
    thickness: 0.75,
    color: MUTED,
  });
  const groupWidth = WIDTH / chart.groups.length;
  const barWidth = Math.min(36, (groupWidth * 0.7) / chart.series.length);
  chart.groups.forEach((group, g) => {
    const start = MARGIN + g * groupWidth + (groupWidth - barWidth * chart.series.length) / 2;
    group.values.forEach((v, s) => {
      const h = (v.value / chart.max) * (height - 14);
      const x = start + s * barWidth;
      if (h > 0) {
        w.page.drawRectangle({
          x,
          y: base,
          width: barWidth - 2,
          height: h,
          color: hexColor(chart.series[s].color),
        });
      }
      const label = w.clean(v.display);
      const size = 6.5;
      w.page.drawText(label, {
        x: x + (barWidth - 2) / 2 - w.font.widthOfTextAtSize(label, size) / 2,
        y: base + h + 3,
        size,
        font: w.font,
        color: INK,
      });
    });
    const label = w.clean(group.label);
    w.page.drawText(label, {
      x: MARGIN + g * groupWidth + groupWidth / 2 - w.font.widthOfTextAtSize(label, 8) / 2,
      y: base - 12,
      size: 8,
      font: w.font,
      color: MUTED,
    });
  });
  w.y = base - 26;
  let x = MARGIN;
  for (const s of chart.series) {
    w.page.drawRectangle({ x, y: w.y, width: 8, height: 8, color: hexColor(s.color) });
    const label = w.clean(s.label);
    w.page.drawText(label, { x: x + 12, y: w.y, size: 8, font: w.font, color: MUTED });
    x += 24 + w.font.widthOfTextAtSize(label, 8);
  }
  w.y -= 24;
}

const pct = (value: number | null) => value === null ? "-" : `${value}%`;
const days = (value: number | null) => value === null ? "-" : `${value} d`;
const num = (value: number) => value.toLocaleString("en-US");

export async function buildReportPdf(
  report: StoredReport,
  clinicName: string,
  sections: ReportSections = EVERY_SECTION,
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Ruby report · ${clinicName} · ${describePeriod(report.figures.current.period)}`);
  doc.setProducer("OdontoX");
  doc.setCreationDate(report.generatedAt);
  const w = new Writer(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
  );
  const { current: cur, previous: prev, lowStock } = report.figures;
  drawHeader(w, report, clinicName);

  const narrative = narrativeFor(report, sections);
  w.heading("Summary");
  w.text(narrative.label, MARGIN, { size: 8, bold: true, color: MUTED });
  w.y -= 14;
  for (const p of narrative.paragraphs) {
    w.paragraph(p);
    w.y -= 4;
  }

  w.heading("Headline figures");
  const headline: string[][] = [];
  if (cur.billing && sections.has("billing")) {
    headline.push(
      [
        "Invoiced",
        formatPkr(cur.billing.invoicedMinor),
        formatPkr(prev.billing?.invoicedMinor ?? 0),
      ],
      [
        "Collected",
        formatPkr(cur.billing.collectedMinor),
        formatPkr(prev.billing?.collectedMinor ?? 0),
      ],
      [
        "Outstanding",
        formatPkr(cur.billing.outstandingMinor),
        formatPkr(prev.billing?.outstandingMinor ?? 0),
      ],
      [
        `Overdue (${cur.billing.overdueInvoices} invoices)`,
        formatPkr(cur.billing.overdueMinor),
        formatPkr(prev.billing?.overdueMinor ?? 0),
      ],
    );
  }
  if (sections.has("appointments")) {
    headline.push(
      ["Appointments booked", num(cur.throughput.booked), num(prev.throughput.booked)],
      ["Completed", num(cur.throughput.completed), num(prev.throughput.completed)],
      [
        "Completion rate",
        pct(cur.throughput.completionRate),
        pct(prev.throughput.completionRate),
      ],
      [
        "Cancellation rate",
        pct(cur.throughput.cancellationRate),
        pct(prev.throughput.cancellationRate),
      ],
      ["No-show rate", pct(cur.throughput.noShowRate), pct(prev.throughput.noShowRate)],
    );
  }
  if (sections.has("patients")) {
    headline.push(
      ["Patients seen", num(cur.patients.seen), num(prev.patients.seen)],
      ["New patients", num(cur.patients.newPatients), num(prev.patients.newPatients)],
      ["Returning patients", num(cur.patients.returning), num(prev.patients.returning)],
    );
  }
  if (sections.has("clinical")) {
    headline.push(
      ["Lab cases delivered", num(cur.lab.delivered), num(prev.lab.delivered)],
      ["Lab turnaround (average)", days(cur.lab.averageDays), days(prev.lab.averageDays)],
    );
  }
  if (sections.has("inventory")) {
    headline.push(
      ["Stock used (units)", num(cur.consumption.units), num(prev.consumption.units)],
    );
  }
  if (headline.length) drawTable(w, ["", "This period", "Previous"], headline);
  if (cur.billing && sections.has("billing")) drawCounted(w, cur.billing.disclosure);
  if (sections.has("appointments")) drawCounted(w, cur.throughput.disclosure);

  const charts = reportCharts(report.figures, sections);
  if (charts.length) {
    w.room(220);
    w.heading("Charts");
    for (const chart of charts) drawChart(w, chart);
  }

  if (sections.has("appointments")) drawUtilisation(w, cur);
  if (sections.has("clinical")) drawLab(w, cur);
  if (sections.has("inventory")) drawInventory(w, cur, lowStock);
  numberPages(doc, w);
  return await doc.save();
}

function drawUtilisation(w: Writer, cur: PeriodFigures) {
  w.heading("Utilisation");
  drawTable(
    w,
    ["Room / doctor", "Visits", "Minutes", "Utilisation"],
    [...cur.utilisation.operatories, ...cur.utilisation.doctors].map((r) => [
      r.name,
      num(r.appointments),
      num(r.bookedMinutes),
      pct(r.utilisation),
    ]),
  );
  drawCounted(w, cur.utilisation.disclosure);
}

function drawLab(w: Writer, cur: PeriodFigures) {
  w.heading("Lab turnaround");
  drawTable(
    w,
    ["Case", "Sent (UTC)", "Delivered (UTC)", "Days"],
    cur.lab.cases.map((c) => [c.caseNumber, c.sentOn, c.deliveredOn, num(c.days)]),
  );
  drawCounted(w, cur.lab.disclosure);
}

function drawInventory(w: Writer, cur: PeriodFigures, lowStock: ReportFigures["lowStock"]) {
  w.heading("Inventory");
  drawTable(
    w,
    ["Used in the period", "Quantity"],
    cur.consumption.items.slice(0, 15).map((i) => [i.name, `${num(i.quantity)} ${i.unit}`]),
  );
  drawCounted(w, cur.consumption.disclosure);
  drawTable(
    w,
    ["Low stock at generation", "On hand", "Reorder at"],
    lowStock.items.map((i) => [i.name, num(i.onHand), num(i.reorderThreshold)]),
  );
  drawCounted(w, lowStock.disclosure);
}

function numberPages(doc: PDFDocument, w: Writer) {
  const pages = doc.getPages();
  pages.forEach((page, i) => {
    const label = `Page ${i + 1} of ${pages.length}`;
    page.drawText(label, {
      x: A4[0] - MARGIN - w.font.widthOfTextAtSize(label, 8),
      y: MARGIN / 2,
      size: 8,
      font: w.font,
      color: MUTED,
    });
    page.drawText("OdontoX · Ruby report", {
      x: MARGIN,
      y: MARGIN / 2,
      size: 8,
      font: w.font,
      color: MUTED,
    });
  });
}

/** The clinic's report as a PDF with its download name; another clinic's id is not found. */
export async function reportPdf(
  db: Db,
  clinicId: string,
  reportId: string,
  sections: ReportSections = EVERY_SECTION,
): Promise<{ bytes: Uint8Array; filename: string }> {
  const report = await getReport(db, clinicId, reportId);
  const [clinic] = await db.select({ name: clinics.name }).from(clinics)
    .where(eq(clinics.id, clinicId));
  const { start, end } = report.figures.current.period;
  return {
    bytes: await buildReportPdf(report, clinic?.name ?? "Clinic", sections),
    filename: `ruby-report-${start}-${end}.pdf`,
  };
}
