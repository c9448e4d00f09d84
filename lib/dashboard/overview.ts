/** The figures on a clinic's landing dashboard (the platform's are in lib/admin/overview-figures.ts). */
import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { preparedPerShape } from "../db/prepared.ts";
import {
  activityLog,
  APPOINTMENT_STATUSES,
  appointments,
  clinicMembers,
  clinics,
  patients,
  subscriptionPlans,
  users,
} from "../db/schema.ts";
import type { StatusCount } from "./day-summary.ts";

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

/** The clinic's day, whose new patients and appointments the owner's figures count. */
export interface DaySpan {
  from: Date;
  to: Date;
  /** Appointments starting by then count as started. */
  now: Date;
}

/** What one owner's-dashboard statement reads besides the plan, team and activity. */
export interface OverviewShape {
  /** The plan, the team and the recent activity. */
  overview: boolean;
  /** How many patients the clinic registered in the day. */
  newPatients: boolean;
  /** How many of the day's appointments are in each status, and whether their time has come. */
  appointments: boolean;
}

/**
 * The day's appointments tallied in one pass, by status (the schema's) and by whether their time
 * has come as of the `now` placeholder: filtered counts in `TALLY_ORDER`. Grouping and sorting
 * them instead cost PGlite more than all the figures' arithmetic.
 */
const TALLY_ORDER = APPOINTMENT_STATUSES.flatMap((status) =>
  [true, false].map((started) => ({ status, started }))
);
const TALLIES = TALLY_ORDER.map(({ status, started }) =>
  `count(*) filter (where day.status = '${status}' and ${started ? "" : "not "}day.started)`
).join(", ");

/**
 * The owner's dashboard reads this on every load: the plan, the team, the
 * newest activity and, when the figures show them, the day's new patients
 * and appointment tallies, in one statement (one round trip, not five),
 * built once per shape and run with the clinic's id.
 * The clinic's newest log entries are taken from the log alone and only then
 * joined to their actors: joining first made every load read, join and sort
 * the clinic's whole history. Of an entry's details only what `foldActivity`
 * reads crosses (a sign-in's address and browser would be most of the bytes).
 * The figures need only counts by status and by whether the time has come,
 * so a clinic with a hundred visits a day does not send a hundred named rows
 * to count them.
 */
const overviewQueries = preparedPerShape(
  (shape: OverviewShape) => `${+shape.overview}${+shape.newPatients}${+shape.appointments}`,
  (db, shape, key) =>
    db.select({
      trialStartedAt: clinics.trialStartedAt,
      planId: subscriptionPlans.id,
      planName: subscriptionPlans.name,
      priceMinor: subscriptionPlans.priceMinor,
      currency: subscriptionPlans.currency,
      team: shape.overview
        ? sql<TeamJson[]>`(
      select coalesce(json_agg(json_build_object(
        'name', ${users.name}, 'email', ${users.email}, 'role', ${clinicMembers.role},
        'status', ${clinicMembers.status}, 'lastLoginAt', ${users.lastLoginAt}
      ) order by array_position(array['owner','admin','doctor','nurse','reception'], ${clinicMembers.role}),
        ${users.name} asc), '[]'::json)
      from ${clinicMembers} inner join ${users} on ${users.id} = ${clinicMembers.userId}
      where ${clinicMembers.clinicId} = ${clinics.id})`
        : sql<null>`null`,
      activity: shape.overview
        ? sql<ActivityJson[]>`(
      select coalesce(json_agg(json_build_object(
        'action', recent.action, 'actorName', ${users.name},
        'createdAt', recent.created_at,
        'details', json_build_object('to', recent.details -> 'to')
      ) order by recent.created_at desc, recent.id desc), '[]'::json)
      from (
        select id, action, actor_user_id, created_at, details from ${activityLog}
        where ${activityLog.clinicId} = ${clinics.id}
        order by created_at desc, id desc limit ${sql.raw(String(ACTIVITY_WINDOW))}
      ) recent left join ${users} on ${users.id} = recent.actor_user_id)`
        : sql<null>`null`,
      newPatients: shape.newPatients
        ? sql<number>`(
      select count(*) from ${patients}
      where ${patients.clinicId} = ${clinics.id}
        and ${patients.createdAt} >= ${sql.placeholder("from")}
        and ${patients.createdAt} < ${sql.placeholder("to")})`.mapWith(Number)
        : sql<null>`null`,
      appointments: shape.appointments
        ? sql<number[]>`(
      select json_build_array(${sql.raw(TALLIES)})
      from (
        select ${appointments.status} as status,
          ${appointments.startsAt} <= ${sql.placeholder("now")} as started
        from ${appointments}
        where ${appointments.clinicId} = ${clinics.id}
          and ${appointments.startsAt} >= ${sql.placeholder("from")}
          and ${appointments.startsAt} < ${sql.placeholder("to")}
      ) day)`
        : sql<null>`null`,
    }).from(clinics).innerJoin(subscriptionPlans, eq(subscriptionPlans.id, clinics.planId))
      .where(eq(clinics.id, sql.placeholder("clinicId")))
      .prepare(`dashboard_overview_${key}`),
);

export interface DayOverview {
  /** Present when the shape asked for the overview. */
  overview?: ClinicOverview;
  /** Null unless the shape asked for it. */
  newPatients: number | null;
  /** Null unless the shape asked for them. */
  appointments: StatusCount[] | null;
}

/**
 * What the owner's panels read of the clinic, in one statement: its plan,
 * team and folded activity, and of the day `span`, the patients registered
 * and the appointments counted by status as of `span.now`, each as `shape`
 * asks.
 */
export async function dayOverview(
  db: Db,
  clinicId: string,
  shape: OverviewShape,
  span: DaySpan,
): Promise<DayOverview> {
  // Placeholders skip the column's encoder, and drizzle's postgres.js client takes no Date.
  const [clinic] = await overviewQueries(db)(shape).execute({
    clinicId,
    ...(shape.newPatients || shape.appointments
      ? { from: span.from.toISOString(), to: span.to.toISOString() }
      : {}),
    ...(shape.appointments ? { now: span.now.toISOString() } : {}),
  });
  const tallies = clinic.appointments;
  return {
    overview: shape.overview
      ? {
        plan: {
          id: clinic.planId,
          name: clinic.planName,
          priceMinor: clinic.priceMinor,
          currency: clinic.currency,
        },
        trialStartedAt: clinic.trialStartedAt,
        team: clinic.team!.map((member) => ({
          ...member,
          lastLoginAt: member.lastLoginAt === null ? null : new Date(member.lastLoginAt),
        })),
        // Folded first, so only the dates of the entries shown are parsed.
        activity: foldActivity(clinic.activity!).map((entry) => ({
          ...entry,
          createdAt: new Date(entry.createdAt),
        })),
      }
      : undefined,
    newPatients: clinic.newPatients,
    appointments: tallies && TALLY_ORDER.map((tally, i) => ({ ...tally, count: tallies[i] })),
  };
}
