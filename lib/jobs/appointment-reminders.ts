/**
 * Cron job: email patients ahead of their visit (issue 4, "Appointment
 * emails"), each clinic at its own lead time (`reminderLeadHours` in its
 * notification settings). Every reminder carries a dedupe key naming the
 * appointment and its start, so running twice, or on two instances at once,
 * queues it once; moving the appointment earns a reminder for the new time.
 */
import { and, asc, eq, gt, inArray, lte } from "drizzle-orm";
import type { AppDeps } from "../http/app-env.ts";
import { appointments, clinics, patients, users } from "../db/schema.ts";
import { enqueueEmail } from "../email/outbox.ts";
import { appointmentReminderEmail } from "../email/templates.ts";
import { readSection } from "../settings/sections.ts";
import { patientActionLinks } from "../appointments/notifications.ts";
import { queueAutomation } from "../whatsapp/automations.ts";

/** The longest lead a clinic may choose; bounds the query before each clinic's own lead applies. */
const MAX_LEAD_HOURS = 168;

export interface ReminderReport {
  /** Reminders written by this run. */
  queued: number;
  /** Due reminders another run (or an earlier one) had already queued. */
  alreadyQueued: number;
  /** WhatsApp reminders written by this run (clinics with WhatsApp connected). */
  whatsapp: number;
}

export function reminderDedupeKey(appointmentId: string, startsAt: Date): string {
  return `appointment.reminder:${appointmentId}:${startsAt.toISOString()}`;
}

export async function sendDueReminders(
  deps: Pick<AppDeps, "db" | "config">,
  now: Date,
  log: (line: string) => void = console.log,
): Promise<ReminderReport> {
  const { db } = deps;
  const due = await db.select({
    id: appointments.id,
    status: appointments.status,
    clinicId: appointments.clinicId,
    startsAt: appointments.startsAt,
    durationMinutes: appointments.durationMinutes,
    type: appointments.type,
    patientName: patients.fullName,
    patientId: appointments.patientId,
    doctorId: appointments.doctorId,
    patientEmail: patients.email,
    doctorName: users.name,
    clinicName: clinics.name,
    timeZone: clinics.timeZone,
  })
    .from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .innerJoin(users, eq(users.id, appointments.doctorId))
    .innerJoin(clinics, eq(clinics.id, appointments.clinicId))
    .where(and(
      inArray(appointments.status, ["scheduled", "confirmed"]),
      gt(appointments.startsAt, now),
      lte(appointments.startsAt, new Date(now.getTime() + MAX_LEAD_HOURS * 3_600_000)),
    ))
    .orderBy(asc(appointments.startsAt));

  const leads = new Map<string, number>();
  const report: ReminderReport = { queued: 0, alreadyQueued: 0, whatsapp: 0 };
  for (const row of due) {
    let lead = leads.get(row.clinicId);
    if (lead === undefined) {
      lead = (await readSection(db, row.clinicId, "notifications")).values.reminderLeadHours;
      leads.set(row.clinicId, lead);
    }
    if (row.startsAt.getTime() > now.getTime() + lead * 3_600_000) continue;
    // The same once-only rule by its own dedupe key; nothing is queued without WhatsApp connected.
    if (await queueAutomation(db, "reminder", row, row.timeZone, now)) report.whatsapp++;
    const to = row.patientEmail?.trim();
    if (!to) continue;
    try {
      const { queued } = await enqueueEmail(db, {
        clinicId: row.clinicId,
        to,
        kind: "appointment.reminder",
        dedupeKey: reminderDedupeKey(row.id, row.startsAt),
        ...appointmentReminderEmail({
          clinicName: row.clinicName,
          timeZone: row.timeZone,
          patientName: row.patientName,
          startsAt: row.startsAt,
          durationMinutes: row.durationMinutes,
          doctorName: row.doctorName,
          appointmentType: row.type,
          // Still-unconfirmed visits get the confirm/cancel links (issue 5); confirmed ones need none.
          ...await patientActionLinks(deps.config, row, now),
        }),
      });
      if (queued) report.queued++;
      else report.alreadyQueued++;
    } catch (error) {
      // An address the outbox refuses must not stop the other patients' reminders.
      if (!(error instanceof TypeError)) throw error;
      log(
        `appointment-reminders: appointment ${row.id} skipped, the patient's address is unusable`,
      );
    }
  }
  if (report.queued || report.whatsapp) {
    log(`appointment-reminders: ${report.queued} emails and ${report.whatsapp} WhatsApp queued`);
  }
  return report;
}
