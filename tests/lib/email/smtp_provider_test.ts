/**
 * The SMTP provider against a real SMTP server (`smtp-server`, in process,
 * on a free local port): what arrives is what a mail server would relay.
 */
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { assert, assertEquals, assertMatch, assertRejects } from "../../support/assert.ts";
import { TEST_SECRETS } from "../../support/test-app.ts";
import { loadConfig } from "../../../lib/config.ts";
import { openDatabase } from "../../../lib/db/client.ts";
import { migrate } from "../../../lib/db/migrate.ts";
import { emailOutbox } from "../../../lib/db/schema.ts";
import { enqueueEmail } from "../../../lib/email/outbox.ts";
import { EmailDeliveryError } from "../../../lib/email/provider.ts";
import { deliverOutbox, outboxDelivery } from "../../../lib/email/sender.ts";
import { smtpProvider } from "../../../lib/email/smtp-provider.ts";
import { appointmentScheduledEmail } from "../../../lib/email/templates.ts";

interface Received {
  from: string;
  to: string[];
  raw: string;
  auth: { username?: string | null; password?: string | null } | null;
}

async function startSmtpServer() {
  const received: Received[] = [];
  let auth: Received["auth"] = null;
  const server = new SMTPServer({
    // Plain SMTP on a loopback port: no certificate to trust in a test.
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    onAuth(credentials, _session, callback) {
      auth = { username: credentials.username, password: credentials.password };
      callback(null, { user: credentials.username });
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith("nobody@")) {
        const error = new Error("No such user here") as Error & { responseCode: number };
        error.responseCode = 550;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Uint8Array[] = [];
      stream.on("data", (chunk: Uint8Array) => chunks.push(chunk));
      stream.on("end", () => {
        const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
        let offset = 0;
        for (const chunk of chunks) bytes.set(chunk, (offset += chunk.length) - chunk.length);
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: new TextDecoder().decode(bytes),
          auth,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The decoded text of the MIME part with this content type (quoted-printable or 7bit). */
function mimePart(raw: string, type: "text/plain" | "text/html"): string {
  const part = raw.split(/\r?\n--/).find((p) => p.includes(`Content-Type: ${type}`));
  if (!part) throw new Error(`no ${type} part`);
  const [headers, ...body] = part.split(/\r?\n\r?\n/);
  let content = body.join("\n\n");
  if (/Content-Transfer-Encoding: quoted-printable/i.test(headers)) {
    const bytes = content.replace(/=\r?\n/g, "").replace(
      /=([0-9A-F]{2})/g,
      (_, hex) => String.fromCharCode(parseInt(hex, 16)),
    );
    content = new TextDecoder().decode(Uint8Array.from(bytes, (c) => c.charCodeAt(0)));
  }
  return content;
}

function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
  return head.split(/\r?\n/).find((line) => line.toLowerCase().startsWith(`${name}:`))
    ?.slice(name.length + 1).trim();
}

const email = appointmentScheduledEmail({
  clinicName: "Demo Dental",
  timeZone: "Asia/Karachi",
  patientName: "Ayesha Khan",
  startsAt: new Date("2026-11-24T05:30:00Z"),
  durationMinutes: 45,
  confirmUrl: "https://app.odontox.test/appointment/respond?token=abc",
});

Deno.test({
  name: "the SMTP provider hands a real SMTP server the message a patient should get",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const smtp = await startSmtpServer();
    const provider = smtpProvider({
      host: "127.0.0.1",
      port: smtp.port,
      secure: false,
      user: "mailer",
      password: "s3cret",
    });
    try {
      const { messageId } = await provider.send({
        id: crypto.randomUUID(),
        from: "Demo Dental via OdontoX <no-reply@odontox.test>",
        to: "ayesha@example.com",
        kind: "appointment.scheduled",
        ...email,
      });
      assertEquals(smtp.received.length, 1);
      const [message] = smtp.received;
      assertEquals(message.to, ["ayesha@example.com"]);
      assertEquals(message.from, "no-reply@odontox.test");
      assertEquals(message.auth, { username: "mailer", password: "s3cret" });
      assertEquals(header(message.raw, "subject"), email.subject);
      assertEquals(header(message.raw, "to"), "ayesha@example.com");
      assertEquals(header(message.raw, "message-id"), messageId!);
      const html = mimePart(message.raw, "text/html");
      assertMatch(html, /Dear Ayesha Khan, your appointment at Demo Dental is booked\./);
      assertMatch(html, /href="https:\/\/app\.odontox\.test\/appointment\/respond\?token=abc"/);
      const text = mimePart(message.raw, "text/plain");
      assertMatch(text, /Time:\s+10:30 am Pakistan Standard Time/);
      assertMatch(text, /Confirm Appointment: https:\/\/app\.odontox\.test\/appointment\/respond/);

      // The server's final word on an address is a permanent failure, not a retry.
      const refused = await assertRejects(() =>
        provider.send({
          id: crypto.randomUUID(),
          from: "no-reply@odontox.test",
          to: "nobody@example.com",
          kind: "appointment.scheduled",
          ...email,
        })
      );
      assert(refused instanceof EmailDeliveryError && refused.permanent, String(refused));
      assertMatch(refused.message, /No such user here/);
    } finally {
      provider.close?.();
      await smtp.close();
    }
  },
});

Deno.test({
  name: "with EMAIL_PROVIDER=smtp the outbox is delivered over SMTP, attachments included",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const smtp = await startSmtpServer();
    const database = await openDatabase({ url: null });
    try {
      await migrate(database.sql);
      const config = loadConfig({
        APP_ENV: "test",
        KV_PATH: ":memory:",
        ...TEST_SECRETS,
        EMAIL_PROVIDER: "smtp",
        EMAIL_FROM: "OdontoX <no-reply@odontox.test>",
        SMTP_HOST: "127.0.0.1",
        SMTP_PORT: String(smtp.port),
      });
      const delivery = outboxDelivery(database.db, config.email);
      const { id } = await enqueueEmail(database.db, {
        clinicId: null,
        to: "ayesha@example.com",
        kind: "appointment.scheduled",
        ...email,
        attachments: [{
          filename: "Receipt RCT-000001.pdf",
          contentType: "application/pdf",
          content: new TextEncoder().encode("%PDF-1.7 the receipt"),
        }],
      });
      const report = await deliverOutbox(delivery, new Date(Date.now() + 1_000));
      delivery.provider.close?.();
      assertEquals(report, { sent: 1, retrying: 0, failed: 0 });
      assertEquals(smtp.received.map((m) => m.to), [["ayesha@example.com"]]);
      assertEquals(header(smtp.received[0].raw, "from"), "OdontoX <no-reply@odontox.test>");
      const pdfPart = smtp.received[0].raw.split(/\r?\n--/)
        .find((part) => part.includes("Content-Type: application/pdf"));
      assert(pdfPart, "the message has a PDF part");
      assertMatch(pdfPart, /filename="?Receipt RCT-000001\.pdf"?/);
      const encoded = pdfPart.split(/\r?\n\r?\n/)[1].replace(/\s+/g, "");
      assertEquals(atob(encoded), "%PDF-1.7 the receipt");
      const [row] = await database.db.select().from(emailOutbox).where(eq(emailOutbox.id, id!));
      assertEquals(row.status, "sent");
      assertEquals(row.providerMessageId, header(smtp.received[0].raw, "message-id"));
    } finally {
      await database.close();
      await smtp.close();
    }
  },
});
