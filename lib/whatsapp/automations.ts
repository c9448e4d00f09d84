/**
 * The four automated appointment messages: booking confirmation, reminder,
 * reschedule notification and missed-visit follow-up. Each is queued once
 * per occasion (a dedupe key naming the appointment, and for a reminder its
 * start), only while the clinic has WhatsApp on and a number connected, and
 * only for a patient with a WhatsApp number or, failing that, a phone
 * number. Queueing never sends and never fails the change that caused it.
 *
 * The parameters stored with the message are the template's body values
 * (names, date, time); the signed confirm/cancel links are added by the
 * sender at send time, so no live token is ever kept in the log.
 */
import { and, eq, gte, lte } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { appointments, clinics, patients, users } from "../db/schema.ts";
import { emailDate, emailTime } from "../email/templates.ts";
import { activeConnectionRow } from "./connection.ts";
import { enqueueWhatsapp } from "./outbox.ts";
import { templateChoices, type TemplateKind } from "./templates.ts";

export type AutomationKind = Exclude<TemplateKind, "reopen">;

export interface AppointmentRef {
  id: string;
  clinicId: string;
  patientId: string;
  doctorId: string;
  startsAt: Date;
}

export function automationDedupeKey(kind: AutomationKind, appointment: AppointmentRef): string {
  // A reminder or a reschedule belongs to one start time; moving the visit earns a new one.
  return kind === "reminder" || kind === "reschedule"
    ? `whatsapp.${kind}:${appointment.id}:${appointment.startsAt.toISOString()}`
    : `whatsapp.${kind}:${appointment.id}`;
}

/** Patient name, clinic name, date, time, doctor: the body parameters of every automation. */
async function appointmentParams(db: Db, appointment: AppointmentRef, timeZone: string) {
  const [row] = await db.select({
    patientName: patients.fullName,
    hasNumber: patients.whatsappPhoneEnc,
    hasPhone: patients.phoneEnc,
    clinicName: clinics.name,
    doctorName: users.name,
  })
    .from(patients)
    .innerJoin(clinics, eq(clinics.id, patients.clinicId))
    .leftJoin(users, eq(users.id, appointment.doctorId))
    .where(
      and(eq(patients.id, appointment.patientId), eq(patients.clinicId, appointment.clinicId)),
    );
  if (!row || (!row.hasNumber && !row.hasPhone)) return null;
  return [
    row.patientName,
    row.clinicName,
    emailDate(appointment.startsAt, timeZone),
    emailTime(appointment.startsAt, timeZone),
    row.doctorName ?? "your dentist",
  ];
}

/** Queues one automated message; returns whether a new one was written. */
export async function queueAutomation(
  db: Db,
  kind: AutomationKind,
  appointment: AppointmentRef,
  timeZone: string,
  now = new Date(),
): Promise<boolean> {
  const connection = await activeConnectionRow(db, appointment.clinicId);
  if (!connection) return false;
  const params = await appointmentParams(db, appointment, timeZone);
  if (!params) return false;
  const choice = templateChoices(connection.templates)[kind];
  const { queued } = await enqueueWhatsapp(db, {
    clinicId: appointment.clinicId,
    kind,
    patientId: appointment.patientId,
    appointmentId: appointment.id,
    template: { name: choice.name, language: choice.language, params },
    dedupeKey: automationDedupeKey(kind, appointment),
    now,
  });
  return queued;
}

/** How far back the missed-visit job looks: a no-show older than this gets no follow-up. */
const MISSED_VISIT_WINDOW_MS = 7 * 24 * 3_600_000;

/**
 * Cron job: a follow-up for every recent no-show, once per appointment
 * (its dedupe key), whichever instance or run gets there first.
 */
export async function sendMissedVisitFollowUps(
  deps: { db: Db },
  now: Date,
  log: (line: string) => void = console.log,
): Promise<{ queued: number }> {
  const rows = await deps.db.select({
    id: appointments.id,
    clinicId: appointments.clinicId,
    patientId: appointments.patientId,
    doctorId: appointments.doctorId,
    startsAt: appointments.startsAt,
    timeZone: clinics.timeZone,
  })
    .from(appointments)
    .innerJoin(clinics, eq(clinics.id, appointments.clinicId))
    .where(and(
      eq(appointments.status, "no_show"),
      gte(appointments.startsAt, new Date(now.getTime() - MISSED_VISIT_WINDOW_MS)),
      lte(appointments.startsAt, now),
    ));
  let queued = 0;
  for (const row of rows) {
    if (await queueAutomation(deps.db, "missed_visit", row, row.timeZone, now)) queued++;
  }
  if (queued) log(`whatsapp-missed-visits: ${queued} queued`);
  return { queued };
}
