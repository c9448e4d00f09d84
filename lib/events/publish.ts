/**
 * Writing side of the live event bus (docs/architecture.md, "Events").
 *
 * Call it with the transaction of the change the event describes: the row and
 * the NOTIFY both vanish if that transaction rolls back, so a browser never
 * hears of a change that did not happen.
 *
 * @example
 * ```ts
 * await db.transaction(async (tx) => {
 *   const capture = await insertCapture(tx, …);
 *   await publishEvent(tx, {
 *     clinicId, type: "xray.captured", permission: "radiology.view",
 *     data: { captureId: capture.id, patientId, patientName },
 *   });
 * });
 * ```
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { events } from "../db/schema.ts";

/** The Postgres channel every server instance LISTENs on; the payload is the event id. */
export const EVENTS_CHANNEL = "odx_events";

export interface NewEvent {
  clinicId: string;
  /** Dot-separated, e.g. `xray.captured`; becomes the SSE `event:` name. */
  type: string;
  /** Only members holding this permission receive it; omit for every member of the clinic. */
  permission?: string | null;
  data: Record<string, unknown>;
}

/** Records the event and notifies listeners when `tx` commits; returns the event id. */
export async function publishEvent(tx: Db, event: NewEvent): Promise<number> {
  const [row] = await tx.insert(events).values({
    clinicId: event.clinicId,
    type: event.type,
    permission: event.permission ?? null,
    data: event.data,
  }).returning({ id: events.id });
  await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${String(row.id)})`);
  return row.id;
}

/**
 * A committed change to what a signed-in principal's requests are decided on
 * (their account, membership, role, permissions, or their clinic's plan,
 * modules and role templates). Every instance's hub hands it to that
 * instance's principal cache, which forgets what it may have made stale.
 *
 * - `{ userId }`: the account changed;
 * - `{ clinicId }`: something every member of the clinic depends on;
 * - `{ userId, clinicId }`: one membership.
 */
export type AccessChange =
  | { userId: string; clinicId?: undefined }
  | { userId?: undefined; clinicId: string }
  | { userId: string; clinicId: string };

/** Marks an access change on the events channel; an event's payload is only ever its id. */
export const ACCESS_CHANGE_PREFIX = "access:";

/**
 * Announces an access change when `tx` commits: call it in the transaction of
 * the change, so no instance forgets too early (and reloads the old state) or
 * hears of a change that rolled back. Nothing is stored: a change is only
 * worth something to the caches that are running.
 */
export async function publishAccessChange(tx: Db, change: AccessChange): Promise<void> {
  const payload = ACCESS_CHANGE_PREFIX +
    JSON.stringify({ userId: change.userId, clinicId: change.clinicId });
  await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${payload})`);
  publishedHere.getStore()?.push(change);
}

const publishedHere = new AsyncLocalStorage<AccessChange[]>();

/**
 * Runs `fn`, adding to `changes` every access change it publishes, so that
 * the instance that made a change can apply it as soon as it is committed
 * rather than when its notification comes back (`forgetOwnAccessChanges`);
 * the other instances learn from the bus.
 */
export function collectAccessChanges<T>(changes: AccessChange[], fn: () => Promise<T>): Promise<T> {
  return publishedHere.run(changes, fn);
}

/** Marks the end of a signed-in session on the events channel: sign-out, revocation, replay. */
export const SESSION_ENDED_PREFIX = "session_ended:";

/**
 * Tells every instance that a session ended, so the ones that remember it as
 * alive (`LiveSessions`) stop accepting its access tokens. Sent on its own,
 * not in a transaction: the session lives in KV, and its end has already
 * been committed there when this runs.
 */
export async function publishSessionEnded(db: Db, sessionId: string): Promise<void> {
  await db.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${SESSION_ENDED_PREFIX + sessionId})`);
}
