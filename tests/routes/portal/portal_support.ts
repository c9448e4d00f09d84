/** Shared steps of the portal tests: a patient's sign-in and demo rows to point at. */
import { and, eq, ne } from "drizzle-orm";
import type { Db } from "../../../lib/db/client.ts";
import { appointments, clinics, patients } from "../../../lib/db/schema.ts";
import { DEMO_PORTAL_EMAIL } from "../../../lib/portal/demo-seed.ts";
import { CookieJar } from "../../support/cookie-jar.ts";
import type { TestApp } from "../../support/test-app.ts";

export { DEMO_PORTAL_EMAIL };

/** Signs in to the portal through its form; the jar then holds the patient cookie. */
export async function portalSignIn(
  app: TestApp,
  email = DEMO_PORTAL_EMAIL,
  password = "demo-password",
): Promise<CookieJar> {
  const jar = new CookieJar();
  const res = await app.request("/portal/login", {
    method: "POST",
    jar,
    body: new URLSearchParams({ email, password }),
  });
  await res.body?.cancel();
  if (res.status !== 303) throw new Error(`portal sign-in failed: ${res.status}`);
  return jar;
}

export async function clinicId(db: Db, slug: string): Promise<string> {
  const [row] = await db.select({ id: clinics.id }).from(clinics).where(eq(clinics.slug, slug));
  return row.id;
}

export async function patientByEmail(db: Db, email: string) {
  const [row] = await db.select().from(patients).where(eq(patients.email, email));
  return row;
}

let minutesAhead = 0;

/**
 * A scheduled appointment for `patientId`, weeks past the demo book so it
 * meets nobody, on the doctor and room of one of the clinic's own visits.
 */
export async function bookFutureAppointment(
  db: Db,
  input: { clinicId: string; patientId: string; daysAhead?: number },
): Promise<string> {
  const [template] = await db.select().from(appointments)
    .where(eq(appointments.clinicId, input.clinicId)).limit(1);
  minutesAhead += 120;
  const startsAt = new Date(
    Date.now() + (input.daysAhead ?? 60) * 86_400_000 + minutesAhead * 60_000,
  );
  const [row] = await db.insert(appointments).values({
    clinicId: input.clinicId,
    patientId: input.patientId,
    doctorId: template.doctorId,
    operatoryId: template.operatoryId,
    startsAt,
    durationMinutes: 30,
    type: "Check-up",
    status: "scheduled",
  }).returning({ id: appointments.id });
  return row.id;
}

/** Any appointment of another patient of the clinic. */
export async function someoneElsesAppointment(db: Db, clinicId: string, patientId: string) {
  const [row] = await db.select({ id: appointments.id }).from(appointments)
    .where(and(eq(appointments.clinicId, clinicId), ne(appointments.patientId, patientId)))
    .limit(1);
  return row.id;
}
