/**
 * Images for PDF tests: small PNGs made on the spot, the image XObjects a PDF draws, and an
 * ObjectStore that counts its reads (to see what a cache spares the store).
 */
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from "pdf-lib";
import { encodePng } from "../../lib/platform-billing/png.ts";
import type {
  ByteRange,
  ObjectContent,
  ObjectStore,
  StoredObject,
} from "../../lib/storage/object-store.ts";

/** An ObjectStore that counts the reads it passes on. */
export class CountingStore implements ObjectStore {
  reads = 0;
  constructor(private readonly inner: ObjectStore) {}
  put(key: string, body: Uint8Array, options: { contentType: string }): Promise<StoredObject> {
    return this.inner.put(key, body, options);
  }
  get(key: string, range?: ByteRange): Promise<ObjectContent | null> {
    this.reads++;
    return this.inner.get(key, range);
  }
  head(key: string) {
    return this.inner.head(key);
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
}

/** A solid `w × h` PNG of one colour. */
export function solidPng(w: number, h: number, [r, g, b]: number[]): Uint8Array<ArrayBuffer> {
  const pixels = new Uint8Array(w * h * 4);
  for (let i = 0; i < pixels.length; i += 4) pixels.set([r, g, b, 255], i);
  return encodePng(w, h, pixels);
}

/** The sizes of the images a PDF's pages draw (their image XObjects, without soft masks). */
export async function imageSizes(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  const images = new Map<string, PDFDict>();
  const masks = new Set<string>();
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFRawStream
      ? object.dict
      : object instanceof PDFDict
      ? object
      : null;
    if (dict?.get(PDFName.of("Subtype")) !== PDFName.of("Image")) continue;
    images.set(ref.toString(), dict);
    // A PNG's alpha channel is a second image, the first one's soft mask: not drawn by itself.
    const mask = dict.get(PDFName.of("SMask"));
    if (mask instanceof PDFRef) masks.add(mask.toString());
  }
  return [...images].filter(([ref]) => !masks.has(ref))
    .map(([, dict]) => `${dict.get(PDFName.of("Width"))}x${dict.get(PDFName.of("Height"))}`);
}
