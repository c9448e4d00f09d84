/**
 * Events are kept only long enough for a browser that lost its stream to catch
 * up (`Last-Event-ID`); the `events-retention` cron prunes the rest.
 */
import { lt } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { events } from "../db/schema.ts";

/** Deletes events created before `now` minus `retentionHours`; returns how many went. */
export async function pruneEvents(db: Db, now: Date, retentionHours: number): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionHours * 3_600_000);
  const deleted = await db.delete(events).where(lt(events.createdAt, cutoff))
    .returning({ id: events.id });
  return deleted.length;
}
