/**
 * `POST /api/v1/patients/:id/dicom`: one DICOM file or a ZIP of them, told
 * apart by content type, filed under the patient as it streams in.
 */
import { AppError } from "../errors.ts";
import type { Db } from "../db/client.ts";
import { recordActivity } from "../activity-log.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { NotDicomError } from "./header.ts";
import { DicomImport, type ImportSummary, type ImportTarget } from "./import.ts";
import { forEachZipEntry, formatBytes, type ZipLimits } from "./zip-stream.ts";

export type UploadKind = "dicom" | "zip";

/**
 * `application/dicom` is one file; `application/zip` (and the
 * `application/x-zip-compressed` Windows browsers send for .zip) an archive.
 */
export function uploadKind(contentType: string | undefined): UploadKind | null {
  const type = contentType?.split(";")[0].trim().toLowerCase();
  if (type === "application/dicom") return "dicom";
  if (type === "application/zip" || type === "application/x-zip-compressed") return "zip";
  return null;
}

/** Reads a whole (single-file) body, refusing it as soon as it passes `max` bytes. */
async function readAtMost(body: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) {
      throw new AppError(413, "FILE_TOO_LARGE", `The file is larger than ${formatBytes(max)}`);
    }
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

export interface DicomUpload {
  kind: UploadKind;
  body: ReadableStream<Uint8Array> | null;
  /** The uploaded file's name, for the summary and the stored file. */
  fileName?: string | null;
}

export async function importDicomUpload(
  deps: { db: Db; storage: ObjectStore; limits: ZipLimits },
  target: ImportTarget,
  upload: DicomUpload,
): Promise<ImportSummary> {
  return (await importDicomUploadToStudies(deps, target, upload)).summary;
}

/** The same import, also naming the studies it filed into (a lab case attachment tags them). */
export async function importDicomUploadToStudies(
  deps: { db: Db; storage: ObjectStore; limits: ZipLimits },
  target: ImportTarget,
  upload: DicomUpload,
): Promise<{ summary: ImportSummary; studyIds: string[] }> {
  if (!upload.body) throw new AppError(400, "EMPTY_UPLOAD", "The upload is empty");
  const run = new DicomImport(deps.db, deps.storage, target);
  try {
    if (upload.kind === "dicom") {
      const bytes = await readAtMost(upload.body, deps.limits.maxEntryBytes);
      try {
        await run.add(upload.fileName || "upload.dcm", bytes);
      } catch (error) {
        if (error instanceof NotDicomError) {
          throw new AppError(400, "NOT_DICOM", `The file cannot be imported: ${error.message}`);
        }
        throw error;
      }
    } else {
      await forEachZipEntry(upload.body, deps.limits, async (entry) => {
        if (entry.skipped !== undefined) {
          run.summary.skipped.push({ name: entry.name, reason: entry.skipped });
        } else await run.addEntry(entry.name, entry.bytes);
      });
    }
  } catch (error) {
    await run.undo();
    throw error;
  }
  if (run.summary.imported > 0) {
    await recordActivity(deps.db, {
      clinicId: target.clinicId,
      actorId: target.actorId,
      action: "radiology.dicom_imported",
      entityType: "patient",
      entityId: target.patientId,
      details: {
        imported: run.summary.imported,
        duplicates: run.summary.duplicates,
        skipped: run.summary.skipped.length,
        // Filing a study that names someone else was a person's decision; keep it explainable.
        ...(run.mismatchedPatientIds.size
          ? { confirmedMismatch: [...run.mismatchedPatientIds] }
          : {}),
      },
    });
  }
  return { summary: run.summary, studyIds: [...run.studyIds] };
}
