/**
 * Meta's callback for one clinic: `GET` is the verification handshake,
 * `POST` a signed delivery. Public (Meta has no session); the signature
 * under the clinic's app secret is the authentication, checked on the raw
 * bytes before anything is parsed. A verified delivery is answered 200 at
 * once and processed after the answer.
 */
import { Hono } from "hono";
import type { AppEnv } from "../../../lib/http/app-env.ts";
import { publicRoute } from "../../../lib/permissions/route-policy.ts";
import {
  acceptDelivery,
  processWebhookEvents,
  verifyHandshake,
} from "../../../lib/whatsapp/webhook.ts";
import { AppError } from "../../../lib/errors.ts";
import { runAfterResponse } from "../../../lib/whatsapp/background.ts";
import { deliverWhatsappOutbox } from "../../../lib/whatsapp/sender.ts";

/** Meta's deliveries are small; anything far larger is not one. */
const MAX_BODY_BYTES = 1024 * 1024;

export const whatsappWebhookApi = new Hono<AppEnv>()
  .get("/:webhookId", publicRoute(), async (c) => {
    const { deps } = c.var;
    const challenge = await verifyHandshake(
      deps.db,
      deps.config.encryptionKey,
      c.req.param("webhookId"),
      c.req.query(),
    );
    return c.text(challenge, 200);
  })
  .post("/:webhookId", publicRoute(), async (c) => {
    const { deps } = c.var;
    const length = Number(c.req.header("content-length") ?? 0);
    if (length > MAX_BODY_BYTES) throw new AppError(413, "TOO_LARGE", "Body too large");
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length > MAX_BODY_BYTES) throw new AppError(413, "TOO_LARGE", "Body too large");
    const accepted = await acceptDelivery(
      deps.db,
      deps.config.encryptionKey,
      c.req.param("webhookId"),
      bytes,
      c.req.header("x-hub-signature-256"),
    );
    // After the answer: Meta must not wait on (or retry because of) the processing.
    if (accepted) {
      runAfterResponse("whatsapp webhook", async () => {
        const now = new Date();
        const { processed } = await processWebhookEvents(deps, now);
        // Answers to quick replies were queued: send them now rather than on the next tick.
        if (processed) await deliverWhatsappOutbox(deps, now);
      });
    }
    return c.json({ ok: true });
  });
