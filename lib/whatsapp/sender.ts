/**
 * Delivers the WhatsApp outbox. A run claims due messages with `for update
 * skip locked` and marks them `sending` with a lease, like the email sender,
 * so two instances never send the same message and one that dies mid-send
 * leaves it to be retried when the lease ends.
 *
 * Meta's answer decides what happens next:
 * - network errors, Graph 5xx and rate limits: retried with backoff;
 * - 131047, the 24-hour window has closed: the reply fails and the
 *   conversation follow-up template goes out instead;
 * - 131026, the recipient cannot receive WhatsApp: the number is marked so
 *   and the message falls back to email;
 * - 190, the access token expired: the connection is marked failing and the
 *   clinic's admins are told in-app and by email;
 * - anything else is final.
 *
 * The patient's number is opened here and only here, and never logged.
 */
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import {
  appointments,
  clinics,
  patients,
  users,
  whatsappConnections,
  whatsappMessages,
  whatsappUnreachableNumbers,
} from "../db/schema.ts";
import { decryptPhi, encryptPhi, phiIndex } from "../crypto/phi.ts";
import { generateAppointmentToken } from "../appointment-tokens.ts";
import { retryDelayMs } from "../email/sender.ts";
import { enqueueEmail } from "../email/outbox.ts";
import { renderEmail } from "../email/layout.tsx";
import { appointmentReminderEmail, emailDate, emailTime } from "../email/templates.ts";
import { clinicLetterhead } from "../clinic-branding/letterhead.ts";
import { reminderDedupeKey } from "../jobs/appointment-reminders.ts";
import { notifyUsers, staffWithPermission } from "../notifications/notify.ts";
import { readSection } from "../settings/sections.ts";
import { activeConnection, graphEndpoint, type OpenConnection } from "./connection.ts";
import {
  type GraphEndpoint,
  GraphError,
  type OutgoingMessage,
  sendMessage,
  templateMessage,
  textMessage,
} from "./graph-client.ts";
import { appendTrail, enqueueWhatsapp, trailEntry } from "./outbox.ts";
import { TEMPLATE_KINDS, type TemplateKind } from "./templates.ts";

export interface WhatsappDelivery {
  db: Db;
  config: Pick<Config, "encryptionKey" | "appUrl" | "whatsapp">;
  /** Tests may pass their own `fetch`. */
  fetch?: typeof fetch;
  /** Source of jitter, in [0, 1); tests fix it. */
  random?: () => number;
  batchSize?: number;
  leaseMs?: number;
}

export interface WhatsappDeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
}

const DEFAULT_BATCH = 10;
const DEFAULT_LEASE_MS = 10 * 60_000;
const MAX_BATCHES = 50;

export const WINDOW_CLOSED = 131047;
export const RECIPIENT_UNREACHABLE = 131026;
export const TOKEN_EXPIRED = 190;

type Claimed = typeof whatsappMessages.$inferSelect;

async function claimDue(deps: WhatsappDelivery, now: Date, only?: string): Promise<Claimed[]> {
  const leaseEnd = new Date(now.getTime() + (deps.leaseMs ?? DEFAULT_LEASE_MS));
  return await deps.db.transaction(async (tx) => {
    const due = await tx.select({ id: whatsappMessages.id }).from(whatsappMessages)
      .where(and(
        inArray(whatsappMessages.status, ["queued", "sending"]),
        lte(whatsappMessages.nextAttemptAt, now),
        only ? eq(whatsappMessages.id, only) : undefined,
      ))
      .orderBy(asc(whatsappMessages.nextAttemptAt))
      .limit(deps.batchSize ?? DEFAULT_BATCH)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return await tx.update(whatsappMessages)
      .set({
        status: "sending",
        attempts: sql`${whatsappMessages.attempts} + 1`,
        nextAttemptAt: leaseEnd,
        updatedAt: now,
      })
      .where(inArray(whatsappMessages.id, due.map((row) => row.id)))
      .returning();
  });
}

/** Only the claim that is still current may settle a message: `attempts` fences out a stale one. */
function stillClaimed(message: Claimed) {
  return and(
    eq(whatsappMessages.id, message.id),
    eq(whatsappMessages.status, "sending"),
    eq(whatsappMessages.attempts, message.attempts),
  );
}

