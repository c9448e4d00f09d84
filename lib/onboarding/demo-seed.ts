/**
 * Onboarding demo data: two clinics waiting in the superadmin's applications
 * queue, and Demo Dental (an established, paying clinic) past its checklist,
 * while Second Smile, on its trial, still works through it.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinicApplications, clinics, staffInvitations } from "../db/schema.ts";
import { encryptPhi } from "../crypto/phi.ts";

const DEMO_APPLICATIONS = [
  {
    clinicName: "Bright Smile Dental",
    city: "Lahore",
    ownerName: "Dr. Imran Qureshi",
    email: "imran@brightsmile.test",
    phone: "+923001112233",
    daysAgo: 2,
  },
  {
    clinicName: "Karachi Family Dentistry",
    city: "Karachi",
    ownerName: "Dr. Nadia Rehman",
    email: "nadia@kfd.test",
    phone: "+923214455667",
    daysAgo: 0,
  },
];

export async function seedDemoOnboarding(
  db: Db,
  clinicIds: Map<string, string>,
  encryptionKey: string | undefined,
): Promise<void> {
  const demoDental = clinicIds.get("demo-dental");
  if (demoDental) {
    await db.update(clinics).set({
      onboardingCompletedAt: sql`coalesce(${clinics.onboardingCompletedAt}, now())`,
    })
      .where(eq(clinics.id, demoDental));
  }
  if (demoDental) {
    // A doctor invited days ago who has not set up the account: Resend shows on the Staff list.
    // The stored hash matches no link; a resend issues a working one.
    const day = 86_400_000;
    await db.insert(staffInvitations).values({
      clinicId: demoDental,
      email: "new.doctor@demo-dental.test",
      role: "doctor",
      tokenHash: `demo-${crypto.randomUUID()}`,
      createdAt: new Date(Date.now() - 3 * day),
      lastSentAt: new Date(Date.now() - 3 * day),
      expiresAt: new Date(Date.now() + 4 * day),
    }).onConflictDoNothing();
  }
  if (!encryptionKey) return;
  for (const { phone, daysAgo, ...application } of DEMO_APPLICATIONS) {
    await db.insert(clinicApplications).values({
      ...application,
      phoneSealed: await encryptPhi(encryptionKey, phone),
      createdAt: new Date(Date.now() - daysAgo * 86_400_000 - 3 * 3_600_000),
    }).onConflictDoNothing();
  }
}
