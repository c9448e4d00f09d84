/**
 * Where uploaded files live (X-ray captures, DICOM instances, thumbnails).
 *
 * Two implementations behind one interface: a local
 * folder by default and Supabase Storage in production. Keys are opaque paths
 * chosen by the caller, always starting with the clinic id, e.g.
 * `<clinicId>/captures/<uuid>`.
 */

export interface StoredObject {
  size: number;
  contentType: string;
  /** A strong validator for HTTP caching (quoted, as it goes into the `ETag` header). */
  etag: string;
}

/** Inclusive byte offsets, as in an HTTP `Range` header. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface ObjectContent extends StoredObject {
  /** The whole object, or only `range` when one was asked for. */
  body: ReadableStream<Uint8Array>;
  range: ByteRange | null;
}

export interface ObjectStore {
  /** Stores `body` under `key`, replacing what was there; readers never see a partial object. */
  put(
    key: string,
    body: Uint8Array | ReadableStream<Uint8Array>,
    options: { contentType: string },
  ): Promise<StoredObject>;
  /** The object, or only the asked range of it; null when there is no such key. */
  get(key: string, range?: ByteRange): Promise<ObjectContent | null>;
  head(key: string): Promise<StoredObject | null>;
  /** Removes the object; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
}

const KEY_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/;

/** Keys are built by the server, never taken from a client, but a bad one must still fail loudly. */
export function assertObjectKey(key: string): void {
  if (key.length > 512 || !KEY_PATTERN.test(key) || key.split("/").includes("..")) {
    throw new Error(`invalid object key: ${JSON.stringify(key)}`);
  }
}
