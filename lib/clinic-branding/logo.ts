/**
 * The clinic's logo: uploaded in Settings (PNG, JPEG or SVG, size-limited),
 * kept in the ObjectStore like every file, and shown in the shell, in emails
 * and, when it is PNG or JPEG (what pdf-lib can embed), on printed PDFs.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinics, storedFiles } from "../db/schema.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { saveFile, type StoredFile } from "../storage/files.ts";
import { AppError, badRequest } from "../errors.ts";
import { recordActivity } from "../activity-log.ts";
import { publishAccessChange } from "../events/publish.ts";
import { isUuid } from "../ids.ts";
import type { PdfLogo } from "../pdf/clinic-logo.ts";

export type LogoType = "image/png" | "image/jpeg" | "image/svg+xml";

const startsWith = (bytes: Uint8Array, prefix: number[]) =>
  prefix.every((byte, i) => bytes[i] === byte);

/**
 * The logo's type, read from its bytes rather than trusted from the upload.
 * An SVG that could run script or load anything is refused: the logo is also
 * opened directly by mail clients and browsers.
 */
export function logoTypeOf(bytes: Uint8Array): LogoType {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, 200_000));
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(text)) {
    if (/<script|<foreignObject|\son[a-z]+\s*=|javascript:|<iframe|<embed|<object/i.test(text)) {
      throw badRequest(
        "This SVG contains scripts or embedded content; export a plain SVG or a PNG",
      );
    }
    return "image/svg+xml";
  }
  throw new AppError(415, "UNSUPPORTED_TYPE", "Upload the logo as a PNG, JPEG or SVG image");
}

export async function setClinicLogo(
  deps: { db: Db; storage: ObjectStore },
  input: { clinicId: string; actorId: string; bytes: Uint8Array; name?: string; maxBytes: number },
): Promise<StoredFile> {
  if (input.bytes.length === 0) throw badRequest("Choose an image file to upload");
  if (input.bytes.length > input.maxBytes) {
    throw new AppError(
      413,
      "TOO_LARGE",
      `The logo is too large; keep it under ${Math.floor(input.maxBytes / 1024)} KB`,
    );
  }
  const contentType = logoTypeOf(input.bytes);
  const file = await saveFile(deps.db, deps.storage, {
    clinicId: input.clinicId,
    body: input.bytes,
    contentType,
    originalName: input.name ?? null,
    createdBy: input.actorId,
  });
  await deps.db.transaction(async (tx) => {
    await tx.update(clinics).set({ logoFileId: file.id, updatedAt: new Date() })
      .where(eq(clinics.id, input.clinicId));
    await recordActivity(tx, {
      clinicId: input.clinicId,
      actorId: input.actorId,
      action: "settings.logo_changed",
      entityType: "clinic",
      entityId: input.clinicId,
      details: { fileId: file.id, contentType, sizeBytes: file.sizeBytes },
    });
    // The shell of every member shows the logo from the cached clinic state.
    await publishAccessChange(tx, { clinicId: input.clinicId });
  });
  return file;
}

export async function removeClinicLogo(
  db: Db,
  input: { clinicId: string; actorId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(clinics).set({ logoFileId: null, updatedAt: new Date() })
      .where(eq(clinics.id, input.clinicId));
    await recordActivity(tx, {
      clinicId: input.clinicId,
      actorId: input.actorId,
      action: "settings.logo_removed",
      entityType: "clinic",
      entityId: input.clinicId,
      details: {},
    });
    await publishAccessChange(tx, { clinicId: input.clinicId });
  });
}

/** A clinic's current logo by its file id; a replaced logo, or any other file, is not served. */
export async function currentLogoFile(db: Db, fileId: string): Promise<StoredFile | null> {
  if (!isUuid(fileId)) return null;
  const [row] = await db.select({ file: storedFiles }).from(storedFiles)
    .innerJoin(
      clinics,
      and(eq(clinics.logoFileId, storedFiles.id), eq(clinics.id, storedFiles.clinicId)),
    )
    .where(eq(storedFiles.id, fileId));
  return row?.file ?? null;
}

async function readAll(storage: ObjectStore, key: string): Promise<Uint8Array | null> {
  const object = await storage.get(key);
  return object ? new Uint8Array(await new Response(object.body).arrayBuffer()) : null;
}

/** The clinic's logo for a PDF: PNG or JPEG only (pdf-lib embeds no SVG); null otherwise. */
export async function logoForPdf(
  deps: { db: Db; storage: ObjectStore },
  clinicId: string,
): Promise<PdfLogo | null> {
  const [row] = await deps.db.select({
    objectKey: storedFiles.objectKey,
    type: storedFiles.contentType,
  })
    .from(clinics).innerJoin(storedFiles, eq(storedFiles.id, clinics.logoFileId))
    .where(eq(clinics.id, clinicId));
  if (!row || (row.type !== "image/png" && row.type !== "image/jpeg")) return null;
  const bytes = await readAll(deps.storage, row.objectKey);
  return bytes && { bytes, type: row.type === "image/png" ? "png" : "jpeg" };
}

/** The logo's bytes for serving. */
export async function logoBytes(
  storage: ObjectStore,
  file: StoredFile,
): Promise<Uint8Array | null> {
  return await readAll(storage, file.objectKey);
}
