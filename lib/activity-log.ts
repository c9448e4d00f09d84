/** Reading the clinic's activity log for one record (an appointment, a patient …). */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "./db/client.ts";
import { activityLog, users } from "./db/schema.ts";

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
