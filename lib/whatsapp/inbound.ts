/**
 * What a verified webhook change does: inbound messages are stored once
 * (keyed by Meta's `wamid`) and matched to a patient by the WhatsApp number's
 * keyed index, or the main phone's; status updates move an outbound message
 * forward and never back (a late `delivered` leaves `read` alone).
 *
 * A patient's tap on a "Confirm" or "Cancel" quick reply arrives as a
 * `button` message whose payload is the signed token of the email links: it
 * is verified by the same code and answers the appointment exactly as the
 * link would, then a reply in the chat says what happened. The token alone
 * says which appointment and which answer.
 */
import { and, desc, eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { appointments, patients, whatsappMessages, type WhatsappStatus } from "../db/schema.ts";
import { verifyAppointmentToken } from "../appointment-tokens.ts";
import { isUuid } from "../ids.ts";
import { encryptPhi, phiIndex } from "../crypto/phi.ts";
import { AppError } from "../errors.ts";
import { publishEvent } from "../events/publish.ts";
import { type PatientResponse, respondToAppointment } from "../appointments/patient-response.ts";
import type { DomainHooks } from "../events/domain-hooks.ts";
import { appendTrail, enqueueWhatsapp, trailEntry } from "./outbox.ts";

export const WHATSAPP_MESSAGE_EVENT = "whatsapp.message";

const inboundMessage = z.object({
  from: z.string().regex(/^[0-9]{6,16}$/),
  id: z.string().min(1).max(200),
  timestamp: z.string().regex(/^[0-9]{1,12}$/).optional(),
  type: z.string().min(1).max(40),
  text: z.object({ body: z.string() }).partial().optional(),
  button: z.object({ text: z.string(), payload: z.string() }).partial().optional(),
  interactive: z.record(z.string(), z.unknown()).optional(),
  image: z.object({ caption: z.string() }).partial().optional(),
  document: z.object({ caption: z.string(), filename: z.string() }).partial().optional(),
  video: z.object({ caption: z.string() }).partial().optional(),
}).passthrough();

const statusUpdate = z.object({
  id: z.string().min(1).max(200),
  status: z.enum(["sent", "delivered", "read", "failed"]),
  timestamp: z.string().regex(/^[0-9]{1,12}$/).optional(),
  errors: z.array(
    z.object({ code: z.number(), title: z.string(), message: z.string() }).partial(),
  ).optional(),
}).passthrough();

/** The `value` of one `messages` change, as far as OdontoX reads it. */
export const changeValue = z.object({
  metadata: z.object({ phone_number_id: z.string() }).passthrough(),
  contacts: z.array(
    z.object({ wa_id: z.string(), profile: z.object({ name: z.string() }).partial() }).partial(),
  ).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
}).passthrough();
export type ChangeValue = z.infer<typeof changeValue>;

/** Forward only: a status may replace one ranked lower, never one ranked higher. */
const STATUS_RANK: Partial<Record<WhatsappStatus, number>> = {
  queued: 0,
  sending: 1,
  sent: 2,
  failed: 2.5,
  delivered: 3,
  read: 4,
};

export function movesForward(current: WhatsappStatus, next: WhatsappStatus): boolean {
  return (STATUS_RANK[next] ?? -1) > (STATUS_RANK[current] ?? 99);
}

export interface InboundContext {
  clinicId: string;
  encryptionKey: string;
  now: Date;
  /** The app's domain hooks: a Confirm/Cancel tap is an appointment change like any other. */
  hooks: DomainHooks;
}

function metaTime(timestamp: string | undefined, fallback: Date): Date {
  const seconds = Number(timestamp);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : fallback;
}

function textOf(message: z.infer<typeof inboundMessage>): string | null {
  const interactive = message.interactive as
    | { button_reply?: { title?: string }; list_reply?: { title?: string } }
    | undefined;
  const text = message.text?.body ?? message.button?.text ?? interactive?.button_reply?.title ??
    interactive?.list_reply?.title ?? message.image?.caption ?? message.video?.caption ??
    message.document?.caption ?? message.document?.filename ?? null;
  return text === null ? null : text.slice(0, 4096);
}

async function matchPatient(db: Db, clinicId: string, hash: string): Promise<string | null> {
  const [patient] = await db.select({ id: patients.id }).from(patients)
    .where(and(
      eq(patients.clinicId, clinicId),
      or(eq(patients.whatsappPhoneHash, hash), eq(patients.phoneHash, hash)),
    ))
    // A WhatsApp-number match wins over a main-phone match; then the most recently updated.
    .orderBy(
      desc(sql`coalesce(${patients.whatsappPhoneHash} = ${hash}, false)`),
      desc(patients.updatedAt),
    )
    .limit(1);
  return patient?.id ?? null;
}

function answerText(answer: PatientResponse | AppError): string {
  if (answer instanceof AppError) {
    return answer.code === "TOKEN_EXPIRED"
      ? "This button has expired. Please reply here or call the clinic to confirm or change your appointment."
      : "We could not match this button to an appointment. Please reply here or call the clinic.";
  }
  const when = `${answer.appointmentDate} at ${answer.appointmentTime}`;
  if (answer.alreadyProcessed) {
    return `We already have your answer: your appointment on ${when} is ${
      answer.status.replace("_", " ")
    }.`;
  }
  return answer.status === "confirmed"
    ? `Thank you, ${answer.patientName}. Your appointment on ${when} is confirmed.`
    : `Your appointment on ${when} has been cancelled. To book a new time, reply here or call ${answer.clinicName}.`;
}

/** The appointment a genuine quick-reply token names, when it is this clinic's. */
async function appointmentOfToken(db: Db, context: InboundContext, payload: string) {
  try {
    const { appointmentId } = await verifyAppointmentToken(payload, {
      encryptionKey: context.encryptionKey,
      now: context.now,
    });
    if (!isUuid(appointmentId)) return null;
    const [appointment] = await db.select({
      id: appointments.id,
      patientId: appointments.patientId,
    }).from(appointments).where(
      and(eq(appointments.id, appointmentId), eq(appointments.clinicId, context.clinicId)),
    );
    return appointment ?? null;
  } catch {
    return null;
  }
}

async function storeMessage(db: Db, context: InboundContext, value: ChangeValue, raw: unknown) {
  const parsed = inboundMessage.safeParse(raw);
  if (!parsed.success) return;
  const message = parsed.data;
  const e164 = `+${message.from}`;
  const hash = await phiIndex(context.encryptionKey, e164);
  const contactName = value.contacts?.find((c) => c.wa_id === message.from)?.profile?.name ??
    null;
  const at = metaTime(message.timestamp, context.now);

  let patientId = await matchPatient(db, context.clinicId, hash);
  let appointmentId: string | null = null;
  let answer: PatientResponse | AppError | null = null;
  const payload = message.type === "button" ? message.button?.payload : undefined;
  if (payload) {
    const appointment = await appointmentOfToken(db, context, payload);
    if (appointment) ({ id: appointmentId, patientId } = appointment);
  }

  const [row] = await db.insert(whatsappMessages).values({
    clinicId: context.clinicId,
    direction: "inbound",
    kind: "inbound",
    patientId,
    appointmentId,
    wamid: message.id,
    contactPhoneEnc: await encryptPhi(context.encryptionKey, e164),
    contactPhoneHash: hash,
    contactName: contactName?.slice(0, 200) ?? null,
    messageType: message.type,
    body: textOf(message),
    status: "received",
    trail: [trailEntry(at, "received")],
    createdAt: at,
    updatedAt: context.now,
  })
    .onConflictDoNothing({ target: [whatsappMessages.clinicId, whatsappMessages.wamid] })
    .returning({ id: whatsappMessages.id });
  // Meta redelivers: a message seen before changes nothing, and its button is not pressed twice.
  if (!row) return;

  if (payload) {
    try {
      answer = await respondToAppointment({ db, hooks: context.hooks }, {
        token: payload,
        encryptionKey: context.encryptionKey,
        now: context.now,
        via: "whatsapp",
        clinicId: context.clinicId,
      });
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      answer = error;
    }
  }
  if (answer) {
    await enqueueWhatsapp(db, {
      clinicId: context.clinicId,
      kind: "reply",
      patientId,
      contactPhoneEnc: await encryptPhi(context.encryptionKey, e164),
      contactPhoneHash: hash,
      contactName,
      body: answerText(answer),
      dedupeKey: `whatsapp.button_answer:${context.clinicId}:${message.id}`,
      now: context.now,
    });
  }
  await publishEvent(db, {
    clinicId: context.clinicId,
    type: WHATSAPP_MESSAGE_EVENT,
    permission: "whatsapp.messages.view",
    data: { messageId: row.id, patientId },
  });
}

async function applyStatus(db: Db, context: InboundContext, raw: unknown) {
  const parsed = statusUpdate.safeParse(raw);
  if (!parsed.success) return;
  const update = parsed.data;
  const [current] = await db.select({ id: whatsappMessages.id, status: whatsappMessages.status })
    .from(whatsappMessages)
    .where(and(
      eq(whatsappMessages.clinicId, context.clinicId),
      eq(whatsappMessages.wamid, update.id),
      eq(whatsappMessages.direction, "outbound"),
    ))
    .for("update");
  if (!current || !movesForward(current.status, update.status)) return;
  const error = update.errors?.[0];
  const at = metaTime(update.timestamp, context.now);
  await db.update(whatsappMessages).set({
    status: update.status,
    trail: appendTrail(trailEntry(at, update.status, { code: error?.code, note: error?.title })),
    ...(update.status === "failed"
      ? {
        errorCode: error?.code ?? null,
        errorTitle: [error?.title, error?.message].filter(Boolean).join(": ").slice(0, 500) ||
          null,
      }
      : {}),
    updatedAt: context.now,
  }).where(eq(whatsappMessages.id, current.id));
  await publishEvent(db, {
    clinicId: context.clinicId,
    type: WHATSAPP_MESSAGE_EVENT,
    permission: "whatsapp.messages.view",
    data: { messageId: current.id, status: update.status },
  });
}

/** Applies one change's messages and statuses, in the caller's transaction. */
export async function applyChange(db: Db, context: InboundContext, value: ChangeValue) {
  for (const message of value.messages ?? []) await storeMessage(db, context, value, message);
  for (const status of value.statuses ?? []) await applyStatus(db, context, status);
}
