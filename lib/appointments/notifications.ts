/**
 * What an appointment change tells people: the patient is emailed when a
 * visit is booked or moved, and when a status changes the clinic's staff get
 * an in-app notification and the doctor an email. Everything is recorded
 * through the domain hooks, inside the transaction of the change, so a
 * booking that fails leaves no message behind. The clinic's "notifications"
 * settings decide what is sent.
 *
 * Emails carry names, times and links only: never a patient's phone number.
 *
 * @example
 * ```ts
 * registerAppointmentMessages(deps.hooks, deps.config); // once per app, by createApp
 * ```
 */
import { eq } from "drizzle-orm";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { patients, users } from "../db/schema.ts";
import { type ClinicLetterhead, clinicLetterhead } from "../clinic-branding/letterhead.ts";
import { type EmailMessage, enqueueEmail } from "../email/outbox.ts";
import {
  appointmentScheduledEmail,
  appointmentStatusChangedEmail,
  type PatientActionLinks,
} from "../email/templates.ts";
import { generateAppointmentToken } from "../appointment-tokens.ts";
import { notifyClinicStaff } from "../notifications/notify.ts";
import { readSection } from "../settings/sections.ts";
import type { DomainHooks } from "../events/domain-hooks.ts";
import type {
  AppointmentRescheduled,
  AppointmentScheduled,
  AppointmentStatusChanged,
} from "./events.ts";
import type { Appointment } from "./queries.ts";
import { STATUS_LABELS } from "./statuses.ts";

/** The names and address an appointment message needs, read inside the change's transaction. */
export interface AppointmentParties extends ClinicLetterhead {
  patientName: string;
  patientEmail: string | null;
  doctorName: string;
  doctorEmail: string;
}

export async function appointmentParties(tx: Db, appointment: Appointment, appUrl: string) {
  const letterhead = await clinicLetterhead(tx, appointment.clinicId, appUrl);
  const [patient] = await tx.select({ name: patients.fullName, email: patients.email })
    .from(patients).where(eq(patients.id, appointment.patientId));
  const [doctor] = await tx.select({ name: users.name, email: users.email }).from(users)
    .where(eq(users.id, appointment.doctorId));
  return {
    ...letterhead,
    patientName: patient?.name ?? "patient",
    patientEmail: patient?.email?.trim() || null,
    doctorName: doctor?.name ?? "",
    doctorEmail: doctor?.email ?? "",
  } satisfies AppointmentParties;
}

/**
 * The patient's own email carries signed confirm and cancel links while
 * there is still something to answer; staff email never does, since a
 * forwarded staff email must not let its reader act as the patient.
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

/** The app's address for links, and the key that signs the patient's answer links. */
type MessageConfig = Pick<Config, "appUrl" | "encryptionKey">;

async function emailPatient(
  config: MessageConfig,
  tx: Db,
  event: AppointmentScheduled,
  previousStartsAt: Date | null,
): Promise<void> {
  const { appointment, timeZone } = event;
  const settings = await readSection(tx, appointment.clinicId, "notifications");
  if (!settings.values.appointmentBookedEmail) return;
  const parties = await appointmentParties(tx, appointment, config.appUrl);
  if (!parties.patientEmail) return;
  await enqueueUnlessUnaddressable(tx, {
    clinicId: appointment.clinicId,
    to: parties.patientEmail,
    kind: previousStartsAt ? "appointment.rescheduled" : "appointment.scheduled",
    ...appointmentScheduledEmail({
      clinicName: parties.clinicName,
      clinicLogoUrl: parties.clinicLogoUrl,
      clinicAddress: parties.clinicAddress,
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

async function tellStaff(
  config: MessageConfig,
  tx: Db,
  event: AppointmentStatusChanged,
): Promise<void> {
  const { appointment, timeZone, actorId, from, to, via } = event;
  const parties = await appointmentParties(tx, appointment, config.appUrl);
  const [actor] = actorId
    ? await tx.select({ name: users.name }).from(users).where(eq(users.id, actorId))
    : [];
  const changedBy = actorId
    ? actor?.name ?? null
    : `the patient, from ${via === "whatsapp" ? "WhatsApp" : "the email link"}`;

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
      clinicLogoUrl: parties.clinicLogoUrl,
      clinicAddress: parties.clinicAddress,
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

/**
 * Registers the listeners on one app's hooks; `config` is that app's, so
 * links in its emails point at it.
 */
export function registerAppointmentMessages(hooks: DomainHooks, config: MessageConfig): void {
  hooks.on("appointment.scheduled", (event, tx) => emailPatient(config, tx, event, null));
  hooks.on("appointment.rescheduled", async (event: AppointmentRescheduled, tx) => {
    // A new doctor or room alone does not change when the patient must come.
    if (event.previous.startsAt.getTime() === event.appointment.startsAt.getTime()) return;
    await emailPatient(config, tx, event, event.previous.startsAt);
  });
  hooks.on("appointment.status_changed", (event, tx) => tellStaff(config, tx, event));
}
