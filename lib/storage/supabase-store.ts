/**
 * ObjectStore on Supabase Storage, over its REST API with `fetch`.
 *
 * supabase-js uploads streams but downloads whole Blobs and has no byte
 * ranges, which the file streaming endpoint needs; the REST API does both:
 * `POST /storage/v1/object/<bucket>/<key>` (with `x-upsert`) streams an upload,
 * `GET`/`HEAD /storage/v1/object/authenticated/<bucket>/<key>` read it, with a
 * `Range` header for part of it. Storage writes an object in one piece, so a
 * reader never sees half an upload.
 */
import {
  assertObjectKey,
  type ByteRange,
  type ObjectContent,
  type ObjectStore,
  type StoredObject,
} from "./object-store.ts";

export interface SupabaseStoreOptions {
  /** The project URL, e.g. `https://abc.supabase.co`. */
  url: string;
  serviceRoleKey: string;
  bucket: string;
  /** Injected in tests; `globalThis.fetch` otherwise. */
  fetch?: typeof fetch;
}

export class SupabaseObjectStore implements ObjectStore {
  #bucketReady?: Promise<void>;
  readonly #fetch: typeof fetch;

  constructor(readonly options: SupabaseStoreOptions) {
    this.#fetch = options.fetch ?? fetch;
  }

  #objectUrl(key: string, authenticated: boolean): string {
    assertObjectKey(key);
    const path = key.split("/").map(encodeURIComponent).join("/");
    const bucket = encodeURIComponent(this.options.bucket);
    return `${this.options.url}/storage/v1/object/${
      authenticated ? "authenticated/" : ""
    }${bucket}/${path}`;
  }

  #headers(extra: Record<string, string> = {}): Headers {
    return new Headers({
      authorization: `Bearer ${this.options.serviceRoleKey}`,
      apikey: this.options.serviceRoleKey,
      ...extra,
    });
  }

  /** Creates the bucket (private) the first time it is needed; "already exists" is fine. */
  #ensureBucket(): Promise<void> {
    this.#bucketReady ??= (async () => {
      const res = await this.#fetch(`${this.options.url}/storage/v1/bucket`, {
        method: "POST",
        headers: this.#headers({ "content-type": "application/json" }),
        body: JSON.stringify({ id: this.options.bucket, name: this.options.bucket, public: false }),
      });
      const text = await res.text();
      if (!res.ok && !/already exists|Duplicate/i.test(text)) {
        this.#bucketReady = undefined;
        throw new Error(`Supabase Storage: creating bucket failed (${res.status}): ${text}`);
      }
    })();
    return this.#bucketReady;
  }

  async put(
    key: string,
    body: Uint8Array | ReadableStream<Uint8Array>,
    options: { contentType: string },
  ): Promise<StoredObject> {
    const url = this.#objectUrl(key, false);
    await this.#ensureBucket();
    const res = await this.#fetch(url, {
      method: "POST",
      headers: this.#headers({ "content-type": options.contentType, "x-upsert": "true" }),
      body: body as BodyInit,
      // A stream body is sent as it is read, never buffered.
      ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit);
    if (!res.ok) {
      throw new Error(`Supabase Storage: upload failed (${res.status}): ${await res.text()}`);
    }
    await res.body?.cancel();
    const stored = await this.head(key);
    if (!stored) throw new Error(`Supabase Storage: ${key} missing right after upload`);
    return stored;
  }

  async head(key: string): Promise<StoredObject | null> {
    const res = await this.#fetch(this.#objectUrl(key, true), {
      method: "HEAD",
      headers: this.#headers(),
    });
    await res.body?.cancel();
    if (res.status === 404 || res.status === 400) return null;
    if (!res.ok) throw new Error(`Supabase Storage: head failed (${res.status})`);
    return objectOf(res.headers, Number(res.headers.get("content-length") ?? 0));
  }

  async get(key: string, range?: ByteRange): Promise<ObjectContent | null> {
    if (range && (range.start < 0 || range.end < range.start)) {
      throw new RangeError(`range ${range.start}-${range.end} is not a range`);
    }
    const res = await this.#fetch(this.#objectUrl(key, true), {
      headers: this.#headers(range ? { range: `bytes=${range.start}-${range.end}` } : {}),
    });
    if (res.status === 404 || res.status === 400) {
      await res.body?.cancel();
      return null;
    }
    if (res.status === 416) {
      await res.body?.cancel();
      throw new RangeError(`range ${range?.start}-${range?.end} outside the object`);
    }
    if (!res.ok || !res.body) throw new Error(`Supabase Storage: download failed (${res.status})`);
    if (!range) {
      return {
        ...objectOf(res.headers, Number(res.headers.get("content-length") ?? 0)),
        body: res.body,
        range: null,
      };
    }
    // `Content-Range: bytes 0-9/1234` carries the whole size.
    const total = /\/(\d+)$/.exec(res.headers.get("content-range") ?? "")?.[1];
    if (res.status !== 206 || !total) {
      await res.body.cancel();
      throw new Error("Supabase Storage: the server ignored the byte range");
    }
    if (range.end >= Number(total)) {
      await res.body.cancel();
      throw new RangeError(`range ${range.start}-${range.end} outside 0-${Number(total) - 1}`);
    }
    return { ...objectOf(res.headers, Number(total)), body: res.body, range };
  }

  async delete(key: string): Promise<void> {
    assertObjectKey(key);
    const res = await this.#fetch(
      `${this.options.url}/storage/v1/object/${encodeURIComponent(this.options.bucket)}`,
      {
        method: "DELETE",
        headers: this.#headers({ "content-type": "application/json" }),
        body: JSON.stringify({ prefixes: [key] }),
      },
    );
    const text = await res.text();
    if (!res.ok && res.status !== 404) {
      throw new Error(`Supabase Storage: delete failed (${res.status}): ${text}`);
    }
  }
}

function objectOf(headers: Headers, size: number): StoredObject {
  const etag = headers.get("etag") ?? "";
  return {
    size,
    contentType: headers.get("content-type") ?? "application/octet-stream",
    etag: etag.startsWith('"') || etag.startsWith("W/") ? etag : `"${etag}"`,
  };
}
