/**
 * The email outbox: messages are written here, never sent directly.
 *
 * `enqueueEmail` takes a transaction as readily as a database, so a caller
 * that enqueues inside the transaction of its change gets an email that
 * exists only if the change committed. The sender (`./sender.ts`) delivers it.
 *
 * @example
 * ```ts
 * await db.transaction(async (tx) => {
 *   const [appointment] = await tx.insert(appointments).values(row).returning();
 *   await enqueueEmail(tx, {
 *     clinicId,
 *     to: patient.email,
 *     kind: "appointment.scheduled",
 *     ...appointmentScheduledEmail({ clinicName, patientName, startsAt, timeZone }),
 *   });
 * });
 * ```
 */
import { and, asc, desc, eq, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { emailAttachments, emailOutbox, type EmailStatus } from "../db/schema.ts";
import { base64Of } from "../bytes.ts";
import type { RenderedEmail } from "./layout.tsx";
import { isUuid } from "../ids.ts";

export interface EmailMessage extends RenderedEmail {
  /** Null for platform mail that belongs to no clinic. */
  clinicId: string | null;
  to: string;
  /** What caused the message, dot-separated: `appointment.scheduled`, `staff.invitation`. */
  kind: string;
  /**
   * "Send once": while a message with this key exists, enqueueing another
   * with it does nothing, e.g. `appointment.reminder:<appointmentId>:<startsAt>`.
   */
  dedupeKey?: string;
  /** Files sent with the message (a receipt PDF); stored beside the outbox row, not in it. */
  attachments?: EmailAttachment[];
}

export interface EmailAttachment {
  /** What the recipient's mail client shows and saves it as: `Receipt RCT-000045.pdf`. */
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/** An attachment as the mailbox lists it: everything but the bytes. */
export interface AttachmentSummary {
  position: number;
  filename: string;
  contentType: string;
  sizeBytes: number;
}

// Providers cap whole messages near 40 MB; a clinic document is far below this.
const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
const FILENAME = /^[^/\\\r\n]{1,120}$/;

export interface OutboxMessage {
  id: string;
  clinicId: string | null;
  toAddress: string;
  subject: string;
  html: string;
  text: string;
  kind: string;
  dedupeKey: string | null;
  status: EmailStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  sentAt: Date | null;
  providerMessageId: string | null;
  createdAt: Date;
}

const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;
const KIND = /^[a-z_]+(\.[a-z_]+)+$/;

/**
 * Queues a message; `queued` is false when its dedupe key was already taken.
 * Throws on an address or kind a caller should never have produced.
 */
export async function enqueueEmail(
  db: Db,
  message: EmailMessage,
): Promise<{ id: string | null; queued: boolean }> {
  const to = message.to.trim();
  if (!ADDRESS.test(to) || to.length > 320) throw new TypeError(`Not an email address: "${to}"`);
  if (!KIND.test(message.kind)) {
    throw new TypeError(`Email kind "${message.kind}" must be dotted words`);
  }
  const [row] = await db.insert(emailOutbox)
    .values({
      clinicId: message.clinicId,
      toAddress: to,
      // A line break in a subject would start a new header in the message.
      subject: message.subject.replace(/\s+/g, " ").trim().slice(0, 300),
      html: message.html,
      text: message.text,
      kind: message.kind,
      dedupeKey: message.dedupeKey ?? null,
    })
    // ON CONFLICT leaves the caller's transaction usable, where a unique violation would abort it.
    .onConflictDoNothing({ target: emailOutbox.dedupeKey })
    .returning({ id: emailOutbox.id });
  if (row && message.attachments?.length) {
    await db.insert(emailAttachments).values(message.attachments.map((file, position) => {
      if (!FILENAME.test(file.filename)) {
        throw new TypeError(`Not an attachment name: "${file.filename}"`);
      }
      if (file.content.length > MAX_ATTACHMENT_BYTES) {
        throw new TypeError(`Attachment "${file.filename}" is over 5 MB`);
      }
      return {
        emailId: row.id,
        position,
        filename: file.filename,
        contentType: file.contentType,
        contentBase64: base64Of(file.content),
        sizeBytes: file.content.length,
      };
    }));
  }
  return { id: row?.id ?? null, queued: Boolean(row) };
}

export interface OutboxFilter {
  /** Only this clinic's messages; null lists every message (platform administrators). */
  clinicId: string | null;
  status?: EmailStatus;
  limit?: number;
}

/** Newest first. */
export async function listOutbox(db: Db, filter: OutboxFilter): Promise<OutboxMessage[]> {
  const conditions: SQL[] = [];
  if (filter.clinicId !== null) conditions.push(eq(emailOutbox.clinicId, filter.clinicId));
  if (filter.status) conditions.push(eq(emailOutbox.status, filter.status));
  return await db.select().from(emailOutbox)
    .where(and(...conditions))
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(Math.min(filter.limit ?? 100, 500));
}

/** One message, or null when it is missing or (for a clinic) another clinic's. */
export async function findOutboxMessage(
  db: Db,
  id: string,
  clinicId: string | null,
): Promise<OutboxMessage | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(emailOutbox).where(and(
    eq(emailOutbox.id, id),
    clinicId === null ? undefined : eq(emailOutbox.clinicId, clinicId),
  ));
  return row ?? null;
}

/** A message's attachments without their bytes, in order. */
export async function listAttachments(db: Db, emailId: string): Promise<AttachmentSummary[]> {
  return await db.select({
    position: emailAttachments.position,
    filename: emailAttachments.filename,
    contentType: emailAttachments.contentType,
    sizeBytes: emailAttachments.sizeBytes,
  }).from(emailAttachments)
    .where(eq(emailAttachments.emailId, emailId))
    .orderBy(asc(emailAttachments.position));
}

/** A message's attachments with their content as base64, as providers send them. */
export async function attachmentsToSend(
  db: Db,
  emailId: string,
): Promise<{ filename: string; contentType: string; contentBase64: string }[]> {
  return await db.select({
    filename: emailAttachments.filename,
    contentType: emailAttachments.contentType,
    contentBase64: emailAttachments.contentBase64,
  }).from(emailAttachments)
    .where(eq(emailAttachments.emailId, emailId))
    .orderBy(asc(emailAttachments.position));
}

/** One attachment's bytes, or null when the message has none at that position. */
export async function readAttachment(
  db: Db,
  emailId: string,
  position: number,
): Promise<(AttachmentSummary & { content: Uint8Array }) | null> {
  const [row] = await db.select().from(emailAttachments).where(and(
    eq(emailAttachments.emailId, emailId),
    eq(emailAttachments.position, position),
  ));
  if (!row) return null;
  return {
    position: row.position,
    filename: row.filename,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    content: Uint8Array.from(atob(row.contentBase64), (ch) => ch.charCodeAt(0)),
  };
}
