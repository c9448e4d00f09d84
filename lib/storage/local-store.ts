/**
 * ObjectStore on the local disk (`.data/storage` by default). Each object is a
 * file plus a small `.meta.json` beside it holding its content type and ETag.
 * Writes go to a temporary file that is renamed into place, so a reader sees
 * the old object or the new one, never half of one.
 */
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import {
  assertObjectKey,
  type ByteRange,
  type ObjectContent,
  type ObjectStore,
  type StoredObject,
} from "./object-store.ts";

interface Meta {
  contentType: string;
  etag: string;
}

export class LocalObjectStore implements ObjectStore {
  constructor(readonly root: string) {}

  #path(key: string): string {
    assertObjectKey(key);
    return join(this.root, key);
  }

  async put(
    key: string,
    body: Uint8Array | ReadableStream<Uint8Array>,
    options: { contentType: string },
  ): Promise<StoredObject> {
    const path = this.#path(key);
    await Deno.mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${crypto.randomUUID()}.part`;
    const hash = createHash("sha256");
    let size = 0;
    const file = await Deno.open(temp, { write: true, createNew: true });
    try {
      const stream = body instanceof Uint8Array ? ReadableStream.from([body]) : body;
      for await (const chunk of stream) {
        hash.update(chunk);
        size += chunk.byteLength;
        let written = 0;
        while (written < chunk.byteLength) written += await file.write(chunk.subarray(written));
      }
    } catch (error) {
      file.close();
      await Deno.remove(temp).catch(() => {});
      throw error;
    }
    file.close();
    const meta: Meta = { contentType: options.contentType, etag: `"${hash.digest("hex")}"` };
    await Deno.writeTextFile(`${path}.meta.json`, JSON.stringify(meta));
    await Deno.rename(temp, path);
    return { size, ...meta };
  }

  async head(key: string): Promise<StoredObject | null> {
    const path = this.#path(key);
    try {
      const [stat, meta] = await Promise.all([
        Deno.stat(path),
        Deno.readTextFile(`${path}.meta.json`).then((text) => JSON.parse(text) as Meta),
      ]);
      return { size: stat.size, ...meta };
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return null;
      throw error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<ObjectContent | null> {
    const stored = await this.head(key);
    if (!stored) return null;
    const file = await Deno.open(this.#path(key), { read: true });
    if (!range) return { ...stored, body: file.readable, range: null };
    if (range.start < 0 || range.end < range.start || range.end >= stored.size) {
      file.close();
      throw new RangeError(`range ${range.start}-${range.end} outside 0-${stored.size - 1}`);
    }
    await file.seek(range.start, Deno.SeekMode.Start);
    let remaining = range.end - range.start + 1;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const buffer = new Uint8Array(Math.min(remaining, 64 * 1024));
        const read = await file.read(buffer);
        if (read === null || read === 0) {
          file.close();
          controller.close();
          return;
        }
        remaining -= read;
        controller.enqueue(buffer.subarray(0, read));
        if (remaining === 0) {
          file.close();
          controller.close();
        }
      },
      cancel() {
        file.close();
      },
    });
    return { ...stored, body, range };
  }

  async delete(key: string): Promise<void> {
    const path = this.#path(key);
    for (const target of [path, `${path}.meta.json`]) {
      await Deno.remove(target).catch((error) => {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      });
    }
  }
}
