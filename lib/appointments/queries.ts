/**
 * Reading appointments: the calendar's range query, one appointment with the
 * names it shows, and its activity log. Every query is scoped by clinic; an
 * appointment of another clinic is reported exactly like a missing one.
 */
import { type ActivityEntry, entityActivity } from "../activity-log.ts";
import { and, asc, eq, gt, lt, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { appointments, operatories, patients, users } from "../db/schema.ts";
import { notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import type { AppointmentStatus, ColorTag } from "./statuses.ts";

/** The longest appointment (minutes); bounds every overlap query to an index range. */
export const MAX_DURATION_MINUTES = 480;
export const MIN_DURATION_MINUTES = 5;

export interface Appointment {
  id: string;
  clinicId: string;
  patientId: string;
  doctorId: string;
  operatoryId: string;
  startsAt: Date;
  durationMinutes: number;
  type: string;
  colorTag: ColorTag;
  status: AppointmentStatus;
  notes: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An appointment with the names the calendar and the detail page show. */
export interface AppointmentDetails extends Appointment {
  patientName: string;
  patientMrn: string;
  doctorName: string;
  operatoryName: string;
}

export function endsAt(appointment: Pick<Appointment, "startsAt" | "durationMinutes">): Date {
  return new Date(appointment.startsAt.getTime() + appointment.durationMinutes * 60_000);
}

export const appointmentColumns = {
  id: appointments.id,
  clinicId: appointments.clinicId,
  patientId: appointments.patientId,
  doctorId: appointments.doctorId,
  operatoryId: appointments.operatoryId,
  startsAt: appointments.startsAt,
  durationMinutes: appointments.durationMinutes,
  type: appointments.type,
  colorTag: appointments.colorTag,
  status: appointments.status,
  notes: appointments.notes,
  createdBy: appointments.createdBy,
  createdAt: appointments.createdAt,
  updatedAt: appointments.updatedAt,
};

const detailColumns = {
  ...appointmentColumns,
  patientName: patients.fullName,
  patientMrn: patients.mrn,
  doctorName: users.name,
  operatoryName: operatories.name,
};

function detailsQuery(db: Db, where: SQL | undefined) {
  return db.select(detailColumns)
    .from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .innerJoin(users, eq(users.id, appointments.doctorId))
    .innerJoin(operatories, eq(operatories.id, appointments.operatoryId))
    .where(where);
}

export interface AppointmentRange {
  /** Start of the range, inclusive. */
  from: Date;
  /** End of the range, exclusive. */
  to: Date;
  doctorId?: string;
  operatoryId?: string;
}

/**
 * Appointments overlapping [from, to), in start order, with the patient's,
 * doctor's and operatory's names: the calendar's day, week and month query.
 * One statement; the bound on `starts_at` from both sides keeps it to a
 * range of the (clinic_id, starts_at) index, or of the doctor's or
 * operatory's index when filtered.
 */
export function appointmentRangeQuery(db: Db, clinicId: string, range: AppointmentRange) {
  const earliestStart = new Date(range.from.getTime() - MAX_DURATION_MINUTES * 60_000);
  return detailsQuery(
    db,
    and(
      eq(appointments.clinicId, clinicId),
      range.doctorId ? eq(appointments.doctorId, range.doctorId) : undefined,
      range.operatoryId ? eq(appointments.operatoryId, range.operatoryId) : undefined,
      lt(appointments.startsAt, range.to),
      gt(appointments.startsAt, earliestStart),
      sql`${appointments.startsAt} + ${appointments.durationMinutes} * interval '1 minute' > ${range.from.toISOString()}::timestamptz`,
    ),
  ).orderBy(asc(appointments.startsAt), asc(appointments.id));
}

export async function listAppointments(
  db: Db,
  clinicId: string,
  range: AppointmentRange,
): Promise<AppointmentDetails[]> {
  // A filter naming no row of this clinic matches nothing, whatever its shape.
  if (range.doctorId && !isUuid(range.doctorId)) return [];
  if (range.operatoryId && !isUuid(range.operatoryId)) return [];
  return await appointmentRangeQuery(db, clinicId, range);
}

export async function getAppointment(
  db: Db,
  clinicId: string,
  appointmentId: string,
): Promise<AppointmentDetails> {
  if (!isUuid(appointmentId)) throw notFound("Appointment not found");
  const [appointment] = await detailsQuery(
    db,
    and(eq(appointments.clinicId, clinicId), eq(appointments.id, appointmentId)),
  );
  if (!appointment) throw notFound("Appointment not found");
  return appointment;
}

export type { ActivityEntry };

/** The appointment's history, newest first. */
export function appointmentActivity(
  db: Db,
  clinicId: string,
  appointmentId: string,
): Promise<ActivityEntry[]> {
  return entityActivity(db, {
    clinicId,
    entityType: "appointment",
    entityId: appointmentId,
    limit: 200,
  });
}
