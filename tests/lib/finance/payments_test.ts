/**
 * Payments never take an invoice past its total: the exact balance goes through, one paisa more
 * is refused with the amounts named, and concurrent payments (real Postgres) together stay within
 * the balance. A payment makes a numbered receipt and emails it with the PDF attached.
 */
import { and, eq, inArray } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { assert, assertEquals, assertMatch, assertRejects } from "../../support/assert.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import { pdfText } from "../../support/pdf-text.ts";
import { assertLaidOut, renderPdf } from "../../support/pdf-render.ts";
import { emailOutbox, invoices, payments } from "../../../lib/db/schema.ts";
import { AppError } from "../../../lib/errors.ts";
import { readAttachment } from "../../../lib/email/outbox.ts";
import { recordPayment, refundPayment } from "../../../lib/finance/payments.ts";
import { paymentSchema } from "../../../lib/finance/schemas.ts";
import { clinicId, newKey, patientId, testInvoice, userId } from "./fixtures.ts";

const pay = (amountMinor: number, extra: Record<string, unknown> = {}) =>
  paymentSchema.parse({ amountMinor, method: "cash", idempotencyKey: newKey(), ...extra });

testOnEachDatabase("payments", async (t, database) => {
  const { db } = database;
  const demo = await clinicId(db, "demo-dental");
  const ayesha = await patientId(db, demo, "Ayesha Siddiqa");
  const reception = await userId(db, "reception@demo-dental.test");

  await t.step(
    "one paisa over the balance is refused with the amounts; the exact balance is accepted",
    async () => {
      const invoice = await testInvoice(db, demo, ayesha, 5_000_00);
      const refused = await assertRejects(() =>
        recordPayment(db, {
          clinicId: demo,
          invoiceId: invoice.id,
          actorId: reception,
          input: pay(5_000_01),
        })
      );
      assert(refused instanceof AppError);
      assertEquals([refused.status, refused.code], [400, "OVERPAYMENT"]);
      const number = `INV-${String(invoice.number).padStart(6, "0")}`;
      assertEquals(
        refused.message,
        `Payment of PKR 5,000.01 exceeds the outstanding balance of PKR 5,000 on invoice ${number}`,
      );
      const result = await recordPayment(db, {
        clinicId: demo,
        invoiceId: invoice.id,
        actorId: reception,
        input: pay(5_000_00),
      });
      assertEquals(result.invoice.status, "paid");
      assertEquals(result.receipt.balanceAfterMinor, 0);
      const more = await assertRejects(() =>
        recordPayment(db, {
          clinicId: demo,
          invoiceId: invoice.id,
          actorId: reception,
          input: pay(1),
        })
      );
      assertMatch((more as Error).message, /exceeds the outstanding balance of PKR 0 on invoice/);
    },
  );

  await t.step(
    "ten payments at once that together exceed the balance: the sum taken never does",
    async () => {
      const invoice = await testInvoice(db, demo, ayesha, 10_000_00);
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () =>
          recordPayment(db, {
            clinicId: demo,
            invoiceId: invoice.id,
            actorId: reception,
            input: pay(3_000_00, { emailReceipt: false }),
          })),
      );
      const accepted = results.filter((r) => r.status === "fulfilled").length;
      assertEquals(accepted, 3, "three fit into PKR 10,000; the rest are overpayments");
      for (const r of results) {
        if (r.status === "rejected") assertEquals((r.reason as AppError).code, "OVERPAYMENT");
      }
      const rows = await db.select().from(payments).where(eq(payments.invoiceId, invoice.id));
      assertEquals(rows.reduce((sum, p) => sum + p.amountMinor, 0), 9_000_00);
      const [after] = await db.select().from(invoices).where(eq(invoices.id, invoice.id));
      assertEquals([after.paidMinor, after.status], [9_000_00, "partially_paid"]);
    },
  );

  await t.step("a retry with the same idempotency key records the payment once", async () => {
    const invoice = await testInvoice(db, demo, ayesha, 2_000_00);
    const input = pay(500_00, { emailReceipt: false });
    const [first, second] = await Promise.all([
      recordPayment(db, { clinicId: demo, invoiceId: invoice.id, actorId: reception, input }),
      recordPayment(db, { clinicId: demo, invoiceId: invoice.id, actorId: reception, input }),
    ]);
    assertEquals(first.payment.id, second.payment.id);
    assertEquals([first.replayed, second.replayed].sort(), [false, true]);
    const rows = await db.select().from(payments).where(eq(payments.invoiceId, invoice.id));
    assertEquals(rows.length, 1);
  });

  await t.step("a payment dated tomorrow is refused", async () => {
    const invoice = await testInvoice(db, demo, ayesha, 1_000_00);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const refused = await assertRejects(() =>
      recordPayment(db, {
        clinicId: demo,
        invoiceId: invoice.id,
        actorId: reception,
        input: pay(100_00, { paidOn: tomorrow }),
      })
    );
    assertEquals((refused as AppError).code, "FUTURE_PAYMENT_DATE");
  });

  await t.step("the receipt email carries a PDF with the receipt number and amount", async () => {
    const invoice = await testInvoice(db, demo, ayesha, 8_000_00);
    const result = await recordPayment(db, {
      clinicId: demo,
      invoiceId: invoice.id,
      actorId: reception,
      input: pay(3_250_50, { method: "jazzcash" }),
    });
    const emails = await db.select().from(emailOutbox).where(and(
      eq(emailOutbox.clinicId, demo),
      eq(emailOutbox.kind, "finance.receipt"),
      inArray(emailOutbox.toAddress, ["ayesha.siddiqa@example.com"]),
    ));
    const number = `RCT-${String(result.receipt.number).padStart(6, "0")}`;
    const email = emails.find((e) => e.subject.includes(number));
    assert(email, "a receipt email was queued");
    const file = await readAttachment(db, email.id, 0);
    assert(file);
    assertEquals(file.filename, `Receipt ${number}.pdf`);
    const pdf = await PDFDocument.load(file.content);
    assertEquals(pdf.getPageCount(), 1);
    const text = (await pdfText(file.content)).join("\n");
    assertMatch(text, new RegExp(number));
    assertMatch(text, /PKR 3,250\.50/);
    assertMatch(text, /JazzCash/);
    assertMatch(text, /PKR 4,749\.50/, "the balance remaining");
    assertLaidOut(await renderPdf(file.content), { pages: 1, size: "A5" });
  });

  await t.step("a refund is limited to what was paid and reopens the balance", async () => {
    const invoice = await testInvoice(db, demo, ayesha, 4_000_00);
    const { payment } = await recordPayment(db, {
      clinicId: demo,
      invoiceId: invoice.id,
      actorId: reception,
      input: pay(4_000_00, { emailReceipt: false }),
    });
    const tooMuch = await assertRejects(() =>
      refundPayment(db, {
        clinicId: demo,
        paymentId: payment.id,
        actorId: reception,
        input: { amountMinor: 4_000_01, reason: "Overcharged" },
      })
    );
    assertEquals((tooMuch as AppError).code, "REFUND_TOO_LARGE");
    const { invoice: after } = await refundPayment(db, {
      clinicId: demo,
      paymentId: payment.id,
      actorId: reception,
      input: { amountMinor: 1_500_00, reason: "Treatment not done" },
    });
    assertEquals([after.paidMinor, after.status], [2_500_00, "partially_paid"]);
  });
});
