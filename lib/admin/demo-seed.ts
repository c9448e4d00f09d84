/**
 * Demo clinics for the superadmin's Overview and Revenue tabs: one of each
 * subscription state — paying monthly and annually, a trial ending this
 * week, one whose clock has not started, one run out, one suspended — and a
 * test account that every figure must leave out. Each has an owner who can
 * sign in with the demo password, and one clinic has a pending invitation.
 * Dates are relative to `now`, so the overview looks alive whenever the
 * database is seeded. Idempotent: existing clinics and accounts are kept.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinicMembers, clinics, staffInvitations, users } from "../db/schema.ts";
import type { BillingPeriod, SubscriptionStatus } from "../subscriptions/state.ts";
import { INVITATION_TTL_MS } from "../staff/invitations.ts";

const DAY_MS = 86_400_000;

interface DemoPlatformClinic {
  slug: string;
  name: string;
  owner: { email: string; name: string; lastLoginDaysAgo: number | null };
  planId: "free" | "pro" | "pro_plus";
  status: SubscriptionStatus;
  billingPeriod?: BillingPeriod;
  createdDaysAgo: number;
  trialStartedDaysAgo?: number;
  subscribedDaysAgo?: number;
  isTestAccount?: boolean;
}

export const DEMO_PLATFORM_CLINICS: DemoPlatformClinic[] = [
  {
    slug: "indus-smiles",
    name: "Indus Smiles",
    owner: { email: "owner@indus-smiles.test", name: "Dr. Kamran Javed", lastLoginDaysAgo: 1 },
    planId: "pro",
    status: "active",
    billingPeriod: "monthly",
    createdDaysAgo: 290,
    trialStartedDaysAgo: 288,
    subscribedDaysAgo: 274,
  },
  {
    slug: "karachi-dental-care",
    name: "Karachi Dental Care",
    owner: { email: "owner@karachi-dental.test", name: "Dr. Sadia Rehman", lastLoginDaysAgo: 3 },
    planId: "pro_plus",
    status: "active",
    billingPeriod: "annual",
    createdDaysAgo: 170,
    trialStartedDaysAgo: 168,
    subscribedDaysAgo: 154,
  },
  {
    slug: "lahore-family-dentistry",
    name: "Lahore Family Dentistry",
    owner: { email: "owner@lahore-family.test", name: "Dr. Omar Latif", lastLoginDaysAgo: 0 },
    planId: "pro",
    status: "trial",
    createdDaysAgo: 11,
    // With the default 14-day trial: four days left, so it shows under "ending soon".
    trialStartedDaysAgo: 10,
  },
  {
    slug: "margalla-dental-studio",
    name: "Margalla Dental Studio",
    // Approved, never signed in: the trial clock has not started.
    owner: { email: "owner@margalla-dental.test", name: "Dr. Zainab Noor", lastLoginDaysAgo: null },
    planId: "pro",
    status: "trial",
    createdDaysAgo: 2,
  },
  {
    slug: "clifton-orthodontics",
    name: "Clifton Orthodontics",
    owner: { email: "owner@clifton-ortho.test", name: "Dr. Hamza Baig", lastLoginDaysAgo: 19 },
    planId: "pro",
    status: "trial",
    createdDaysAgo: 24,
    trialStartedDaysAgo: 20,
  },
  {
    slug: "peshawar-dental-house",
    name: "Peshawar Dental House",
    owner: { email: "owner@peshawar-dental.test", name: "Dr. Asad Khan", lastLoginDaysAgo: 45 },
    planId: "pro",
    status: "suspended",
    billingPeriod: "monthly",
    createdDaysAgo: 200,
    trialStartedDaysAgo: 199,
    subscribedDaysAgo: 185,
  },
  {
    slug: "qa-sandbox",
    name: "QA Sandbox Clinic",
    owner: { email: "qa@odontox.test", name: "QA Sandbox", lastLoginDaysAgo: 0 },
    planId: "pro_plus",
    status: "active",
    billingPeriod: "monthly",
    createdDaysAgo: 5,
    trialStartedDaysAgo: 5,
    subscribedDaysAgo: 5,
    isTestAccount: true,
  },
];

const ago = (now: Date, days: number | undefined | null) =>
  days === undefined || days === null ? null : new Date(now.getTime() - days * DAY_MS);

export async function seedDemoPlatform(
  tx: Db,
  options: { passwordHash: string; now: Date },
): Promise<void> {
  const { now } = options;
  for (const demo of DEMO_PLATFORM_CLINICS) {
    const [created] = await tx.insert(clinics).values({
      slug: demo.slug,
      name: demo.name,
      ownerEmail: demo.owner.email,
      planId: demo.planId,
      isTestAccount: demo.isTestAccount ?? false,
      subscriptionStatus: demo.status,
      billingPeriod: demo.billingPeriod ?? "monthly",
      trialStartedAt: ago(now, demo.trialStartedDaysAgo),
      subscribedAt: ago(now, demo.subscribedDaysAgo),
      createdAt: ago(now, demo.createdDaysAgo)!,
    }).onConflictDoNothing({ target: clinics.slug }).returning({ id: clinics.id });
    if (!created) continue;
    await tx.insert(users).values({
      email: demo.owner.email,
      name: demo.owner.name,
      passwordHash: options.passwordHash,
      lastLoginAt: ago(now, demo.owner.lastLoginDaysAgo),
    }).onConflictDoNothing({ target: users.email });
    const [owner] = await tx.select({ id: users.id }).from(users)
      .where(eq(users.email, demo.owner.email));
    await tx.insert(clinicMembers).values({
      clinicId: created.id,
      userId: owner.id,
      role: "owner",
      status: "active",
    }).onConflictDoNothing();
    if (demo.slug === "indus-smiles") {
      // Nobody holds this link (a random hash): resending it is how the invitee gets one.
      await tx.insert(staffInvitations).values({
        clinicId: created.id,
        email: "dr.nadia@indus-smiles.test",
        role: "doctor",
        tokenHash: crypto.randomUUID(),
        invitedBy: owner.id,
        createdAt: ago(now, 2)!,
        expiresAt: new Date(ago(now, 2)!.getTime() + INVITATION_TTL_MS),
      });
    }
  }
}
