/**
 * The reminder email of one appointment: the cron job
 * (`lib/jobs/appointment-reminders.ts`) sends it at each clinic's lead time,
 * and reception sends it from the dashboard with one click. Both build the
 * same message, with the confirm/cancel links while the visit is still
 * unconfirmed.
 *
 * @example
 * ```ts
 * const sent = await sendReminderNow(deps, { clinicId, appointmentId, now: new Date() });
 * if (sent.outcome === "recent") console.log(`already sent at ${sent.sentAt}`);
 * ```
 */
import { and, desc, eq, gt, like, sql } from "drizzle-orm";
import type { AppDeps } from "../http/app-env.ts";
import type { Db } from "../db/client.ts";
import { appointments, clinics, emailOutbox, patients, users } from "../db/schema.ts";
import { enqueueEmail } from "../email/outbox.ts";
import { appointmentReminderEmail } from "../email/templates.ts";
import { clinicLetterhead } from "../clinic-branding/letterhead.ts";
import { AppError, notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { patientActionLinks } from "./notifications.ts";
import { STATUS_LABELS } from "./statuses.ts";

export const REMINDER_KIND = "appointment.reminder";

/**
 * Sending a reminder by hand is part of managing the booking, so it needs
 * what changing the booking needs: the front desk and doctors hold it.
 */
export const SEND_REMINDER_PERMISSION = "appointments.edit";

/**
 * A reminder sent by hand is not sent again within this many minutes: a
 * double click, or two people at the front desk, queue one email.
 */
export const REMINDER_RESEND_MINUTES = 15;

/** The job's key: one automatic reminder per appointment and start time. */
export function reminderDedupeKey(appointmentId: string, startsAt: Date): string {
  return `${REMINDER_KIND}:${appointmentId}:${startsAt.toISOString()}`;
}

/** Every reminder of an appointment, automatic or by hand, starts with this. */
export function reminderKeyPrefix(appointmentId: string): string {
  return `${REMINDER_KIND}:${appointmentId}:`;
}

/** What a reminder says, read with its appointment. */
export interface ReminderAppointment {
  id: string;
  status: keyof typeof STATUS_LABELS;
  clinicId: string;
  startsAt: Date;
  durationMinutes: number;
  type: string;
  patientName: string;
  patientEmail: string | null;
  doctorName: string;
  clinicName: string;
  timeZone: string;
}

/** Appointments with the names and address a reminder needs; callers add the where. */
export function reminderQuery(db: Db) {
  return db.select({
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
    .innerJoin(clinics, eq(clinics.id, appointments.clinicId));
}

/**
 * Queues the reminder of `row` under `dedupeKey`; `queued` is false when that
 * key was taken. Throws a TypeError when the patient's address is unusable.
 */
export async function enqueueReminder(
  deps: Pick<AppDeps, "db" | "config">,
  row: ReminderAppointment,
  options: { now: Date; dedupeKey: string; db?: Db },
): Promise<{ queued: boolean }> {
  const to = row.patientEmail?.trim();
  if (!to) throw new TypeError("The patient has no email address");
  const db = options.db ?? deps.db;
  const letterhead = await clinicLetterhead(db, row.clinicId, deps.config.appUrl);
  const { queued } = await enqueueEmail(db, {
    clinicId: row.clinicId,
    to,
    kind: REMINDER_KIND,
    dedupeKey: options.dedupeKey,
    ...appointmentReminderEmail({
      ...letterhead,
      timeZone: row.timeZone,
      patientName: row.patientName,
      startsAt: row.startsAt,
      durationMinutes: row.durationMinutes,
      doctorName: row.doctorName,
      appointmentType: row.type,
      // Still-unconfirmed visits get the confirm/cancel links; confirmed ones need none.
      ...await patientActionLinks(deps.config, row, options.now),
    }),
  });
  return { queued };
}

export type ReminderSent =
  | { outcome: "queued"; patientName: string }
  /** A reminder had gone out within the resend window; nothing new was queued. */
  | { outcome: "recent"; patientName: string; sentAt: Date };

/**
 * Reception's "Send reminder": queues the reminder of one upcoming
 * appointment of the clinic now. The appointment row is locked while the
 * outbox is checked, so two clicks at once queue one email. Another clinic's
 * appointment, or a malformed id, is a 404; a visit that is over, cancelled
 * or already started, or a patient without an email address, a 409/422 the
 * desk can read.
 */
export async function sendReminderNow(
  deps: Pick<AppDeps, "db" | "config">,
  input: { clinicId: string; appointmentId: string; now: Date },
): Promise<ReminderSent> {
  if (!isUuid(input.appointmentId)) throw notFound("Appointment not found");
  return await deps.db.transaction(async (tx) => {
    const [row] = await reminderQuery(tx)
      .where(and(
        eq(appointments.clinicId, input.clinicId),
        eq(appointments.id, input.appointmentId),
      ))
      .for("update", { of: appointments });
    if (!row) throw notFound("Appointment not found");
    if (row.status !== "scheduled" && row.status !== "confirmed") {
      throw new AppError(
        409,
        "NOT_REMINDABLE",
        `${row.patientName}'s appointment is ${STATUS_LABELS[row.status].toLowerCase()}; ` +
          "no reminder was sent.",
      );
    }
    if (row.startsAt <= input.now) {
      throw new AppError(
        409,
        "NOT_REMINDABLE",
        `${row.patientName}'s appointment time has passed; no reminder was sent.`,
      );
    }
    if (!row.patientEmail?.trim()) {
      throw new AppError(
        422,
        "NO_EMAIL",
        `${row.patientName} has no email address on file; call them instead.`,
      );
    }
    const [recent] = await tx.select({ createdAt: emailOutbox.createdAt }).from(emailOutbox)
      .where(and(
        eq(emailOutbox.clinicId, input.clinicId),
        eq(emailOutbox.kind, REMINDER_KIND),
        like(emailOutbox.dedupeKey, `${reminderKeyPrefix(row.id)}%`),
        // The outbox stamps rows with the database's clock, so the window is read on it too.
        gt(
          emailOutbox.createdAt,
          sql`now() - make_interval(mins => ${REMINDER_RESEND_MINUTES})`,
        ),
      ))
      .orderBy(desc(emailOutbox.createdAt))
      .limit(1);
    if (recent) {
      return { outcome: "recent", patientName: row.patientName, sentAt: recent.createdAt };
    }
    try {
      await enqueueReminder(deps, row, {
        now: input.now,
        db: tx,
        // Unique per send; the row lock above is what keeps a second click out.
        dedupeKey: `${reminderDedupeKey(row.id, row.startsAt)}:sent:${crypto.randomUUID()}`,
      });
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      throw new AppError(
        422,
        "NO_EMAIL",
        `${row.patientName}'s email address cannot receive mail; check it on their record.`,
      );
    }
    return { outcome: "queued", patientName: row.patientName };
  });
}
