/**
 * Reading side of the live event bus: one LISTEN per server instance, whatever
 * the number of open SSE streams. A notification carries only the event id;
 * the hub reads the row once and hands it to the streams of that clinic, which
 * apply the member's permissions themselves (`lib/events/stream.ts`).
 *
 * Rows are read in the order the notifications arrive, which is commit order,
 * and handed on in that order.
 *
 * A Supabase Realtime broadcast adapter (for hosts where
 * LISTEN is unavailable) would plug in as another `listen` source: it only has
 * to call back with event ids.
 *
 * @example
 * ```ts
 * const hub = new EventHub(database);
 * const subscription = await hub.subscribe(clinicId, (event) => send(event));
 * // … later
 * subscription.close();
 * ```
 */
import { and, asc, eq, gt, inArray, max } from "drizzle-orm";
import type { Database, Db } from "../db/client.ts";
import { events } from "../db/schema.ts";
import {
  ACCESS_CHANGE_PREFIX,
  type AccessChange,
  EVENTS_CHANNEL,
  SESSION_ENDED_PREFIX,
} from "./publish.ts";

export interface LiveEvent {
  id: number;
  clinicId: string;
  type: string;
  permission: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
}

export interface EventSubscription {
  close(): void;
}

type Deliver = (event: LiveEvent) => void;

/**
 * Gets each access change committed after `watchAccessChanges` resolved, or
 * null when some may have been missed (the LISTEN connection was lost and is
 * back), so that everything derived from access must go.
 */
export type AccessChangeWatcher = (change: AccessChange | null) => void;

/**
 * Gets the id of each session that ended after `watchSessionEnds` resolved,
 * or null when some may have been missed (the LISTEN connection was lost).
 */
export type SessionEndWatcher = (sessionId: string | null) => void;

const COLUMNS = {
  id: events.id,
  clinicId: events.clinicId,
  type: events.type,
  permission: events.permission,
  data: events.data,
  createdAt: events.createdAt,
};

/** How many events a catch-up after a lost LISTEN connection reads at most. */
const CATCH_UP_LIMIT = 1_000;
/** Ids handed on lately: a catch-up may overlap notifications that did arrive. */
const RECENT_IDS = 2_000;

export class EventHub {
  readonly #database: Pick<Database, "db" | "listen">;
  readonly #byClinic = new Map<string, Set<Deliver>>();
  readonly #accessWatchers = new Set<AccessChangeWatcher>();
  readonly #sessionWatchers = new Set<SessionEndWatcher>();
  #listening?: Promise<() => Promise<void>>;
  #pending: number[] = [];
  #draining: Promise<void> | null = null;
  /** Highest id handed on, where a catch-up after a reconnect starts. */
  #lastId = 0;
  readonly #recent = new Set<number>();
  #closed = false;

  constructor(database: Pick<Database, "db" | "listen">) {
    this.#database = database;
  }

