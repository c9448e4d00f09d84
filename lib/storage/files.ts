/**
 * Stored files: bytes in the ObjectStore, one `stored_files` row each.
 *
 * The object is written before the row, so a crash in between leaves an
 * orphan object (harmless, invisible) rather than a row pointing at nothing.
 */
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { storedFiles } from "../db/schema.ts";
import type { ObjectStore } from "./object-store.ts";
export { sha256Hex } from "../bytes.ts";

export type StoredFile = typeof storedFiles.$inferSelect;

export interface NewFile {
  clinicId: string;
  body: Uint8Array | ReadableStream<Uint8Array>;
  contentType: string;
  originalName?: string | null;
  createdBy?: string | null;
}

/**
 * Writes the bytes to the store and records them; the SHA-256 is computed
 * while streaming, so a large upload is never held in memory for it.
 */
export async function saveFile(db: Db, storage: ObjectStore, file: NewFile): Promise<StoredFile> {
  const id = crypto.randomUUID();
  const objectKey = `${file.clinicId}/files/${id}`;
  const hash = createHash("sha256");
  const source = file.body instanceof Uint8Array ? ReadableStream.from([file.body]) : file.body;
  const hashed = source.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        hash.update(chunk);
        controller.enqueue(chunk);
      },
    }),
  );
  const stored = await storage.put(objectKey, hashed, { contentType: file.contentType });
  const [row] = await db.insert(storedFiles).values({
    id,
    clinicId: file.clinicId,
    objectKey,
    contentType: file.contentType,
    sizeBytes: stored.size,
    sha256: hash.digest("hex"),
    originalName: file.originalName?.slice(0, 255) || null,
    createdBy: file.createdBy ?? null,
  }).returning();
  return row;
}

/** The clinic's file, or null: another clinic's id reads as missing. */
export async function findClinicFile(
  db: Db,
  clinicId: string,
  fileId: string,
): Promise<StoredFile | null> {
  const [row] = await db.select().from(storedFiles)
    .where(and(eq(storedFiles.clinicId, clinicId), eq(storedFiles.id, fileId)));
  return row ?? null;
}
