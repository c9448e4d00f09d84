/**
 * What an appointment change tells people (issue 4, "Appointment emails"):
 * the patient is emailed when a visit is booked or moved, and when a status
 * changes the clinic's staff get an in-app notification and the doctor an
 * email. Everything is recorded through the hooks of ./events.ts, inside the
 * transaction of the change, so a booking that fails leaves no message
 * behind. The clinic's "notifications" settings decide what is sent.
 *
 * Emails carry names, times and links only: never a patient's phone number.
 *
 * @example
 * ```ts
 * subscribeAppointmentMessages(config); // once per process; later calls do nothing
 * ```
 */
import { eq } from "drizzle-orm";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { clinics, patients, users } from "../db/schema.ts";
import { type EmailMessage, enqueueEmail } from "../email/outbox.ts";
import {
  appointmentScheduledEmail,
  appointmentStatusChangedEmail,
  type PatientActionLinks,
} from "../email/templates.ts";
import { generateAppointmentToken } from "../appointment-tokens.ts";
import { notifyClinicStaff } from "../notifications/notify.ts";
import { readSection } from "../settings/sections.ts";
import {
  type AppointmentRescheduled,
  type AppointmentScheduled,
  type AppointmentStatusChanged,
  onAppointmentRescheduled,
  onAppointmentScheduled,
  onAppointmentStatusChanged,
} from "./events.ts";
import type { Appointment } from "./queries.ts";
import { STATUS_LABELS } from "./statuses.ts";

/** The names and address an appointment message needs, read inside the change's transaction. */
export interface AppointmentParties {
  clinicName: string;
  patientName: string;
  patientEmail: string | null;
  doctorName: string;
  doctorEmail: string;
}

export async function appointmentParties(tx: Db, appointment: Appointment) {
  const [clinic] = await tx.select({ name: clinics.name }).from(clinics)
    .where(eq(clinics.id, appointment.clinicId));
  const [patient] = await tx.select({ name: patients.fullName, email: patients.email })
    .from(patients).where(eq(patients.id, appointment.patientId));
  const [doctor] = await tx.select({ name: users.name, email: users.email }).from(users)
    .where(eq(users.id, appointment.doctorId));
  return {
    clinicName: clinic?.name ?? "your clinic",
    patientName: patient?.name ?? "patient",
    patientEmail: patient?.email?.trim() || null,
    doctorName: doctor?.name ?? "",
    doctorEmail: doctor?.email ?? "",
  } satisfies AppointmentParties;
}

/**
 * Seed 003 §2.6: the patient's own email carries signed confirm and cancel
 * links while there is still something to answer; staff email never does.
 */
export async function patientActionLinks(
  config: Pick<Config, "appUrl" | "encryptionKey">,
  appointment: Pick<Appointment, "id" | "status">,
  now = new Date(),
): Promise<PatientActionLinks> {
  if (appointment.status !== "scheduled") return {};
  const link = async (action: "confirm" | "cancel") =>
    `${config.appUrl}/appointment/respond?token=${await generateAppointmentToken(
      appointment.id,
      action,
      { encryptionKey: config.encryptionKey, now },
    )}`;
  return { confirmUrl: await link("confirm"), cancelUrl: await link("cancel") };
}

async function emailPatient(
  config: Config,
  event: AppointmentScheduled,
  previousStartsAt: Date | null,
): Promise<void> {
  const { tx, appointment, timeZone } = event;
  const settings = await readSection(tx, appointment.clinicId, "notifications");
  if (!settings.values.appointmentBookedEmail) return;
  const parties = await appointmentParties(tx, appointment);
  if (!parties.patientEmail) return;
  await enqueueUnlessUnaddressable(tx, {
    clinicId: appointment.clinicId,
    to: parties.patientEmail,
    kind: previousStartsAt ? "appointment.rescheduled" : "appointment.scheduled",
    ...appointmentScheduledEmail({
      clinicName: parties.clinicName,
      timeZone,
      patientName: parties.patientName,
      startsAt: appointment.startsAt,
      durationMinutes: appointment.durationMinutes,
      doctorName: parties.doctorName || null,
      appointmentType: appointment.type,
      previousStartsAt,
      ...await patientActionLinks(config, appointment),
    }),
  });
}

/**
 * A patient's email is typed in by staff; one the outbox refuses must not
 * undo the booking. The outbox checks the address before writing anything,
 * so the transaction is still usable after the refusal.
 */
async function enqueueUnlessUnaddressable(tx: Db, message: EmailMessage): Promise<void> {
  try {
    await enqueueEmail(tx, message);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
}

async function tellStaff(config: Config, event: AppointmentStatusChanged): Promise<void> {
  const { tx, appointment, timeZone, actorId, from, to } = event;
  const parties = await appointmentParties(tx, appointment);
  const [actor] = actorId
    ? await tx.select({ name: users.name }).from(users).where(eq(users.id, actorId))
    : [];
  const changedBy = actorId ? actor?.name ?? null : "the patient, from the email link";

  const settings = await readSection(tx, appointment.clinicId, "notifications");
  if (to !== "cancelled" || settings.values.appointmentCancelledInApp) {
    await notifyClinicStaff(tx, {
      clinicId: appointment.clinicId,
      permission: "appointments.view",
      excludeUserIds: actorId ? [actorId] : [],
      kind: "appointment.status_changed",
      title: `${parties.patientName}: ${STATUS_LABELS[to].toLowerCase()}`,
      body: `${STATUS_LABELS[from]} → ${STATUS_LABELS[to]}` +
        (changedBy ? `, by ${changedBy}` : ""),
      link: `/appointments/${appointment.id}`,
    });
  }

  if (appointment.doctorId === actorId || !parties.doctorEmail) return;
  await enqueueEmail(tx, {
    clinicId: appointment.clinicId,
    to: parties.doctorEmail,
    kind: "appointment.status_changed",
    ...appointmentStatusChangedEmail({
      clinicName: parties.clinicName,
      timeZone,
      patientName: parties.patientName,
      startsAt: appointment.startsAt,
      durationMinutes: appointment.durationMinutes,
      doctorName: parties.doctorName || null,
      appointmentType: appointment.type,
      previousStatus: from,
      status: to,
      changedBy,
      appointmentUrl: `${config.appUrl}/appointments/${appointment.id}`,
    }),
  });
}

let subscribed = false;

/**
 * Registers the listeners. The hooks are per process while apps are not
 * (tests build many), so only the first call subscribes; the config of that
 * call supplies the app's address for links.
 */
export function subscribeAppointmentMessages(config: Config): void {
  if (subscribed) return;
  subscribed = true;
  onAppointmentScheduled((event) => emailPatient(config, event, null));
  onAppointmentRescheduled(async (event: AppointmentRescheduled) => {
    // A new doctor or room alone does not change when the patient must come.
    if (event.previous.startsAt.getTime() === event.appointment.startsAt.getTime()) return;
    await emailPatient(config, event, event.previous.startsAt);
  });
  onAppointmentStatusChanged((event) => tellStaff(config, event));
}
