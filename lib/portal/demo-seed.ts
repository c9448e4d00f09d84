/**
 * Demo data for the patient portal: Demo Dental's patient Muhammad Ali Raza
 * has a portal account (his email on file, the demo password), and both demo
 * clinics have contact details for the portal to show. Idempotent.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { patients } from "../db/schema.ts";
import { clinicContacts, patientAccounts } from "../db/schema/portal.ts";

/** The demo patient's sign-in at /portal/login (password `demo-password`). */
export const DEMO_PORTAL_EMAIL = "ali.raza@example.com";

const CONTACTS: Record<string, { phone: string; email: string; address: string }> = {
  "demo-dental": {
    phone: "+924235761234",
    email: "hello@demo-dental.test",
    address: "12-B Main Boulevard, Gulberg III, Lahore",
  },
  "second-smile": {
    phone: "+922134567890",
    email: "frontdesk@second-smile.test",
    address: "Plot 7, Khayaban-e-Ittehad, DHA Phase 6, Karachi",
  },
};

export async function seedDemoPortal(
  db: Db,
  clinicIds: Map<string, string>,
  passwordHash: string,
): Promise<void> {
  for (const [slug, contact] of Object.entries(CONTACTS)) {
    const clinicId = clinicIds.get(slug);
    if (!clinicId) continue;
    await db.insert(clinicContacts).values({ clinicId, ...contact }).onConflictDoNothing();
  }
  const clinicId = clinicIds.get("demo-dental");
  if (!clinicId) return;
  const [patient] = await db.select({ id: patients.id }).from(patients)
    .where(and(eq(patients.clinicId, clinicId), eq(patients.email, DEMO_PORTAL_EMAIL)));
  if (!patient) return;
  await db.insert(patientAccounts).values({
    clinicId,
    patientId: patient.id,
    email: DEMO_PORTAL_EMAIL,
    passwordHash,
  }).onConflictDoNothing({ target: patientAccounts.patientId });
}
