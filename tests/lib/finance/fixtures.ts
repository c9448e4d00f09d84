/** Invoices the finance tests create in the seeded demo clinics. */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../../lib/db/client.ts";
import { clinics, patients, users } from "../../../lib/db/schema.ts";
import { createInvoice } from "../../../lib/finance/invoices.ts";
import { newInvoiceSchema } from "../../../lib/finance/schemas.ts";

export async function clinicId(db: Db, slug: string): Promise<string> {
  const [clinic] = await db.select({ id: clinics.id }).from(clinics).where(eq(clinics.slug, slug));
  return clinic.id;
}

export async function userId(db: Db, email: string): Promise<string> {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return user.id;
}

export async function patientId(db: Db, clinic: string, fullName: string): Promise<string> {
  const [patient] = await db.select({ id: patients.id }).from(patients)
    .where(and(eq(patients.clinicId, clinic), eq(patients.fullName, fullName)));
  return patient.id;
}

/** An issued invoice of one free-text line worth `totalMinor`. */
export async function testInvoice(
  db: Db,
  clinic: string,
  patient: string,
  totalMinor: number,
  fields: Record<string, unknown> = {},
) {
  return await createInvoice(db, {
    clinicId: clinic,
    actorId: null,
    input: newInvoiceSchema.parse({
      patientId: patient,
      lines: [{
        source: "custom",
        description: "Scaling and polishing",
        unitPriceMinor: totalMinor,
      }],
      ...fields,
    }),
  });
}

export const newKey = () => `pay-${crypto.randomUUID()}`;
