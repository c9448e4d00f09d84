/**
 * A reader sees the sections their `reports.*` permissions open: the narrative, the charts and
 * the PDF of a report leave the others out, and a model's narrative is replaced by the
 * template's for those sections, since it may speak of any.
 */
import { PDFDocument } from "pdf-lib";
import { assert, assertEquals } from "../../support/assert.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import { pdfText } from "../../support/pdf-text.ts";
import { assertLaidOut, renderPdf } from "../../support/pdf-render.ts";
import { computeFigures } from "../../../lib/reports/reports.ts";
import type { StoredReport } from "../../../lib/reports/reports.ts";
import { reportCharts } from "../../../lib/reports/charts.ts";
import { buildReportPdf } from "../../../lib/reports/pdf.ts";
import { narrativeFor, readerReportJson } from "../../../lib/reports/reader.ts";
import { EVERY_SECTION, reportSectionsFor } from "../../../lib/reports/sections.ts";
import type { ReportSection } from "../../../lib/reports/sections.ts";
import type { Access } from "../../../lib/permissions/access.ts";
import { NOW, PERIOD, reportFixture } from "./report-fixture.ts";

const access = (...permissions: string[]) =>
  ({ permissions: new Set(permissions), modules: new Set(["reports"]) }) as unknown as Access;

Deno.test("each section opens with its own reports permission", () => {
  assertEquals(
    [...reportSectionsFor(access("reports.appointments.view", "reports.clinical.view"))].sort(),
    ["appointments", "clinical"],
  );
  assertEquals(reportSectionsFor(access("ai.reports.view")).size, 0);
  assertEquals(reportSectionsFor(null).size, 0);
});

testOnEachDatabase("Ruby report sections", async (t, database) => {
  const fixture = await reportFixture(database.db);
  const figures = await computeFigures(database.db, fixture.clinicId, PERIOD, NOW);
  const report: StoredReport = {
    id: crypto.randomUUID(),
    periodStart: figures.current.period.start,
    periodEnd: figures.current.period.end,
    generatedAt: NOW,
    generatedByName: "Owner",
    figures,
    narrative: {
      source: "ai",
      label: "Written by test-model from the figures",
      paragraphs: ["The clinic collected a great deal of money."],
    },
  } as StoredReport;
  const doctor = new Set<ReportSection>(["appointments", "clinical"]);

  await t.step("every section: the stored narrative as generated", () => {
    assertEquals(narrativeFor(report, EVERY_SECTION), report.narrative);
    assertEquals(reportCharts(figures).map((c) => c.id), [
      "revenue",
      "throughput",
      "payment-methods",
    ]);
  });

  await t.step("some sections: the template's words about those alone", () => {
    const narrative = narrativeFor(report, doctor);
    assertEquals(narrative.source, "template");
    assertEquals(narrative.label, "Generated from the figures your role may see");
    const text = narrative.paragraphs.join("\n");
    assert(text.includes("6 appointments"), text);
    assert(!text.includes("invoiced") && !text.includes("PKR"), "no money");
    assert(!text.includes("Composite"), "no stock");
    assertEquals(reportCharts(figures, doctor).map((c) => c.id), ["throughput"]);
    const json = readerReportJson(report, doctor);
    assert(!("billing" in json.figures.current) && !("lowStock" in json.figures));
    assert("throughput" in json.figures.current && "lab" in json.figures.current);
  });

  await t.step("the PDF holds the reader's sections only", async () => {
    const fullBytes = await buildReportPdf(report, "Fixture Dental");
    const full = (await pdfText(fullBytes)).join("\n");
    const bytes = await buildReportPdf(report, "Fixture Dental", doctor);
    const fullPages = (await PDFDocument.load(fullBytes)).getPageCount();
    const cutPages = (await PDFDocument.load(bytes)).getPageCount();
    assert(cutPages <= fullPages, "fewer sections take no more pages");
    assertLaidOut(await renderPdf(fullBytes), { pages: fullPages, size: "A4" });
    assertLaidOut(await renderPdf(bytes), { pages: cutPages, size: "A4" });
    const cut = (await pdfText(bytes)).join("\n");
    for (const label of ["Invoiced", "Collected", "Patients seen", "Stock used"]) {
      assert(full.includes(label), `the owner's PDF has ${label}`);
      assert(!cut.includes(label), `the doctor's PDF has no ${label}`);
    }
    assert(cut.includes("Appointments booked") && cut.includes("Lab turnaround"));
  });
});
