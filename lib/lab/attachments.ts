/**
 * Files on a lab case, from staff or from the lab's shared link. The body
 * streams to the ObjectStore under a size cap while its SHA-256 is counted;
 * only the first bytes are held, to check that the content is what the name
 * says (./attachment-kind.ts).
 *
 * Then the file reaches the patient's Radiology tab without anyone linking
 * it: an image or PDF becomes a capture of the patient, a DICOM file or ZIP
 * goes through the radiology DICOM import (each ZIP entry reported), and
 * the attachment row remembers which capture or studies it made, which is
 * how the Radiology tab tags them with the case. An STL/PLY scan stays a
 * file of the case and the patient. The same content attached twice to a
 * case (a retried upload) is the same attachment, and adds nothing anywhere.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { labCaseAttachments, patients, storedFiles, xrayCaptures } from "../db/schema.ts";
import { AppError, badRequest } from "../errors.ts";
import { publishEvent } from "../events/publish.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { saveFile, type StoredFile } from "../storage/files.ts";
import { captureEventData, peek } from "../captures/ingest.ts";
import { categoryFromFile, HEADER_BYTES } from "../captures/file-kind.ts";
import { importDicomUploadToStudies } from "../dicom/upload.ts";
import type { ZipLimits } from "../dicom/zip-stream.ts";
import type { ImportSummary } from "../dicom/import.ts";
import { lockCase } from "./cases.ts";
import { type CaseActor, recordCaseChange } from "./timeline.ts";
import { claimedKind, verifiedContentType } from "./attachment-kind.ts";

export type LabAttachment = typeof labCaseAttachments.$inferSelect;

export interface AttachmentUpload {
  body: ReadableStream<Uint8Array> | null;
  /** Decoded `X-File-Name`. */
  fileName: string | null;
  /** `Content-Length`, when sent: refused early when over the cap. */
  declaredSize: number | null;
  maxBytes: number;
}

export interface AttachResult {
  attachment: LabAttachment;
  duplicate: boolean;
  /** How a DICOM import went, entry by entry; null for other kinds. */
  importReport: ImportSummary | null;
}

const tooLarge = (maxBytes: number) =>
  new AppError(413, "PAYLOAD_TOO_LARGE", `An attachment may be at most ${maxBytes} bytes`, {
    maxBytes,
  });

/** Fails the stream once more than `maxBytes` have passed. */
function capped(maxBytes: number) {
  let size = 0;
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      size += chunk.byteLength;
      if (size > maxBytes) throw tooLarge(maxBytes);
      controller.enqueue(chunk);
    },
  });
}

/** `X-File-Name` carries percent-encoded UTF-8, since header values are ASCII. */
export function decodeFileName(header: string | undefined | null): string | null {
  if (!header) return null;
  let name: string;
  try {
    name = decodeURIComponent(header);
  } catch {
    throw badRequest("X-File-Name must be percent-encoded UTF-8");
  }
  // A name, not a path: the last segment, without control characters.
  name = [...name.split(/[/\\]/).pop()!]
    .filter((ch) => ch.charCodeAt(0) > 0x1f && ch.charCodeAt(0) !== 0x7f).join("").trim();
  return name ? name.slice(0, 255) : null;
}

async function removeFile(db: Db, storage: ObjectStore, file: { id: string; objectKey: string }) {
  await db.delete(storedFiles).where(eq(storedFiles.id, file.id));
  await storage.delete(file.objectKey);
}

async function existingAttachment(db: Db, caseId: string, sha256: string) {
  const [row] = await db.select().from(labCaseAttachments)
    .where(and(eq(labCaseAttachments.caseId, caseId), eq(labCaseAttachments.sha256, sha256)));
  return row ?? null;
}

export async function attachToCase(
  deps: { db: Db; storage: ObjectStore; dicomLimits: ZipLimits },
  input: { clinicId: string; caseId: string; actor: CaseActor; upload: AttachmentUpload },
): Promise<AttachResult> {
  const { db, storage } = deps;
  const { upload, clinicId } = input;
  const kase = await db.transaction((tx) => lockCase(tx, clinicId, input.caseId));
  try {
    if (!upload.fileName) throw badRequest("Send the file's name in the X-File-Name header");
    const { kind } = claimedKind(upload.fileName);
    if (upload.declaredSize !== null && upload.declaredSize > upload.maxBytes) {
      throw tooLarge(upload.maxBytes);
    }
    if (!upload.body) throw badRequest("The upload is empty");
    const { head, whole } = await peek(upload.body, HEADER_BYTES);
    if (!head.length) throw badRequest("The upload is empty");
    const contentType = verifiedContentType(upload.fileName, head);
    const file = await saveFile(db, storage, {
      clinicId,
      body: whole.pipeThrough(capped(upload.maxBytes)),
      contentType,
      originalName: upload.fileName,
      createdBy: input.actor.kind === "staff" ? input.actor.userId : null,
    });
    const known = await existingAttachment(db, kase.id, file.sha256);
    if (known) {
      await removeFile(db, storage, file);
      return { attachment: known, duplicate: true, importReport: null };
    }
    return await fileAttachment(deps, { kase, actor: input.actor, file, kind });
  } catch (error) {
    await upload.body?.cancel().catch(() => {});
    throw error;
  }
}

