/**
 * A patient's answer from the email link: confirm or cancel
 * the appointment a signed token names, with no session. The change, its
 * activity-log entry and the staff notifications (the status-change domain
 * hook) are one transaction; the row is locked first, so two clicks
 * racing on the same link produce one change and one set of notifications,
 * the second seeing the first's result as "already processed".
 *
 * @example
 * ```ts
 * const answer = await respondToAppointment(deps, { token, encryptionKey });
 * if (answer.alreadyProcessed) show(answer.status);
 * ```
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { appointments, clinics, patients } from "../db/schema.ts";
import { AppError, notFound, tooManyRequests } from "../errors.ts";
import { hitRateLimit } from "../auth/rate-limit.ts";
import { emailDate, emailTime } from "../email/templates.ts";
import { isUuid } from "../ids.ts";
import {
  type AppointmentAction,
  TokenExpiredError,
  TokenInvalidError,
  verifyAppointmentToken,
} from "../appointment-tokens.ts";
import { clinicTimeZone } from "../time/clinic-zone.ts";
import type { DomainDeps } from "../events/domain-hooks.ts";
import { applyStatusChange } from "./status-changes.ts";
import { type Appointment, appointmentColumns } from "./queries.ts";
import { type AppointmentStatus, canTransition } from "./statuses.ts";

/** What each link asks for. */
export const ACTION_STATUS: Record<AppointmentAction, AppointmentStatus> = {
  confirm: "confirmed",
  cancel: "cancelled",
};

/**
 * Once in one of these, a link changes nothing: an old email must not undo
 * what the patient or the clinic decided since.
 */
export const ANSWERED_STATUSES: readonly AppointmentStatus[] = [
  "confirmed",
  "cancelled",
  "completed",
  "no_show",
];

/** The refusals a link can meet, as the API and the page both report them. */
export const tokenExpired = () => new AppError(400, "TOKEN_EXPIRED", "Token expired");
export const tokenInvalid = () => new AppError(400, "TOKEN_INVALID", "Invalid token");
const appointmentMissing = () => notFound("Appointment not found");

/**
 * 10 answers a minute per client IP, for the API and the page's form alike:
 * enough for a person, too few to guess tokens.
 */
export const RESPONSE_RATE_LIMIT = { limit: 10, windowSeconds: 60 };

/**
 * Counts an attempt from `ip` in Deno KV (so the limit holds across server
 * instances); throws 429, with `Retry-After`, past the limit.
 */
export async function countResponseAttempt(kv: Deno.Kv, ip: string): Promise<void> {
  const result = await hitRateLimit(kv, ["appointment_respond", ip], RESPONSE_RATE_LIMIT);
  if (!result.allowed) throw tooManyRequests(result.retryAfterSeconds);
}

/** What the landing page shows before the patient presses the button. */
export interface AppointmentLinkPreview {
  action: AppointmentAction;
  status: AppointmentStatus;
  /** True when the link can no longer change anything. */
  alreadyProcessed: boolean;
  patientName: string;
  clinicName: string;
  /** "Tuesday, 24 November 2026", in the clinic's time zone. */
  appointmentDate: string;
  /** "10:30 am Pakistan Standard Time". */
  appointmentTime: string;
}

/** The answer recorded, or (`alreadyProcessed`) the status an earlier answer left. */
export type PatientResponse = AppointmentLinkPreview;

interface TokenOptions {
  encryptionKey: string;
  now?: Date;
}

async function verified(token: unknown, options: TokenOptions) {
  try {
    return await verifyAppointmentToken(token, options);
  } catch (error) {
    if (error instanceof TokenExpiredError) throw tokenExpired();
    if (error instanceof TokenInvalidError) throw tokenInvalid();
    throw error;
  }
}

/**
 * A link that could not have a next step: the target status is unreachable
 * from here (already answered, or the visit has begun).
 */
function isAnswered(status: AppointmentStatus, action: AppointmentAction): boolean {
  return ANSWERED_STATUSES.includes(status) || !canTransition(status, ACTION_STATUS[action]);
}

async function describe(
  db: Db,
  appointment: Appointment,
  action: AppointmentAction,
): Promise<AppointmentLinkPreview> {
  const [names] = await db
    .select({
      clinicName: clinics.name,
      timeZone: clinics.timeZone,
      patientName: patients.fullName,
    })
    .from(clinics)
    .innerJoin(patients, eq(patients.id, appointment.patientId))
    .where(eq(clinics.id, appointment.clinicId));
  const timeZone = names?.timeZone ?? "Asia/Karachi";
  return {
    action,
    status: appointment.status,
    alreadyProcessed: isAnswered(appointment.status, action),
    patientName: names?.patientName ?? "",
    clinicName: names?.clinicName ?? "your clinic",
    appointmentDate: emailDate(appointment.startsAt, timeZone),
    appointmentTime: emailTime(appointment.startsAt, timeZone),
  };
}

/**
 * Reads what a link is about without changing anything: email scanners and
 * link previews fetch links, so only the patient's POST may act.
 */
export async function previewAppointmentLink(
  db: Db,
  input: { token: unknown } & TokenOptions,
): Promise<AppointmentLinkPreview> {
  const { appointmentId, action } = await verified(input.token, input);
  if (!isUuid(appointmentId)) throw appointmentMissing();
  const [appointment] = await db.select(appointmentColumns).from(appointments)
    .where(eq(appointments.id, appointmentId));
  if (!appointment) throw appointmentMissing();
  return await describe(db, appointment, action);
}

const VIA_LABELS = {
  email_link: "the email link",
  whatsapp: "WhatsApp",
  portal: "the patient portal",
} as const;

/** Verifies the token and records the patient's answer, once. */
export async function respondToAppointment(
  { db, hooks }: DomainDeps,
  input: { token: unknown } & TokenOptions & {
    /** Where the answer came from: the email link (default), a WhatsApp quick reply or the patient portal. */
    via?: "email_link" | "whatsapp" | "portal";
    /** When the answer arrived through a clinic's channel, the appointment must be that clinic's. */
    clinicId?: string;
  },
): Promise<PatientResponse> {
  const { appointmentId, action } = await verified(input.token, input);
  if (!isUuid(appointmentId)) throw appointmentMissing();
  const to = ACTION_STATUS[action];
  const via = input.via ?? "email_link";

  return await db.transaction(async (tx) => {
    // The token names no clinic: the appointment's own row says whose it is.
    const [current] = await tx.select(appointmentColumns).from(appointments)
      .where(eq(appointments.id, appointmentId))
      .for("update");
    if (!current || (input.clinicId && current.clinicId !== input.clinicId)) {
      throw appointmentMissing();
    }
    if (isAnswered(current.status, action)) return await describe(tx, current, action);

    const appointment = await applyStatusChange(tx, {
      hooks,
      current,
      to,
      actorId: null,
      timeZone: await clinicTimeZone(tx, current.clinicId),
      details: {
        via,
        summary: `${to} by the patient from ${VIA_LABELS[via]}`,
      },
    });
    const answer = await describe(tx, appointment, action);
    return { ...answer, alreadyProcessed: false };
  });
}
