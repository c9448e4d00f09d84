/**
 * The patient's own appointments, and their answer to an upcoming one. Only
 * the signed-in patient's appointments in their own clinic exist here:
 * another patient's appointment id answers 404, exactly like a missing one.
 *
 * Confirming or cancelling goes through the respond flow of the email link
 * (`respondToAppointment` with a token minted for this one answer), so the
 * status change, the staff notifications and the calendar's live update are
 * the same whichever way the patient answered.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { appointments } from "../db/schema.ts";
import { AppError, notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import type { DomainDeps } from "../events/domain-hooks.ts";
import { type AppointmentAction, generateAppointmentToken } from "../appointment-tokens.ts";
import {
  ACTION_STATUS,
  ANSWERED_STATUSES,
  type PatientResponse,
  respondToAppointment,
} from "../appointments/patient-response.ts";
import {
  listPatientAppointments,
  type PatientAppointment,
} from "../appointments/patient-appointments.ts";
import { type AppointmentStatus, canTransition } from "../appointments/statuses.ts";

export interface OwnAppointment extends PatientAppointment {
  /** The answers still open to the patient: only for upcoming visits not yet begun. */
  actions: AppointmentAction[];
}

export interface OwnAppointments {
  upcoming: OwnAppointment[];
  past: OwnAppointment[];
}

/**
 * The respond flow's rule: a scheduled visit can be confirmed or cancelled,
 * once; after that (confirmed, or begun) a change goes through the clinic.
 */
export function patientActions(status: AppointmentStatus): AppointmentAction[] {
  if (ANSWERED_STATUSES.includes(status)) return [];
  return (["confirm", "cancel"] as const).filter((action) =>
    canTransition(status, ACTION_STATUS[action])
  );
}

export async function listOwnAppointments(
  db: Db,
  patient: { clinicId: string; patientId: string },
  now = new Date(),
): Promise<OwnAppointments> {
  const { upcoming, past } = await listPatientAppointments(
    db,
    patient.clinicId,
    patient.patientId,
    now,
  );
  return {
    upcoming: upcoming.map((a) => ({ ...a, actions: patientActions(a.status) })),
    past: past.map((a) => ({ ...a, actions: [] })),
  };
}

/** Confirms or cancels one of the patient's own upcoming appointments. */
export async function answerOwnAppointment(
  deps: DomainDeps,
  input: {
    patient: { clinicId: string; patientId: string };
    appointmentId: string;
    action: AppointmentAction;
    encryptionKey: string;
    now?: Date;
  },
): Promise<PatientResponse> {
  const now = input.now ?? new Date();
  const { patient } = input;
  if (!isUuid(input.appointmentId)) throw notFound("Appointment not found");
  const [appointment] = await deps.db.select({
    id: appointments.id,
    startsAt: appointments.startsAt,
    status: appointments.status,
  }).from(appointments).where(and(
    eq(appointments.id, input.appointmentId),
    eq(appointments.clinicId, patient.clinicId),
    eq(appointments.patientId, patient.patientId),
  ));
  if (!appointment) throw notFound("Appointment not found");
  if (appointment.startsAt <= now || !patientActions(appointment.status).includes(input.action)) {
    throw new AppError(
      409,
      "NOT_ANSWERABLE",
      "This appointment can no longer be changed here. Please contact the clinic.",
    );
  }
  const token = await generateAppointmentToken(appointment.id, input.action, {
    encryptionKey: input.encryptionKey,
    now,
  });
  return await respondToAppointment(deps, {
    token,
    encryptionKey: input.encryptionKey,
    now,
    via: "portal",
    clinicId: patient.clinicId,
  });
}
