/** Reading and tagging filed DICOM studies and series, always within one clinic. */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { dicomSeries, dicomStudies } from "../db/schema.ts";
import { notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";

/** Throws 404 unless the series exists in the clinic (another clinic's id reads as missing). */
export async function assertClinicSeries(db: Db, clinicId: string, seriesId: string) {
  if (!isUuid(seriesId)) throw notFound("Series not found");
  const [row] = await db.select({ id: dicomSeries.id }).from(dicomSeries)
    .where(and(eq(dicomSeries.clinicId, clinicId), eq(dicomSeries.id, seriesId)));
  if (!row) throw notFound("Series not found");
}

/** Replaces the FDI teeth a study is tagged with; `teeth` are already validated. */
export async function tagStudyTeeth(db: Db, clinicId: string, studyId: string, teeth: number[]) {
  if (!isUuid(studyId)) throw notFound("Study not found");
  const unique = [...new Set(teeth)].sort((a, b) => a - b);
  const [row] = await db.update(dicomStudies).set({ teeth: unique })
    .where(and(eq(dicomStudies.clinicId, clinicId), eq(dicomStudies.id, studyId)))
    .returning({ id: dicomStudies.id, teeth: dicomStudies.teeth });
  if (!row) throw notFound("Study not found");
  return row;
}
