/** The figures on a clinic's landing dashboard (the platform's are in lib/admin/overview-figures.ts). */
import { asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { preparedPerDatabase } from "../db/prepared.ts";
import { activityLog, clinicMembers, clinics, subscriptionPlans, users } from "../db/schema.ts";

export interface TeamMember {
  name: string;
  email: string;
  role: string;
  status: string;
  lastLoginAt: Date | null;
}

export interface ActivityEntry {
  action: string;
  /** The new status of an `appointments.status_changed` entry. */
  status?: string;
  actorName: string | null;
  /** The latest of the run of identical entries this one stands for. */
  createdAt: Date;
  /** How many identical entries in a row this one stands for (a morning of sign-ins is one line). */
  count: number;
}

/** Entries the dashboard lists, after runs are folded. */
const RECENT_ACTIVITY = 8;
/** Entries read to fill them. */
const ACTIVITY_WINDOW = 80;

/**
 * Folds runs of the same person doing the same thing (newest first) into one
 * entry with a count, so a front desk confirming a dozen appointments or
 * signing in again and again does not push everything else off the card.
 */
export function foldActivity(
  rows: { action: string; actorName: string | null; createdAt: Date; details: unknown }[],
  limit = RECENT_ACTIVITY,
): ActivityEntry[] {
  const folded: ActivityEntry[] = [];
  for (const row of rows) {
    const to = (row.details as { to?: unknown } | null)?.to;
    const status = row.action === "appointments.status_changed" && typeof to === "string"
      ? to
      : undefined;
    const last = folded.at(-1);
    if (
      last && last.action === row.action && last.status === status &&
      last.actorName === row.actorName
    ) {
      last.count++;
      continue;
    }
    if (folded.length === limit) break;
    folded.push({
      action: row.action,
      ...(status ? { status } : {}),
      actorName: row.actorName,
      createdAt: row.createdAt,
      count: 1,
    });
  }
  return folded;
}

export interface ClinicOverview {
  plan: { id: string; name: string; priceMinor: number; currency: string };
  trialStartedAt: Date | null;
  team: TeamMember[];
  activity: ActivityEntry[];
}

// The owner's dashboard reads these on every load: built once, run with the clinic's id.
const planOf = preparedPerDatabase((db) =>
  db.select({
    trialStartedAt: clinics.trialStartedAt,
    planId: subscriptionPlans.id,
    planName: subscriptionPlans.name,
    priceMinor: subscriptionPlans.priceMinor,
    currency: subscriptionPlans.currency,
  }).from(clinics).innerJoin(subscriptionPlans, eq(subscriptionPlans.id, clinics.planId))
    .where(eq(clinics.id, sql.placeholder("clinicId")))
    .prepare("dashboard_plan")
);

const teamOf = preparedPerDatabase((db) =>
  db.select({
    name: users.name,
    email: users.email,
    role: clinicMembers.role,
    status: clinicMembers.status,
    lastLoginAt: users.lastLoginAt,
  }).from(clinicMembers).innerJoin(users, eq(users.id, clinicMembers.userId))
    .where(eq(clinicMembers.clinicId, sql.placeholder("clinicId")))
    .orderBy(
      sql`array_position(array['owner','admin','doctor','nurse','reception'], ${clinicMembers.role})`,
      asc(users.name),
    )
    .prepare("dashboard_team")
);

// The clinic's newest entries are taken from the log alone and only then joined to their actors:
// joining first made every load read, join and sort the clinic's whole history.
const recentActivityOf = preparedPerDatabase((db) => {
  const recent = db.select({
    id: activityLog.id,
    action: activityLog.action,
    actorUserId: activityLog.actorUserId,
    createdAt: activityLog.createdAt,
    details: activityLog.details,
  }).from(activityLog)
    .where(eq(activityLog.clinicId, sql.placeholder("clinicId")))
    .orderBy(desc(activityLog.createdAt), desc(activityLog.id))
    .limit(ACTIVITY_WINDOW)
    .as("recent");
  return db.select({
    action: recent.action,
    actorName: users.name,
    createdAt: recent.createdAt,
    details: recent.details,
  }).from(recent).leftJoin(users, eq(users.id, recent.actorUserId))
    .orderBy(desc(recent.createdAt), desc(recent.id))
    .prepare("dashboard_recent_activity");
});

export async function clinicOverview(db: Db, clinicId: string): Promise<ClinicOverview> {
  const [[clinic], team, recent] = await Promise.all([
    planOf(db).execute({ clinicId }),
    teamOf(db).execute({ clinicId }),
    recentActivityOf(db).execute({ clinicId }),
  ]);
  return {
    plan: {
      id: clinic.planId,
      name: clinic.planName,
      priceMinor: clinic.priceMinor,
      currency: clinic.currency,
    },
    trialStartedAt: clinic.trialStartedAt,
    team,
    activity: foldActivity(recent),
  };
}
