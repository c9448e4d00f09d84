/**
 * Outgoing WhatsApp messages are written here, never sent directly: a
 * queued row in `whatsapp_messages` is the outbox, and the sender
 * (./sender.ts) delivers it. Enqueueing takes a transaction as readily as a
 * database, so a message caused by an appointment change exists only if the
 * change committed, and a dedupe key makes "send once" hold however many
 * times a job runs.
 *
 * @example
 * ```ts
 * await enqueueWhatsapp(tx, {
 *   clinicId, kind: "booking_confirmation", patientId, appointmentId,
 *   template: { name: "appointment_confirmation", language: "en", params },
 *   dedupeKey: `whatsapp.booking_confirmation:${appointmentId}`,
 * });
 * ```
 */
import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { type WhatsappKind, whatsappMessages, type WhatsappTrailEntry } from "../db/schema.ts";

export interface OutgoingWhatsapp {
  clinicId: string;
  kind: Exclude<WhatsappKind, "inbound">;
  patientId?: string | null;
  appointmentId?: string | null;
  /** The recipient, already sealed (a reply goes to whoever wrote); else the patient's number. */
  contactPhoneEnc?: string | null;
  contactPhoneHash?: string | null;
  contactName?: string | null;
  /** Free text (a reply inside the 24-hour window) … */
  body?: string;
  /** … or a template with its body parameters. */
  template?: { name: string; language: string; params: string[] };
  dedupeKey?: string;
  sentBy?: string | null;
  now?: Date;
}

export function trailEntry(
  at: Date,
  status: WhatsappTrailEntry["status"],
  extra: { note?: string; code?: number | null } = {},
): WhatsappTrailEntry {
  const entry: WhatsappTrailEntry = { at: at.toISOString(), status };
  if (extra.note) entry.note = extra.note;
  if (typeof extra.code === "number") entry.code = extra.code;
  return entry;
}

/** Appends to a row's trail in SQL, so concurrent writers never drop each other's entries. */
export function appendTrail(...entries: WhatsappTrailEntry[]) {
  return sql`${whatsappMessages.trail} || ${JSON.stringify(entries)}::jsonb`;
}

/** Queues a message; `queued` is false when its dedupe key was already taken. */
export async function enqueueWhatsapp(
  db: Db,
  message: OutgoingWhatsapp,
): Promise<{ id: string | null; queued: boolean }> {
  if (!message.body === !message.template) {
    throw new TypeError("A WhatsApp message is either free text or a template");
  }
  const now = message.now ?? new Date();
  const [row] = await db.insert(whatsappMessages).values({
    clinicId: message.clinicId,
    direction: "outbound",
    kind: message.kind,
    patientId: message.patientId ?? null,
    appointmentId: message.appointmentId ?? null,
    contactPhoneEnc: message.contactPhoneEnc ?? null,
    contactPhoneHash: message.contactPhoneHash ?? null,
    contactName: message.contactName ?? null,
    messageType: message.template ? "template" : "text",
    body: message.body ?? null,
    templateName: message.template?.name ?? null,
    templateLanguage: message.template?.language ?? null,
    templateParams: message.template?.params ?? null,
    status: "queued",
    trail: [trailEntry(now, "queued")],
    nextAttemptAt: now,
    dedupeKey: message.dedupeKey ?? null,
    sentBy: message.sentBy ?? null,
    createdAt: now,
    updatedAt: now,
  })
    // ON CONFLICT leaves the caller's transaction usable, where a unique violation would abort it.
    .onConflictDoNothing({ target: whatsappMessages.dedupeKey })
    .returning({ id: whatsappMessages.id });
  return { id: row?.id ?? null, queued: Boolean(row) };
}
