import { eq, inArray } from "drizzle-orm";
import { assert, assertEquals, assertMatch, assertRejects } from "../../support/assert.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import type { Db } from "../../../lib/db/client.ts";
import { emailOutbox } from "../../../lib/db/schema.ts";
import {
  type EmailMessage,
  enqueueEmail,
  listAttachments,
  readAttachment,
} from "../../../lib/email/outbox.ts";
import {
  EmailDeliveryError,
  type EmailProvider,
  type OutgoingEmail,
} from "../../../lib/email/provider.ts";
import { deliverOutbox, type OutboxDelivery, retryDelayMs } from "../../../lib/email/sender.ts";

let sequence = 0;
function message(overrides: Partial<EmailMessage> = {}): EmailMessage {
  const n = sequence++;
  return {
    clinicId: null,
    to: `patient-${n}@example.com`,
    subject: `Message ${n}`,
    html: `<p>Body ${n}</p>`,
    text: `Body ${n}`,
    kind: "test.message",
    ...overrides,
  };
}

/** Records every attempt; `fail(id, attempt)` decides which attempts throw. */
function recordingProvider(
  fail: (id: string, attempt: number) => Error | null = () => null,
  delayMs = 0,
) {
  const attempts = new Map<string, number>();
  const delivered: string[] = [];
  const provider: EmailProvider = {
    name: "test",
    async send(msg) {
      const attempt = (attempts.get(msg.id) ?? 0) + 1;
      attempts.set(msg.id, attempt);
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const error = fail(msg.id, attempt);
      if (error) throw error;
      delivered.push(msg.id);
      return { messageId: `test-${msg.id}` };
    },
  };
  return { provider, attempts, delivered };
}

function delivery(db: Db, provider: EmailProvider, extra: Partial<OutboxDelivery> = {}) {
  return { db, provider, from: "OdontoX <no-reply@odontox.test>", maxAttempts: 6, ...extra };
}

async function row(db: Db, id: string) {
  const [found] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
  return found;
}

/** A moment safely after the rows just written (their `next_attempt_at` is the database's now). */
const soon = () => new Date(Date.now() + 1_000);

Deno.test("each retry waits longer than the last, up to a cap, whatever the jitter", () => {
  const lowest = () => 0;
  const highest = () => 0.999999;
  assertEquals(retryDelayMs(1, lowest), 2 * 60_000);
  assertEquals(retryDelayMs(2, lowest), 4 * 60_000);
  for (let attempts = 1; attempts < 6; attempts++) {
    assert(
      retryDelayMs(attempts + 1, lowest) > retryDelayMs(attempts, highest),
      `wait after ${attempts + 1} failures is longer than after ${attempts}`,
    );
  }
  assertEquals(retryDelayMs(20, lowest), 2 * 60 * 60_000);
});

