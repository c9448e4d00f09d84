/**
 * What the perio page shows: the patient's exams, the one chosen (the latest
 * by default) and, when asked, an earlier one to compare it with, with the
 * change per site.
 */
import type { Db } from "../db/client.ts";
import { getPerioExam, listPerioExams, type PerioExam, type PerioExamSummaryRow } from "./exams.ts";
import { compareExams, type SiteChange } from "./sites.ts";

export interface PerioPageData {
  exams: PerioExamSummaryRow[];
  exam: PerioExam | null;
  compared: PerioExam | null;
  changes: SiteChange[];
}

export async function loadPerioPage(
  db: Db,
  clinicId: string,
  patientId: string,
  query: { exam?: string; compare?: string },
): Promise<PerioPageData> {
  const exams = await listPerioExams(db, clinicId, patientId);
  const chosen = exams.find((e) => e.id === query.exam) ?? exams[0];
  if (!chosen) return { exams, exam: null, compared: null, changes: [] };
  const exam = await getPerioExam(db, clinicId, chosen.id);
  const other = exams.find((e) => e.id === query.compare && e.id !== chosen.id);
  if (!other) return { exams, exam, compared: null, changes: [] };
  const compared = await getPerioExam(db, clinicId, other.id);
  // Change runs from the earlier exam to the later, whichever was chosen first.
  const [before, after] = compared.examinedOn <= exam.examinedOn
    ? [compared, exam]
    : [exam, compared];
  return { exams, exam, compared, changes: compareExams(before.sites, after.sites) };
}
