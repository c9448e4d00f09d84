/**
 * The onboarding checklist a new clinic's owner and admins see on the
 * dashboard. Each milestone is read from the data itself (there is no box to
 * tick by hand), all in one statement; once every one is done the clinic is
 * marked complete and the checklist is never computed or shown again.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  appointments,
  clinicMembers,
  clinics,
  clinicWorkingHours,
  patients,
  staffInvitations,
} from "../db/schema.ts";
import { publishAccessChange } from "../events/publish.ts";

export const MILESTONE_KEYS = ["logo", "team", "workingHours", "patient", "appointment"] as const;
export type MilestoneKey = typeof MILESTONE_KEYS[number];

export interface Milestone {
  key: MilestoneKey;
  done: boolean;
}

const exists = (query: ReturnType<typeof sql>) => sql<boolean>`exists (${query})`;

/** Where the clinic stands on each milestone, in checklist order. */
export async function onboardingMilestones(db: Db, clinicId: string): Promise<Milestone[]> {
  const [row] = await db.select({
    logo: sql<boolean>`${clinics.logoFileId} is not null`,
    // Someone besides the owner joined, or was at least invited.
    team: sql<boolean>`${
      exists(
        sql`select 1 from ${staffInvitations} where ${staffInvitations.clinicId} = ${clinics.id}
        and ${staffInvitations.role} <> 'owner'`,
      )
    } or ${
      exists(sql`select 1 from ${clinicMembers} where ${clinicMembers.clinicId} = ${clinics.id}
        and ${clinicMembers.role} <> 'owner'`)
    }`,
    workingHours: exists(
      sql`select 1 from ${clinicWorkingHours} where ${clinicWorkingHours.clinicId} = ${clinics.id}`,
    ),
    patient: exists(sql`select 1 from ${patients} where ${patients.clinicId} = ${clinics.id}`),
    appointment: exists(
      sql`select 1 from ${appointments} where ${appointments.clinicId} = ${clinics.id}`,
    ),
  }).from(clinics).where(eq(clinics.id, clinicId));
  if (!row) return [];
  return MILESTONE_KEYS.map((key) => ({ key, done: Boolean(row[key]) }));
}

/**
 * Marks the checklist done for good. Later data changes (a patient deleted,
 * the logo removed) do not bring it back: it is a welcome, not a monitor.
 */
export async function completeOnboarding(db: Db, clinicId: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const done = await tx.update(clinics).set({ onboardingCompletedAt: now })
      .where(and(eq(clinics.id, clinicId), isNull(clinics.onboardingCompletedAt)))
      .returning({ id: clinics.id });
    // Members' cached view of the clinic carries the flag the dashboard reads.
    if (done.length) await publishAccessChange(tx, { clinicId });
  });
}

/**
 * The checklist to show on a dashboard, or null: none for a clinic that
 * finished it, and none from the moment the last milestone is reached.
 */
export async function onboardingTrail(
  db: Db,
  clinic: { id: string; onboardingCompletedAt: Date | null },
  now: Date,
): Promise<Milestone[] | null> {
  if (clinic.onboardingCompletedAt) return null;
  const milestones = await onboardingMilestones(db, clinic.id);
  if (milestones.every((m) => m.done)) {
    await completeOnboarding(db, clinic.id, now);
    return null;
  }
  return milestones;
}
