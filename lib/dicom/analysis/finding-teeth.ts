/**
 * Teeth that completed AI analyses of a patient's X-rays name in their
 * findings, for the dental chart's badges: a clinician reading the chart sees
 * where the AI found something without opening the workstation.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { dicomAnalyses } from "../../db/schema.ts";
import { type AnalysisResult, SEVERITIES, type Severity } from "../../ai/findings.ts";

export interface ToothFindings {
  count: number;
  /** The most serious finding naming the tooth. */
  severity: Severity;
}

/** Tooth (FDI, as text) → the AI findings that name it, across the patient's completed analyses. */
export async function aiFindingTeeth(
  db: Db,
  clinicId: string,
  patientId: string,
): Promise<Map<string, ToothFindings>> {
  const rows = await db.select({ result: dicomAnalyses.result }).from(dicomAnalyses).where(and(
    eq(dicomAnalyses.clinicId, clinicId),
    eq(dicomAnalyses.patientId, patientId),
    eq(dicomAnalyses.status, "completed"),
  ));
  return teethOfFindings(rows.map((row) => row.result as unknown as AnalysisResult | null));
}

export function teethOfFindings(
  results: readonly (AnalysisResult | null)[],
): Map<string, ToothFindings> {
  const teeth = new Map<string, ToothFindings>();
  for (const result of results) {
    for (const finding of result?.findings ?? []) {
      for (const tooth of new Set(finding.teeth ?? [])) {
        const key = String(tooth);
        const seen = teeth.get(key);
        teeth.set(key, {
          count: (seen?.count ?? 0) + 1,
          severity: seen && rank(seen.severity) >= rank(finding.severity)
            ? seen.severity
            : finding.severity,
        });
      }
    }
  }
  return teeth;
}

const rank = (severity: Severity) => SEVERITIES.indexOf(severity);
