/**
 * A patient's Radiology tab: X-ray captures and DICOM studies in one list,
 * newest first. Pages call `listPatientRadiology`
 * directly; `GET /api/v1/patients/:id/radiology` answers the same items.
 */
import { and, arrayOverlaps, asc, count, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  dicomInstances,
  dicomSeries,
  dicomStudies,
  labCaseAttachments,
  labCases,
  operatories,
  storedFiles,
  xrayCaptures,
} from "../db/schema.ts";
import { formatCaseNumber } from "../lab/statuses.ts";

/** The lab case an image or study came in on, when it did. */
export interface LabCaseTag {
  id: string;
  caseNumber: string;
}

export interface CaptureItem {
  kind: "capture";
  id: string;
  fileId: string;
  capturedAt: string;
  category: string;
  teeth: number[];
  operatoryId: string | null;
  operatoryName: string | null;
  appointmentId: string | null;
  contentType: string;
  originalName: string | null;
  contentUrl: string;
  thumbnailUrl: string;
  labCase: LabCaseTag | null;
}

export interface SeriesSummary {
  id: string;
  seriesInstanceUid: string;
  modality: string | null;
  description: string | null;
  seriesNumber: number | null;
  instanceCount: number;
}

export interface StudyItem {
  kind: "study";
  id: string;
  studyInstanceUid: string;
  studyDate: string | null;
  description: string | null;
  modality: string | null;
  teeth: number[];
  createdAt: string;
  /** The thumbnail of the middle instance of the study's first series; null when it has none. */
  thumbnailUrl: string | null;
  series: SeriesSummary[];
  labCase: LabCaseTag | null;
}

export type RadiologyItem = CaptureItem | StudyItem;

export const fileContentUrl = (fileId: string) => `/api/v1/files/${fileId}/content`;
export const fileThumbnailUrl = (fileId: string) => `/api/v1/files/${fileId}/thumbnail`;

/** The patient's captures and studies, newest first (capture time, or upload time of a study). */
export async function listPatientRadiology(
  db: Db,
  clinicId: string,
  patientId: string,
): Promise<RadiologyItem[]> {
  const captures = await db
    .select({
      id: xrayCaptures.id,
      fileId: xrayCaptures.fileId,
      capturedAt: xrayCaptures.capturedAt,
      category: xrayCaptures.category,
      teeth: xrayCaptures.teeth,
      operatoryId: xrayCaptures.operatoryId,
      operatoryName: operatories.name,
      appointmentId: xrayCaptures.appointmentId,
      contentType: storedFiles.contentType,
      originalName: storedFiles.originalName,
    })
    .from(xrayCaptures)
    .innerJoin(storedFiles, eq(storedFiles.id, xrayCaptures.fileId))
    .leftJoin(
      operatories,
      and(eq(operatories.id, xrayCaptures.operatoryId), eq(operatories.clinicId, clinicId)),
    )
    .where(and(eq(xrayCaptures.clinicId, clinicId), eq(xrayCaptures.patientId, patientId)))
    .orderBy(desc(xrayCaptures.capturedAt));

  const caseOfCapture = await captureCaseTags(db, clinicId, captures.map((c) => c.id));
  const studies = await db.select().from(dicomStudies)
    .where(and(eq(dicomStudies.clinicId, clinicId), eq(dicomStudies.patientId, patientId)))
    .orderBy(desc(dicomStudies.createdAt));
  const studyIds = studies.map((s) => s.id);
  const series = studyIds.length
    ? await db
      .select({
        id: dicomSeries.id,
        studyId: dicomSeries.studyId,
        seriesInstanceUid: dicomSeries.seriesInstanceUid,
        modality: dicomSeries.modality,
        description: dicomSeries.description,
        seriesNumber: dicomSeries.seriesNumber,
        instanceCount: count(dicomInstances.id),
      })
      .from(dicomSeries)
      .leftJoin(dicomInstances, eq(dicomInstances.seriesId, dicomSeries.id))
      .where(and(eq(dicomSeries.clinicId, clinicId), inArray(dicomSeries.studyId, studyIds)))
      .groupBy(dicomSeries.id)
      .orderBy(asc(dicomSeries.seriesNumber), asc(dicomSeries.seriesInstanceUid))
    : [];
  const thumbnails = await seriesThumbnails(db, clinicId, series.map((s) => s.id));
  const caseOfStudy = await studyCaseTags(db, clinicId, studyIds);

  const items: (RadiologyItem & { sortAt: number })[] = [
    ...captures.map((row): CaptureItem & { sortAt: number } => ({
      kind: "capture",
      id: row.id,
      fileId: row.fileId,
      capturedAt: row.capturedAt.toISOString(),
      category: row.category,
      teeth: row.teeth,
      operatoryId: row.operatoryId,
      operatoryName: row.operatoryName ?? null,
      appointmentId: row.appointmentId,
      contentType: row.contentType,
      originalName: row.originalName,
      contentUrl: fileContentUrl(row.fileId),
      thumbnailUrl: fileThumbnailUrl(row.fileId),
      labCase: caseOfCapture.get(row.id) ?? null,
      sortAt: row.capturedAt.getTime(),
    })),
    ...studies.map((study): StudyItem & { sortAt: number } => {
      const own = series.filter((s) => s.studyId === study.id);
      const thumbnailFile = own.map((s) => thumbnails.get(s.id)).find(Boolean);
      return {
        kind: "study",
        id: study.id,
        studyInstanceUid: study.studyInstanceUid,
        studyDate: study.studyDate,
        description: study.description,
        modality: study.modality,
        teeth: study.teeth,
        createdAt: study.createdAt.toISOString(),
        thumbnailUrl: thumbnailFile ? fileThumbnailUrl(thumbnailFile) : null,
        series: own.map(({ studyId: _, ...s }) => ({
          ...s,
          instanceCount: Number(s.instanceCount),
        })),
        labCase: caseOfStudy.get(study.id) ?? null,
        sortAt: study.createdAt.getTime(),
      };
    }),
  ];
  items.sort((a, b) => b.sortAt - a.sortAt);
  return items.map(({ sortAt: _, ...item }) => item as RadiologyItem);
}

