/**
 * Delivery through Resend's HTTP API: `POST {baseUrl}/emails` with a Bearer
 * key and `{ from, to, subject, html, text, attachments? }`, answered with
 * `{ id }`. Attachments go as `{ filename, content, content_type }` with the
 * content in base64.
 *
 * The outbox id goes in the `Idempotency-Key` header, so a retry after a
 * send whose answer was lost (a timeout, a crash before the row was marked
 * sent) does not reach the recipient twice: Resend replays its first answer
 * for the same key within 24 hours.
 */
import type { EmailConfig } from "../config.ts";
import { EmailDeliveryError, type EmailProvider } from "./provider.ts";

export type ResendSettings = NonNullable<EmailConfig["resend"]>;

const TIMEOUT_MS = 15_000;
// The message itself is unacceptable; sending it again cannot help.
const PERMANENT_STATUSES = new Set([400, 422]);

export function resendProvider(settings: ResendSettings): EmailProvider {
  return {
    name: "resend",
    async send(message) {
      let response: Response;
      try {
        response = await fetch(`${settings.baseUrl}/emails`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${settings.apiKey}`,
            "content-type": "application/json",
            "idempotency-key": `outbox/${message.id}`,
          },
          body: JSON.stringify({
            from: message.from,
            to: [message.to],
            subject: message.subject,
            html: message.html,
            text: message.text,
            ...(message.attachments?.length
              ? {
                attachments: message.attachments.map((file) => ({
                  filename: file.filename,
                  content: file.contentBase64,
                  content_type: file.contentType,
                })),
              }
              : {}),
          }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (error) {
        throw new EmailDeliveryError(`Resend: ${(error as Error).message}`);
      }
      const body = await response.json().catch(() => null) as
        | { id?: string; message?: string; name?: string }
        | null;
      if (!response.ok) {
        const reason = body?.message ?? response.statusText;
        throw new EmailDeliveryError(
          `Resend ${response.status}${body?.name ? ` ${body.name}` : ""}: ${reason}`,
          PERMANENT_STATUSES.has(response.status),
        );
      }
      return { messageId: body?.id ?? null };
    },
  };
}
