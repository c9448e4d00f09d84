/**
 * A stored report cut to one reader's sections (lib/reports/sections.ts). A reader who may not
 * see every section gets the narrative rewritten from the figures they do see: a stored
 * narrative (a model's above all) may speak of any section.
 */
import type { Narrative } from "./narrative.ts";
import { templateNarrative } from "./narrative.ts";
import type { StoredReport } from "./reports.ts";
import { reportSummaryJson } from "./reports.ts";
import { type ReportSections, seesEverySection } from "./sections.ts";

/** The narrative this reader is shown: the stored one, or the template's for their sections. */
export function narrativeFor(report: StoredReport, sections: ReportSections): Narrative {
  if (seesEverySection(sections)) return report.narrative;
  return templateNarrative(report.figures, sections);
}

/** The report's JSON for a reader: figures of hidden sections left out, the narrative theirs. */
export function readerReportJson(report: StoredReport, sections: ReportSections) {
  const cut = (period: StoredReport["figures"]["current"]) => ({
    period: period.period,
    ...(sections.has("appointments")
      ? { throughput: period.throughput, utilisation: period.utilisation }
      : {}),
    ...(sections.has("patients") ? { patients: period.patients } : {}),
    ...(sections.has("clinical") ? { lab: period.lab } : {}),
    ...(sections.has("inventory") ? { consumption: period.consumption } : {}),
    ...(sections.has("billing") ? { billing: period.billing, revenue: period.revenue } : {}),
  });
  const { figures } = report;
  return {
    ...reportSummaryJson(report),
    figures: {
      version: figures.version,
      generatedAt: figures.generatedAt,
      current: cut(figures.current),
      previous: cut(figures.previous),
      ...(sections.has("inventory") ? { lowStock: figures.lowStock } : {}),
    },
    narrative: narrativeFor(report, sections),
    sections: [...sections],
  };
}
