/**
 * Capture ingest (`POST /api/v1/bridge/captures`): stores the file, finds the
 * patient and records the capture, then tells the clinic's staff.
 *
 * The body streams to the ObjectStore while its SHA-256 and size are counted;
 * only the first `HEADER_BYTES` are held, to sniff the type and read the DICOM
 * header. A body that overruns the size cap or does not hash to the declared
 * SHA-256 errors the stream, so the store discards its partial object and no
 * row is written. The bridge retries until it hears back, so the same content
 * answers with the same capture, even when two retries race: the unique
 * (clinic_id, sha256) decides, and the loser removes its copy of the file.
 * A header naming a hash already stored is not taken on trust: the body is
 * hashed (and not stored) before it is answered as that capture, so different
 * bytes claiming an existing hash are refused rather than silently dropped.
 */
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { type CaptureCategory, storedFiles, xrayCaptures } from "../db/schema.ts";
import { AppError } from "../errors.ts";
import { publishEvent } from "../events/publish.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { saveFile } from "../storage/files.ts";
import type { AuthenticatedDevice } from "../bridge/devices.ts";
import { categoryFromFile, HEADER_BYTES, readDicomHeader, sniffContentType } from "./file-kind.ts";
import { matchPatient, type PatientMatch } from "./patient-match.ts";

export type XrayCapture = typeof xrayCaptures.$inferSelect;

export interface CaptureUpload {
  body: ReadableStream<Uint8Array> | null;
  /** `Content-Length`, when the client sent one: refused early if over the cap. */
  declaredSize: number | null;
  fileName: string;
  capturedAt: Date;
  /** Lower-case hex SHA-256 the bridge computed. */
  sha256: string;
  maxBytes: number;
}

export interface IngestResult {
  capture: XrayCapture;
  duplicate: boolean;
}

export const tooLarge = (maxBytes: number) =>
  new AppError(413, "PAYLOAD_TOO_LARGE", `A capture may be at most ${maxBytes} bytes`, {
    maxBytes,
  });

const shaMismatch = () =>
  new AppError(
    400,
    "SHA256_MISMATCH",
    "The file's SHA-256 does not match X-Content-SHA256; nothing was stored",
  );

async function existingCapture(db: Db, clinicId: string, sha256: string) {
  const [row] = await db.select().from(xrayCaptures)
    .where(and(eq(xrayCaptures.clinicId, clinicId), eq(xrayCaptures.sha256, sha256)));
  return row ?? null;
}

/** Reads chunks until `limit` bytes (or the end); returns them and a stream of the whole body. */
export async function peek(body: ReadableStream<Uint8Array>, limit: number) {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < limit) {
    const next = await reader.read();
    if (next.done) {
      done = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.byteLength;
  }
  const head = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    head.set(chunk, offset);
    offset += chunk.byteLength;
  }
  const whole = new ReadableStream<Uint8Array>({
    start(controller) {
      if (length) controller.enqueue(head);
      if (done) controller.close();
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { head: head.subarray(0, Math.min(length, limit)), whole };
}

/** Passes bytes through, failing the stream past `maxBytes` or when the hash is not `sha256`. */
function verifying(sha256: string, maxBytes: number) {
  const hash = createHash("sha256");
  let size = 0;
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      size += chunk.byteLength;
      if (size > maxBytes) throw tooLarge(maxBytes);
      hash.update(chunk);
      controller.enqueue(chunk);
    },
    flush() {
      if (hash.digest("hex") !== sha256) throw shaMismatch();
    },
  });
}

/** Drains `body` through the same checks as a stored upload, keeping none of it. */
async function verifyWithoutStoring(
  body: ReadableStream<Uint8Array> | null,
  sha256: string,
  maxBytes: number,
): Promise<void> {
  const checked = (body ?? ReadableStream.from([])).pipeThrough(verifying(sha256, maxBytes));
  for await (const _chunk of checked) {
    // Only the hash and the size are wanted.
  }
}