/** Captures that came in as a lab case's attachment, with that case. */
async function captureCaseTags(
  db: Db,
  clinicId: string,
  captureIds: string[],
): Promise<Map<string, LabCaseTag>> {
  if (!captureIds.length) return new Map();
  const rows = await db.select({
    captureId: labCaseAttachments.captureId,
    caseId: labCases.id,
    number: labCases.number,
  }).from(labCaseAttachments)
    .innerJoin(labCases, eq(labCases.id, labCaseAttachments.caseId))
    .where(and(
      eq(labCaseAttachments.clinicId, clinicId),
      inArray(labCaseAttachments.captureId, captureIds),
    ))
    .orderBy(asc(labCaseAttachments.createdAt));
  const tags = new Map<string, LabCaseTag>();
  for (const row of rows) {
    if (!tags.has(row.captureId!)) {
      tags.set(row.captureId!, { id: row.caseId, caseNumber: formatCaseNumber(row.number) });
    }
  }
  return tags;
}

/** Studies a lab case's DICOM attachment was imported into, with that case. */
async function studyCaseTags(
  db: Db,
  clinicId: string,
  studyIds: string[],
): Promise<Map<string, LabCaseTag>> {
  if (!studyIds.length) return new Map();
  const rows = await db.select({
    studyIds: labCaseAttachments.studyIds,
    caseId: labCases.id,
    number: labCases.number,
  }).from(labCaseAttachments)
    .innerJoin(labCases, eq(labCases.id, labCaseAttachments.caseId))
    .where(and(
      eq(labCaseAttachments.clinicId, clinicId),
      arrayOverlaps(labCaseAttachments.studyIds, studyIds),
    ))
    .orderBy(asc(labCaseAttachments.createdAt));
  const tags = new Map<string, LabCaseTag>();
  for (const row of rows) {
    for (const studyId of row.studyIds) {
      if (!tags.has(studyId)) {
        tags.set(studyId, { id: row.caseId, caseNumber: formatCaseNumber(row.number) });
      }
    }
  }
  return tags;
}

/** The file of each series' middle instance (by instance number), the one a thumbnail shows. */
export async function seriesThumbnails(
  db: Db,
  clinicId: string,
  seriesIds: string[],
): Promise<Map<string, string>> {
  if (!seriesIds.length) return new Map();
  const rows = await db
    .select({
      seriesId: dicomInstances.seriesId,
      fileId: dicomInstances.fileId,
    })
    .from(dicomInstances)
    .where(and(eq(dicomInstances.clinicId, clinicId), inArray(dicomInstances.seriesId, seriesIds)))
    .orderBy(asc(dicomInstances.seriesId), asc(dicomInstances.instanceNumber));
  const bySeries = new Map<string, string[]>();
  for (const row of rows) {
    const files = bySeries.get(row.seriesId) ?? [];
    files.push(row.fileId);
    bySeries.set(row.seriesId, files);
  }
  return new Map([...bySeries].map(([id, files]) => [id, files[Math.floor(files.length / 2)]]));
}

/** The instances of one series in scroll order, for the viewer's stack. */
export async function listSeriesInstances(db: Db, clinicId: string, seriesId: string) {
  const rows = await db
    .select({
      id: dicomInstances.id,
      fileId: dicomInstances.fileId,
      instanceNumber: dicomInstances.instanceNumber,
      rows: dicomInstances.rows,
      columns: dicomInstances.columns,
      frames: dicomInstances.frames,
      pixelSpacing: dicomInstances.pixelSpacing,
    })
    .from(dicomInstances)
    .where(and(eq(dicomInstances.clinicId, clinicId), eq(dicomInstances.seriesId, seriesId)))
    .orderBy(asc(dicomInstances.instanceNumber), asc(dicomInstances.sopInstanceUid));
  return rows.map((row) => ({ ...row, contentUrl: fileContentUrl(row.fileId) }));
}
