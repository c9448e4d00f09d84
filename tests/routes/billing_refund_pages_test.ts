/** Refunding a payment from the invoice page: the form, its limits, and who may use it. */
import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import { payments, refunds } from "../../lib/db/schema.ts";
import { recordPayment } from "../../lib/finance/payments.ts";
import { clinicId, newKey, patientId, testInvoice } from "../lib/finance/fixtures.ts";

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

testOnEachDatabase("refund pages", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicId(db, "demo-dental");
  const other = await clinicId(db, "second-smile");
  const patient = await patientId(db, demo, "Ayesha Siddiqa");
  const invoice = await testInvoice(db, demo, patient, 800_000);
  const { payment } = await recordPayment(db, {
    clinicId: demo,
    invoiceId: invoice.id,
    actorId: null,
    input: {
      amountMinor: 500_000,
      method: "cash",
      idempotencyKey: newKey(),
      emailReceipt: false,
      reference: null,
    },
  });
  const refundPath = `/billing/payments/${payment.id}/refund`;
  const refunded = async () =>
    (await db.select({ n: payments.refundedMinor }).from(payments)
      .where(eq(payments.id, payment.id)))[0].n;

  await step("the invoice page offers the owner a refund of each payment", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const html = await (await app.request(`/billing/invoices/${invoice.id}`, { jar }))
      .text();
    assert(html.includes(refundPath), "the ledger links the payment's refund form");
    const page = await (await app.request(refundPath, { jar })).text();
    assertMatch(page, /Left to refund/);
    assertMatch(page, /PKR 5,000/);
  });

  await step(
    "more than is left, no reason or a bad amount: explained, nothing refunded",
    async (app) => {
      const { jar } = await app.login("owner@demo-dental.test");
      const tooMuch = await app.request(refundPath, {
        jar,
        ...form({ amount: "5000.01", reason: "Overcharged" }),
      });
      assertEquals(tooMuch.status, 400);
      assertMatch(await tooMuch.text(), /exceeds the PKR 5,000 left to refund/);
      const noReason = await app.request(refundPath, {
        jar,
        ...form({ amount: "100", reason: "" }),
      });
      assertEquals(noReason.status, 400);
      assertMatch(await noReason.text(), /Give a reason/);
      const words = await app.request(refundPath, {
        jar,
        ...form({ amount: "lots", reason: "x" }),
      });
      assertEquals(words.status, 400);
      assertMatch(await words.text(), /Enter the amount in rupees/);
      assertEquals(await refunded(), 0);
    },
  );

  await step("a refund is recorded and the invoice shows it", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const res = await app.request(refundPath, {
      jar,
      ...form({ amount: "1,500", reason: "Treatment not completed" }),
    });
    assertEquals(res.status, 303);
    assertEquals(
      res.headers.get("location"),
      `/billing/invoices/${invoice.id}?notice=refunded`,
    );
    assertEquals(await refunded(), 150_000);
    const [row] = await db.select().from(refunds).where(eq(refunds.paymentId, payment.id));
    assertEquals([row.amountMinor, row.reason], [150_000, "Treatment not completed"]);
    const page = await (await app.request(res.headers.get("location")!, { jar })).text();
    assertMatch(page, /Refund recorded/);
    assertMatch(page, /refunded PKR 1,500/);
  });

  await step("reception may record payments but not refund them", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const html = await (await app.request(`/billing/invoices/${invoice.id}`, { jar }))
      .text();
    assert(!html.includes(refundPath), "no refund link for reception");
    const post = await app.request(refundPath, { jar, ...form({ amount: "1", reason: "x" }) });
    assertEquals(post.status, 403);
    await post.body?.cancel();
    assertEquals(await refunded(), 150_000);
  });

  await step("another clinic's payment is missing; no session signs in first", async (app) => {
    const { jar } = await app.login("owner@second-smile.test");
    const foreign = await app.request(refundPath, { jar });
    assertEquals(foreign.status, 404);
    await foreign.body?.cancel();
    const post = await app.request(refundPath, { jar, ...form({ amount: "1", reason: "x" }) });
    assertEquals(post.status, 404);
    await post.body?.cancel();
    const anonymous = await app.request(refundPath);
    assertEquals(anonymous.status, 303);
    await anonymous.body?.cancel();
    assertEquals(await refunded(), 150_000);
    assert(other !== demo);
  });
});
