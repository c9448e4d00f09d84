/**
 * The clinic's Radiology page: the latest X-ray captures and DICOM studies of
 * every patient, newest first, so staff can find this morning's images
 * without knowing whose they are. Unassigned captures live in the inbox.
 */
import { and, desc, eq, inArray, isNotNull, lt } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { dicomSeries, dicomStudies, operatories, patients, xrayCaptures } from "../db/schema.ts";
import { seriesThumbnails } from "./listing.ts";

export interface RecentImage {
  kind: "capture" | "study";
  id: string;
  patientId: string;
  patientName: string;
  mrn: string;
  /** Capture time, or the upload time of a study. */
  at: Date;
  /** A capture's category key, or a study's description. */
  label: string | null;
  /** Operatory of a capture, modality of a study. */
  detail: string | null;
  /** The file whose thumbnail represents the item, if any. */
  thumbnailFileId: string | null;
}

export interface RecentImagesPage {
  images: RecentImage[];
  /** Pass back as `before` for the next page; null on the last one. */
  nextBefore: Date | null;
}

export async function recentClinicImages(
  db: Db,
  clinicId: string,
  options: { before?: Date; limit?: number } = {},
): Promise<RecentImagesPage> {
  const limit = options.limit ?? 36;
  const captures = await db.select({
    id: xrayCaptures.id,
    patientId: patients.id,
    patientName: patients.fullName,
    mrn: patients.mrn,
    at: xrayCaptures.capturedAt,
    label: xrayCaptures.category,
    detail: operatories.name,
    thumbnailFileId: xrayCaptures.fileId,
  }).from(xrayCaptures)
    .innerJoin(
      patients,
      and(eq(patients.id, xrayCaptures.patientId), eq(patients.clinicId, clinicId)),
    )
    .leftJoin(operatories, eq(operatories.id, xrayCaptures.operatoryId))
    .where(and(
      eq(xrayCaptures.clinicId, clinicId),
      isNotNull(xrayCaptures.patientId),
      options.before ? lt(xrayCaptures.capturedAt, options.before) : undefined,
    ))
    .orderBy(desc(xrayCaptures.capturedAt))
    .limit(limit + 1);

  const studies = await db.select({
    id: dicomStudies.id,
    patientId: patients.id,
    patientName: patients.fullName,
    mrn: patients.mrn,
    at: dicomStudies.createdAt,
    label: dicomStudies.description,
    detail: dicomStudies.modality,
  }).from(dicomStudies)
    .innerJoin(
      patients,
      and(eq(patients.id, dicomStudies.patientId), eq(patients.clinicId, clinicId)),
    )
    .where(and(
      eq(dicomStudies.clinicId, clinicId),
      options.before ? lt(dicomStudies.createdAt, options.before) : undefined,
    ))
    .orderBy(desc(dicomStudies.createdAt))
    .limit(limit + 1);

  const merged: RecentImage[] = [
    ...captures.map((row) => ({ kind: "capture" as const, ...row })),
    ...studies.map((row) => ({ kind: "study" as const, ...row, thumbnailFileId: null })),
  ].sort((a, b) => b.at.getTime() - a.at.getTime());
  const images = merged.slice(0, limit);

  const studyIds = images.filter((i) => i.kind === "study").map((i) => i.id);
  if (studyIds.length) {
    const series = await db.select({ id: dicomSeries.id, studyId: dicomSeries.studyId })
      .from(dicomSeries)
      .where(and(eq(dicomSeries.clinicId, clinicId), inArray(dicomSeries.studyId, studyIds)));
    const thumbnails = await seriesThumbnails(db, clinicId, series.map((s) => s.id));
    for (const image of images) {
      if (image.kind !== "study") continue;
      const first = series.find((s) => s.studyId === image.id && thumbnails.has(s.id));
      image.thumbnailFileId = first ? thumbnails.get(first.id)! : null;
    }
  }
  return {
    images,
    nextBefore: merged.length > limit ? images[images.length - 1].at : null,
  };
}
