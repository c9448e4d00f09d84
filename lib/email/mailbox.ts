/**
 * The development mailbox's reading rules: a platform administrator reads
 * every message; a clinic member with `notifications.email.view` reads their
 * clinic's, and another clinic's message is not found.
 */
import type { StaffContext } from "../auth/staff-context.ts";
import type { Db } from "../db/client.ts";
import { EMAIL_STATUSES, type EmailStatus } from "../db/schema.ts";
import { notFound } from "../errors.ts";
import { can } from "../permissions/access.ts";
import {
  type AttachmentSummary,
  findOutboxMessage,
  listAttachments,
  listOutbox,
  type OutboxMessage,
  readAttachment,
} from "./outbox.ts";

export { EMAIL_STATUSES as MAILBOX_STATUSES };

export function canReadMailbox(me: StaffContext): boolean {
  return me.user.isSuperadmin || can(me.access, "notifications.email.view");
}

function scopeOf(me: StaffContext): string | null {
  return me.user.isSuperadmin ? null : me.clinic!.id;
}

/** `?status=` as a filter; anything else shows every status. */
export function mailboxStatus(value: string | undefined): EmailStatus | undefined {
  return (EMAIL_STATUSES as readonly string[]).includes(value ?? "")
    ? value as EmailStatus
    : undefined;
}

/** The newest 200 messages the reader may see. */
export async function readMailbox(
  db: Db,
  me: StaffContext,
  status: EmailStatus | undefined,
): Promise<OutboxMessage[]> {
  return await listOutbox(db, { clinicId: scopeOf(me), status, limit: 200 });
}

export async function openMailboxMessage(
  db: Db,
  me: StaffContext,
  id: string,
): Promise<OutboxMessage & { attachments: AttachmentSummary[] }> {
  const message = await findOutboxMessage(db, id, scopeOf(me));
  if (!message) throw notFound("Message not found");
  return { ...message, attachments: await listAttachments(db, message.id) };
}

/** One attachment of a message the reader may open, to download. */
export async function openMailboxAttachment(
  db: Db,
  me: StaffContext,
  id: string,
  position: string,
): Promise<AttachmentSummary & { content: Uint8Array }> {
  const message = await findOutboxMessage(db, id, scopeOf(me));
  const index = /^\d{1,3}$/.test(position) ? Number(position) : -1;
  const file = message && index >= 0 ? await readAttachment(db, message.id, index) : null;
  if (!file) throw notFound("Attachment not found");
  return file;
}
