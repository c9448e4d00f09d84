/**
 * Booking and rescheduling. A doctor
 * or an operatory is never booked twice for overlapping time, checked under
 * per-doctor and per-operatory advisory locks so two receptionists booking
 * the same slot at once cannot both succeed; back-to-back appointments (one
 * ends when the next starts) do not overlap. Closed time needs an explicit
 * override. Every change writes the activity log and emits its domain hook
 * (lib/events/domain-hooks.ts) in the same transaction.
 */
import { and, asc, eq, gt, lt, ne, notInArray, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  appointments,
  clinicMembers,
  operatories,
  patients,
  type StaffRole,
  users,
} from "../db/schema.ts";
import { recordActivity } from "../activity-log.ts";
import { AppError, badRequest, forbidden, notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { describeSlot, toClinicIso } from "../time/zoned.ts";
import { clinicTimeZone } from "../time/clinic-zone.ts";
import type { DomainDeps } from "../events/domain-hooks.ts";
import { type Appointment, appointmentColumns, MAX_DURATION_MINUTES } from "./queries.ts";
import { type ColorTag, isFinal, RELEASED_STATUSES, STATUS_LABELS } from "./statuses.ts";
import { closedTimeReason } from "./working-hours.ts";

/** Members who can be the doctor of an appointment; owners of small clinics are their dentist. */
export const BOOKABLE_ROLES: readonly StaffRole[] = ["owner", "doctor"];

export interface BookingInput {
  clinicId: string;
  actorId: string;
  patientId: string;
  doctorId: string;
  operatoryId: string;
  startsAt: Date;
  durationMinutes: number;
  type: string;
  colorTag?: ColorTag;
  notes?: string | null;
  /** Book even though the time is outside working hours or on a closed date. */
  allowClosed?: boolean;
  /** Whether the actor may use `allowClosed` (they hold appointments.hours.manage). */
  mayOverrideClosed?: boolean;
}

export interface AppointmentChanges {
  patientId?: string;
  doctorId?: string;
  operatoryId?: string;
  startsAt?: Date;
  durationMinutes?: number;
  type?: string;
  colorTag?: ColorTag;
  notes?: string | null;
}

export interface UpdateInput {
  clinicId: string;
  appointmentId: string;
  actorId: string;
  changes: AppointmentChanges;
  allowClosed?: boolean;
  mayOverrideClosed?: boolean;
}

const SCHEDULE_FIELDS = ["startsAt", "durationMinutes", "doctorId", "operatoryId"] as const;
type Schedule = Pick<Appointment, typeof SCHEDULE_FIELDS[number]>;

/** A reference in a request body that names nothing in this clinic: 404, as for a URL. */
function missing(what: string, field: string): AppError {
  return new AppError(404, "NOT_FOUND", `${what} not found in this clinic`, { field });
}

async function checkPatient(tx: Db, clinicId: string, patientId: string): Promise<void> {
  if (!isUuid(patientId)) throw missing("Patient", "patientId");
  const [row] = await tx.select({ id: patients.id }).from(patients)
    .where(and(eq(patients.clinicId, clinicId), eq(patients.id, patientId)));
  if (!row) throw missing("Patient", "patientId");
}

async function checkDoctor(tx: Db, clinicId: string, doctorId: string): Promise<string> {
  if (!isUuid(doctorId)) throw missing("Doctor", "doctorId");
  const [row] = await tx
    .select({ name: users.name, role: clinicMembers.role, status: clinicMembers.status })
    .from(clinicMembers)
    .innerJoin(users, eq(users.id, clinicMembers.userId))
    .where(and(eq(clinicMembers.clinicId, clinicId), eq(clinicMembers.userId, doctorId)));
  if (!row) throw missing("Doctor", "doctorId");
  if (row.status !== "active") {
    throw badRequest(`${row.name} is not an active member of the clinic`, { field: "doctorId" });
  }
  if (!BOOKABLE_ROLES.includes(row.role)) {
    throw badRequest(`${row.name} is not a doctor; appointments are booked with a doctor`, {
      field: "doctorId",
    });
  }
  return row.name;
}

async function checkOperatory(tx: Db, clinicId: string, operatoryId: string): Promise<string> {
  if (!isUuid(operatoryId)) throw missing("Operatory", "operatoryId");
  const [row] = await tx.select({ name: operatories.name, active: operatories.active })
    .from(operatories)
    .where(and(eq(operatories.clinicId, clinicId), eq(operatories.id, operatoryId)));
  if (!row) throw missing("Operatory", "operatoryId");
  if (!row.active) {
    throw badRequest(`${row.name} is not in use; choose another operatory`, {
      field: "operatoryId",
    });
  }
  return row.name;
}

async function checkOpen(
  tx: Db,
  input: {
    clinicId: string;
    timeZone: string;
    startsAt: Date;
    durationMinutes: number;
    allowClosed?: boolean;
    mayOverrideClosed?: boolean;
  },
): Promise<void> {
  const reason = await closedTimeReason(tx, input);
  if (!reason) return;
  if (!input.allowClosed) {
    throw new AppError(422, "CLOSED", `${reason}. Send allowClosed: true to book it anyway.`, {
      canOverride: input.mayOverrideClosed ?? false,
    });
  }
  if (!input.mayOverrideClosed) {
    throw forbidden(
      "FORBIDDEN",
      `${reason}; booking into closed time needs permission "appointments.hours.manage"`,
      { permission: "appointments.hours.manage" },
    );
  }
}

/**
 * Serialises every booking that touches this doctor or this operatory until
 * the transaction ends. Keys are taken in one global order, so two bookings
 * locking the same pair cannot deadlock.
 */
async function lockSchedules(tx: Db, clinicId: string, doctorId: string, operatoryId: string) {
  const keys = [
    `appointments:doctor:${clinicId}:${doctorId}`,
    `appointments:operatory:${clinicId}:${operatoryId}`,
  ]
    .sort();
  for (const key of keys) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
  }
}

