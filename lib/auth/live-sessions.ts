/**
 * Each instance remembers which sessions it found alive lately, so a
 * signed-in request does not read KV to learn that its session was not
 * ended. Sessions end in KV (`SessionStore.revoke`: sign-out, a revoked
 * device, a deactivated member, a replayed refresh token); every end is
 * announced on the event bus (`publishSessionEnded`), and every instance's
 * hub hands it here, which forgets the session.
 *
 * Sign-out stays immediate everywhere: the instance that ended a session
 * forgets it first, then announces it and waits (bounded) until its own hub
 * hears the announcement back. Postgres hands a notification to every
 * listening connection at once, so by the time the sign-out answers, every
 * instance has been told. Entries live `ttlMs` at most, a bound for the
 * moments a LISTEN connection is down; after a reconnect everything is
 * forgotten, and until the hub listens nothing is kept (every request reads
 * KV, as without the cache).
 *
 * @example
 * ```ts
 * const live = new LiveSessions({ changes: hub, announce: (id) => publishSessionEnded(db, id) });
 * const alive = await live.isAlive(sessionId, userId, () => sessions.get(sessionId));
 * ```
 */
import type { EventSubscription, SessionEndWatcher } from "../events/hub.ts";

export interface LiveSessionsOptions {
  /** Where ended sessions are heard of: this instance's event hub. */
  changes: { watchSessionEnds(watch: SessionEndWatcher): Promise<EventSubscription> };
  /** Tells every instance that a session ended. */
  announce(sessionId: string): Promise<void>;
  /** How long a session found alive is believed at most; 30 s by default. */
  ttlMs?: number;
  /** How many sessions are kept; past that the oldest goes. 20,000 by default. */
  maxEntries?: number;
  /** How long an ending waits to hear its own announcement back; 2 s by default. */
  echoTimeoutMs?: number;
  /** After the hub failed to listen, how long to keep nothing before trying again; 30 s. */
  retryMs?: number;
  /** The clock, epoch ms; tests move it. */
  now?: () => number;
}

interface Entry {
  userId: string;
  expiresAt: number;
}

export class LiveSessions {
  readonly #changes: LiveSessionsOptions["changes"];
  readonly #announce: LiveSessionsOptions["announce"];
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #echoTimeoutMs: number;
  readonly #retryMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  /** Endings of this instance waiting to hear their announcement back. */
  readonly #echoes = new Map<string, Set<() => void>>();
  /** Counts the endings heard; a read that saw it move must not be stored. */
  #generation = 0;
  #watched = false;
  #watching: Promise<boolean> | null = null;
  #watchFailedAt = -Infinity;

  constructor(options: LiveSessionsOptions) {
    this.#changes = options.changes;
    this.#announce = options.announce;
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#maxEntries = options.maxEntries ?? 20_000;
    this.#echoTimeoutMs = options.echoTimeoutMs ?? 2_000;
    this.#retryMs = options.retryMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  /** Sessions remembered as alive now. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Whether the session is alive and belongs to `userId`: from memory when
   * this instance found it so lately and heard of no end since, else from
   * `read` (the session's KV record, or null when it is gone).
   */
  async isAlive(
    sessionId: string,
    userId: string,
    read: () => Promise<{ userId: string } | null>,
  ): Promise<boolean> {
    const entry = this.#entries.get(sessionId);
    if (entry && entry.expiresAt > this.#now()) return entry.userId === userId;
    if (entry) this.#entries.delete(sessionId);
    const listening = this.#listening();
    const generation = this.#generation;
    const session = await read();
    if (!session) return false;
    if (listening && generation === this.#generation) this.#store(sessionId, session.userId);
    return session.userId === userId;
  }

  /**
   * Call once the session's end is committed in KV: forgets it here, tells
   * every instance, and returns once this instance heard its own
   * announcement (or after `echoTimeoutMs`).
   */
  async ended(sessionId: string): Promise<void> {
    this.#forget(sessionId);
    if (!this.#watched) return await this.#announce(sessionId);
    let heard!: () => void;
    const echo = new Promise<void>((resolve) => (heard = resolve));
    let waiting = this.#echoes.get(sessionId);
    if (!waiting) this.#echoes.set(sessionId, waiting = new Set());
    waiting.add(heard);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await this.#announce(sessionId);
      await Promise.race([
        echo,
        new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#echoTimeoutMs))),
      ]);
    } finally {
      clearTimeout(timer);
      waiting.delete(heard);
      if (!waiting.size && this.#echoes.get(sessionId) === waiting) this.#echoes.delete(sessionId);
    }
  }

  /**
   * Resolves true once the cache hears ended sessions (it starts listening
   * on its first check, or here), false if the hub could not listen.
   */
  ready(): Promise<boolean> {
    this.#listening();
    return this.#watching ?? Promise.resolve(this.#watched);
  }

  /** A session ended (null: some may have, forget them all). */
  #heard(sessionId: string | null): void {
    if (sessionId === null) {
      this.#generation++;
      this.#entries.clear();
      return;
    }
    this.#forget(sessionId);
    for (const heard of this.#echoes.get(sessionId) ?? []) heard();
  }

  #forget(sessionId: string): void {
    this.#generation++;
    this.#entries.delete(sessionId);
  }

  #store(sessionId: string, userId: string): void {
    this.#entries.delete(sessionId);
    if (this.#entries.size >= this.#maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    this.#entries.set(sessionId, { userId, expiresAt: this.#now() + this.#ttlMs });
  }

  /** True once the hub listens; a request never waits for the LISTEN. */
  #listening(): boolean {
    if (this.#watched) return true;
    if (!this.#watching && this.#now() - this.#watchFailedAt >= this.#retryMs) {
      this.#watching = this.#changes.watchSessionEnds((sessionId) => this.#heard(sessionId))
        .then(() => (this.#watched = true), (error) => {
          console.error("live sessions: not hearing ended sessions, so not caching", error);
          this.#watchFailedAt = this.#now();
          return false;
        })
        .finally(() => (this.#watching = null));
    }
    return false;
  }
}
