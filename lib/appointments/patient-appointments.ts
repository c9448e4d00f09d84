/**
 * One patient's appointments for the "Appointments" tab of their record:
 * upcoming first (soonest at the top), then past ones (latest first). Reads
 * through the (patient_id, starts_at) index; scoped by clinic, so another
 * clinic's patient simply has none.
 */
import { and, asc, desc, eq, gte, lt } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { appointments, operatories, users } from "../db/schema.ts";
import { isUuid } from "../ids.ts";
import type { AppointmentStatus } from "./statuses.ts";

/** Past visits beyond this many are not worth a page that never ends. */
const PAST_LIMIT = 100;

export interface PatientAppointment {
  id: string;
  startsAt: Date;
  durationMinutes: number;
  type: string;
  status: AppointmentStatus;
  doctorName: string;
  operatoryName: string;
}

export interface PatientAppointments {
  upcoming: PatientAppointment[];
  past: PatientAppointment[];
}

export async function listPatientAppointments(
  db: Db,
  clinicId: string,
  patientId: string,
  now = new Date(),
): Promise<PatientAppointments> {
  if (!isUuid(patientId)) return { upcoming: [], past: [] };
  const query = () =>
    db.select({
      id: appointments.id,
      startsAt: appointments.startsAt,
      durationMinutes: appointments.durationMinutes,
      type: appointments.type,
      status: appointments.status,
      doctorName: users.name,
      operatoryName: operatories.name,
    })
      .from(appointments)
      .innerJoin(users, eq(users.id, appointments.doctorId))
      .innerJoin(operatories, eq(operatories.id, appointments.operatoryId));
  const mine = and(eq(appointments.clinicId, clinicId), eq(appointments.patientId, patientId));
  const [upcoming, past] = await Promise.all([
    query().where(and(mine, gte(appointments.startsAt, now)))
      .orderBy(asc(appointments.startsAt), asc(appointments.id)),
    query().where(and(mine, lt(appointments.startsAt, now)))
      .orderBy(desc(appointments.startsAt), desc(appointments.id))
      .limit(PAST_LIMIT),
  ]);
  return { upcoming, past };
}
