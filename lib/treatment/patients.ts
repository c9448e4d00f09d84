/** The patient facts treatment plans read: is it the clinic's, how old, which tags. */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { patients } from "../db/schema.ts";
import { isUuid } from "../ids.ts";
import { notFound } from "../errors.ts";

export async function patientInClinic(
  db: Db,
  clinicId: string,
  patientId: string,
): Promise<boolean> {
  if (!isUuid(patientId)) return false;
  const [row] = await db.select({ id: patients.id }).from(patients)
    .where(and(eq(patients.clinicId, clinicId), eq(patients.id, patientId)));
  return !!row;
}

export async function planPatient(db: Db, clinicId: string, patientId: string) {
  if (!isUuid(patientId)) throw notFound("Patient not found");
  const [row] = await db.select({
    id: patients.id,
    fullName: patients.fullName,
    mrn: patients.mrn,
    dateOfBirth: patients.dateOfBirth,
    email: patients.email,
  }).from(patients).where(and(eq(patients.clinicId, clinicId), eq(patients.id, patientId)));
  if (!row) throw notFound("Patient not found");
  return row;
}
