/**
 * The clinic's WhatsApp inbox: one conversation per patient (or, for a
 * number no patient has, per number), with unread counts, and replies.
 *
 * Meta lets a business answer in free text only within 24 hours of the
 * patient's last message (the customer-service window); outside it only an
 * approved template may go, here the clinic's follow-up template, which
 * invites the patient to write back and so reopens the window.
 */
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { clinics, patients, whatsappMessages, type WhatsappTrailEntry } from "../db/schema.ts";
import { AppError, notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { activeConnectionRow } from "./connection.ts";
import { enqueueWhatsapp } from "./outbox.ts";
import { templateChoices } from "./templates.ts";

export const WINDOW_MS = 24 * 3_600_000;

/** A patient's conversation, or an unknown number's (its keyed index). */
export type ConversationKey = { patientId: string } | { contactHash: string };

const CONTACT_HASH = /^[A-Za-z0-9_-]{43}$/;

/** `p-<patient id>` or `n-<number index>`, as conversation URLs carry it; null when malformed. */
export function parseConversationKey(raw: string): ConversationKey | null {
  if (raw.startsWith("p-") && isUuid(raw.slice(2))) return { patientId: raw.slice(2) };
  if (raw.startsWith("n-") && CONTACT_HASH.test(raw.slice(2))) return { contactHash: raw.slice(2) };
  return null;
}

export function conversationPath(key: ConversationKey): string {
  return "patientId" in key ? `/whatsapp/p-${key.patientId}` : `/whatsapp/n-${key.contactHash}`;
}

function belongsTo(key: ConversationKey) {
  return "patientId" in key ? eq(whatsappMessages.patientId, key.patientId) : and(
    eq(whatsappMessages.contactPhoneHash, key.contactHash),
    isNull(whatsappMessages.patientId),
  );
}

export interface ConversationSummary {
  path: string;
  name: string;
  patientId: string | null;
  lastAt: Date;
  preview: string;
  unread: number;
  windowOpen: boolean;
}

/** Newest conversation first. */
export async function listConversations(
  db: Db,
  clinicId: string,
  now: Date,
  limit = 100,
): Promise<ConversationSummary[]> {
  const m = whatsappMessages;
  const key = sql<string>`coalesce(${m.patientId}::text, 'n-' || ${m.contactPhoneHash})`;
  const rows = await db.select({
    key,
    patientId: sql<string | null>`(array_agg(${m.patientId}))[1]`,
    contactHash: sql<string | null>`(array_agg(${m.contactPhoneHash}))[1]`,
    lastAt: sql<string>`max(${m.createdAt})`,
    lastInboundAt: sql<
      string | null
    >`max(${m.createdAt}) filter (where ${m.direction} = 'inbound')`,
    unread: sql<
      number
    >`(count(*) filter (where ${m.direction} = 'inbound' and ${m.readAt} is null))::int`,
    contactName: sql<string | null>`(array_agg(${m.contactName} order by ${m.createdAt} desc)
      filter (where ${m.contactName} is not null))[1]`,
    preview: sql<string | null>`(array_agg(coalesce(${m.body}, 'Template: ' || ${m.templateName},
      '[' || ${m.messageType} || ']') order by ${m.createdAt} desc))[1]`,
  })
    .from(m)
    .where(and(
      eq(m.clinicId, clinicId),
      sql`(${m.patientId} is not null or ${m.contactPhoneHash} is not null)`,
    ))
    .groupBy(key)
    .orderBy(desc(sql`max(${m.createdAt})`))
    .limit(limit);
  const patientIds = rows.map((r) => r.patientId).filter((id): id is string => Boolean(id));
  const names = new Map(
    patientIds.length
      ? (await db.select({ id: patients.id, name: patients.fullName }).from(patients)
        .where(and(eq(patients.clinicId, clinicId), inArray(patients.id, patientIds))))
        .map((p) => [p.id, p.name])
      : [],
  );
  return rows.map((row) => {
    const lastInbound = row.lastInboundAt ? new Date(row.lastInboundAt) : null;
    const path = row.patientId
      ? conversationPath({ patientId: row.patientId })
      : conversationPath({ contactHash: row.contactHash! });
    return {
      path,
      name: (row.patientId && names.get(row.patientId)) || row.contactName || "Unknown number",
      patientId: row.patientId,
      lastAt: new Date(row.lastAt),
      preview: (row.preview ?? "").slice(0, 120),
      unread: row.unread,
      windowOpen: Boolean(lastInbound && now.getTime() - lastInbound.getTime() < WINDOW_MS),
    };
  });
}

/** Inbound messages nobody has opened yet, for the navigation badge and the inbox header. */
export async function unreadCount(db: Db, clinicId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(whatsappMessages).where(
    and(
      eq(whatsappMessages.clinicId, clinicId),
      eq(whatsappMessages.direction, "inbound"),
      isNull(whatsappMessages.readAt),
    ),
  );
  return row?.n ?? 0;
}

export interface ConversationMessage {
  id: string;
  direction: "inbound" | "outbound";
  kind: string;
  messageType: string;
  body: string | null;
  templateName: string | null;
  status: string;
  errorCode: number | null;
  errorTitle: string | null;
  trail: WhatsappTrailEntry[];
  createdAt: Date;
}

export interface Conversation {
  key: ConversationKey;
  path: string;
  name: string;
  patientId: string | null;
  messages: ConversationMessage[];
  /** The 24-hour window closes at this time; null when it is closed. */
  windowClosesAt: Date | null;
  /** Whether anyone can be written to at all (a number is known). */
  reachable: boolean;
}

/** The conversation, oldest message first; 404 when the clinic has none under this key. */
export async function getConversation(
  db: Db,
  clinicId: string,
  key: ConversationKey,
  now: Date,
): Promise<Conversation> {
  let name: string | null = null;
  let patientHasNumber = false;
  if ("patientId" in key) {
    const [patient] = await db.select({
      name: patients.fullName,
      whatsapp: patients.whatsappPhoneEnc,
      phone: patients.phoneEnc,
    }).from(patients).where(and(eq(patients.clinicId, clinicId), eq(patients.id, key.patientId)));
    if (!patient) throw notFound("Conversation not found");
    name = patient.name;
    patientHasNumber = Boolean(patient.whatsapp || patient.phone);
  }
  const rows = await db.select({
    id: whatsappMessages.id,
    direction: whatsappMessages.direction,
    kind: whatsappMessages.kind,
    messageType: whatsappMessages.messageType,
    body: whatsappMessages.body,
    templateName: whatsappMessages.templateName,
    status: whatsappMessages.status,
    errorCode: whatsappMessages.errorCode,
    errorTitle: whatsappMessages.errorTitle,
    trail: whatsappMessages.trail,
    createdAt: whatsappMessages.createdAt,
    contactName: whatsappMessages.contactName,
  }).from(whatsappMessages)
    .where(and(eq(whatsappMessages.clinicId, clinicId), belongsTo(key)))
    .orderBy(desc(whatsappMessages.createdAt))
    .limit(200);
  if (!name && rows.length === 0) throw notFound("Conversation not found");
  const messages = rows.reverse();
  const lastInbound = messages.findLast((message) => message.direction === "inbound");
  const closes = lastInbound ? new Date(lastInbound.createdAt.getTime() + WINDOW_MS) : null;
  return {
    key,
    path: conversationPath(key),
    name: name ?? messages.findLast((message) => message.contactName)?.contactName ??
      "Unknown number",
    patientId: "patientId" in key ? key.patientId : null,
    messages,
    windowClosesAt: closes && closes > now ? closes : null,
    reachable: Boolean(lastInbound) || patientHasNumber,
  };
}

/** Opening a conversation reads its inbound messages. */
export async function markConversationRead(
  db: Db,
  clinicId: string,
  key: ConversationKey,
  now: Date,
): Promise<void> {
  await db.update(whatsappMessages).set({ readAt: now }).where(and(
    eq(whatsappMessages.clinicId, clinicId),
    belongsTo(key),
    eq(whatsappMessages.direction, "inbound"),
    isNull(whatsappMessages.readAt),
  ));
}

export const replyForm = z.object({
  text: z.string().trim().min(1, "Write a message").max(
    4096,
    "A message is at most 4096 characters",
  ),
});

async function latestInbound(db: Db, clinicId: string, key: ConversationKey) {
  const [row] = await db.select({
    at: whatsappMessages.createdAt,
    contactPhoneEnc: whatsappMessages.contactPhoneEnc,
    contactPhoneHash: whatsappMessages.contactPhoneHash,
    contactName: whatsappMessages.contactName,
  }).from(whatsappMessages)
    .where(and(
      eq(whatsappMessages.clinicId, clinicId),
      belongsTo(key),
      eq(whatsappMessages.direction, "inbound"),
    ))
    .orderBy(desc(whatsappMessages.createdAt))
    .limit(1);
  return row ?? null;
}

async function requireConnection(db: Db, clinicId: string) {
  const connection = await activeConnectionRow(db, clinicId);
  if (!connection) {
    throw new AppError(409, "NOT_CONNECTED", "Connect a WhatsApp number in Settings first");
  }
  return connection;
}

/** A free-text reply; refused once the 24-hour window has closed. Returns the queued message id. */
export async function sendReply(
  db: Db,
  input: { clinicId: string; key: ConversationKey; text: string; actorId: string; now: Date },
): Promise<string> {
  await requireConnection(db, input.clinicId);
  const inbound = await latestInbound(db, input.clinicId, input.key);
  if (!inbound && "patientId" in input.key) {
    await getConversation(db, input.clinicId, input.key, input.now);
  }
  if (!inbound || input.now.getTime() - inbound.at.getTime() >= WINDOW_MS) {
    throw new AppError(
      409,
      "WINDOW_CLOSED",
      "More than 24 hours have passed since the patient last wrote, so WhatsApp only allows a " +
        "template message. Send the follow-up template; once they answer you can write freely.",
      { fields: { text: "The 24-hour window is closed" } },
    );
  }
  const { id } = await enqueueWhatsapp(db, {
    clinicId: input.clinicId,
    kind: "reply",
    patientId: "patientId" in input.key ? input.key.patientId : null,
    contactPhoneEnc: inbound.contactPhoneEnc,
    contactPhoneHash: inbound.contactPhoneHash,
    contactName: inbound.contactName,
    body: input.text,
    sentBy: input.actorId,
    now: input.now,
  });
  return id!;
}

/** The follow-up template, for a conversation whose window has closed. */
export async function sendFollowUpTemplate(
  db: Db,
  input: { clinicId: string; key: ConversationKey; actorId: string; now: Date },
): Promise<string> {
  const connection = await requireConnection(db, input.clinicId);
  const conversation = await getConversation(db, input.clinicId, input.key, input.now);
  if (!conversation.reachable) {
    throw new AppError(409, "NO_NUMBER", "This patient has no WhatsApp or phone number");
  }
  const inbound = await latestInbound(db, input.clinicId, input.key);
  const [clinic] = await db.select({ name: clinics.name }).from(clinics)
    .where(eq(clinics.id, input.clinicId));
  const choice = templateChoices(connection.templates).reopen;
  const { id } = await enqueueWhatsapp(db, {
    clinicId: input.clinicId,
    kind: "reopen",
    patientId: conversation.patientId,
    contactPhoneEnc: inbound?.contactPhoneEnc ?? null,
    contactPhoneHash: inbound?.contactPhoneHash ?? null,
    contactName: inbound?.contactName ?? null,
    template: {
      name: choice.name,
      language: choice.language,
      params: [conversation.name, clinic?.name ?? "your clinic"],
    },
    sentBy: input.actorId,
    now: input.now,
  });
  return id!;
}
