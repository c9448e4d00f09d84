/**
 * Thumbnails of stored images, made on first request and kept in the
 * ObjectStore (`stored_files.thumbnail_key`): uploads from the chairside
 * bridge stay fast because they make no derivatives, and each is made once.
 *
 * The format is told by the bytes, not the stored content type, because
 * sensor software names and labels files carelessly.
 */
import { and, eq } from "drizzle-orm";
import jpeg from "jpeg-js";
import UTIF from "utif";
import type { Db } from "../db/client.ts";
import { storedFiles } from "../db/schema.ts";
import { dicomMiddleFrame, type Raster } from "../dicom/pixels.ts";
import { hasPart10Preamble } from "../dicom/header.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import type { StoredFile } from "../storage/files.ts";
import { decodePng, encodePng, isPng } from "./png.ts";

export const THUMBNAIL_SIZE = 256;
/** Larger sources are not decoded for a thumbnail: the memory would cost more than the preview. */
const MAX_SOURCE_BYTES = 256 * 1024 * 1024;

function fromRgba(width: number, height: number, rgba: Uint8Array): Raster {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < width * height; i++, j += 4) {
    data[i * 3] = rgba[j];
    data[i * 3 + 1] = rgba[j + 1];
    data[i * 3 + 2] = rgba[j + 2];
  }
  return { width, height, channels: 3, data };
}

function decodeBmp(bytes: Uint8Array): Raster | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 54) return null;
  const dataOffset = view.getUint32(10, true);
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const bits = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  const height = Math.abs(rawHeight);
  if (width <= 0 || height === 0 || (compression !== 0 && compression !== 3)) return null;
  if (![8, 24, 32].includes(bits) || width * height > 100_000_000) return null;
  const stride = Math.ceil((width * bits) / 32) * 4;
  if (dataOffset + stride * height > bytes.length) return null;
  const headerSize = view.getUint32(14, true);
  const paletteAt = 14 + headerSize;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    // Rows are stored bottom-up unless the height is negative.
    const row = dataOffset + (rawHeight > 0 ? height - 1 - y : y) * stride;
    for (let x = 0; x < width; x++) {
      const out = (y * width + x) * 3;
      let at = row + x * (bits / 8);
      if (bits === 8) at = paletteAt + bytes[row + x] * 4;
      data[out] = bytes[at + 2];
      data[out + 1] = bytes[at + 1];
      data[out + 2] = bytes[at];
    }
  }
  return { width, height, channels: 3, data };
}

function decodeTiff(bytes: Uint8Array): Raster | null {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const [ifd] = UTIF.decode(buffer);
  if (!ifd) return null;
  UTIF.decodeImage(buffer, ifd);
  const width = ifd.width as number;
  const height = ifd.height as number;
  if (!width || !height) return null;
  return fromRgba(width, height, UTIF.toRGBA8(ifd));
}

/** Decodes an X-ray capture or DICOM instance to pixels, or null when this server cannot. */
export function decodeImage(bytes: Uint8Array): Raster | null {
  try {
    if (hasPart10Preamble(bytes)) return dicomMiddleFrame(bytes);
    if (isPng(bytes)) return decodePng(bytes);
    if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
      const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
      return fromRgba(image.width, image.height, image.data);
    }
    if (bytes[0] === 0x42 && bytes[1] === 0x4d) return decodeBmp(bytes);
    const tiff = (bytes[0] === 0x49 && bytes[1] === 0x49 && bytes[2] === 42 && bytes[3] === 0) ||
      (bytes[0] === 0x4d && bytes[1] === 0x4d && bytes[2] === 0 && bytes[3] === 42);
    if (tiff) return decodeTiff(bytes);
  } catch {
    // A damaged image has no thumbnail; the tab shows a placeholder.
  }
  return null;
}

/** Shrinks so the longer side is at most `size`, averaging the source pixels under each target pixel. */
export function downscale(raster: Raster, size = THUMBNAIL_SIZE): Raster {
  const { width, height, channels, data } = raster;
  const factor = Math.max(width, height) / size;
  if (factor <= 1) return raster;
  const w = Math.max(1, Math.round(width / factor));
  const h = Math.max(1, Math.round(height / factor));
  const out = new Uint8Array(w * h * channels);
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor((y * height) / h);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * height) / h));
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor((x * width) / w);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * width) / w));
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let sy = y0; sy < y1; sy++) {
          for (let sx = x0; sx < x1; sx++) sum += data[(sy * width + sx) * channels + c];
        }
        out[(y * w + x) * channels + c] = Math.round(sum / ((y1 - y0) * (x1 - x0)));
      }
    }
  }
  return { width: w, height: h, channels, data: out };
}

/** A PNG thumbnail of the image in `bytes`, or null when it cannot be decoded. */
export function renderThumbnail(bytes: Uint8Array): Uint8Array | null {
  const raster = decodeImage(bytes);
  return raster ? encodePng(downscale(raster)) : null;
}

/**
 * The ObjectStore key of the file's thumbnail, made now if it was never made;
 * null when the file cannot be thumbnailed.
 */
export async function ensureThumbnail(
  db: Db,
  storage: ObjectStore,
  file: StoredFile,
): Promise<string | null> {
  if (file.thumbnailKey && await storage.head(file.thumbnailKey)) return file.thumbnailKey;
  if (file.sizeBytes > MAX_SOURCE_BYTES) return null;
  const source = await storage.get(file.objectKey);
  if (!source) return null;
  const bytes = new Uint8Array(await new Response(source.body).arrayBuffer());
  const png = renderThumbnail(bytes);
  if (!png) return null;
  const key = `${file.clinicId}/thumbnails/${file.id}.png`;
  await storage.put(key, png, { contentType: "image/png" });
  await db.update(storedFiles).set({ thumbnailKey: key })
    .where(and(eq(storedFiles.clinicId, file.clinicId), eq(storedFiles.id, file.id)));
  return key;
}
