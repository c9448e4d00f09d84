/**
 * A clinic's webhook, `/api/v1/whatsapp/webhook/<webhook id>`. Each clinic
 * has its own because each has its own verify token and app secret.
 *
 * A delivery is answered as soon as it is verified and recorded: Meta
 * retries anything but a 2xx for days, so the work (storing messages,
 * answering quick replies) happens after the answer, in
 * `processWebhookEvents`, which the route starts at once and a cron job
 * repeats for anything left behind.
 *
 * @example
 * ```ts
 * const challenge = await verifyHandshake(db, key, webhookId, query);
 * const accepted = await acceptDelivery(db, key, webhookId, bytes, signature);
 * if (accepted) queueMicrotask(() => processWebhookEvents({ db, config }, new Date()));
 * ```
 */
import { and, asc, eq, isNull, lt, notInArray, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { whatsappConnections, whatsappWebhookEvents } from "../db/schema.ts";
import { decryptPhi } from "../crypto/phi.ts";
import { AppError, notFound } from "../errors.ts";
import { activeConnectionRow } from "./connection.ts";
import { applyChange, changeValue } from "./inbound.ts";
import type { DomainHooks } from "../events/domain-hooks.ts";
import { constantTimeEqual, verifyWebhookSignature } from "./signature.ts";

const WEBHOOK_ID = /^[A-Za-z0-9_-]{24,64}$/;
const MAX_EVENT_ATTEMPTS = 5;

/** The clinic behind a webhook id, while WhatsApp is on and connected there. */
async function connectionOf(db: Db, webhookId: string) {
  if (!WEBHOOK_ID.test(webhookId)) throw notFound("Unknown webhook");
  const [row] = await db.select({ clinicId: whatsappConnections.clinicId })
    .from(whatsappConnections).where(eq(whatsappConnections.webhookId, webhookId));
  const active = row ? await activeConnectionRow(db, row.clinicId) : null;
  if (!active?.verifyTokenEnc || !active.appSecretEnc) throw notFound("Unknown webhook");
  return active;
}

/** Meta's verification handshake: the challenge to echo, or a 403. */
export async function verifyHandshake(
  db: Db,
  encryptionKey: string,
  webhookId: string,
  query: Record<string, string | undefined>,
): Promise<string> {
  const connection = await connectionOf(db, webhookId);
  const expected = await decryptPhi(encryptionKey, connection.verifyTokenEnc!, "credentials");
  const given = query["hub.verify_token"] ?? "";
  const challenge = query["hub.challenge"] ?? "";
  // The token comparison runs even for a wrong mode, so timing reveals nothing about either.
  const tokenOk = constantTimeEqual(given, expected);
  if (query["hub.mode"] !== "subscribe" || !tokenOk || !challenge || challenge.length > 256) {
    throw new AppError(403, "VERIFICATION_FAILED", "Verification failed");
  }
  return challenge;
}

/**
 * Verifies the signature on the raw bytes before anything is parsed, keeps
 * the changes addressed to this clinic's number, and records them. Returns
 * false when nothing was for this clinic (acknowledged, nothing stored).
 */
export async function acceptDelivery(
  db: Db,
  encryptionKey: string,
  webhookId: string,
  body: Uint8Array<ArrayBuffer>,
  signature: string | null | undefined,
): Promise<boolean> {
  const connection = await connectionOf(db, webhookId);
  const appSecret = await decryptPhi(encryptionKey, connection.appSecretEnc!, "credentials");
  if (!(await verifyWebhookSignature(appSecret, body, signature))) {
    throw new AppError(401, "BAD_SIGNATURE", "Invalid signature");
  }
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new AppError(400, "BAD_REQUEST", "The body is not JSON");
  }
  const entries = (payload as { entry?: unknown })?.entry;
  const values: unknown[] = [];
  for (const entry of Array.isArray(entries) ? entries : []) {
    const changes = (entry as { changes?: unknown })?.changes;
    for (const change of Array.isArray(changes) ? changes : []) {
      const { field, value } = (change ?? {}) as { field?: unknown; value?: unknown };
      if (field !== "messages") continue;
      const parsed = changeValue.safeParse(value);
      // Routing is by Meta's phone number id: another number's traffic is not this clinic's.
      if (parsed.success && parsed.data.metadata.phone_number_id === connection.phoneNumberId) {
        values.push(parsed.data);
      }
    }
  }
  if (values.length === 0) return false;
  await db.insert(whatsappWebhookEvents).values({ clinicId: connection.clinicId, payload: values });
  return true;
}

export interface WebhookProcessing {
  db: Db;
  config: { encryptionKey: string };
  hooks: DomainHooks;
}

/**
 * Applies recorded deliveries, one transaction each, claimed with `skip
 * locked` so concurrent runs share the work. One that fails is retried on
 * later runs, a few times, and its error kept.
 */
export async function processWebhookEvents(
  deps: WebhookProcessing,
  now: Date,
): Promise<{ processed: number; failed: number }> {
  const report = { processed: 0, failed: 0 };
  const failedThisRun: string[] = [];
  for (;;) {
    let claimedId: string | null = null;
    try {
      const done = await deps.db.transaction(async (tx) => {
        const [event] = await tx.select().from(whatsappWebhookEvents)
          .where(and(
            isNull(whatsappWebhookEvents.processedAt),
            lt(whatsappWebhookEvents.attempts, MAX_EVENT_ATTEMPTS),
            failedThisRun.length ? notInArray(whatsappWebhookEvents.id, failedThisRun) : undefined,
          ))
          .orderBy(asc(whatsappWebhookEvents.receivedAt))
          .limit(1)
          .for("update", { skipLocked: true });
        if (!event) return false;
        claimedId = event.id;
        const context = {
          clinicId: event.clinicId,
          encryptionKey: deps.config.encryptionKey,
          now,
          hooks: deps.hooks,
        };
        for (const value of event.payload) {
          const parsed = changeValue.safeParse(value);
          if (parsed.success) await applyChange(tx, context, parsed.data);
        }
        await tx.update(whatsappWebhookEvents).set({ processedAt: now })
          .where(eq(whatsappWebhookEvents.id, event.id));
        return true;
      });
      if (!done) break;
      report.processed++;
    } catch (error) {
      if (!claimedId) throw error;
      failedThisRun.push(claimedId);
      report.failed++;
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      await deps.db.update(whatsappWebhookEvents)
        .set({
          attempts: sql`${whatsappWebhookEvents.attempts} + 1`,
          lastError: reason.slice(0, 500),
        })
        .where(eq(whatsappWebhookEvents.id, claimedId));
    }
  }
  return report;
}
