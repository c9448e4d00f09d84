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

/** Entries the dashboard lists, after runs are folded. */
const RECENT_ACTIVITY = 8;
/** Entries read to fill them. */
const ACTIVITY_WINDOW = 80;

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
interface ActivityJson extends Omit<ActivityEntry, "createdAt" | "status"> {
  status: string | null;
  createdAt: string;
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
 * The clinic's newest log entries with runs of the same person doing the
 * same thing (newest first) folded into one entry with a count, so a front
 * desk confirming a dozen appointments or signing in again and again does not
 * push everything else off the card: at most `RECENT_ACTIVITY` runs, out of
 * the newest `ACTIVITY_WINDOW` entries. A status change's new status is part
 * of what it did. The entries are taken from the log alone and only then
 * joined to their actors: joining first made every load read, join and sort
 * the clinic's whole history. Folding here sends the card's few lines, not
 * the window's rows and their details, to be folded in JavaScript.
 */
const foldedActivity = sql`
      select coalesce(json_agg(json_build_object(
        'action', folded.action, 'status', folded.status, 'actorName', folded.actor_name,
        'createdAt', folded.created_at, 'count', folded.count
      ) order by folded.run), '[]'::json)
      from (
        select run, action, status, actor_name, max(created_at) as created_at, count(*)::int as count
        from (
          select action, status, actor_name, created_at,
            count(*) filter (where starts) over (order by n) as run
          from (
            select n, action, status, actor_name, created_at,
              (action, status, actor_name) is distinct from
                (lag(action) over w, lag(status) over w, lag(actor_name) over w) as starts
            from (
              select row_number() over (order by recent.created_at desc, recent.id desc) as n,
                recent.action, recent.created_at, ${users.name} as actor_name,
                case when recent.action = 'appointments.status_changed'
                  and jsonb_typeof(recent.details -> 'to') = 'string'
                  then recent.details ->> 'to' end as status
              from (
                select id, action, actor_user_id, created_at, details from ${activityLog}
                where ${activityLog.clinicId} = ${clinics.id}
                order by created_at desc, id desc limit ${sql.raw(String(ACTIVITY_WINDOW))}
              ) recent left join ${users} on ${users.id} = recent.actor_user_id
            ) numbered
            window w as (order by n)
          ) marked
        ) runs
        where run <= ${sql.raw(String(RECENT_ACTIVITY))}
        group by run, action, status, actor_name
      ) folded`;

/**
 * The owner's dashboard reads this on every load: the plan, the team, the
 * newest activity and, when the figures show them, the day's new patients
 * and appointment tallies, in one statement (one round trip, not five),
 * built once per shape and run with the clinic's id.
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
      activity: shape.overview ? sql<ActivityJson[]>`(${foldedActivity})` : sql<null>`null`,
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
        activity: clinic.activity!.map(({ status, createdAt, ...entry }) => ({
          ...entry,
          ...(status === null ? {} : { status }),
          createdAt: new Date(createdAt),
        })),
      }
      : undefined,
    newPatients: clinic.newPatients,
    appointments: tallies && TALLY_ORDER.map((tally, i) => ({ ...tally, count: tallies[i] })),
  };
}
