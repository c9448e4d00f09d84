/** The figures on a clinic's landing dashboard (the platform's are in lib/admin/overview-figures.ts). */
import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { preparedPerDatabase } from "../db/prepared.ts";
import {
  activityLog,
  clinicMembers,
  clinics,
  patients,
  subscriptionPlans,
  users,
} from "../db/schema.ts";

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

/** An activity entry whose time is still as read (the log's ISO text, say). */
export type FoldedEntry<At> = Omit<ActivityEntry, "createdAt"> & { createdAt: At };

/** Entries the dashboard lists, after runs are folded. */
const RECENT_ACTIVITY = 8;
/** Entries read to fill them. */
const ACTIVITY_WINDOW = 80;

/**
 * Folds runs of the same person doing the same thing (newest first) into one
 * entry with a count, so a front desk confirming a dozen appointments or
 * signing in again and again does not push everything else off the card.
 */
export function foldActivity<At = Date>(
  rows: { action: string; actorName: string | null; createdAt: At; details: unknown }[],
  limit = RECENT_ACTIVITY,
): FoldedEntry<At>[] {
  const folded: FoldedEntry<At>[] = [];
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

/** How the team and the activity cross in the one statement: JSON, with times as ISO text. */
interface TeamJson extends Omit<TeamMember, "lastLoginAt"> {
  lastLoginAt: string | null;
}
interface ActivityJson {
  action: string;
  actorName: string | null;
  createdAt: string;
  details: unknown;
}

/** The span whose registered patients the owner's figures count. */
export interface RegisteredBetween {
  from: Date;
  to: Date;
}

/**
 * The owner's dashboard reads this on every load: the plan, the team, the
 * newest activity and, when the figures show it, the day's new patients in
 * one statement (one round trip, not four), built once per shape and run
 * with the clinic's id. The clinic's newest log entries are taken from the
 * log alone and only then joined to their actors: joining first made every
 * load read, join and sort the clinic's whole history. Of an entry's details
 * only what `foldActivity` reads crosses (a sign-in's address and browser
 * would be most of the bytes).
 */
const overviewQueries = preparedPerDatabase((db) => {
  const build = (withNewPatients: boolean) =>
    db.select({
      trialStartedAt: clinics.trialStartedAt,
      planId: subscriptionPlans.id,
      planName: subscriptionPlans.name,
      priceMinor: subscriptionPlans.priceMinor,
      currency: subscriptionPlans.currency,
      team: sql<TeamJson[]>`(
      select coalesce(json_agg(json_build_object(
        'name', ${users.name}, 'email', ${users.email}, 'role', ${clinicMembers.role},
        'status', ${clinicMembers.status}, 'lastLoginAt', ${users.lastLoginAt}
      ) order by array_position(array['owner','admin','doctor','nurse','reception'], ${clinicMembers.role}),
        ${users.name} asc), '[]'::json)
      from ${clinicMembers} inner join ${users} on ${users.id} = ${clinicMembers.userId}
      where ${clinicMembers.clinicId} = ${clinics.id})`,
      activity: sql<ActivityJson[]>`(
      select coalesce(json_agg(json_build_object(
        'action', recent.action, 'actorName', ${users.name},
        'createdAt', recent.created_at,
        'details', json_build_object('to', recent.details -> 'to')
      ) order by recent.created_at desc, recent.id desc), '[]'::json)
      from (
        select id, action, actor_user_id, created_at, details from ${activityLog}
        where ${activityLog.clinicId} = ${clinics.id}
        order by created_at desc, id desc limit ${sql.raw(String(ACTIVITY_WINDOW))}
      ) recent left join ${users} on ${users.id} = recent.actor_user_id)`,
      newPatients: withNewPatients
        ? sql<number>`(
      select count(*) from ${patients}
      where ${patients.clinicId} = ${clinics.id}
        and ${patients.createdAt} >= ${sql.placeholder("from")}
        and ${patients.createdAt} < ${sql.placeholder("to")})`.mapWith(Number)
        : sql<null>`null`,
    }).from(clinics).innerJoin(subscriptionPlans, eq(subscriptionPlans.id, clinics.planId))
      .where(eq(clinics.id, sql.placeholder("clinicId")))
      .prepare(withNewPatients ? "dashboard_overview_new_patients" : "dashboard_overview");
  return { plain: build(false), withNewPatients: build(true) };
});

/**
 * The clinic's plan, team and folded activity; with `registered`, also how
 * many patients it registered in that span (otherwise `newPatients` is null).
 */
export async function clinicOverview(
  db: Db,
  clinicId: string,
  registered?: RegisteredBetween,
): Promise<ClinicOverview & { newPatients: number | null }> {
  const queries = overviewQueries(db);
  // Placeholders skip the column's encoder, and drizzle's postgres.js client takes no Date.
  const [clinic] = registered
    ? await queries.withNewPatients.execute({
      clinicId,
      from: registered.from.toISOString(),
      to: registered.to.toISOString(),
    })
    : await queries.plain.execute({ clinicId });
  return {
    plan: {
      id: clinic.planId,
      name: clinic.planName,
      priceMinor: clinic.priceMinor,
      currency: clinic.currency,
    },
    trialStartedAt: clinic.trialStartedAt,
    team: clinic.team.map((member) => ({
      ...member,
      lastLoginAt: member.lastLoginAt === null ? null : new Date(member.lastLoginAt),
    })),
    // Folded first, so only the dates of the entries shown are parsed.
    activity: foldActivity(clinic.activity).map((entry) => ({
      ...entry,
      createdAt: new Date(entry.createdAt),
    })),
    newPatients: clinic.newPatients,
  };
}
