/**
 * Demo data: `deno task seed`, and the first start on an empty database
 * (outside production). Idempotent: rows that exist are left alone. Later
 * modules add their own demo rows here.
 */
import { sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { clinicMembers, clinics, type StaffRole, users } from "./schema.ts";
import { hashPassword } from "../auth/passwords.ts";
import { seedDemoAppointments } from "../appointments/demo.ts";
import { seedDemoPatients } from "../patients/demo.ts";
import { seedDemoInventory } from "../inventory/demo.ts";
import { seedDemoTreatment } from "../treatment/demo.ts";
import { seedDemoErrorLogs } from "../observability/demo-seed.ts";
import { seedDemoLabCases } from "../lab/demo.ts";
import { seedDemoPlansAndReferrals } from "../subscriptions/demo-seed.ts";
import { seedDemoPlatformInvoices } from "../platform-billing/demo-seed.ts";
import { seedDemoPortal } from "../portal/demo-seed.ts";
import { seedDemoPlatform } from "../admin/demo-seed.ts";
import { seedDemoOnboarding } from "../onboarding/demo-seed.ts";
import { seedDemoFinance } from "../finance/demo-seed.ts";
import { seedDemoReport } from "../reports/demo-seed.ts";

export const DEMO_PASSWORD = "demo-password";

interface DemoAccount {
  email: string;
  name: string;
  label: string;
  clinic?: "demo-dental" | "second-smile";
  role?: StaffRole;
  superadmin?: boolean;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    email: "superadmin@odontox.test",
    name: "Sana Platform",
    label: "Superadmin",
    superadmin: true,
  },
  {
    email: "owner@demo-dental.test",
    name: "Dr. Ayesha Khan",
    label: "Demo Dental · owner",
    clinic: "demo-dental",
    role: "owner",
  },
  {
    email: "doctor@demo-dental.test",
    name: "Dr. Bilal Ahmed",
    label: "Demo Dental · doctor",
    clinic: "demo-dental",
    role: "doctor",
  },
  {
    email: "nurse@demo-dental.test",
    name: "Hina Malik",
    label: "Demo Dental · nurse",
    clinic: "demo-dental",
    role: "nurse",
  },
  {
    email: "reception@demo-dental.test",
    name: "Usman Tariq",
    label: "Demo Dental · reception",
    clinic: "demo-dental",
    role: "reception",
  },
  {
    email: "owner@second-smile.test",
    name: "Dr. Farah Siddiqui",
    label: "Second Smile · owner",
    clinic: "second-smile",
    role: "owner",
  },
];

const DEMO_CLINICS = [
  {
    slug: "demo-dental",
    name: "Demo Dental",
    ownerEmail: "owner@demo-dental.test",
    planId: "pro",
    // A paying clinic, so the demo never runs into the end of a trial.
    subscriptionStatus: "active" as const,
    subscribedAt: new Date("2026-06-01T00:00:00Z"),
  },
  {
    slug: "second-smile",
    name: "Second Smile",
    ownerEmail: "owner@second-smile.test",
    planId: "free",
  },
];

export async function hasAnyUser(db: Db): Promise<boolean> {
  const rows = await db.execute(sql`select exists (select 1 from users) as present`);
  const first = (Array.isArray(rows) ? rows[0] : (rows as { rows: unknown[] }).rows[0]) as {
    present: boolean;
  };
  return first.present;
}

export interface SeedOptions {
  /** `ENCRYPTION_KEY`, to seal demo patients' phone numbers; without it no patients are added. */
  encryptionKey?: string;
  /**
   * The demo accounts' stored hash of the demo password, made here when absent. Test
   * databases pass one with cheap argon2 parameters: a test run signs in thousands of times.
   */
  passwordHash?: string;
}

export async function seedDemoData(
  db: Db,
  options: SeedOptions = {},
): Promise<{ users: number; clinics: number }> {
  // One hash for every demo account: argon2id is deliberately slow.
  const passwordHash = options.passwordHash ?? await hashPassword(DEMO_PASSWORD);
  return await db.transaction(async (tx) => {
    const clinicIds = new Map<string, string>();
    for (const clinic of DEMO_CLINICS) {
      await tx.insert(clinics).values(clinic).onConflictDoNothing({ target: clinics.slug });
      const [row] = await tx.select({ id: clinics.id }).from(clinics).where(
        sql`${clinics.slug} = ${clinic.slug}`,
      );
      clinicIds.set(clinic.slug, row.id);
    }
    for (const account of DEMO_ACCOUNTS) {
      await tx.insert(users).values({
        email: account.email,
        name: account.name,
        passwordHash,
        isSuperadmin: account.superadmin ?? false,
      }).onConflictDoNothing({ target: users.email });
      if (!account.clinic || !account.role) continue;
      const [user] = await tx.select({ id: users.id }).from(users).where(
        sql`${users.email} = ${account.email}`,
      );
      await tx.insert(clinicMembers).values({
        clinicId: clinicIds.get(account.clinic)!,
        userId: user.id,
        role: account.role,
        status: "active",
      }).onConflictDoNothing();
    }
    if (options.encryptionKey) {
      await seedDemoPatients(tx as unknown as Db, clinicIds, options.encryptionKey);
    }
    await seedDemoAppointments(tx as unknown as Db, clinicIds);
    await seedDemoInventory(tx as unknown as Db, clinicIds.get("demo-dental")!);
    await seedDemoTreatment(tx as unknown as Db, clinicIds);
    await seedDemoErrorLogs(tx as unknown as Db, clinicIds);
    if (options.encryptionKey) {
      await seedDemoLabCases(tx as unknown as Db, clinicIds, options.encryptionKey);
      await seedDemoPlansAndReferrals(tx as unknown as Db, clinicIds, options.encryptionKey);
    }
    await seedDemoPlatformInvoices(tx as unknown as Db, clinicIds);
    await seedDemoPortal(tx as unknown as Db, clinicIds, passwordHash);
    await seedDemoPlatform(tx as unknown as Db, { passwordHash, now: new Date() });
    await seedDemoOnboarding(tx as unknown as Db, clinicIds, options.encryptionKey);
    await seedDemoFinance(tx as unknown as Db, clinicIds.get("demo-dental")!);
    await seedDemoReport(tx as unknown as Db, clinicIds.get("demo-dental")!);
    return { users: DEMO_ACCOUNTS.length, clinics: DEMO_CLINICS.length };
  });
}