/** 409 naming the first appointment that already holds the doctor or the operatory. */
async function checkNoConflict(
  tx: Db,
  input: Schedule & {
    clinicId: string;
    timeZone: string;
    doctorName: string;
    operatoryName: string;
    excludeId?: string;
  },
): Promise<void> {
  const start = input.startsAt;
  const end = new Date(start.getTime() + input.durationMinutes * 60_000);
  const [clash] = await tx
    .select({
      id: appointments.id,
      doctorId: appointments.doctorId,
      startsAt: appointments.startsAt,
      durationMinutes: appointments.durationMinutes,
      patientName: patients.fullName,
    })
    .from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .where(and(
      eq(appointments.clinicId, input.clinicId),
      sql`(${appointments.doctorId} = ${input.doctorId} or ${appointments.operatoryId} = ${input.operatoryId})`,
      notInArray(appointments.status, [...RELEASED_STATUSES]),
      input.excludeId ? ne(appointments.id, input.excludeId) : undefined,
      lt(appointments.startsAt, end),
      gt(appointments.startsAt, new Date(start.getTime() - MAX_DURATION_MINUTES * 60_000)),
      sql`${appointments.startsAt} + ${appointments.durationMinutes} * interval '1 minute' > ${start.toISOString()}::timestamptz`,
    ))
    .orderBy(asc(appointments.startsAt))
    .limit(1);
  if (!clash) return;
  const when = describeSlot(clash.startsAt, clash.durationMinutes, input.timeZone);
  const byDoctor = clash.doctorId === input.doctorId;
  const message = byDoctor
    ? `${input.doctorName} is already booked with ${clash.patientName} on ${when}`
    : `${input.operatoryName} is already booked for ${clash.patientName} on ${when}`;
  throw new AppError(409, "CONFLICT", `${message} (appointment ${clash.id})`, {
    conflictingAppointmentId: clash.id,
    conflictsOn: byDoctor ? "doctor" : "operatory",
  });
}

function scheduleDetails(schedule: Schedule, timeZone: string) {
  return {
    startsAt: toClinicIso(schedule.startsAt, timeZone),
    durationMinutes: schedule.durationMinutes,
    doctorId: schedule.doctorId,
    operatoryId: schedule.operatoryId,
  };
}

