/**
 * What the email-link tests share: a booked appointment of a patient with an
 * email address, signed links for it, and a snapshot of everything a
 * response could change, so "changes nothing" is one `assertEquals`.
 */
import { and, count, eq, sql } from "drizzle-orm";
import type { Db } from "../../../lib/db/client.ts";
import {
  activityLog,
  appointments,
  emailOutbox,
  notifications,
  patients,
} from "../../../lib/db/schema.ts";
import {
  type AppointmentAction,
  generateAppointmentToken,
} from "../../../lib/appointment-tokens.ts";
import { TEST_SECRETS } from "../../support/test-app.ts";
import type { DomainDeps } from "../../../lib/events/domain-hooks.ts";
import { bookDemoVisit, clinicFixture, createPatient, freshMonday } from "./fixtures.ts";

export interface BookedVisit {
  id: string;
  clinicId: string;
  patientName: string;
  patientEmail: string;
  doctorEmail: string;
  /** The Monday of the visit, YYYY-MM-DD; the visit is at 10:30 Karachi time. */
  date: string;
}

let sequence = 0;

/**
 * A Demo Dental check-up with Dr. (doctor@demo-dental.test), booked by
 * reception through `deps` (an app's, so its listeners email the patient).
 */
export async function bookVisit(
  deps: DomainDeps,
  patientName = "Ayesha Siddiqui",
): Promise<BookedVisit> {
  const { db } = deps;
  const clinic = await clinicFixture(db, "demo-dental");
  const patientId = await createPatient(db, clinic.id, patientName);
  const patientEmail = `patient.${++sequence}.${patientId.slice(0, 8)}@example.com`;
  await db.update(patients).set({ email: patientEmail }).where(eq(patients.id, patientId));
  const date = freshMonday();
  const appointment = await bookDemoVisit(deps, clinic, patientId, date, "10:30");
  return {
    id: appointment.id,
    clinicId: clinic.id,
    patientName,
    patientEmail,
    doctorEmail: "doctor@demo-dental.test",
    date,
  };
}

export function tokenFor(appointmentId: string, action: AppointmentAction, now = new Date()) {
  return generateAppointmentToken(appointmentId, action, {
    encryptionKey: TEST_SECRETS.ENCRYPTION_KEY,
    now,
  });
}

/** Everything a response may touch: the row, its log, in-app notifications and the outbox. */
export async function snapshot(db: Db, appointmentId: string) {
  const [row] = await db.select({ status: appointments.status, updatedAt: appointments.updatedAt })
    .from(appointments).where(eq(appointments.id, appointmentId));
  const [log] = await db.select({ n: count() }).from(activityLog)
    .where(and(eq(activityLog.entityType, "appointment"), eq(activityLog.entityId, appointmentId)));
  const [inApp] = await db.select({ n: count() }).from(notifications)
    .where(eq(notifications.link, `/appointments/${appointmentId}`));
  const [mail] = await db.select({ n: count() }).from(emailOutbox)
    .where(sql`${emailOutbox.html} like ${"%" + appointmentId + "%"}`);
  const [allMail] = await db.select({ n: count() }).from(emailOutbox);
  const [allInApp] = await db.select({ n: count() }).from(notifications);
  return {
    status: row?.status,
    updatedAt: row?.updatedAt?.toISOString(),
    activity: log.n,
    notifications: inApp.n,
    staffEmails: mail.n,
    outboxTotal: allMail.n,
    notificationsTotal: allInApp.n,
  };
}

/** The staff side of one status change: in-app notifications and the doctor's email. */
export async function staffMessages(db: Db, appointmentId: string) {
  const inApp = await db.select().from(notifications)
    .where(eq(notifications.link, `/appointments/${appointmentId}`));
  const emails = await db.select().from(emailOutbox)
    .where(and(
      eq(emailOutbox.kind, "appointment.status_changed"),
      sql`${emailOutbox.html} like ${"%" + appointmentId + "%"}`,
    ));
  return { inApp, emails };
}

/** The patient's "scheduled"/"rescheduled" emails, oldest first. */
export async function patientMail(db: Db, address: string) {
  return await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, address))
    .orderBy(emailOutbox.createdAt);
}

/** The confirm and cancel links of a patient email's plain-text part. */
export function linksIn(text: string): { confirm?: string; cancel?: string } {
  return {
    confirm: text.match(/Confirm Appointment: (\S+)/)?.[1],
    cancel: text.match(/Cancel: (\S+)/)?.[1],
  };
}