interface Recipient {
  e164: string;
  hash: string;
}

/** The number to write to: the sealed contact on the row, else the patient's WhatsApp or phone. */
async function recipientOf(deps: WhatsappDelivery, message: Claimed): Promise<Recipient | null> {
  const key = deps.config.encryptionKey;
  if (message.contactPhoneEnc) {
    const e164 = await decryptPhi(key, message.contactPhoneEnc);
    return { e164, hash: message.contactPhoneHash ?? await phiIndex(key, e164) };
  }
  if (!message.patientId) return null;
  const [patient] = await deps.db.select({
    whatsapp: patients.whatsappPhoneEnc,
    phone: patients.phoneEnc,
  }).from(patients).where(
    and(eq(patients.id, message.patientId), eq(patients.clinicId, message.clinicId)),
  );
  // The main phone only where the patient has no WhatsApp number at all.
  const sealed = patient?.whatsapp ?? patient?.phone;
  if (!sealed) return null;
  const e164 = await decryptPhi(key, sealed);
  return { e164, hash: await phiIndex(key, e164) };
}

async function outgoing(
  deps: WhatsappDelivery,
  message: Claimed,
  to: string,
  now: Date,
): Promise<OutgoingMessage> {
  if (message.messageType === "text") return textMessage(to, message.body ?? "");
  const params = [...(message.templateParams ?? [])];
  const kind = message.kind as TemplateKind;
  let quickReplies: string[] | undefined;
  if (TEMPLATE_KINDS[kind]?.actions && message.appointmentId) {
    const options = { encryptionKey: deps.config.encryptionKey, now };
    const confirm = await generateAppointmentToken(message.appointmentId, "confirm", options);
    const cancel = await generateAppointmentToken(message.appointmentId, "cancel", options);
    const link = (token: string) => `${deps.config.appUrl}/appointment/respond?token=${token}`;
    params.push(link(confirm), link(cancel));
    quickReplies = [confirm, cancel];
  }
  return templateMessage({
    to,
    name: message.templateName ?? "",
    language: message.templateLanguage ?? "en",
    bodyParams: params,
    quickReplies,
  });
}

async function settle(
  deps: WhatsappDelivery,
  message: Claimed,
  changes: Partial<typeof whatsappMessages.$inferInsert>,
  ...entries: ReturnType<typeof trailEntry>[]
): Promise<void> {
  await deps.db.update(whatsappMessages)
    .set({ ...changes, trail: appendTrail(...entries), updatedAt: new Date() })
    .where(stillClaimed(message));
}

/** Tells the clinic's admins once, when the connection starts failing. */
async function markConnectionFailing(deps: WhatsappDelivery, clinicId: string, error: GraphError) {
  const now = new Date();
  await deps.db.transaction(async (tx) => {
    const changed = await tx.update(whatsappConnections)
      .set({ state: "failing", failingSince: now, lastError: error.message.slice(0, 500) })
      .where(and(
        eq(whatsappConnections.clinicId, clinicId),
        eq(whatsappConnections.state, "connected"),
      ))
      .returning({ clinicId: whatsappConnections.clinicId });
    if (changed.length === 0) return;
    const admins = await staffWithPermission(tx, clinicId, "whatsapp.config.edit");
    const title = "WhatsApp connection failing";
    const body = "Meta refused the access token (it may have expired). Messages are not being " +
      "sent until a new token is saved in Settings → WhatsApp.";
    await notifyUsers(tx, {
      clinicId,
      userIds: admins,
      kind: "whatsapp.connection_failing",
      title,
      body,
      link: "/settings/whatsapp",
    });
    if (admins.length === 0) return;
    const letterhead = await clinicLetterhead(tx, clinicId, deps.config.appUrl);
    const emails = await tx.select({ email: users.email }).from(users)
      .where(inArray(users.id, admins));
    for (const { email } of emails) {
      await enqueueEmail(tx, {
        clinicId,
        to: email,
        kind: "whatsapp.connection_failing",
        dedupeKey: `whatsapp.connection_failing:${clinicId}:${email}:${now.toISOString()}`,
        ...renderEmail({
          subject: `${letterhead.clinicName}: WhatsApp connection failing`,
          preheader: "Messages are not being sent.",
          clinicName: letterhead.clinicName,
          clinicLogoUrl: letterhead.clinicLogoUrl,
          heading: title,
          blocks: [
            { kind: "paragraph", text: body },
            {
              kind: "button",
              label: "Open WhatsApp settings",
              href: `${deps.config.appUrl}/settings/whatsapp`,
            },
          ],
        }),
      });
    }
  });
}

