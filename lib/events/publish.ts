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
