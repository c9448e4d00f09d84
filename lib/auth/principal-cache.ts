/**
 * Each instance keeps the facts of the principals it served lately (account,
 * membership, access: `principal-facts.ts`), so a signed-in request reads
 * them from memory instead of the database.
 *
 * A change to anything they are computed from publishes an access change in
 * its own transaction (`publishAccessChange`); every instance's event hub
 * hands it over as soon as the commit's notification arrives, and the entries
 * it touches are dropped. Entries live `ttlMs` at most, a bound for the
 * moments the LISTEN connection is down, and the cache keeps nothing until
 * its hub is listening. Whether the session itself is still alive is
 * `LiveSessions`' to say, over the same hub.
 *
 * The instance that handled the write does not wait for the notification:
 * `forgetOwnAccessChanges` applies the changes a request published as soon as
 * it is handled. A load that was running while a change arrived may have read
 * the state before it; its result is handed to its caller (as if the request
 * had come a moment earlier) but never stored.
 *
 * @example
 * ```ts
 * const principals = new PrincipalCache(db, { changes: hub });
 * const facts = await principals.load(principal.userId, principal.clinicId);
 * ```
 */
import type { MiddlewareHandler } from "hono";
import type { Db } from "../db/client.ts";
import type { AppEnv } from "../http/app-env.ts";
import type { AccessChangeWatcher, EventSubscription } from "../events/hub.ts";
import { type AccessChange, collectAccessChanges } from "../events/publish.ts";
import { loadPrincipalFacts, type PrincipalFacts } from "./principal-facts.ts";

export type { PrincipalFacts };

export interface PrincipalCacheOptions {
  /** Where committed access changes come from: this instance's event hub. */
  changes: { watchAccessChanges(watch: AccessChangeWatcher): Promise<EventSubscription> };
  /** How long an entry is served at most; 30 s by default. */
  ttlMs?: number;
  /** How many principals are kept; past that the oldest entry goes. 10,000 by default. */
  maxEntries?: number;
  /** After the hub failed to listen, how long to serve uncached before trying again; 30 s. */
  retryMs?: number;
  /** The clock, epoch ms; tests move it. */
  now?: () => number;
}

interface Entry {
  userId: string;
  clinicId: string | null;
  facts: PrincipalFacts;
  expiresAt: number;
}

const keyOf = (userId: string, clinicId: string | null) => `${userId}/${clinicId ?? ""}`;

export class PrincipalCache {
  readonly #db: Db;
  readonly #changes: PrincipalCacheOptions["changes"];
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #retryMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  /** Loads in flight, shared by concurrent requests of one principal. */
  readonly #loading = new Map<string, Promise<PrincipalFacts | null>>();
  /** Counts the changes seen; a load that saw it move must not be stored. */
  #generation = 0;
  #watched = false;
  #watching: Promise<boolean> | null = null;
  #watchFailedAt = -Infinity;

  constructor(db: Db, options: PrincipalCacheOptions) {
    this.#db = db;
    this.#changes = options.changes;
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#retryMs = options.retryMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  /** Principals held now. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The principal's account, membership of `clinicId` and access there; null
   * when the account is gone. The result is shared: never modify it.
   */
  async load(userId: string, clinicId: string | null): Promise<PrincipalFacts | null> {
    const key = keyOf(userId, clinicId);
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt > this.#now()) return entry.facts;
    if (entry) this.#entries.delete(key);
    if (!this.#listening()) return await loadPrincipalFacts(this.#db, userId, clinicId);

    const running = this.#loading.get(key);
    if (running) return await running;
    const generation = this.#generation;
    const loading = loadPrincipalFacts(this.#db, userId, clinicId);
    this.#loading.set(key, loading);
    try {
      const facts = await loading;
      // Who lost the account or the membership is refused and signed out; nothing to keep.
      const complete = facts && (clinicId === null || facts.membership);
      if (complete && generation === this.#generation) this.#store(key, userId, clinicId, facts);
      return facts;
    } finally {
      if (this.#loading.get(key) === loading) this.#loading.delete(key);
    }
  }

  /**
   * Resolves true once the cache hears access changes (it starts listening
   * on its first load, or here), false if the hub could not listen.
   */
  ready(): Promise<boolean> {
    this.#listening();
    return this.#watching ?? Promise.resolve(this.#watched);
  }

  /** Drops what `change` may have made stale; null drops everything. */
  forget(change: AccessChange | null): void {
    this.#generation++;
    // A load in flight may have read the state before the change: later requests start afresh.
    this.#loading.clear();
    if (!change) return this.#entries.clear();
    for (const [key, entry] of this.#entries) {
      const user = change.userId === undefined || change.userId === entry.userId;
      const clinic = change.clinicId === undefined || change.clinicId === entry.clinicId;
      if (user && clinic) this.#entries.delete(key);
    }
  }

  #store(key: string, userId: string, clinicId: string | null, facts: PrincipalFacts): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.#maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    this.#entries.set(key, { userId, clinicId, facts, expiresAt: this.#now() + this.#ttlMs });
  }

  /**
   * True once the hub listens. Until then (or while it cannot) loads read the
   * database and keep nothing; a request never waits for the LISTEN.
   */
  #listening(): boolean {
    if (this.#watched) return true;
    if (!this.#watching && this.#now() - this.#watchFailedAt >= this.#retryMs) {
      this.#watching = this.#changes.watchAccessChanges((change) => this.forget(change))
        .then(() => (this.#watched = true), (error) => {
          console.error("principal cache: not hearing access changes, so not caching", error);
          this.#watchFailedAt = this.#now();
          return false;
        })
        .finally(() => (this.#watching = null));
    }
    return false;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Middleware: once a request that changed someone's access is handled, this
 * instance's cache forgets what the change touched, so the writer's next
 * request (the page a form redirects to) is answered from the new state even
 * if the change's notification has not come back yet.
 *
 * @example
 * ```ts
 * app.use(forgetOwnAccessChanges());
 * ```
 */
export function forgetOwnAccessChanges(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return await next();
    const changes: AccessChange[] = [];
    try {
      await collectAccessChanges(changes, next);
    } finally {
      for (const change of changes) c.var.deps.principals.forget(change);
    }
  };
}
