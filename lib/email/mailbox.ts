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
import { findOutboxMessage, listOutbox, type OutboxMessage } from "./outbox.ts";

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
): Promise<OutboxMessage> {
  const message = await findOutboxMessage(db, id, scopeOf(me));
  if (!message) throw notFound("Message not found");
  return message;
}
