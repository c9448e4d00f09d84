/**
 * The PDF logo, fetched from the object store once and kept in memory: every invoice PDF draws
 * it, and a round trip to the store per PDF would be wasted.
 *
 * The cache is keyed by object key, and each upload gets a new key, so a server instance that
 * did not take the upload still notices the new logo at its next PDF (it reads the key from the
 * billing profile). The instance that took it also drops the old bytes at once (`forget`).
 * One cache per object store, so apps built over different stores (tests) never share bytes.
 */
import type { ObjectStore } from "../storage/object-store.ts";

export class LogoCache {
  #key: string | null = null;
  #bytes: Promise<Uint8Array | null> | null = null;

  constructor(private readonly store: ObjectStore) {}

  /** The object's bytes, from memory after the first read; null when the object is missing. */
  bytes(key: string): Promise<Uint8Array | null> {
    if (this.#key === key && this.#bytes) return this.#bytes;
    this.#key = key;
    // Concurrent PDFs share the one read in flight.
    const read = this.#read(key);
    this.#bytes = read;
    read.catch(() => {
      // A failed read is not remembered: the next PDF tries again.
      if (this.#bytes === read) this.forget();
    });
    return read;
  }

  /** Drops the cached bytes (a new logo was uploaded). */
  forget(): void {
    this.#key = null;
    this.#bytes = null;
  }

  async #read(key: string): Promise<Uint8Array | null> {
    const object = await this.store.get(key);
    if (!object) return null;
    return new Uint8Array(await new Response(object.body).arrayBuffer());
  }
}

const caches = new WeakMap<ObjectStore, LogoCache>();

/** The one logo cache of `store`. */
export function logoCacheFor(store: ObjectStore): LogoCache {
  let cache = caches.get(store);
  if (!cache) caches.set(store, cache = new LogoCache(store));
  return cache;
}
