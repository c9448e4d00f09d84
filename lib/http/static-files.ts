/**
 * Answers for files under `static/`: caching headers by whether a name
 * carries its content hash, validation by ETag, brotli or gzip for text
 * types as the client accepts them, and single byte ranges.
 *
 * - A content-hashed file (the island bundles, their chunks, the codecs'
 *   `.wasm` in a hashed folder, any `name-<hash>.ext`) never changes under its
 *   name: `Cache-Control: public, max-age=31536000, immutable`.
 * - Anything else may change on a deploy: a short `max-age`, then the
 *   browser revalidates with its ETag and gets a 304.
 * - Compressible types are compressed once per file and encoding, and the
 *   bytes kept (bounded), so the 4 MB viewer bundle is not recompressed per
 *   request. Such responses say `Vary: Accept-Encoding`, and the ETag names
 *   the encoding, since the bytes differ. Already-compressed types (images,
 *   fonts) and range responses are sent as stored.
 *
 * @example
 * ```ts
 * const files = new StaticFiles(STATIC_DIR);
 * app.get("/static/*", async (c) => (await files.serve(c.req.raw, relativePath)) ?? c.notFound());
 * ```
 */
import { extname, join, normalize } from "node:path";

export interface StaticFilesOptions {
  /** Short cache for files without a content hash, in seconds; 300 by default. */
  revalidateAfterSeconds?: number;
  /** Smaller files are not worth compressing; 1 KiB by default. */
  compressFromBytes?: number;
  /** Bytes of compressed files kept in memory; 64 MiB by default. */
  cacheBytes?: number;
}

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".map": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
};

/** Text, and WebAssembly, which shrinks by half or more; images and woff fonts are compressed already. */
const COMPRESSIBLE = new Set([".js", ".mjs", ".css", ".svg", ".json", ".map", ".txt", ".wasm"]);

type Encoding = "br" | "gzip";
const COMPRESSION_FORMAT: Record<Encoding, string> = { br: "brotli", gzip: "gzip" };

/** `islands/` is the build's output, all named by content except its manifest; elsewhere, `name-<hash>`. */
export function isContentHashed(relative: string): boolean {
  if (relative.startsWith("islands/")) return !relative.endsWith("manifest.json");
  return /-[0-9a-f]{8,}\.[a-z0-9]+$/i.test(relative) || /-[0-9a-f]{8,}\//i.test(relative);
}

/**
 * The encoding to send for an `Accept-Encoding` header: brotli, else gzip,
 * whichever the client ranks higher (brotli on a tie), never one it gave q=0.
 */
export function chooseEncoding(acceptEncoding: string | null): Encoding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const weight = q ? Number(q.slice(2)) : 1;
    if (name) weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (encoding: Encoding) => weights.get(encoding) ?? weights.get("*") ?? 0;
  const [br, gzip] = [weightOf("br"), weightOf("gzip")];
  if (br > 0 && br >= gzip) return "br";
  if (gzip > 0) return "gzip";
  return null;
}

/** One `bytes=` range of a file of `size` bytes; null when the header asks for several or is odd. */
export function parseRange(
  header: string,
  size: number,
): { start: number; end: number } | "unsatisfiable" | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (!match[1] && !match[2])) return null;
  let start: number;
  let end: number;
  if (!match[1]) {
    const suffix = Number(match[2]);
    if (suffix === 0) return "unsatisfiable";
    [start, end] = [Math.max(0, size - suffix), size - 1];
  } else {
    start = Number(match[1]);
    end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
    if (match[2] && Number(match[2]) < start) return null;
  }
  if (start >= size) return "unsatisfiable";
  return { start, end };
}

/** Does an `If-None-Match` header list this ETag (weak comparison, as for GET)? */
function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => bare(tag) === bare(etag));
}

export class StaticFiles {
  readonly #root: string;
  readonly #revalidateAfter: number;
  readonly #compressFrom: number;
  readonly #cacheBytes: number;
  /** Compressed bodies by path, version and encoding; the oldest go first past `cacheBytes`. */
  readonly #compressed = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();
  readonly #sizes = new Map<string, number>();
  #heldBytes = 0;

  constructor(root: string, options: StaticFilesOptions = {}) {
    this.#root = root;
    this.#revalidateAfter = options.revalidateAfterSeconds ?? 300;
    this.#compressFrom = options.compressFromBytes ?? 1024;
    this.#cacheBytes = options.cacheBytes ?? 64 * 1024 * 1024;
  }

