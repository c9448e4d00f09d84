/**
 * Downloading a case's file: staff through the API, the lab through its
 * shared link. Always as an attachment with the type it was stored under, so
 * uploaded bytes never run as a page of this origin.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { labCaseAttachments, storedFiles } from "../db/schema.ts";
import { notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import type { ObjectStore } from "../storage/object-store.ts";

/** `attachment; filename=…` with an ASCII fallback and the exact name in RFC 5987 form. */
export function contentDisposition(name: string, inline = false): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `${inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${
    encodeURIComponent(name)
  }`;
}

/** Images may show inline (the shared page's thumbnails); everything else downloads. */
const INLINE = /^image\/(png|jpeg|gif|webp)$/;

export async function attachmentResponse(
  db: Db,
  storage: ObjectStore,
  input: { clinicId: string; caseId: string; attachmentId: string; download: boolean },
): Promise<Response> {
  if (!isUuid(input.attachmentId) || !isUuid(input.caseId)) throw notFound("File not found");
  const [row] = await db.select({
    objectKey: storedFiles.objectKey,
    contentType: storedFiles.contentType,
    name: storedFiles.originalName,
    sha256: storedFiles.sha256,
  }).from(labCaseAttachments)
    .innerJoin(storedFiles, eq(storedFiles.id, labCaseAttachments.fileId))
    .where(and(
      eq(labCaseAttachments.clinicId, input.clinicId),
      eq(labCaseAttachments.caseId, input.caseId),
      eq(labCaseAttachments.id, input.attachmentId),
    ));
  if (!row) throw notFound("File not found");
  const content = await storage.get(row.objectKey);
  if (!content) throw notFound("File not found");
  const inline = !input.download && INLINE.test(row.contentType);
  return new Response(content.body, {
    headers: {
      "Content-Type": row.contentType,
      "Content-Length": String(content.size),
      "Content-Disposition": contentDisposition(row.name ?? "file", inline),
      "ETag": `"${row.sha256}"`,
      "Cache-Control": "private, max-age=3600",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
