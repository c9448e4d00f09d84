/**
 * A member's notifications in one clinic: what the bell lists and counts.
 * Every query is scoped by both user and clinic, so someone else's
 * notification id behaves exactly like a missing one.
 */
import { and, count, desc, eq, isNull, lt } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { notifications } from "../db/schema.ts";
import { notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";

export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  readAt: Date | null;
  createdAt: Date;
  /** Insertion order, the paging cursor. */
  seq: number;
}

export interface Recipient {
  clinicId: string;
  userId: string;
}

const columns = {
  id: notifications.id,
  kind: notifications.kind,
  title: notifications.title,
  body: notifications.body,
  link: notifications.link,
  readAt: notifications.readAt,
  createdAt: notifications.createdAt,
  seq: notifications.seq,
};

function mine(recipient: Recipient) {
  return and(
    eq(notifications.userId, recipient.userId),
    eq(notifications.clinicId, recipient.clinicId),
  );
}

/** Newest first; `before` pages back from an entry's `seq` (a cursor: timestamps can tie). */
export async function listForUser(
  db: Db,
  recipient: Recipient,
  options: { limit?: number; before?: number } = {},
): Promise<Notification[]> {
  return await db.select(columns).from(notifications)
    .where(and(
      mine(recipient),
      options.before ? lt(notifications.seq, options.before) : undefined,
    ))
    .orderBy(desc(notifications.seq))
    .limit(Math.min(Math.max(options.limit ?? 20, 0), 100));
}

export async function unreadCount(db: Db, recipient: Recipient): Promise<number> {
  const [row] = await db.select({ n: count() }).from(notifications)
    .where(and(mine(recipient), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks one notification read (again, harmlessly); 404 when it is not the recipient's. */
export async function markRead(
  db: Db,
  recipient: Recipient & { id: string },
  now: Date = new Date(),
): Promise<Notification> {
  if (!isUuid(recipient.id)) throw notFound("Notification not found");
  const [row] = await db.update(notifications)
    .set({ readAt: now })
    .where(and(
      mine(recipient),
      eq(notifications.id, recipient.id),
      isNull(notifications.readAt),
    ))
    .returning(columns);
  if (row) return row;
  // Already read: answer with it as it is, keeping the first read time.
  const [existing] = await db.select(columns).from(notifications)
    .where(and(mine(recipient), eq(notifications.id, recipient.id)));
  if (!existing) throw notFound("Notification not found");
  return existing;
}

/** Marks every unread notification read; returns how many were. */
export async function markAllRead(
  db: Db,
  recipient: Recipient,
  now: Date = new Date(),
): Promise<number> {
  const rows = await db.update(notifications)
    .set({ readAt: now })
    .where(and(mine(recipient), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}
