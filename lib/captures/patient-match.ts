/**
 * Which patient a capture belongs to, in this order:
 * 1. the DICOM PatientID tag, matched to an MRN;
 * 2. the device's filename pattern (lib/bridge/filename-pattern.ts);
 * 3. the appointment in the device's operatory at capture time: one in
 *    progress, or one starting within 30 minutes.
 * No match is not an error: the capture waits in the inbox.
 */
import { and, asc, eq, notInArray, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { appointments, type MatchMethod, patients } from "../db/schema.ts";
import { compileFilenamePattern } from "../bridge/filename-pattern.ts";

/** How far ahead an appointment may start and still claim a capture taken now. */
export const APPOINTMENT_LEAD_MINUTES = 30;

export interface PatientMatch {
  patientId: string;
  patientName: string;
  method: Exclude<MatchMethod, "manual">;
  appointmentId: string | null;
}

export interface MatchInput {
  clinicId: string;
  capturedAt: Date;
  fileName: string;
  dicomPatientId: string | null;
  operatoryId: string | null;
  filenamePattern: string | null;
}

async function patientByMrn(db: Db, clinicId: string, mrn: string) {
  const normalised = mrn.trim().toUpperCase();
  if (!/^[A-Z0-9-]{3,32}$/.test(normalised)) return null;
  const [row] = await db.select({ id: patients.id, name: patients.fullName }).from(patients)
    .where(and(eq(patients.clinicId, clinicId), eq(patients.mrn, normalised)));
  return row ?? null;
}

/** The operatory's appointment at `at`: in progress first, then the nearest start. */
export async function appointmentAt(
  db: Db,
  clinicId: string,
  operatoryId: string,
  at: Date,
) {
  const lead = new Date(at.getTime() + APPOINTMENT_LEAD_MINUTES * 60_000);
  const [row] = await db.select({
    id: appointments.id,
    patientId: appointments.patientId,
    patientName: patients.fullName,
  }).from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .where(and(
      eq(appointments.clinicId, clinicId),
      eq(appointments.operatoryId, operatoryId),
      notInArray(appointments.status, ["cancelled", "no_show"]),
      sql`${appointments.startsAt} <= ${lead.toISOString()}::timestamptz`,
      sql`${appointments.startsAt} + make_interval(mins => ${appointments.durationMinutes}) > ${at.toISOString()}::timestamptz`,
    ))
    .orderBy(
      sql`${appointments.status} <> 'in_progress'`,
      sql`abs(extract(epoch from ${appointments.startsAt} - ${at.toISOString()}::timestamptz))`,
      asc(appointments.id),
    )
    .limit(1);
  return row ?? null;
}

export async function matchPatient(db: Db, input: MatchInput): Promise<PatientMatch | null> {
  if (input.dicomPatientId) {
    const patient = await patientByMrn(db, input.clinicId, input.dicomPatientId);
    if (patient) {
      return {
        patientId: patient.id,
        patientName: patient.name,
        method: "dicom_patient_id",
        appointmentId: await sameVisit(db, input, patient.id),
      };
    }
  }
  if (input.filenamePattern) {
    const mrn = compileFilenamePattern(input.filenamePattern).mrnOf(input.fileName);
    const patient = mrn ? await patientByMrn(db, input.clinicId, mrn) : null;
    if (patient) {
      return {
        patientId: patient.id,
        patientName: patient.name,
        method: "filename",
        appointmentId: await sameVisit(db, input, patient.id),
      };
    }
  }
  if (input.operatoryId) {
    const appointment = await appointmentAt(
      db,
      input.clinicId,
      input.operatoryId,
      input.capturedAt,
    );
    if (appointment) {
      return {
        patientId: appointment.patientId,
        patientName: appointment.patientName,
        method: "appointment",
        appointmentId: appointment.id,
      };
    }
  }
  return null;
}

/** The visit a capture matched by MRN was taken in, when the operatory's appointment is that patient's. */
async function sameVisit(db: Db, input: MatchInput, patientId: string): Promise<string | null> {
  if (!input.operatoryId) return null;
  const appointment = await appointmentAt(db, input.clinicId, input.operatoryId, input.capturedAt);
  return appointment?.patientId === patientId ? appointment.id : null;
}
