/**
 * What a signed-in principal's requests are decided on: their account, their
 * active membership of the session's clinic, and their effective access
 * there. Read in one statement, since every signed-in request that misses
 * the principal cache needs all three.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { preparedPerDatabase } from "../db/prepared.ts";
import { clinicMembers, clinics, users } from "../db/schema.ts";
import { type Access, accessColumns, accessFrom } from "../permissions/access.ts";
import type { Account, Membership } from "./accounts.ts";
import type { SubscriptionFacts } from "../subscriptions/state.ts";

/**
 * What every page of a clinic shows or decides on beyond access: its
 * subscription (the trial badge, the read-only state), its logo and whether
 * its onboarding checklist is done. Kept with the principal, so none of
 * them costs a query on a warm request.
 */
export interface ClinicState extends SubscriptionFacts {
  logoFileId: string | null;
  onboardingCompletedAt: Date | null;
}

export interface PrincipalFacts {
  account: Account;
  /** Null for a superadmin outside any clinic, or someone no longer an active member. */
  membership: Membership | null;
  access: Access | null;
  /** Null exactly when `membership` is. */
  clinicState: ClinicState | null;
}

const principalRow = preparedPerDatabase((db) =>
  db.select({
    account: {
      id: users.id,
      email: users.email,
      name: users.name,
      passwordHash: users.passwordHash,
      isSuperadmin: users.isSuperadmin,
      lastLoginAt: users.lastLoginAt,
    },
    clinic: {
      id: clinics.id,
      name: clinics.name,
      slug: clinics.slug,
      timeZone: clinics.timeZone,
      subscriptionStatus: clinics.subscriptionStatus,
      trialStartedAt: clinics.trialStartedAt,
      logoFileId: clinics.logoFileId,
      onboardingCompletedAt: clinics.onboardingCompletedAt,
    },
    access: accessColumns(),
  })
    .from(users)
    .leftJoin(
      clinicMembers,
      and(
        eq(clinicMembers.userId, users.id),
        eq(clinicMembers.clinicId, sql.placeholder("clinicId")),
        eq(clinicMembers.status, "active"),
      ),
    )
    .leftJoin(clinics, eq(clinics.id, clinicMembers.clinicId))
    .where(eq(users.id, sql.placeholder("userId")))
    .prepare("principal_facts")
);

/** Null when the account no longer exists. */
export async function loadPrincipalFacts(
  db: Db,
  userId: string,
  clinicId: string | null,
): Promise<PrincipalFacts | null> {
  const [row] = await principalRow(db).execute({ userId, clinicId });
  if (!row) return null;
  const { account, clinic, access } = row;
  const role = access?.role;
  const planId = access?.planId;
  if (!clinic || !access || !role || !planId) {
    return { account, membership: null, access: null, clinicState: null };
  }
  return {
    account,
    membership: {
      clinicId: clinic.id,
      clinicName: clinic.name,
      clinicSlug: clinic.slug,
      timeZone: clinic.timeZone,
      planId,
      role,
    },
    access: accessFrom(clinic.id, { ...access, role, planId }),
    clinicState: {
      subscriptionStatus: clinic.subscriptionStatus,
      trialStartedAt: clinic.trialStartedAt,
      logoFileId: clinic.logoFileId,
      onboardingCompletedAt: clinic.onboardingCompletedAt,
    },
  };
}