async function fileAttachment(
  deps: { db: Db; storage: ObjectStore; dicomLimits: ZipLimits },
  input: {
    kase: Awaited<ReturnType<typeof lockCase>>;
    actor: CaseActor;
    file: StoredFile;
    kind: LabAttachment["kind"];
  },
): Promise<AttachResult> {
  const { db, storage } = deps;
  const { kase, actor, file, kind } = input;
  const actorId = actor.kind === "staff" ? actor.userId : null;
  let studyIds: string[] = [];
  let importReport: ImportSummary | null = null;
  if (kind === "dicom" || kind === "dicom_zip") {
    const [patient] = await db.select({ mrn: patients.mrn }).from(patients)
      .where(eq(patients.id, kase.patientId));
    const content = await storage.get(file.objectKey);
    try {
      const filed = await importDicomUploadToStudies(
        { db, storage, limits: deps.dicomLimits },
        {
          clinicId: kase.clinicId,
          patientId: kase.patientId,
          patientMrn: patient.mrn,
          actorId,
          // The case names the patient; a lab's scanner rarely knows the clinic's MRN.
          confirmMismatch: true,
        },
        {
          kind: kind === "dicom" ? "dicom" : "zip",
          body: content?.body ?? null,
          fileName: file.originalName,
        },
      );
      studyIds = filed.studyIds;
      importReport = filed.summary;
    } catch (error) {
      await removeFile(db, storage, file);
      throw error;
    }
  }
  try {
    const attachment = await db.transaction(async (tx) => {
      const captureId = kind === "image" || kind === "pdf"
        ? await captureFor(tx, { kase, file, actorId })
        : null;
      const [row] = await tx.insert(labCaseAttachments).values({
        clinicId: kase.clinicId,
        caseId: kase.id,
        fileId: file.id,
        sha256: file.sha256,
        kind,
        captureId,
        studyIds,
        importReport: importReport ? { ...importReport } : null,
        source: actor.kind,
        uploadedBy: actorId,
        linkId: actor.kind === "lab" ? actor.linkId : null,
      }).onConflictDoNothing({ target: [labCaseAttachments.caseId, labCaseAttachments.sha256] })
        .returning();
      if (!row) return null;
      await recordCaseChange(tx, {
        kase,
        actor,
        kind: "attachment",
        note: `Attached ${file.originalName ?? "a file"}`,
      });
      return row;
    });
    if (attachment) return { attachment, duplicate: false, importReport };
  } catch (error) {
    await removeFile(db, storage, file).catch(() => {});
    throw error;
  }
  // A concurrent retry of the same content committed first.
  await removeFile(db, storage, file);
  const winner = await existingAttachment(db, kase.id, file.sha256);
  if (!winner) throw new Error("attachment conflict without a committed attachment");
  return { attachment: winner, duplicate: true, importReport: null };
}

/**
 * The patient's capture of this content: the one already filed (the same
 * photo sent on two cases), or a new one, announced like any new X-ray.
 */
async function captureFor(
  tx: Db,
  input: { kase: Awaited<ReturnType<typeof lockCase>>; file: StoredFile; actorId: string | null },
): Promise<string | null> {
  const { kase, file } = input;
  const [capture] = await tx.insert(xrayCaptures).values({
    clinicId: kase.clinicId,
    fileId: file.id,
    sha256: file.sha256,
    patientId: kase.patientId,
    appointmentId: kase.appointmentId,
    category: categoryFromFile({
      fileName: file.originalName ?? "",
      contentType: file.contentType,
      dicom: null,
    }),
    capturedAt: new Date(),
    matchMethod: "manual",
    assignedBy: input.actorId,
  }).onConflictDoNothing({ target: [xrayCaptures.clinicId, xrayCaptures.sha256] }).returning();
  if (capture) {
    const [patient] = await tx.select({ name: patients.fullName }).from(patients)
      .where(eq(patients.id, kase.patientId));
    await publishEvent(tx, {
      clinicId: kase.clinicId,
      type: "xray.captured",
      permission: "radiology.view",
      data: captureEventData(capture, patient?.name ?? null),
    });
    return capture.id;
  }
  const [existing] = await tx.select({ id: xrayCaptures.id, patientId: xrayCaptures.patientId })
    .from(xrayCaptures)
    .where(and(eq(xrayCaptures.clinicId, kase.clinicId), eq(xrayCaptures.sha256, file.sha256)));
  // Filed under someone else (or waiting in the inbox): the case keeps its file, radiology is untouched.
  return existing && existing.patientId === kase.patientId ? existing.id : null;
}
