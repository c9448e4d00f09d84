/**
 * The activity log: who did what to which record, written in the same
 * transaction as the change it describes, and read back per record.
 *
 * @example
 * ```ts
 * await recordActivity(tx, {
 *   clinicId, actorId, action: "patients.created",
 *   entityType: "patient", entityId: patient.id, details: { mrn },
 * });
 * ```
 */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "./db/client.ts";
import { activityLog, users } from "./db/schema.ts";

export interface NewActivity {
  /** Null only for what happens outside any clinic (a superadmin signing in). */
  clinicId: string | null;
  /** Null when no signed-in person acted (a platform job). */
  actorId: string | null;
  /** `<area>.<what happened>`: `appointments.created`, `staff.role_changed` … */
  action: string;
  entityType: string;
  entityId: string;
  /** What a reader of the log needs to understand the change; never PHI values. */
  details: Record<string, unknown>;
}

/** Writes one entry; pass the transaction that makes the change, so both commit or neither. */
export async function recordActivity(tx: Db, entry: NewActivity): Promise<void> {
  await tx.insert(activityLog).values({
    clinicId: entry.clinicId,
    actorUserId: entry.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    details: entry.details,
  });
}

export interface ActivityEntry {
  id: number;
  action: string;
  actorName: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

/** A record's history, newest first, scoped by clinic. */
export async function entityActivity(
  db: Db,
  input: { clinicId: string; entityType: string; entityId: string; limit: number },
): Promise<ActivityEntry[]> {
  return await db
    .select({
      id: activityLog.id,
      action: activityLog.action,
      actorName: users.name,
      details: activityLog.details,
      createdAt: activityLog.createdAt,
    })
    .from(activityLog)
    .leftJoin(users, eq(users.id, activityLog.actorUserId))
    .where(and(
      eq(activityLog.clinicId, input.clinicId),
      eq(activityLog.entityType, input.entityType),
      eq(activityLog.entityId, input.entityId),
    ))
    .orderBy(desc(activityLog.createdAt), desc(activityLog.id))
    .limit(input.limit);
}
