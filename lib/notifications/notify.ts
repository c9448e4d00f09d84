/**
 * Creating in-app notifications. Both functions take a transaction as
 * readily as a database: called inside the transaction of the change they
 * announce, a notification exists only if the change committed.
 *
 * @example
 * ```ts
 * await db.transaction(async (tx) => {
 *   await tx.update(appointments).set({ status }).where(eq(appointments.id, id));
 *   await notifyClinicStaff(tx, {
 *     clinicId,
 *     permission: "appointments.view",
 *     excludeUserIds: [actorId],
 *     kind: "appointment.status_changed",
 *     title: `${patientName} confirmed`,
 *     link: `/appointments/${id}`,
 *   });
 * });
 * ```
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinicMembers, notifications } from "../db/schema.ts";
import { can, loadAccess } from "../permissions/access.ts";

export interface NotificationContent {
  /** Dot-separated cause, e.g. `appointment.status_changed`. */
  kind: string;
  title: string;
  body?: string | null;
  /** A path inside the app (`/appointments/…`), opened from the bell. */
  link?: string | null;
}

const KIND = /^[a-z_]+(\.[a-z_]+)+$/;
// Same rule as the column's check: an app path, never another site.
const LINK = /^\/([^/\\]|$)/;

function rowsFor(clinicId: string, userIds: Iterable<string>, content: NotificationContent) {
  if (!KIND.test(content.kind)) {
    throw new TypeError(`Notification kind "${content.kind}" must be dotted words`);
  }
  if (content.link && !LINK.test(content.link)) {
    throw new TypeError(`Notification links are app paths, got "${content.link}"`);
  }
  const title = content.title.replace(/\s+/g, " ").trim().slice(0, 200);
  const body = content.body?.trim().slice(0, 1000) || null;
  return [...new Set(userIds)].map((userId) => ({
    clinicId,
    userId,
    kind: content.kind,
    title,
    body,
    link: content.link || null,
  }));
}

/** Notifies the given users in the clinic; returns how many notifications were created. */
export async function notifyUsers(
  db: Db,
  input: NotificationContent & { clinicId: string; userIds: readonly string[] },
): Promise<number> {
  const rows = rowsFor(input.clinicId, input.userIds, input);
  if (rows.length === 0) return 0;
  await db.insert(notifications).values(rows);
  return rows.length;
}

/**
 * The clinic's active members who hold `permission` and can see the bell
 * (`notifications.view`), by their effective permissions: a member whose
 * override withdrew the permission is not told about what they cannot open.
 */
export async function staffWithPermission(
  db: Db,
  clinicId: string,
  permission: string,
): Promise<string[]> {
  const members = await db.select({ userId: clinicMembers.userId }).from(clinicMembers)
    .where(and(eq(clinicMembers.clinicId, clinicId), eq(clinicMembers.status, "active")));
  const allowed: string[] = [];
  for (const { userId } of members) {
    const access = await loadAccess(db, userId, clinicId);
    if (can(access, permission) && can(access, "notifications.view")) allowed.push(userId);
  }
  return allowed;
}

/** Notifies every member of the clinic who holds `permission`, except `excludeUserIds` (the actor). */
export async function notifyClinicStaff(
  db: Db,
  input: NotificationContent & {
    clinicId: string;
    permission: string;
    excludeUserIds?: readonly string[];
  },
): Promise<number> {
  const excluded = new Set(input.excludeUserIds ?? []);
  const userIds = (await staffWithPermission(db, input.clinicId, input.permission))
    .filter((id) => !excluded.has(id));
  return await notifyUsers(db, { ...input, userIds });
}
