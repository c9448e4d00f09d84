/**
 * Invoices: numbers are clinic-wide, unique and gap-free even when created together; totals are
 * the server's; creating one emails nobody; an issued invoice changes only by voiding.
 */
import { and, eq, gte } from "drizzle-orm";
import { assertEquals, assertRejects } from "../../support/assert.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import { emailOutbox, invoices } from "../../../lib/db/schema.ts";
import { AppError } from "../../../lib/errors.ts";
import { voidInvoice } from "../../../lib/finance/invoices.ts";
import { recordPayment } from "../../../lib/finance/payments.ts";
import { saveFinanceSettings } from "../../../lib/finance/settings.ts";
import { clinicId, newKey, patientId, testInvoice } from "./fixtures.ts";

testOnEachDatabase("invoices", async (t, database) => {
  const { db } = database;
  const demo = await clinicId(db, "demo-dental");
  const smile = await clinicId(db, "second-smile");
  const ayesha = await patientId(db, demo, "Ayesha Siddiqa");

  await t.step("twenty invoices created at once get twenty consecutive numbers", async () => {
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) => testInvoice(db, demo, ayesha, 1_000_00 + i)),
    );
    const numbers = created.map((invoice) => invoice.number).sort((a, b) => a - b);
    assertEquals(new Set(numbers).size, 20);
    assertEquals(numbers.at(-1)! - numbers[0], 19, "no gaps");
    const all = (await db.select({ n: invoices.number }).from(invoices)
      .where(eq(invoices.clinicId, demo))).map((r) => r.n).sort((a, b) => a - b);
    assertEquals(
      all,
      Array.from({ length: all.length }, (_, i) => i + 1),
      "1..n across the clinic",
    );
  });

  await t.step("a failed create leaves no gap in the numbers", async () => {
    const before = await testInvoice(db, demo, ayesha, 100_00);
    await assertRejects(() =>
      testInvoice(db, demo, ayesha, 100_00, {
        lines: [{
          source: "custom",
          description: "Crown",
          unitPriceMinor: 100_00,
          discountMinor: 200_00,
        }],
      })
    );
    const after = await testInvoice(db, demo, ayesha, 100_00);
    assertEquals(after.number, before.number + 1);
  });

  await t.step("creating an invoice emails nobody", async () => {
    const since = new Date(Date.now() - 1000);
    await testInvoice(db, demo, ayesha, 7_500_00);
    const queued = await db.select().from(emailOutbox)
      .where(and(eq(emailOutbox.clinicId, demo), gte(emailOutbox.createdAt, since)));
    assertEquals(queued.filter((e) => e.kind.startsWith("finance.")).length, 0);
  });

  await t.step("totals come from the lines, discounts and the clinic's tax rate", async () => {
    await saveFinanceSettings(db, demo, null, {
      taxRateBp: 1600,
      taxLabel: "Sales tax",
      paymentTermsDays: 7,
    });
    try {
      const invoice = await testInvoice(db, demo, ayesha, 0, {
        issueDate: "2026-11-20",
        lines: [
          {
            source: "custom",
            description: "Filling",
            quantity: 2,
            unitPriceMinor: 3_000_00,
            discountMinor: 500_00,
          },
          { source: "custom", description: "X-ray", unitPriceMinor: 1_000_00 },
        ],
      });
      assertEquals(
        [invoice.subtotalMinor, invoice.discountMinor, invoice.taxMinor, invoice.totalMinor],
        [7_000_00, 500_00, 1_040_00, 7_540_00],
      );
      assertEquals(invoice.dueDate, "2026-11-27");
      const untaxed = await testInvoice(db, demo, ayesha, 1_000_00, { applyTax: false });
      assertEquals([untaxed.taxMinor, untaxed.totalMinor], [0, 1_000_00]);
    } finally {
      await saveFinanceSettings(db, demo, null, {
        taxRateBp: null,
        taxLabel: "Sales tax",
        paymentTermsDays: 14,
      });
    }
  });

  await t.step("another clinic's patient is not found", async () => {
    const theirs = await assertRejects(() => testInvoice(db, smile, ayesha, 100_00));
    assertEquals((theirs as AppError).status, 404);
  });

  await t.step(
    "voiding needs a reason and refunds first; a void invoice takes no payment",
    async () => {
      const invoice = await testInvoice(db, demo, ayesha, 2_000_00);
      await recordPayment(db, {
        clinicId: demo,
        invoiceId: invoice.id,
        actorId: null,
        input: {
          amountMinor: 500_00,
          method: "card",
          reference: null,
          idempotencyKey: newKey(),
          emailReceipt: false,
        },
      });
      const withMoney = await assertRejects(() =>
        voidInvoice(db, {
          clinicId: demo,
          invoiceId: invoice.id,
          actorId: null,
          reason: "Wrong patient",
        })
      );
      assertEquals((withMoney as AppError).code, "INVOICE_HAS_PAYMENTS");
      const clean = await testInvoice(db, demo, ayesha, 2_000_00);
      const voided = await voidInvoice(db, {
        clinicId: demo,
        invoiceId: clean.id,
        actorId: null,
        reason: "Entered twice",
      });
      assertEquals([voided.status, voided.voidReason], ["void", "Entered twice"]);
      const refused = await assertRejects(() =>
        recordPayment(db, {
          clinicId: demo,
          invoiceId: clean.id,
          actorId: null,
          input: {
            amountMinor: 100,
            method: "cash",
            reference: null,
            idempotencyKey: newKey(),
            emailReceipt: false,
          },
        })
      );
      assertEquals((refused as AppError).code, "INVOICE_VOID");
    },
  );
});