async function removeFile(db: Db, storage: ObjectStore, file: { id: string; objectKey: string }) {
  await db.delete(storedFiles).where(eq(storedFiles.id, file.id));
  await storage.delete(file.objectKey);
}

async function findPatient(
  db: Db,
  device: AuthenticatedDevice,
  upload: CaptureUpload,
  dicomPatientId: string | null,
): Promise<PatientMatch | null> {
  try {
    return await matchPatient(db, {
      clinicId: device.clinic.id,
      capturedAt: upload.capturedAt,
      fileName: upload.fileName,
      dicomPatientId,
      operatoryId: device.device.operatoryId,
      filenamePattern: device.device.filenamePattern,
    });
  } catch (error) {
    // A capture is never dropped: if matching fails, staff assign it from the inbox.
    console.error("capture matching failed; the capture goes to the inbox", error);
    return null;
  }
}

export async function ingestCapture(
  db: Db,
  storage: ObjectStore,
  source: AuthenticatedDevice,
  upload: CaptureUpload,
): Promise<IngestResult> {
  const clinicId = source.clinic.id;
  if (upload.declaredSize !== null && upload.declaredSize > upload.maxBytes) {
    await upload.body?.cancel();
    throw tooLarge(upload.maxBytes);
  }
  const known = await existingCapture(db, clinicId, upload.sha256);
  if (known) {
    await verifyWithoutStoring(upload.body, upload.sha256, upload.maxBytes);
    return { capture: known, duplicate: true };
  }

  const { head, whole } = await peek(upload.body ?? ReadableStream.from([]), HEADER_BYTES);
  const contentType = sniffContentType(head, upload.fileName);
  const dicom = contentType === "application/dicom" ? readDicomHeader(head) : null;
  const file = await saveFile(db, storage, {
    clinicId,
    body: whole.pipeThrough(verifying(upload.sha256, upload.maxBytes)),
    contentType,
    originalName: upload.fileName,
  });

  const match = await findPatient(db, source, upload, dicom?.patientId ?? null);
  const category: CaptureCategory = source.device.category ??
    categoryFromFile({ fileName: upload.fileName, contentType, dicom });
  let inserted: XrayCapture | undefined;
  try {
    inserted = await db.transaction(async (tx) => {
      const [capture] = await tx.insert(xrayCaptures).values({
        clinicId,
        fileId: file.id,
        sha256: upload.sha256,
        patientId: match?.patientId ?? null,
        deviceId: source.device.id,
        operatoryId: source.device.operatoryId,
        appointmentId: match?.appointmentId ?? null,
        category,
        capturedAt: upload.capturedAt,
        matchMethod: match?.method ?? null,
      }).onConflictDoNothing({ target: [xrayCaptures.clinicId, xrayCaptures.sha256] }).returning();
      if (!capture) return undefined;
      await publishEvent(tx, {
        clinicId,
        type: "xray.captured",
        permission: "radiology.view",
        data: captureEventData(capture, match?.patientName ?? null),
      });
      return capture;
    });
  } catch (error) {
    await removeFile(db, storage, file).catch(() => {});
    throw error;
  }
  if (inserted) return { capture: inserted, duplicate: false };

  // A concurrent retry of the same content committed first.
  await removeFile(db, storage, file);
  const winner = await existingCapture(db, clinicId, upload.sha256);
  if (!winner) throw new Error("capture conflict without a committed capture");
  return { capture: winner, duplicate: true };
}

/** The `xray.captured` / `xray.assigned` payload (contracts: Events). */
export function captureEventData(capture: XrayCapture, patientName: string | null) {
  return {
    captureId: capture.id,
    fileId: capture.fileId,
    patientId: capture.patientId,
    patientName: capture.patientId ? patientName : null,
    appointmentId: capture.appointmentId,
    category: capture.category,
    capturedAt: capture.capturedAt.toISOString(),
    operatoryId: capture.operatoryId,
  };
}
