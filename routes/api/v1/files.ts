/**
 * Stored files streamed straight from the ObjectStore, never buffered whole:
 * the content with byte ranges (a viewer seeks in large DICOM files), ETag
 * and caching headers, and a thumbnail made on first request.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import type { AppEnv, ClinicScope } from "../../../lib/http/app-env.ts";
import { accessOf, requirePermission } from "../../../lib/permissions/route-policy.ts";
import { forbidden, notFound } from "../../../lib/errors.ts";
import { findClinicFile, type StoredFile } from "../../../lib/storage/files.ts";
import { etagMatches, parseRange } from "../../../lib/radiology/byte-range.ts";
import { ensureThumbnail } from "../../../lib/radiology/thumbnail.ts";
import { isUuid } from "../../../lib/ids.ts";

/**
 * A file's content never changes under its id, so a browser may keep it; `private`
 * keeps shared caches out of patient images.
 */
const CACHE_CONTROL = "private, max-age=86400";

/**
 * Types shown inline. Anything else an uploader labelled (HTML, SVG …) is sent as
 * an attachment, so uploaded bytes never run as a page of this origin.
 */
const INLINE_TYPE = /^(image\/(png|jpeg|bmp|tiff|gif|webp)|application\/(dicom|octet-stream))$/i;

async function clinicFile(c: Context<AppEnv & ClinicScope>): Promise<StoredFile> {
  const id = c.req.param("id") ?? "";
  const file = isUuid(id) ? await findClinicFile(c.var.deps.db, c.var.clinicId, id) : null;
  if (!file) throw notFound("File not found");
  return file;
}

/** `attachment; filename=…` with an ASCII fallback and the exact name in RFC 5987 form. */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export const filesApi = new Hono<AppEnv>()
  .get("/:id/content", requirePermission("radiology.view"), async (c) => {
    const download = c.req.query("download") === "1";
    if (download && !(await accessOf(c))?.permissions.has("radiology.download")) {
      throw forbidden("FORBIDDEN", 'You do not have permission "radiology.download"', {
        permission: "radiology.download",
      });
    }
    const file = await clinicFile(c);
    const etag = `"${file.sha256}"`;
    const headers = new Headers({
      "ETag": etag,
      "Cache-Control": CACHE_CONTROL,
      "Accept-Ranges": "bytes",
      "Content-Type": file.contentType,
      "X-Content-Type-Options": "nosniff",
    });
    if (download || !INLINE_TYPE.test(file.contentType)) {
      headers.set("Content-Disposition", attachment(file.originalName ?? file.id));
    }
    if (etagMatches(c.req.header("if-none-match"), etag)) {
      headers.delete("Content-Type");
      return new Response(null, { status: 304, headers });
    }
    const ifRange = c.req.header("if-range");
    const range = ifRange && ifRange !== etag
      ? { kind: "none" as const }
      : parseRange(c.req.header("range"), file.sizeBytes);
    if (range.kind === "unsatisfiable") {
      headers.set("Content-Range", `bytes */${file.sizeBytes}`);
      headers.delete("Content-Type");
      return new Response(null, { status: 416, headers });
    }
    const content = await c.var.deps.storage.get(
      file.objectKey,
      range.kind === "range" ? range.range : undefined,
    );
    if (!content) throw notFound("File not found");
    if (range.kind === "range") {
      const { start, end } = range.range;
      headers.set("Content-Range", `bytes ${start}-${end}/${file.sizeBytes}`);
      headers.set("Content-Length", String(end - start + 1));
      return new Response(content.body, { status: 206, headers });
    }
    headers.set("Content-Length", String(content.size));
    return new Response(content.body, { status: 200, headers });
  })
  .get("/:id/thumbnail", requirePermission("radiology.view"), async (c) => {
    const file = await clinicFile(c);
    const { db, storage } = c.var.deps;
    const key = await ensureThumbnail(db, storage, file);
    const content = key ? await storage.get(key) : null;
    if (!content) throw notFound("This file has no thumbnail");
    const headers = new Headers({
      "ETag": content.etag,
      "Cache-Control": CACHE_CONTROL,
      "Content-Type": "image/png",
      "X-Content-Type-Options": "nosniff",
    });
    if (etagMatches(c.req.header("if-none-match"), content.etag)) {
      await content.body.cancel();
      return new Response(null, { status: 304, headers });
    }
    headers.set("Content-Length", String(content.size));
    return new Response(content.body, { status: 200, headers });
  });
