/**
 * Delivers the outbox. A run claims due messages with `for update skip
 * locked` and, in the same short transaction, marks them `sending` with a
 * lease; so two instances (or two overlapping cron runs) never claim the
 * same message, and one that dies mid-send leaves its messages to be retried
 * when the lease runs out. A failed attempt is retried with exponential
 * backoff and jitter until `maxAttempts`, then the message is `failed`.
 *
 * @example
 * ```ts
 * const delivery = outboxDelivery(db, config.email);
 * Deno.cron("email-outbox", "* * * * *", () => deliverOutbox(delivery, new Date()));
 * ```
 */
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { EmailConfig } from "../config.ts";
import type { Db } from "../db/client.ts";
import { emailOutbox } from "../db/schema.ts";
import { logProvider } from "./log-provider.ts";
import { attachmentsToSend } from "./outbox.ts";
import { EmailDeliveryError, type EmailProvider } from "./provider.ts";
import { resendProvider } from "./resend-provider.ts";
import { smtpProvider } from "./smtp-provider.ts";

export interface OutboxDelivery {
  db: Db;
  provider: EmailProvider;
  /** The From header of every message. */
  from: string;
  /** Attempts before a message is marked failed. */
  maxAttempts: number;
  /** Messages claimed at a time; a run keeps claiming until nothing is due. */
  batchSize?: number;
  /** How long a claim lasts: longer than the slowest batch can take to send. */
  leaseMs?: number;
  /** Source of jitter, in [0, 1); tests fix it. */
  random?: () => number;
}

export interface DeliveryReport {
  sent: number;
  /** Failed this time, queued again for later. */
  retrying: number;
  /** Failed for good. */
  failed: number;
}

const DEFAULT_BATCH = 10;
const DEFAULT_LEASE_MS = 10 * 60_000;
const FIRST_RETRY_MS = 2 * 60_000;
const MAX_RETRY_MS = 2 * 60 * 60_000;
// A run stops claiming after this many batches, leaving the rest to the next run.
const MAX_BATCHES = 50;

export function emailProviderFor(config: EmailConfig): EmailProvider {
  switch (config.provider) {
    case "smtp":
      return smtpProvider(config.smtp!);
    case "resend":
      return resendProvider(config.resend!);
    default:
      return logProvider();
  }
}

export function outboxDelivery(db: Db, config: EmailConfig): OutboxDelivery {
  return {
    db,
    provider: emailProviderFor(config),
    from: config.from,
    maxAttempts: config.maxAttempts,
  };
}

/**
 * Wait before the next attempt, after `attempts` have failed: doubling from
 * two minutes, capped at two hours, stretched by up to half again at random
 * so messages that failed together do not retry together. Below the cap each
 * wait is longer than the one before whatever the jitter.
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
  return Math.round(base * (1 + 0.5 * random()));
}

type Claimed = typeof emailOutbox.$inferSelect;

async function claimDue(deps: OutboxDelivery, now: Date): Promise<Claimed[]> {
  const leaseEnd = new Date(now.getTime() + (deps.leaseMs ?? DEFAULT_LEASE_MS));
  return await deps.db.transaction(async (tx) => {
    const due = await tx.select({ id: emailOutbox.id }).from(emailOutbox)
      .where(and(
        inArray(emailOutbox.status, ["queued", "sending"]),
        lte(emailOutbox.nextAttemptAt, now),
      ))
      .orderBy(asc(emailOutbox.nextAttemptAt))
      .limit(deps.batchSize ?? DEFAULT_BATCH)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return await tx.update(emailOutbox)
      .set({
        status: "sending",
        attempts: sql`${emailOutbox.attempts} + 1`,
        nextAttemptAt: leaseEnd,
      })
      .where(inArray(emailOutbox.id, due.map((row) => row.id)))
      .returning();
  });
}

/** Only the claim that is still current may settle a message: `attempts` fences out a stale one. */
function stillClaimed(message: Claimed) {
  return and(
    eq(emailOutbox.id, message.id),
    eq(emailOutbox.status, "sending"),
    eq(emailOutbox.attempts, message.attempts),
  );
}

async function deliverOne(
  deps: OutboxDelivery,
  message: Claimed,
  now: Date,
  report: DeliveryReport,
): Promise<void> {
  try {
    const attachments = await attachmentsToSend(deps.db, message.id);
    const { messageId } = await deps.provider.send({
      id: message.id,
      from: deps.from,
      to: message.toAddress,
      subject: message.subject,
      html: message.html,
      text: message.text,
      kind: message.kind,
      ...(attachments.length ? { attachments } : {}),
    });
    await deps.db.update(emailOutbox)
      .set({ status: "sent", sentAt: now, providerMessageId: messageId, lastError: null })
      .where(stillClaimed(message));
    report.sent++;
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    const permanent = error instanceof EmailDeliveryError && error.permanent;
    if (permanent || message.attempts >= deps.maxAttempts) {
      await deps.db.update(emailOutbox)
        .set({ status: "failed", lastError: reason })
        .where(stillClaimed(message));
      report.failed++;
    } else {
      const delay = retryDelayMs(message.attempts, deps.random);
      await deps.db.update(emailOutbox)
        .set({
          status: "queued",
          lastError: reason,
          nextAttemptAt: new Date(now.getTime() + delay),
        })
        .where(stillClaimed(message));
      report.retrying++;
    }
  }
}

/** Sends every message due at `now`; the cron job. */
export async function deliverOutbox(deps: OutboxDelivery, now: Date): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const claimed = await claimDue(deps, now);
    for (const message of claimed) await deliverOne(deps, message, now, report);
    if (claimed.length < (deps.batchSize ?? DEFAULT_BATCH)) break;
  }
  return report;
}