  /** The response for `relative` (a path under the root, URL-decoded); null when no such file. */
  async serve(request: Request, relative: string): Promise<Response | null> {
    const clean = normalize(relative);
    if (clean.startsWith("..") || clean.startsWith("/") || clean.includes("\0")) return null;
    const path = join(this.#root, clean);
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(path);
    } catch {
      return null;
    }
    if (!info.isFile) return null;

    const extension = extname(path).toLowerCase();
    const version = `${(info.mtime?.getTime() ?? 0).toString(36)}-${info.size.toString(36)}`;
    const compressible = COMPRESSIBLE.has(extension) && info.size >= this.#compressFrom;
    const range = request.headers.get("range");
    const encoding = compressible && !range
      ? chooseEncoding(request.headers.get("accept-encoding"))
      : null;
    const etag = `"${version}${encoding ? `-${encoding}` : ""}"`;
    const headers = new Headers({
      "Content-Type": TYPES[extension] ?? "application/octet-stream",
      "Cache-Control": isContentHashed(clean)
        ? "public, max-age=31536000, immutable"
        : `public, max-age=${this.#revalidateAfter}`,
      ETag: etag,
      "Accept-Ranges": "bytes",
    });
    if (compressible) headers.set("Vary", "Accept-Encoding");

    if (matchesEtag(request.headers.get("if-none-match"), etag)) {
      return new Response(null, { status: 304, headers });
    }
    if (range) return await this.#ranged(path, info.size, range, headers);
    if (encoding) {
      const body = await this.#compressedBody(path, version, encoding);
      headers.set("Content-Encoding", encoding);
      headers.set("Content-Length", String(body.byteLength));
      return new Response(body, { status: 200, headers });
    }
    headers.set("Content-Length", String(info.size));
    const file = await Deno.open(path);
    return new Response(file.readable, { status: 200, headers });
  }

  async #ranged(path: string, size: number, header: string, headers: Headers): Promise<Response> {
    const range = parseRange(header, size);
    if (range === "unsatisfiable") {
      headers.set("Content-Range", `bytes */${size}`);
      return new Response(null, { status: 416, headers });
    }
    const file = await Deno.open(path);
    if (!range) {
      headers.set("Content-Length", String(size));
      return new Response(file.readable, { status: 200, headers });
    }
    const length = range.end - range.start + 1;
    await file.seek(range.start, Deno.SeekMode.Start);
    headers.set("Content-Range", `bytes ${range.start}-${range.end}/${size}`);
    headers.set("Content-Length", String(length));
    return new Response(file.readable.pipeThrough(limitBytes(length)), { status: 206, headers });
  }

  #compressedBody(
    path: string,
    version: string,
    encoding: Encoding,
  ): Promise<Uint8Array<ArrayBuffer>> {
    const key = `${path}\0${version}\0${encoding}`;
    const held = this.#compressed.get(key);
    if (held) return held;
    const compressing = (async () => {
      const file = await Deno.open(path);
      const stream = file.readable.pipeThrough(
        new CompressionStream(COMPRESSION_FORMAT[encoding] as CompressionFormat),
      );
      return new Uint8Array(await new Response(stream).arrayBuffer());
    })();
    this.#compressed.set(key, compressing);
    compressing.then(
      (body) => this.#account(key, body.byteLength),
      () => this.#compressed.delete(key),
    );
    return compressing;
  }

  #account(key: string, bytes: number): void {
    if (!this.#compressed.has(key)) return;
    this.#sizes.set(key, bytes);
    this.#heldBytes += bytes;
    for (const oldest of this.#sizes.keys()) {
      if (this.#heldBytes <= this.#cacheBytes || oldest === key) break;
      this.#heldBytes -= this.#sizes.get(oldest)!;
      this.#sizes.delete(oldest);
      this.#compressed.delete(oldest);
    }
  }
}

/** Passes the first `length` bytes on and ends the stream. */
function limitBytes(length: number): TransformStream<Uint8Array, Uint8Array> {
  let left = length;
  return new TransformStream({
    transform(chunk, controller) {
      if (left <= 0) return;
      const part = chunk.byteLength > left ? chunk.subarray(0, left) : chunk;
      left -= part.byteLength;
      controller.enqueue(part);
      if (left <= 0) controller.terminate();
    },
  });
}