/** Email instead of WhatsApp, for a number that cannot receive it. */
async function emailFallback(deps: WhatsappDelivery, message: Claimed): Promise<void> {
  if (!message.patientId) return;
  const [row] = await deps.db.select({
    email: patients.email,
    name: patients.fullName,
    clinicName: clinics.name,
    timeZone: clinics.timeZone,
  }).from(patients).innerJoin(clinics, eq(clinics.id, patients.clinicId))
    .where(eq(patients.id, message.patientId));
  const to = row?.email?.trim();
  if (!row || !to) return;
  const letterhead = await clinicLetterhead(deps.db, message.clinicId, deps.config.appUrl);
  const [appointment] = message.appointmentId
    ? await deps.db.select().from(appointments).where(eq(appointments.id, message.appointmentId))
    : [];
  const kind = message.kind;
  if ((kind === "booking_confirmation" || kind === "reschedule") && appointment) {
    // The patient already had the booking email unless the clinic turned it off.
    const settings = await readSection(deps.db, message.clinicId, "notifications");
    if (settings.values.appointmentBookedEmail) return;
  }
  const when = appointment
    ? `${emailDate(appointment.startsAt, row.timeZone)} at ${
      emailTime(appointment.startsAt, row.timeZone)
    }`
    : "";
  let email;
  let dedupeKey = `whatsapp.fallback:${message.id}`;
  if (kind === "reminder" && appointment) {
    // The reminder job's own key: one reminder email, whichever way it came.
    dedupeKey = reminderDedupeKey(appointment.id, appointment.startsAt);
    email = appointmentReminderEmail({
      ...letterhead,
      timeZone: row.timeZone,
      patientName: row.name,
      startsAt: appointment.startsAt,
      durationMinutes: appointment.durationMinutes,
      doctorName: null,
      appointmentType: appointment.type,
    });
  } else {
    const text = kind === "missed_visit"
      ? `Dear ${row.name}, we missed you at your appointment on ${when}. ` +
        `Please contact ${row.clinicName} to book a new time.`
      : kind === "booking_confirmation" || kind === "reschedule"
      ? `Dear ${row.name}, your appointment at ${row.clinicName} is on ${when}.`
      : message.body ?? `${row.clinicName} tried to reach you on WhatsApp.`;
    email = renderEmail({
      subject: `A message from ${row.clinicName}`,
      preheader: text.slice(0, 90),
      clinicName: row.clinicName,
      clinicLogoUrl: letterhead.clinicLogoUrl,
      heading: `A message from ${row.clinicName}`,
      blocks: [{ kind: "paragraph", text }],
      footer: "We could not reach you on WhatsApp, so this came by email.",
    });
  }
  try {
    await enqueueEmail(deps.db, {
      clinicId: message.clinicId,
      to,
      kind: "whatsapp.fallback",
      dedupeKey,
      ...email,
    });
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
}

async function reopenConversation(
  deps: WhatsappDelivery,
  message: Claimed,
  connection: OpenConnection,
  now: Date,
) {
  const [row] = message.patientId
    ? await deps.db.select({ name: patients.fullName }).from(patients)
      .where(eq(patients.id, message.patientId))
    : [];
  const [clinic] = await deps.db.select({ name: clinics.name }).from(clinics)
    .where(eq(clinics.id, message.clinicId));
  const choice = connection.templates.reopen;
  await enqueueWhatsapp(deps.db, {
    clinicId: message.clinicId,
    kind: "reopen",
    patientId: message.patientId,
    contactPhoneEnc: message.contactPhoneEnc,
    contactPhoneHash: message.contactPhoneHash,
    contactName: message.contactName,
    template: {
      name: choice.name,
      language: choice.language,
      params: [row?.name ?? message.contactName ?? "there", clinic?.name ?? "your clinic"],
    },
    dedupeKey: `whatsapp.reopen:${message.id}`,
    sentBy: message.sentBy,
    now,
  });
}

async function deliverOne(
  deps: WhatsappDelivery,
  endpoint: GraphEndpoint,
  message: Claimed,
  now: Date,
  report: WhatsappDeliveryReport,
): Promise<void> {
  const connection = await activeConnection(deps.db, deps.config.encryptionKey, message.clinicId);
  if (!connection) {
    await settle(
      deps,
      message,
      { status: "cancelled", nextAttemptAt: null },
      trailEntry(
        now,
        "cancelled",
        { note: "WhatsApp is off or no number is connected" },
      ),
    );
    report.failed++;
    return;
  }
  const recipient = await recipientOf(deps, message);
  if (!recipient) {
    await settle(
      deps,
      message,
      { status: "failed", nextAttemptAt: null, errorTitle: "The patient has no phone number" },
      trailEntry(now, "failed", { note: "The patient has no WhatsApp or phone number" }),
    );
    report.failed++;
    return;
  }
  const contact = message.contactPhoneEnc ? {} : {
    contactPhoneEnc: await encryptPhi(deps.config.encryptionKey, recipient.e164),
    contactPhoneHash: recipient.hash,
  };
  const [unreachable] = await deps.db.select().from(whatsappUnreachableNumbers).where(and(
    eq(whatsappUnreachableNumbers.clinicId, message.clinicId),
    eq(whatsappUnreachableNumbers.phoneHash, recipient.hash),
  ));
  if (unreachable) {
    await settle(deps, message, {
      ...contact,
      status: "failed",
      nextAttemptAt: null,
      errorCode: RECIPIENT_UNREACHABLE,
      errorTitle: "This number is not on WhatsApp; sent by email instead",
    }, trailEntry(now, "failed", { note: "Number not on WhatsApp", code: RECIPIENT_UNREACHABLE }));
    await emailFallback(deps, message);
    report.failed++;
    return;
  }

  try {
    const { wamid } = await sendMessage(
      { ...endpoint, fetch: deps.fetch },
      connection,
      await outgoing(deps, message, recipient.e164, now),
    );
    await settle(
      deps,
      message,
      { ...contact, status: "sent", wamid, nextAttemptAt: null, errorCode: null, errorTitle: null },
      trailEntry(now, "attempt", { note: "accepted by Meta" }),
      trailEntry(now, "sent"),
    );
    report.sent++;
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    const attempt = trailEntry(now, "attempt", { note: error.message, code: error.code });
    const failure = {
      ...contact,
      errorCode: error.code,
      errorTitle: (error.title ? `${error.title}: ` : "") + error.message,
    };
    if (error.retryable && message.attempts < deps.config.whatsapp.maxAttempts) {
      await settle(deps, message, {
        ...failure,
        status: "queued",
        nextAttemptAt: new Date(now.getTime() + retryDelayMs(message.attempts, deps.random)),
      }, attempt);
      report.retrying++;
      return;
    }
    await settle(
      deps,
      message,
      { ...failure, status: "failed", nextAttemptAt: null },
      attempt,
      trailEntry(now, "failed", { code: error.code }),
    );
    report.failed++;
    if (error.code === WINDOW_CLOSED && message.messageType === "text") {
      await reopenConversation(deps, message, connection, now);
    } else if (error.code === RECIPIENT_UNREACHABLE) {
      await deps.db.insert(whatsappUnreachableNumbers)
        .values({ clinicId: message.clinicId, phoneHash: recipient.hash })
        .onConflictDoNothing();
      await emailFallback(deps, message);
    } else if (error.code === TOKEN_EXPIRED) {
      await markConnectionFailing(deps, message.clinicId, error);
    }
  }
}

/**
 * Sends every message due at `now` (the cron job), or only message `only`
 * (a reply a member just wrote, sent at once rather than on the next tick).
 */
export async function deliverWhatsappOutbox(
  deps: WhatsappDelivery,
  now: Date,
  only?: string,
): Promise<WhatsappDeliveryReport> {
  const report: WhatsappDeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  const endpoint = graphEndpoint(deps.config);
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const claimed = await claimDue(deps, now, only);
    for (const message of claimed) await deliverOne(deps, endpoint, message, now, report);
    if (claimed.length < (deps.batchSize ?? DEFAULT_BATCH)) break;
  }
  return report;
}
