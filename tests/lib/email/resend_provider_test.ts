/**
 * The Resend provider against a local server speaking Resend's documented
 * API (`POST /emails`, Bearer key, JSON in, `{ id }` out), and provider
 * selection from configuration.
 */
import { assert, assertEquals, assertMatch, assertRejects } from "../../support/assert.ts";
import { TEST_SECRETS } from "../../support/test-app.ts";
import { ConfigError, loadConfig } from "../../../lib/config.ts";
import { EmailDeliveryError, type OutgoingEmail } from "../../../lib/email/provider.ts";
import { resendProvider } from "../../../lib/email/resend-provider.ts";
import { emailProviderFor } from "../../../lib/email/sender.ts";
import { appointmentReminderEmail } from "../../../lib/email/templates.ts";

interface Seen {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

/** Answers every request with `reply`, remembering what was asked. */
function fakeResend(reply: (seen: Seen) => Response) {
  const seen: Seen[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (request) => {
    const entry = {
      method: request.method,
      path: new URL(request.url).pathname,
      headers: request.headers,
      body: await request.json().catch(() => null),
    };
    seen.push(entry);
    return reply(entry);
  });
  return { baseUrl: `http://127.0.0.1:${server.addr.port}`, seen, close: () => server.shutdown() };
}

const content = appointmentReminderEmail({
  clinicName: "Demo Dental",
  timeZone: "Asia/Karachi",
  patientName: "Ayesha Khan",
  startsAt: new Date("2026-11-24T05:30:00Z"),
  durationMinutes: 30,
});

function outgoing(): OutgoingEmail {
  return {
    id: crypto.randomUUID(),
    from: "Demo Dental <no-reply@odontox.test>",
    to: "ayesha@example.com",
    kind: "appointment.reminder",
    ...content,
  };
}

Deno.test("the Resend provider posts the documented request and keeps the returned id", async () => {
  const resend = fakeResend(() => Response.json({ id: "49a3999c-0ce1-4ea6-ab68-afcd6dc2e794" }));
  try {
    const message = outgoing();
    const provider = resendProvider({ apiKey: "re_test_123", baseUrl: resend.baseUrl });
    const { messageId } = await provider.send(message);
    assertEquals(messageId, "49a3999c-0ce1-4ea6-ab68-afcd6dc2e794");

    assertEquals(resend.seen.length, 1);
    const [request] = resend.seen;
    assertEquals(request.method, "POST");
    assertEquals(request.path, "/emails");
    assertEquals(request.headers.get("authorization"), "Bearer re_test_123");
    assertMatch(request.headers.get("content-type") ?? "", /^application\/json/);
    // A retried send carries the same key, so Resend does not deliver it twice.
    assertEquals(request.headers.get("idempotency-key"), `outbox/${message.id}`);
    assertEquals(request.body, {
      from: "Demo Dental <no-reply@odontox.test>",
      to: ["ayesha@example.com"],
      subject: content.subject,
      html: content.html,
      text: content.text,
    });
  } finally {
    await resend.close();
  }
});

Deno.test("Resend's refusals: a rejected message fails for good, an outage is retried", async () => {
  const answers: Record<string, Response> = {
    "invalid@example.com": Response.json(
      { statusCode: 422, name: "validation_error", message: "Invalid `to` field." },
      { status: 422 },
    ),
    "limited@example.com": Response.json(
      { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests." },
      { status: 429 },
    ),
    "outage@example.com": new Response("upstream down", { status: 502 }),
  };
  const resend = fakeResend((seen) =>
    answers[(seen.body as { to: string[] }).to[0]] ?? Response.json({ id: "x" })
  );
  const provider = resendProvider({ apiKey: "re_test_123", baseUrl: resend.baseUrl });
  try {
    const fails = async (to: string) =>
      await assertRejects(() => provider.send({ ...outgoing(), to })) as EmailDeliveryError;

    const invalid = await fails("invalid@example.com");
    assert(invalid instanceof EmailDeliveryError && invalid.permanent);
    assertEquals(invalid.message, "Resend 422 validation_error: Invalid `to` field.");
    const limited = await fails("limited@example.com");
    assert(!limited.permanent, "rate limiting is worth a retry");
    assertMatch(limited.message, /^Resend 429 rate_limit_exceeded/);
    const outage = await fails("outage@example.com");
    assert(!outage.permanent);
    assertMatch(outage.message, /^Resend 502/);
  } finally {
    await resend.close();
  }

  const unreachable = await assertRejects(() => provider.send(outgoing()));
  assert(unreachable instanceof EmailDeliveryError && !unreachable.permanent);
});

Deno.test("configuration picks the provider, and refuses one it cannot use", () => {
  const config = (env: Record<string, string>) =>
    loadConfig({ APP_ENV: "test", KV_PATH: ":memory:", ...TEST_SECRETS, ...env });

  const defaults = config({}).email;
  assertEquals(defaults.provider, "log");
  assertEquals(defaults.from, "OdontoX <no-reply@odontox.local>");
  assertEquals(defaults.maxAttempts, 6);
  assertEquals(emailProviderFor(defaults).name, "log");

  const resend = config({
    EMAIL_PROVIDER: "resend",
    RESEND_API_KEY: "re_live_abc",
    RESEND_BASE_URL: "http://127.0.0.1:9/",
  }).email;
  assertEquals(resend.resend, { apiKey: "re_live_abc", baseUrl: "http://127.0.0.1:9" });
  assertEquals(emailProviderFor(resend).name, "resend");
  assertEquals(
    config({ EMAIL_PROVIDER: "resend", RESEND_API_KEY: "k" }).email.resend?.baseUrl,
    "https://api.resend.com",
  );

  const smtp =
    config({ EMAIL_PROVIDER: "smtp", SMTP_HOST: "mail.example.com", SMTP_SECURE: "true" })
      .email;
  assertEquals(smtp.smtp, {
    host: "mail.example.com",
    port: 465,
    secure: true,
    user: null,
    password: null,
  });
  assertEquals(config({ SMTP_HOST: "mail.example.com" }).email.smtp?.port, 587);

  for (
    const [env, message] of [
      [{ EMAIL_PROVIDER: "smtp" }, /SMTP_HOST/],
      [{ EMAIL_PROVIDER: "resend" }, /RESEND_API_KEY/],
      [{ EMAIL_PROVIDER: "carrier-pigeon" }, /EMAIL_PROVIDER must be one of log, smtp, resend/],
      [{ EMAIL_MAX_ATTEMPTS: "0" }, /EMAIL_MAX_ATTEMPTS/],
    ] as const
  ) {
    let error: unknown;
    try {
      config(env);
    } catch (e) {
      error = e;
    }
    assert(error instanceof ConfigError, `${JSON.stringify(env)} is refused`);
    assertMatch(error.message, message);
  }
});

Deno.test("the Resend provider sends attachments as base64 content with their names", async () => {
  const resend = fakeResend(() => Response.json({ id: "att-1" }));
  try {
    const provider = resendProvider({ apiKey: "re_test_123", baseUrl: resend.baseUrl });
    await provider.send({
      ...outgoing(),
      attachments: [{
        filename: "Receipt RCT-000007.pdf",
        contentType: "application/pdf",
        contentBase64: btoa("%PDF-1.7"),
      }],
    });
    const body = resend.seen[0].body as { attachments: unknown };
    assertEquals(body.attachments, [{
      filename: "Receipt RCT-000007.pdf",
      content: btoa("%PDF-1.7"),
      content_type: "application/pdf",
    }]);
  } finally {
    await resend.close();
  }
});
