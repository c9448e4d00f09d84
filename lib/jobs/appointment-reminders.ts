/**
 * Cron job: email patients ahead of their visit, each clinic at its own lead time (`reminderLeadHours` in its
 * notification settings). Every reminder carries a dedupe key naming the
 * appointment and its start, so running twice, or on two instances at once,
 * queues it once; moving the appointment earns a reminder for the new time.
 * The message itself is built by `lib/appointments/reminders.ts`, which also
 * sends it by hand from the dashboard.
 */
import { and, asc, gt, inArray, lte } from "drizzle-orm";
import type { AppDeps } from "../http/app-env.ts";
import { appointments } from "../db/schema.ts";
import { readSection } from "../settings/sections.ts";
import { enqueueReminder, reminderDedupeKey, reminderQuery } from "../appointments/reminders.ts";
import { queueAutomation } from "../whatsapp/automations.ts";

export { reminderDedupeKey };

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

export async function sendDueReminders(
  deps: Pick<AppDeps, "db" | "config">,
  now: Date,
  log: (line: string) => void = console.log,
): Promise<ReminderReport> {
  const { db } = deps;
  const due = await reminderQuery(db)
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
    if (!row.patientEmail?.trim()) continue;
    try {
      const { queued } = await enqueueReminder(deps, row, {
        now,
        dedupeKey: reminderDedupeKey(row.id, row.startsAt),
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
