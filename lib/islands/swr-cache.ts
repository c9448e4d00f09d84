/// <reference lib="dom" />
/**
 * A small stale-while-revalidate cache for GET endpoints, shared by the
 * islands of a page. Entries are keyed by path and query (parameters in a
 * fixed order, so `?b=1&a=2` and `?a=2&b=1` are one entry) — never by
 * method: only reads are cached. An entry is fresh for 90 seconds; after
 * that it is still served at once while a fetch replaces it, and whoever
 * subscribed to the key hears the new value.
 *
 * Writes go through `mutate`, which names the key prefixes the write affects
 * and marks them stale (refetching those someone is showing). A live event
 * does the same for the other open tabs (`invalidateOnLive`).
 *
 * @example
 * ```ts
 * const cache = sharedCache();
 * const key = cacheKey("/api/v1/inventory/items", { low: "1" });
 * useEffect(() => cache.subscribe(key, setPage), [key]);
 * await cache.mutate(`/api/v1/inventory/items/${id}/movements`, { method: "POST", body },
 *   ["/api/v1/inventory/"]);
 * ```
 */

export const FRESH_MS = 90_000;

export interface SwrCacheOptions {
  /** How long an entry is served without revalidating; 90 s by default. */
  freshMs?: number;
  /** The clock (epoch ms); tests inject their own. */
  now?: () => number;
  /** Reads a key; by default a same-origin `fetch` of it as JSON. */
  fetcher?: (key: string) => Promise<unknown>;
  /** Sends a write; by default `fetch`. */
  send?: (path: string, init: RequestInit) => Promise<Response>;
}

interface Entry {
  value: unknown;
  fetchedAt: number;
}

type Listener = (value: unknown) => void;

/** `path?query` with the query's parameters sorted by name, empty ones dropped. */
export function cacheKey(path: string, query: Record<string, string | undefined> = {}): string {
  const [bare, inline = ""] = path.split("?");
  const params = new URLSearchParams(inline);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") params.set(name, value);
  }
  const sorted = [...params].filter(([, v]) => v !== "").sort(([a], [b]) => a.localeCompare(b));
  const search = new URLSearchParams(sorted).toString();
  return search ? `${bare}?${search}` : bare;
}

export class HttpError extends Error {
  constructor(readonly status: number, readonly body: Record<string, unknown>) {
    super(typeof body.error === "string" ? body.error : `Request failed (${status})`);
  }
}

async function fetchJson(key: string): Promise<unknown> {
  const response = await fetch(key, { headers: { accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new HttpError(response.status, body);
  return body;
}

export class SwrCache {
  readonly #entries = new Map<string, Entry>();
  readonly #inflight = new Map<string, Promise<unknown>>();
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #freshMs: number;
  readonly #now: () => number;
  readonly #fetcher: (key: string) => Promise<unknown>;
  readonly #send: (path: string, init: RequestInit) => Promise<Response>;

  constructor(options: SwrCacheOptions = {}) {
    this.#freshMs = options.freshMs ?? FRESH_MS;
    this.#now = options.now ?? Date.now;
    this.#fetcher = options.fetcher ?? fetchJson;
    this.#send = options.send ?? ((path, init) => fetch(path, init));
  }

  /** The cached value and whether it is past its freshness; undefined when absent. */
  peek(key: string): { value: unknown; stale: boolean } | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    return { value: entry.value, stale: this.#now() - entry.fetchedAt >= this.#freshMs };
  }

  /** Stores what the server rendered the page with, so the first read costs nothing. */
  prime(key: string, value: unknown): void {
    if (!this.#entries.has(key)) this.#entries.set(key, { value, fetchedAt: this.#now() });
  }

  /**
   * A fresh entry as is; a stale one at once, revalidating behind it; a
   * missing one after fetching it.
   */
  async get(key: string): Promise<unknown> {
    const cached = this.peek(key);
    if (cached && !cached.stale) return cached.value;
    const loading = this.#revalidate(key);
    if (cached) {
      loading.catch(() => {});
      return cached.value;
    }
    return await loading;
  }

  /** Calls `listener` with each new value of `key`; returns the unsubscribe function. */
  subscribe(key: string, listener: Listener): () => void {
    let set = this.#listeners.get(key);
    if (!set) this.#listeners.set(key, set = new Set());
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size) this.#listeners.delete(key);
    };
  }

  /**
   * Marks every entry whose key starts with one of `prefixes` stale, and
   * refetches those someone is subscribed to.
   */
  invalidate(prefixes: readonly string[]): void {
    const hit = (key: string) => prefixes.some((prefix) => key.startsWith(prefix));
    for (const [key, entry] of this.#entries) {
      if (hit(key)) entry.fetchedAt = Number.NEGATIVE_INFINITY;
    }
    for (const key of this.#listeners.keys()) {
      if (hit(key)) this.#revalidate(key).catch(() => {});
    }
  }

  /** Sends a write as JSON; on success invalidates `affects` and answers the parsed body. */
  async mutate(
    path: string,
    init: { method: string; body?: unknown },
    affects: readonly string[],
  ): Promise<unknown> {
    const response = await this.#send(path, {
      method: init.method,
      headers: { "content-type": "application/json", accept: "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new HttpError(response.status, body as Record<string, unknown>);
    this.invalidate(affects);
    return body;
  }

  #revalidate(key: string): Promise<unknown> {
    let loading = this.#inflight.get(key);
    if (loading) return loading;
    loading = this.#fetcher(key).then((value) => {
      this.#entries.set(key, { value, fetchedAt: this.#now() });
      for (const listener of this.#listeners.get(key) ?? []) listener(value);
      return value;
    }).finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, loading);
    return loading;
  }
}

let shared: SwrCache | undefined;

/** The page's one cache, shared by its islands (bundles are code-split, so this is one module). */
export function sharedCache(): SwrCache {
  shared ??= new SwrCache();
  return shared;
}

/**
 * Invalidates `prefixes` whenever a live event of `types` arrives: another
 * tab's (or another user's) write reaches this tab's cached reads.
 * `subscribe` is `subscribeLive` from ./live-events.ts in the browser.
 */
export function invalidateOnLive(
  cache: SwrCache,
  subscribe: (types: string[], handler: () => void) => () => void,
  types: string[],
  prefixes: readonly string[],
): () => void {
  return subscribe(types, () => cache.invalidate(prefixes));
}
