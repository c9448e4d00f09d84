/**
 * Demo data for plans and referrals: Demo Dental's move to Pro in its plan history, and two
 * clinics it referred, so the Referrals page and the superadmin's list are not empty.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { planChanges, referrals, users } from "../db/schema.ts";
import { encryptPhi } from "../crypto/phi.ts";

const DAY_MS = 86_400_000;

export async function seedDemoPlansAndReferrals(
  db: Db,
  clinicIds: Map<string, string>,
  encryptionKey: string,
  now = new Date(),
): Promise<void> {
  const demo = clinicIds.get("demo-dental");
  if (!demo) return;
  const existing = await db.select({ id: referrals.id }).from(referrals)
    .where(eq(referrals.referrerClinicId, demo)).limit(1);
  if (existing.length) return;
  const [admin] = await db.select({ id: users.id }).from(users)
    .where(eq(users.email, "superadmin@odontox.test"));
  await db.insert(planChanges).values({
    clinicId: demo,
    changedBy: admin?.id ?? null,
    fromPlanId: "free",
    toPlanId: "pro",
    fromBillingPeriod: "monthly",
    toBillingPeriod: "monthly",
    note: "Upgraded at the end of the trial; owner wants lab cases and inventory.",
    createdAt: new Date(now.getTime() - 40 * DAY_MS),
  });
  await db.insert(referrals).values([
    {
      referrerClinicId: demo,
      clinicName: "Gulberg Family Dentistry",
      city: "Lahore",
      contactName: "Dr Hina Malik",
      email: "hina@gulberg-dentistry.test",
      phoneEnc: await encryptPhi(encryptionKey, "+923214567890"),
      status: "signed_up",
      createdAt: new Date(now.getTime() - 21 * DAY_MS),
    },
    {
      referrerClinicId: demo,
      clinicName: "Clifton Dental Studio",
      city: "Karachi",
      contactName: "Dr Omar Siddiqui",
      email: "omar@clifton-dental.test",
      phoneEnc: await encryptPhi(encryptionKey, "+923331234567"),
      createdAt: new Date(now.getTime() - 3 * DAY_MS),
    },
  ]);
}