  /** Resolves once LISTEN is active: every event committed afterwards reaches `deliver`. */
  async subscribe(clinicId: string, deliver: Deliver): Promise<EventSubscription> {
    if (this.#closed) throw new Error("event hub is closed");
    await this.#listen();
    let set = this.#byClinic.get(clinicId);
    if (!set) this.#byClinic.set(clinicId, set = new Set());
    set.add(deliver);
    return {
      close: () => {
        set.delete(deliver);
        if (!set.size && this.#byClinic.get(clinicId) === set) this.#byClinic.delete(clinicId);
      },
    };
  }

  /**
   * Resolves once LISTEN is active: every access change committed afterwards
   * reaches `watch`, synchronously as its notification arrives.
   */
  async watchAccessChanges(watch: AccessChangeWatcher): Promise<EventSubscription> {
    if (this.#closed) throw new Error("event hub is closed");
    await this.#listen();
    this.#accessWatchers.add(watch);
    return { close: () => this.#accessWatchers.delete(watch) };
  }

  /**
   * Resolves once LISTEN is active: the end of every session committed
   * afterwards reaches `watch`, synchronously as its notification arrives.
   */
  async watchSessionEnds(watch: SessionEndWatcher): Promise<EventSubscription> {
    if (this.#closed) throw new Error("event hub is closed");
    await this.#listen();
    this.#sessionWatchers.add(watch);
    return { close: () => this.#sessionWatchers.delete(watch) };
  }

  /** Open streams, for tests and the health of an instance. */
  get subscriberCount(): number {
    let n = 0;
    for (const set of this.#byClinic.values()) n += set.size;
    return n;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#byClinic.clear();
    this.#accessWatchers.clear();
    this.#sessionWatchers.clear();
    const listening = this.#listening;
    this.#listening = undefined;
    if (listening) await (await listening.catch(() => async () => {}))();
    await this.#draining;
  }

  #listen(): Promise<unknown> {
    this.#listening ??= this.#database.listen(
      EVENTS_CHANNEL,
      (payload) => this.#notified(payload),
      () => this.#catchUp(),
    ).catch((error) => {
      this.#listening = undefined; // the next subscriber tries again
      throw error;
    });
    return this.#listening;
  }

  #notified(payload: string): void {
    if (payload.startsWith(ACCESS_CHANGE_PREFIX)) return this.#accessChanged(payload);
    if (payload.startsWith(SESSION_ENDED_PREFIX)) {
      const sessionId = payload.slice(SESSION_ENDED_PREFIX.length);
      return sessionId ? this.#tellSessionWatchers(sessionId) : undefined;
    }
    const id = Number(payload);
    if (!Number.isSafeInteger(id) || id <= 0) return;
    this.#pending.push(id);
    this.#draining ??= this.#drain().finally(() => (this.#draining = null));
  }

  /** Reads every id that arrived meanwhile in one query, so a burst costs one round trip. */
  async #drain(): Promise<void> {
    while (this.#pending.length) {
      const ids = this.#pending.filter((id) => !this.#recent.has(id));
      this.#pending = [];
      for (const id of ids) this.#remember(id);
      if (!ids.length || !this.#byClinic.size || this.#closed) continue;
      try {
        const rows = await readEvents(this.#database.db, ids);
        const byId = new Map(rows.map((row) => [row.id, row]));
        for (const id of ids) {
          const row = byId.get(id);
          if (row) this.#dispatch(row);
        }
      } catch (error) {
        console.error("events: reading notified events failed", error);
      }
    }
  }

  #remember(id: number): void {
    if (id > this.#lastId) this.#lastId = id;
    this.#recent.add(id);
    if (this.#recent.size > RECENT_IDS) {
      this.#recent.delete(this.#recent.values().next().value!);
    }
  }

  #accessChanged(payload: string): void {
    let change: AccessChange;
    try {
      const { userId, clinicId } = JSON.parse(payload.slice(ACCESS_CHANGE_PREFIX.length));
      const id = (value: unknown) => typeof value === "string" ? value : undefined;
      change = { userId: id(userId), clinicId: id(clinicId) } as AccessChange;
      if (!change.userId && !change.clinicId) return;
    } catch {
      return;
    }
    this.#tellAccessWatchers(change);
  }

  #tellAccessWatchers(change: AccessChange | null): void {
    for (const watch of this.#accessWatchers) {
      try {
        watch(change);
      } catch (error) {
        console.error("events: an access watcher failed", error);
      }
    }
  }

  #tellSessionWatchers(sessionId: string | null): void {
    for (const watch of this.#sessionWatchers) {
      try {
        watch(sessionId);
      } catch (error) {
        console.error("events: a session watcher failed", error);
      }
    }
  }

  /** Notifications sent while the LISTEN connection was down are gone; the table is not. */
  #catchUp(): void {
    // Access changes and session ends are not in the table: whatever was derived from them must go.
    this.#tellAccessWatchers(null);
    this.#tellSessionWatchers(null);
    const after = this.#lastId;
    if (!after) return;
    (async () => {
      const rows = await this.#database.db.select(COLUMNS).from(events)
        .where(gt(events.id, after)).orderBy(asc(events.id)).limit(CATCH_UP_LIMIT);
      for (const row of rows) this.#notified(String(row.id));
    })().catch((error) => console.error("events: catch-up after reconnect failed", error));
  }

  #dispatch(event: LiveEvent): void {
    for (const deliver of this.#byClinic.get(event.clinicId) ?? []) {
      try {
        deliver(event);
      } catch (error) {
        console.error("events: a subscriber failed", error);
      }
    }
  }
}

export function readEvents(db: Db, ids: number[]): Promise<LiveEvent[]> {
  return db.select(COLUMNS).from(events).where(inArray(events.id, ids));
}

/** A clinic's events after `afterId`, oldest first: what a reconnecting client missed. */
export function eventsAfter(
  db: Db,
  clinicId: string,
  afterId: number,
  limit: number,
): Promise<LiveEvent[]> {
  return db.select(COLUMNS).from(events)
    .where(and(eq(events.clinicId, clinicId), gt(events.id, afterId)))
    .orderBy(asc(events.id))
    .limit(limit);
}

/** The clinic's newest event id, or null: where a client with nothing yet starts counting. */
export async function latestEventId(db: Db, clinicId: string): Promise<number | null> {
  const [row] = await db.select({ id: max(events.id) }).from(events)
    .where(eq(events.clinicId, clinicId));
  return row?.id == null ? null : Number(row.id);
}