testOnEachDatabase("email outbox", async (t, database, backend) => {
  const { db } = database;

  await t.step("an email queued in a transaction that rolls back is never stored", async () => {
    const msg = message();
    await assertRejects(() =>
      db.transaction(async (tx) => {
        await enqueueEmail(tx, msg);
        throw new Error("the booking failed");
      })
    );
    const rows = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, msg.to));
    assertEquals(rows.length, 0);
  });

  await t.step("a queued email waits, with no attempts, until the sender runs", async () => {
    const { id, queued } = await enqueueEmail(db, message({ subject: "Line\r\nBcc: evil@x.test" }));
    assert(queued && id);
    const stored = await row(db, id);
    assertEquals(stored.status, "queued");
    assertEquals(stored.attempts, 0);
    assertEquals(stored.subject, "Line Bcc: evil@x.test", "no header can be smuggled in");
    const { provider } = recordingProvider();
    await deliverOutbox(delivery(db, provider), soon());
  });

  await t.step(
    "the same dedupe key twice stores one email, and the transaction goes on",
    async () => {
      const key = `appointment.reminder:${crypto.randomUUID()}`;
      const second = await db.transaction(async (tx) => {
        const first = await enqueueEmail(tx, message({ dedupeKey: key }));
        assert(first.queued);
        const again = await enqueueEmail(tx, message({ dedupeKey: key }));
        // The transaction is still usable after the duplicate.
        await enqueueEmail(tx, message());
        return again;
      });
      assertEquals(second, { id: null, queued: false });
      const rows = await db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, key));
      assertEquals(rows.length, 1);

      // Two transactions racing with one key (concurrent on Postgres) still store one email.
      const raced = `appointment.reminder:${crypto.randomUUID()}`;
      const results = await Promise.all(
        [1, 2].map(() => db.transaction((tx) => enqueueEmail(tx, message({ dedupeKey: raced })))),
      );
      assertEquals(results.filter((r) => r.queued).length, 1);
      assertEquals(
        (await db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, raced))).length,
        1,
      );
      const { provider } = recordingProvider();
      await deliverOutbox(delivery(db, provider), soon());
    },
  );

  await t.step(
    "an email's attachments are stored beside it and handed to the provider, bytes intact",
    async () => {
      const pdf = new TextEncoder().encode("%PDF-1.7 receipt bytes \u00ff");
      const { id } = await enqueueEmail(
        db,
        message({
          attachments: [{
            filename: "Receipt RCT-000001.pdf",
            contentType: "application/pdf",
            content: pdf,
          }],
        }),
      );
      assertEquals(await listAttachments(db, id!), [
        {
          position: 0,
          filename: "Receipt RCT-000001.pdf",
          contentType: "application/pdf",
          sizeBytes: pdf.length,
        },
      ]);
      const seen: OutgoingEmail[] = [];
      const provider: EmailProvider = {
        name: "test",
        send(msg) {
          seen.push(msg);
          return Promise.resolve({ messageId: null });
        },
      };
      await deliverOutbox(delivery(db, provider), soon());
      const sent = seen.find((msg) => msg.id === id)!;
      assertEquals(sent.attachments?.length, 1);
      const bytes = Uint8Array.from(
        atob(sent.attachments![0].contentBase64),
        (c) => c.charCodeAt(0),
      );
      assertEquals(bytes, pdf);
      assertEquals((await readAttachment(db, id!, 0))?.content, pdf);
      // Mail without attachments carries none.
      assert(seen.filter((msg) => msg.id !== id).every((msg) => !msg.attachments));
    },
  );

  await t.step("a provider that fails twice then succeeds: sent on the third attempt", async () => {
    const { id } = await enqueueEmail(db, message());
    const { provider, attempts, delivered } = recordingProvider((msgId, attempt) =>
      msgId === id && attempt <= 2 ? new Error(`connection refused (${attempt})`) : null
    );
    const deps = delivery(db, provider);

    const t0 = soon();
    await deliverOutbox(deps, t0);
    const first = await row(db, id!);
    assertEquals([first.status, first.attempts], ["queued", 1]);
    assertEquals(first.lastError, "connection refused (1)");
    const wait1 = first.nextAttemptAt.getTime() - t0.getTime();
    assert(wait1 >= 2 * 60_000 && wait1 < 3 * 60_000, `first wait ${wait1} ms`);

    // Not due yet: a run in between leaves it alone.
    await deliverOutbox(deps, new Date(t0.getTime() + 60_000));
    assertEquals(attempts.get(id!), 1);

    await deliverOutbox(deps, first.nextAttemptAt);
    const second = await row(db, id!);
    assertEquals([second.status, second.attempts], ["queued", 2]);
    const wait2 = second.nextAttemptAt.getTime() - first.nextAttemptAt.getTime();
    assert(wait2 > wait1, `the second wait (${wait2} ms) is longer than the first (${wait1} ms)`);

    await deliverOutbox(deps, second.nextAttemptAt);
    const third = await row(db, id!);
    assertEquals([third.status, third.attempts], ["sent", 3]);
    assertEquals(third.sentAt?.getTime(), second.nextAttemptAt.getTime());
    assertEquals(third.providerMessageId, `test-${id}`);
    assertEquals(third.lastError, null);
    assertEquals(delivered.filter((d) => d === id).length, 1);

    // Sent is final.
    await deliverOutbox(deps, new Date(t0.getTime() + 86_400_000));
    assertEquals(attempts.get(id!), 3);
  });

  await t.step("after the last allowed attempt the email is failed, with the reason", async () => {
    const { id } = await enqueueEmail(db, message());
    const { provider, attempts } = recordingProvider((msgId) =>
      msgId === id ? new Error("mailbox full") : null
    );
    const deps = delivery(db, provider, { maxAttempts: 2 });
    await deliverOutbox(deps, soon());
    const retry = await row(db, id!);
    assertEquals(retry.status, "queued");
    const report = await deliverOutbox(deps, retry.nextAttemptAt);
    assertEquals(report.failed, 1);
    const failed = await row(db, id!);
    assertEquals([failed.status, failed.attempts, failed.lastError], ["failed", 2, "mailbox full"]);
    await deliverOutbox(deps, new Date(Date.now() + 7 * 86_400_000));
    assertEquals(attempts.get(id!), 2, "a failed email is not tried again");
  });

  await t.step("an email the provider refuses for good fails at once", async () => {
    const { id } = await enqueueEmail(db, message());
    const { provider, attempts } = recordingProvider((msgId) =>
      msgId === id ? new EmailDeliveryError("550 no such user", true) : null
    );
    await deliverOutbox(delivery(db, provider), soon());
    const failed = await row(db, id!);
    assertEquals([failed.status, failed.attempts], ["failed", 1]);
    assertMatch(failed.lastError ?? "", /550 no such user/);
    assertEquals(attempts.get(id!), 1);
  });

  await t.step(
    "an email whose sender died mid-send is retried once its lease runs out",
    async () => {
      const [stale, live] = await Promise.all([
        enqueueEmail(db, message()),
        enqueueEmail(db, message()),
      ]);
      const now = soon();
      await db.update(emailOutbox)
        .set({ status: "sending", attempts: 1, nextAttemptAt: new Date(now.getTime() - 1) })
        .where(eq(emailOutbox.id, stale.id!));
      await db.update(emailOutbox)
        .set({ status: "sending", attempts: 1, nextAttemptAt: new Date(now.getTime() + 60_000) })
        .where(eq(emailOutbox.id, live.id!));
      const { provider, delivered } = recordingProvider();
      await deliverOutbox(delivery(db, provider), now);
      assertEquals((await row(db, stale.id!)).status, "sent");
      assertEquals((await row(db, stale.id!)).attempts, 2);
      assertEquals((await row(db, live.id!)).status, "sending", "a live claim is left alone");
      assert(!delivered.includes(live.id!));
      // Tidy up for later steps: the live claim's sender "finishes".
      await db.update(emailOutbox).set({ status: "sent" }).where(eq(emailOutbox.id, live.id!));
    },
  );

  await t.step(
    `concurrent runs never send an email twice [${backend.name}]`,
    async () => {
      const ids: string[] = [];
      for (let i = 0; i < 40; i++) ids.push((await enqueueEmail(db, message())).id!);
      const { provider, delivered } = recordingProvider(() => null, 5);
      const deps = delivery(db, provider, { batchSize: 3 });
      const now = soon();
      const reports = await Promise.all([1, 2, 3, 4, 5].map(() => deliverOutbox(deps, now)));

      const mine = delivered.filter((id) => ids.includes(id));
      assertEquals(mine.length, ids.length, "every email sent");
      assertEquals(new Set(mine).size, ids.length, "none sent twice");
      const rows = await db.select().from(emailOutbox).where(inArray(emailOutbox.id, ids));
      assert(rows.every((r) => r.status === "sent" && r.attempts === 1));
      assertEquals(reports.reduce((n, r) => n + r.sent, 0), delivered.length);
      if (backend.name === "postgres") {
        assert(
          reports.filter((r) => r.sent > 0).length > 1,
          "the runs really overlapped and shared the work",
        );
      }
    },
  );
});
