import { eq } from "drizzle-orm";
import { assert, assertEquals, assertRejects } from "../../support/assert.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import { pdfText } from "../../support/pdf-text.ts";
import { assertLaidOut, renderPdf } from "../../support/pdf-render.ts";
import { clinics, subscriptionPlans } from "../../../lib/db/schema.ts";
import { platformInvoices } from "../../../lib/db/schema/platform-invoices.ts";
import {
  createInvoice,
  invoiceDetail,
  listInvoices,
  markSent,
  recordPayment,
  saveDraft,
  voidInvoice,
} from "../../../lib/platform-billing/invoices.ts";
import { renderInvoicePdf } from "../../../lib/platform-billing/invoice-pdf.ts";
import { updateBillingProfile } from "../../../lib/platform-billing/branding.ts";
import { CountingStore, imageSizes, solidPng } from "../../support/pdf-images.ts";
import { LocalObjectStore } from "../../../lib/storage/local-store.ts";
import { AppError } from "../../../lib/errors.ts";
import { userId } from "../appointments/fixtures.ts";

/** Checks an AppError's status (and words). */
const refused = (status: number, words = "") => (error: Error) =>
  error instanceof AppError && error.status === status && error.message.includes(words);

testOnEachDatabase("platform invoices", async (t, database) => {
  const db = database.db;
  const actorId = await userId(db, "superadmin@odontox.test");
  const [demo] = await db.select().from(clinics).where(eq(clinics.slug, "demo-dental"));
  const [pro] = await db.select().from(subscriptionPlans).where(eq(subscriptionPlans.id, "pro"));

  await t.step("20 invoices created at once get 20 consecutive numbers, none skipped", async () => {
    const year = "2031";
    const made = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      createInvoice(db, {
        clinicId: demo.id,
        month: `2040-${String((i % 12) + 1).padStart(2, "0")}`.replace(
          "2040",
          String(2040 + Math.floor(i / 12)),
        ),
        actorId,
        now: new Date(`${year}-03-01T06:00:00Z`),
      })));
    const sequences = made.map((i) => i.sequence).sort((a, b) => a - b);
    assertEquals(sequences, Array.from({ length: 20 }, (_, i) => i + 1));
    assertEquals(new Set(made.map((i) => i.number)).size, 20);
    assert(made.some((i) => i.number === "OX-2031-0020"));
  });

  await t.step(
    "a refused create leaves no gap: the next invoice takes the next number",
    async () => {
      const now = new Date("2032-01-05T06:00:00Z");
      const first = await createInvoice(db, { clinicId: demo.id, month: "2050-01", actorId, now });
      const again = await assertRejects(
        () => createInvoice(db, { clinicId: demo.id, month: "2050-01", actorId, now }),
        refused(409),
      );
      assertEquals((again as AppError).status, 409);
      const next = await createInvoice(db, { clinicId: demo.id, month: "2050-02", actorId, now });
      assertEquals([first.number, next.number], ["OX-2032-0001", "OX-2032-0002"]);
    },
  );

  await t.step(
    "a new invoice starts from the clinic's plan price for its billing period",
    async () => {
      const monthly = await createInvoice(db, {
        clinicId: demo.id,
        month: "2051-03",
        actorId,
        now: new Date(),
      });
      const detail = await invoiceDetail(db, monthly.id);
      assertEquals(detail.lines.map((l) => [l.kind, l.unitPriceMinor]), [["plan", pro.priceMinor]]);
      assertEquals([detail.invoice.periodStart, detail.invoice.periodEnd], [
        "2051-03-01",
        "2051-03-31",
      ]);

      await db.update(clinics).set({ billingPeriod: "annual" }).where(eq(clinics.id, demo.id));
      try {
        const annual = await createInvoice(db, {
          clinicId: demo.id,
          month: "2052-07",
          actorId,
          now: new Date(),
        });
        assertEquals(annual.totalMinor, pro.annualPriceMinor);
        assertEquals([annual.periodStart, annual.periodEnd], ["2052-07-01", "2053-06-30"]);
      } finally {
        await db.update(clinics).set({ billingPeriod: "monthly" }).where(eq(clinics.id, demo.id));
      }
    },
  );

  await t.step(
    "draft → sent → part paid → paid; overpayment and edits after sending refused",
    async () => {
      const invoice = await createInvoice(db, {
        clinicId: demo.id,
        month: "2053-01",
        actorId,
        now: new Date(),
      });
      const saved = await saveDraft(db, {
        id: invoice.id,
        actorId,
        lines: [
          { kind: "plan", description: "Pro plan", quantity: 1, unitPriceMinor: 750000 },
          { kind: "extra", description: "Onboarding session", quantity: 2, unitPriceMinor: 250000 },
        ],
        discountMinor: 100000,
        notes: "",
        dueDate: invoice.dueDate,
      });
      assertEquals([saved.subtotalMinor, saved.totalMinor], [1250000, 1150000]);
      await assertRejects(
        () =>
          recordPayment(db, {
            id: invoice.id,
            amountMinor: 1000,
            paidOn: "2053-01-02",
            method: "cash",
            reference: "",
            actorId,
            now: new Date(),
          }),
        refused(409, "Send the invoice"),
      );
      await markSent(db, { id: invoice.id, actorId, now: new Date() });
      await assertRejects(
        () =>
          saveDraft(db, {
            id: invoice.id,
            actorId,
            lines: [{ kind: "extra", description: "Late", quantity: 1, unitPriceMinor: 1 }],
            discountMinor: 0,
            notes: "",
            dueDate: invoice.dueDate,
          }),
        refused(409),
      );
      const pay = (amountMinor: number) =>
        recordPayment(db, {
          id: invoice.id,
          amountMinor,
          paidOn: "2053-01-10",
          method: "bank_transfer",
          reference: "TRX-1",
          actorId,
          now: new Date(),
        });
      assertEquals((await pay(150000)).status, "sent");
      await assertRejects(() => pay(1000001), refused(400, "more than the balance due"));
      const paid = await pay(1000000);
      assertEquals([paid.status, paid.paidMinor], ["paid", 1150000]);
      await assertRejects(
        () => voidInvoice(db, { id: invoice.id, reason: "", actorId, now: new Date() }),
        refused(409),
      );
    },
  );

  await t.step("the list filters by status, clinic and period", async () => {
    const drafts = await listInvoices(db, { status: "draft", month: "2051-03" });
    assertEquals(drafts.map((i) => i.periodStart), ["2051-03-01"]);
    const annualInJanuary = await listInvoices(db, { month: "2053-01", clinicId: demo.id });
    // The annual July 2052 – June 2053 invoice covers January 2053 too.
    assertEquals(annualInJanuary.map((i) => i.periodStart).sort(), ["2052-07-01", "2053-01-01"]);
    const [invoice] = await db.select().from(platformInvoices)
      .where(eq(platformInvoices.periodStart, "2051-03-01"));
    await voidInvoice(db, {
      id: invoice.id,
      reason: "Issued by mistake",
      actorId,
      now: new Date(),
    });
    assertEquals(
      (await listInvoices(db, { status: "void" })).map((i) => i.number),
      [invoice.number],
    );
  });

  await t.step(
    "the PDF draws the uploaded logo and the total, and reads the logo once",
    async () => {
      const dir = await Deno.makeTempDir();
      const storage = new CountingStore(new LocalObjectStore(dir));
      try {
        await updateBillingProfile({ db, storage }, {
          details: {
            legalName: "OdontoX Test Ltd",
            address: "Lahore",
            ntn: "123-4",
            billingEmail: "",
          },
          uploads: { logo: solidPng(40, 20, [200, 30, 30]) },
          actorId,
        });
        const invoice = await createInvoice(db, {
          clinicId: demo.id,
          month: "2054-01",
          actorId,
          now: new Date(),
        });
        const readsBefore = storage.reads;
        let last: Uint8Array = new Uint8Array();
        for (let i = 0; i < 4; i++) {
          last = (await renderInvoicePdf({ db, storage }, invoice.id)).bytes;
        }
        assertEquals(storage.reads - readsBefore, 1, "one store read across four PDFs");
        assertEquals(await imageSizes(last), ["40x20"]);
        const text = (await pdfText(last)).join("\n");
        assert(text.includes("PKR 7,500"), text);
        assert(text.includes(invoice.number));
        assert(text.includes("NTN 123-4"));
        assertLaidOut(await renderPdf(last), { pages: 1, size: "A4" });

        // A new logo is read once more, then cached again.
        await updateBillingProfile({ db, storage }, {
          details: {
            legalName: "OdontoX Test Ltd",
            address: "Lahore",
            ntn: "123-4",
            billingEmail: "",
          },
          uploads: { logo: solidPng(30, 30, [0, 0, 200]) },
          actorId,
        });
        const readsAfterUpload = storage.reads;
        for (let i = 0; i < 3; i++) {
          last = (await renderInvoicePdf({ db, storage }, invoice.id)).bytes;
        }
        assertEquals(storage.reads - readsAfterUpload, 1);
        assertEquals(await imageSizes(last), ["30x30"]);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  );
});
