/**
 * What a delivery provider is: something that hands one message to the world
 * (or, for `log`, to the console) and says what the world called it.
 * The sender owns retries; a provider makes one attempt.
 */
import type { EmailProviderName } from "../config.ts";

export interface OutgoingEmail {
  /** The outbox row's id; providers that support it pass it on as an idempotency key. */
  id: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  kind: string;
  /** Files to attach, content in base64; absent or empty for most mail. */
  attachments?: OutgoingAttachment[];
}

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
}

export interface EmailProvider {
  readonly name: EmailProviderName | string;
  /** Resolves with the provider's id for the message, when it gives one. */
  send(message: OutgoingEmail): Promise<{ messageId: string | null }>;
  /** Releases connections (an SMTP pool); optional. */
  close?(): void;
}

/**
 * A refused delivery. `permanent` marks a message the provider will never
 * accept as it is (a rejected address, an invalid body): retrying it only
 * delays the failure, so the sender gives up at once.
 */
export class EmailDeliveryError extends Error {
  override name = "EmailDeliveryError";
  constructor(message: string, readonly permanent = false) {
    super(message);
  }
}
