/**
 * Files DICOM instances under a patient: study → series → instance, each
 * instance one stored file. Used for a single uploaded file and for every
 * entry of an uploaded ZIP.
 *
 * An upload either files what it can or, when it is refused (a study of
 * another patient that was not confirmed, an archive over its limits),
 * leaves nothing behind: what the request had written so far is removed, so
 * no long transaction holds the database while a large archive streams in.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { dicomInstances, dicomSeries, dicomStudies, storedFiles } from "../db/schema.ts";
import { AppError } from "../errors.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { saveFile } from "../storage/files.ts";
import { type DicomHeader, NotDicomError, readDicomHeader } from "./header.ts";

export const DICOM_CONTENT_TYPE = "application/dicom";

export interface ImportTarget {
  clinicId: string;
  patientId: string;
  /** The patient's MRN, which a study's PatientID is expected to carry. */
  patientMrn: string;
  actorId: string | null;
  /** The uploader has seen the mismatch warning and files the study here anyway. */
  confirmMismatch: boolean;
}

export interface ImportSummary {
  imported: number;
  duplicates: number;
  skipped: { name: string; reason: string }[];
}

function sameIdentifier(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

/** A study whose PatientID is not the patient's MRN, refused until the uploader confirms. */
export function patientMismatch(header: DicomHeader, mrn: string): AppError {
  return new AppError(
    409,
    "PATIENT_MISMATCH",
    header.patientId
      ? `This study belongs to patient ID "${header.patientId}"` +
        `${header.patientName ? ` (${header.patientName})` : ""}, not ${mrn}; ` +
        "confirm to file it under this patient anyway"
      : `This study carries no patient ID; confirm to file it under ${mrn}`,
    { dicomPatientId: header.patientId, dicomPatientName: header.patientName },
  );
}

/** One upload request's import, file by file. */
export class DicomImport {
  readonly summary: ImportSummary = { imported: 0, duplicates: 0, skipped: [] };
  /** The patient's studies this upload filed into, or found already filed (a lab case tags them). */
  readonly studyIds = new Set<string>();
  /** PatientIDs of instances filed here although they differ from the MRN (confirmed). */
  readonly mismatchedPatientIds = new Set<string>();
  readonly #studies = new Map<string, string>();
  readonly #series = new Map<string, string>();
  readonly #written = {
    studies: [] as string[],
    series: [] as string[],
    instances: [] as string[],
    files: [] as { id: string; objectKey: string }[],
  };

  constructor(
    private readonly db: Db,
    private readonly storage: ObjectStore,
    private readonly target: ImportTarget,
  ) {}

  /**
   * Files one Part 10 file. Throws `NotDicomError` when `bytes` are not one,
   * an `AppError` 409 for an unconfirmed patient mismatch; a file that cannot
   * be filed for another reason is listed as skipped.
   */
  async add(name: string, bytes: Uint8Array): Promise<void> {
    const header = readDicomHeader(bytes);
    const { db, target } = this;
    const [existing] = await db.select({ studyId: dicomSeries.studyId }).from(dicomInstances)
      .innerJoin(dicomSeries, eq(dicomSeries.id, dicomInstances.seriesId))
      .where(and(
        eq(dicomInstances.clinicId, target.clinicId),
        eq(dicomInstances.sopInstanceUid, header.sopInstanceUid),
      ));
    if (existing) {
      this.summary.duplicates++;
      this.studyIds.add(existing.studyId);
      return;
    }
    if (!sameIdentifier(header.patientId, target.patientMrn)) {
      if (!target.confirmMismatch) throw patientMismatch(header, target.patientMrn);
      this.mismatchedPatientIds.add(header.patientId);
    }
    const studyId = await this.#study(header);
    if (!studyId) {
      this.summary.skipped.push({ name, reason: "its study is filed under another patient" });
      return;
    }
    this.studyIds.add(studyId);
    const seriesId = await this.#seriesOf(studyId, header);
    if (!seriesId) {
      this.summary.skipped.push({ name, reason: "its series belongs to another study" });
      return;
    }
    const file = await saveFile(db, this.storage, {
      clinicId: target.clinicId,
      body: bytes,
      contentType: DICOM_CONTENT_TYPE,
      originalName: name.split(/[/\\]/).pop() || null,
      createdBy: target.actorId,
    });
    this.#written.files.push({ id: file.id, objectKey: file.objectKey });
    const [instance] = await db.insert(dicomInstances).values({
      clinicId: target.clinicId,
      seriesId,
      sopInstanceUid: header.sopInstanceUid,
      instanceNumber: header.instanceNumber,
      fileId: file.id,
      rows: header.rows,
      columns: header.columns,
      frames: header.frames,
      pixelSpacing: header.pixelSpacing,
    }).onConflictDoNothing().returning({ id: dicomInstances.id });
    if (!instance) {
      // Another upload filed the same instance a moment ago.
      await this.#removeFiles([this.#written.files.pop()!]);
      this.summary.duplicates++;
      return;
    }
    this.#written.instances.push(instance.id);
    this.summary.imported++;
  }

  /** Like `add`, but a file that is not DICOM is listed as skipped instead of thrown. */
  async addEntry(name: string, bytes: Uint8Array): Promise<void> {
    try {
      await this.add(name, bytes);
    } catch (error) {
      if (!(error instanceof NotDicomError)) throw error;
      this.summary.skipped.push({ name, reason: error.message });
    }
  }

  /** Removes everything this import wrote: the upload was refused. */
  async undo(): Promise<void> {
    const { db } = this;
    const written = this.#written;
    if (written.instances.length) {
      await db.delete(dicomInstances).where(inArray(dicomInstances.id, written.instances));
    }
    await this.#removeFiles(written.files);
    if (written.series.length) {
      await db.delete(dicomSeries).where(inArray(dicomSeries.id, written.series));
    }
    if (written.studies.length) {
      await db.delete(dicomStudies).where(inArray(dicomStudies.id, written.studies));
    }
    this.summary.imported = 0;
    this.studyIds.clear();
  }

  async #removeFiles(files: { id: string; objectKey: string }[]): Promise<void> {
    if (!files.length) return;
    await this.db.delete(storedFiles).where(inArray(storedFiles.id, files.map((f) => f.id)));
    for (const file of files) await this.storage.delete(file.objectKey);
  }

  /** The study's id under this patient, created on first sight; null when another patient has it. */
  async #study(header: DicomHeader): Promise<string | null> {
    const cached = this.#studies.get(header.studyInstanceUid);
    if (cached !== undefined) return cached || null;
    const { db, target } = this;
    const [created] = await db.insert(dicomStudies).values({
      clinicId: target.clinicId,
      patientId: target.patientId,
      studyInstanceUid: header.studyInstanceUid,
      studyDate: header.studyDate,
      description: header.studyDescription,
      modality: header.modality,
      dicomPatientId: header.patientId.slice(0, 64) || null,
      dicomPatientName: header.patientName || null,
      createdBy: target.actorId,
    }).onConflictDoNothing().returning({ id: dicomStudies.id });
    let id: string | null = created?.id ?? null;
    if (created) {
      this.#written.studies.push(created.id);
    } else {
      const [row] = await db.select({ id: dicomStudies.id, patientId: dicomStudies.patientId })
        .from(dicomStudies).where(and(
          eq(dicomStudies.clinicId, target.clinicId),
          eq(dicomStudies.studyInstanceUid, header.studyInstanceUid),
        ));
      id = row && row.patientId === target.patientId ? row.id : null;
    }
    this.#studies.set(header.studyInstanceUid, id ?? "");
    return id;
  }

  async #seriesOf(studyId: string, header: DicomHeader): Promise<string | null> {
    const cached = this.#series.get(header.seriesInstanceUid);
    if (cached !== undefined) return cached || null;
    const { db, target } = this;
    const [created] = await db.insert(dicomSeries).values({
      clinicId: target.clinicId,
      studyId,
      seriesInstanceUid: header.seriesInstanceUid,
      modality: header.modality,
      description: header.seriesDescription,
      seriesNumber: header.seriesNumber,
    }).onConflictDoNothing().returning({ id: dicomSeries.id });
    let id: string | null = created?.id ?? null;
    if (created) {
      this.#written.series.push(created.id);
    } else {
      const [row] = await db.select({ id: dicomSeries.id, studyId: dicomSeries.studyId })
        .from(dicomSeries).where(and(
          eq(dicomSeries.clinicId, target.clinicId),
          eq(dicomSeries.seriesInstanceUid, header.seriesInstanceUid),
        ));
      id = row && row.studyId === studyId ? row.id : null;
    }
    this.#series.set(header.seriesInstanceUid, id ?? "");
    return id;
  }
}