export async function bookAppointment(
  { db, hooks }: DomainDeps,
  input: BookingInput,
): Promise<Appointment> {
  const timeZone = await clinicTimeZone(db, input.clinicId);
  return await db.transaction(async (tx) => {
    await checkPatient(tx, input.clinicId, input.patientId);
    const doctorName = await checkDoctor(tx, input.clinicId, input.doctorId);
    const operatoryName = await checkOperatory(tx, input.clinicId, input.operatoryId);
    await checkOpen(tx, { ...input, timeZone });
    await lockSchedules(tx, input.clinicId, input.doctorId, input.operatoryId);
    await checkNoConflict(tx, { ...input, timeZone, doctorName, operatoryName });

    const [appointment] = await tx.insert(appointments).values({
      clinicId: input.clinicId,
      patientId: input.patientId,
      doctorId: input.doctorId,
      operatoryId: input.operatoryId,
      startsAt: input.startsAt,
      durationMinutes: input.durationMinutes,
      type: input.type,
      colorTag: input.colorTag ?? "teal",
      notes: input.notes ?? null,
      createdBy: input.actorId,
    }).returning(appointmentColumns);
    await recordActivity(tx, {
      clinicId: input.clinicId,
      actorId: input.actorId,
      action: "appointments.created",
      entityType: "appointment",
      entityId: appointment.id,
      details: {
        ...scheduleDetails(appointment, timeZone),
        patientId: appointment.patientId,
        type: appointment.type,
        ...(input.allowClosed ? { allowClosed: true } : {}),
      },
    });
    await hooks.emit(
      "appointment.scheduled",
      { appointment, timeZone, actorId: input.actorId },
      tx,
    );
    return appointment;
  });
}

async function lockedAppointment(tx: Db, clinicId: string, appointmentId: string) {
  if (!isUuid(appointmentId)) throw notFound("Appointment not found");
  const [row] = await tx.select(appointmentColumns).from(appointments)
    .where(and(eq(appointments.clinicId, clinicId), eq(appointments.id, appointmentId)))
    .for("update");
  if (!row) throw notFound("Appointment not found");
  return row;
}

/**
 * Changes an appointment. A new time, duration, doctor or operatory is a
 * reschedule: refused once the appointment is final, checked against the
 * working hours (for a new time) and against other bookings, and logged as
 * `appointments.rescheduled`; other fields are logged as `appointments.updated`.
 */
export async function updateAppointment(
  { db, hooks }: DomainDeps,
  input: UpdateInput,
): Promise<Appointment> {
  const timeZone = await clinicTimeZone(db, input.clinicId);
  return await db.transaction(async (tx) => {
    const current = await lockedAppointment(tx, input.clinicId, input.appointmentId);
    const changed = (Object.keys(input.changes) as (keyof AppointmentChanges)[]).filter((key) => {
      const next = input.changes[key];
      if (next === undefined) return false;
      const before = current[key];
      return next instanceof Date && before instanceof Date
        ? next.getTime() !== before.getTime()
        : next !== before;
    });
    if (changed.length === 0) return current;
    const next = { ...current };
    for (const key of changed) Object.assign(next, { [key]: input.changes[key] });

    const rescheduled = changed.some((key) => (SCHEDULE_FIELDS as readonly string[]).includes(key));
    if ((rescheduled || changed.includes("patientId")) && isFinal(current.status)) {
      throw new AppError(
        409,
        "INVALID_STATE",
        `A ${
          STATUS_LABELS[current.status].toLowerCase()
        } appointment can no longer be moved or given to another patient`,
      );
    }
    if (changed.includes("patientId")) await checkPatient(tx, input.clinicId, next.patientId);
    if (rescheduled) {
      const doctorName = await checkDoctor(tx, input.clinicId, next.doctorId);
      const operatoryName = await checkOperatory(tx, input.clinicId, next.operatoryId);
      if (changed.includes("startsAt") || changed.includes("durationMinutes")) {
        await checkOpen(tx, { ...input, ...next, timeZone });
      }
      await lockSchedules(tx, input.clinicId, next.doctorId, next.operatoryId);
      await checkNoConflict(tx, {
        ...next,
        timeZone,
        doctorName,
        operatoryName,
        excludeId: current.id,
      });
    }

    const [appointment] = await tx.update(appointments)
      .set({
        ...Object.fromEntries(changed.map((key) => [key, next[key]])),
        updatedAt: new Date(),
      })
      .where(eq(appointments.id, current.id))
      .returning(appointmentColumns);

    const log = (action: string, details: Record<string, unknown>) =>
      recordActivity(tx, {
        clinicId: input.clinicId,
        actorId: input.actorId,
        action,
        entityType: "appointment",
        entityId: current.id,
        details,
      });
    if (rescheduled) {
      await log("appointments.rescheduled", {
        from: scheduleDetails(current, timeZone),
        to: scheduleDetails(appointment, timeZone),
        ...(input.allowClosed ? { allowClosed: true } : {}),
      });
    }
    const others = changed.filter((key) => !(SCHEDULE_FIELDS as readonly string[]).includes(key));
    if (others.length) await log("appointments.updated", { fields: others });

    if (rescheduled) {
      await hooks.emit("appointment.rescheduled", {
        appointment,
        previous: current,
        timeZone,
        actorId: input.actorId,
      }, tx);
    }
    return appointment;
  });
}
