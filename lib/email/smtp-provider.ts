/**
 * Delivery over SMTP with nodemailer: any mail server or relay (Postmark,
 * SES, a clinic's own host). Implicit TLS with `secure`; otherwise STARTTLS
 * whenever the server offers it.
 */
import nodemailer from "nodemailer";
import type { EmailConfig } from "../config.ts";
import { EmailDeliveryError, type EmailProvider } from "./provider.ts";

export type SmtpSettings = NonNullable<EmailConfig["smtp"]>;

// nodemailer waits minutes by default; a cron run must not hang on one dead server.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export function smtpProvider(settings: SmtpSettings): EmailProvider {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: settings.user ? { user: settings.user, pass: settings.password ?? "" } : undefined,
    ...TIMEOUTS,
  });
  return {
    name: "smtp",
    async send(message) {
      try {
        const info = await transport.sendMail({
          from: message.from,
          to: message.to,
          subject: message.subject,
          html: message.html,
          text: message.text,
          attachments: message.attachments?.map((file) => ({
            filename: file.filename,
            content: file.contentBase64,
            encoding: "base64",
            contentType: file.contentType,
          })),
        });
        return { messageId: info.messageId ?? null };
      } catch (error) {
        const { responseCode, message: reason } = error as {
          responseCode?: number;
          message: string;
        };
        // 5xx is the server's final word on this message, except 535 (bad credentials),
        // which is fixed in configuration and then deserves the retries.
        const permanent = responseCode !== undefined && responseCode >= 500 && responseCode !== 535;
        throw new EmailDeliveryError(`SMTP: ${reason}`, permanent);
      }
    },
    close() {
      transport.close();
    },
  };
}
