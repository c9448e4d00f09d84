/**
 * The finance API over HTTP: every route refuses no session (401), another clinic's invoice,
 * payment or receipt (404), a member without the permission (403), and a malformed body (400,
 * nothing changed); an overpayment is a 400 with the amounts; a receipt downloads as a PDF.
 */
import { and, desc, eq } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { assertEquals, assertMatch } from "../../../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../../../support/test-app.ts";
import { emailOutbox, invoices, payments } from "../../../../lib/db/schema.ts";
import { recordPayment } from "../../../../lib/finance/payments.ts";
import { pdfText } from "../../../support/pdf-text.ts";
import { assertLaidOut, renderPdf } from "../../../support/pdf-render.ts";
import { readAttachment } from "../../../../lib/email/outbox.ts";
import { clinicId, newKey, patientId, testInvoice } from "../../../lib/finance/fixtures.ts";

const OWNER = "owner@demo-dental.test";
const RECEPTION = "reception@demo-dental.test";
const DOCTOR = "doctor@demo-dental.test";
const NURSE = "nurse@demo-dental.test";
const OTHER_OWNER = "owner@second-smile.test";

testOnEachDatabase("invoices API", async (t, database) => {
  const { db } = database;
  const step = appSteps(t, database);
  const demo = await clinicId(db, "demo-dental");
  const ayesha = await patientId(db, demo, "Ayesha Siddiqa");
  const mine = await testInvoice(db, demo, ayesha, 5_000_00);
  const paidOnce = await recordPayment(db, {
    clinicId: demo,
    invoiceId: mine.id,
    actorId: null,
    input: {
      amountMinor: 1_000_00,
      method: "cash",
      reference: null,
      idempotencyKey: newKey(),
      emailReceipt: false,
    },
  });
  const draft = await testInvoice(db, demo, ayesha, 2_000_00, { status: "draft" });
  const routes: [string, string, unknown][] = [
    ["GET", "/api/v1/invoices", undefined],
    ["POST", "/api/v1/invoices", {
      patientId: ayesha,
      lines: [{ description: "X", unitPriceMinor: 1 }],
    }],
    ["GET", `/api/v1/invoices/${mine.id}`, undefined],
    ["POST", `/api/v1/invoices/${mine.id}/payments`, {
      amountMinor: 1,
      method: "cash",
      idempotencyKey: newKey(),
    }],
    ["POST", `/api/v1/invoices/${mine.id}/void`, { reason: "test" }],
    ["POST", `/api/v1/invoices/${mine.id}/send`, undefined],
    ["POST", `/api/v1/payments/${paidOnce.payment.id}/refunds`, { amountMinor: 1, reason: "test" }],
    ["GET", `/api/v1/receipts/${paidOnce.receipt.id}/pdf`, undefined],
    ["POST", `/api/v1/receipts/${paidOnce.receipt.id}/send`, undefined],
    ["PUT", `/api/v1/invoices/${draft.id}`, {
      patientId: ayesha,
      lines: [{ description: "X", unitPriceMinor: 1 }],
      status: "draft",
    }],
  ];

  await step("no session is 401 on every route", async (app) => {
    for (const [method, path, body] of routes) {
      const res = await app.json(method, path, body);
      assertEquals(res.status, 401, `${method} ${path}`);
      await res.body?.cancel();
    }
  });

  await step("another clinic's invoice, payment or receipt is not found", async (app) => {
    const { jar } = await app.login(OTHER_OWNER);
    for (const [method, path, body] of routes.slice(2)) {
      const res = await app.json(method, path, body, { jar });
      assertEquals(res.status, 404, `${method} ${path}`);
      await res.body?.cancel();
    }
    const list = await (await app.json("GET", "/api/v1/invoices", undefined, { jar })).json();
    assertEquals(list.invoices.some((i: { id: string }) => i.id === mine.id), false);
    const create = await app.json("POST", "/api/v1/invoices", routes[1][2], { jar });
    assertEquals(create.status, 404, "another clinic's patient");
    await create.body?.cancel();
  });

  await step("a member without the permission is refused with 403 naming it", async (app) => {
    const nurse = await app.login(NURSE);
    const res = await app.json("GET", "/api/v1/invoices", undefined, { jar: nurse.jar });
    assertEquals(res.status, 403);
    assertEquals((await res.json()).permission, "finance.invoices.view");
    const doctor = await app.login(DOCTOR);
    const expected: [number, string][] = [
      [1, "finance.invoices.create"],
      [3, "finance.payments.record"],
      [4, "finance.invoices.void"],
      [6, "finance.payments.refund"],
      [9, "finance.invoices.create"],
    ];
    for (const [index, permission] of expected) {
      const [method, path, body] = routes[index];
      const refused = await app.json(method, path, body, { jar: doctor.jar });
      assertEquals(refused.status, 403, `${method} ${path}`);
      assertEquals((await refused.json()).permission, permission);
    }
  });

  await step("a malformed body is a 400 and changes nothing", async (app) => {
    const { jar } = await app.login(OWNER);
    const before = (await db.select().from(payments).where(eq(payments.invoiceId, mine.id))).length;
    const bad: [string, unknown][] = [
      ["/api/v1/invoices", { patientId: "nope", lines: [] }],
      ["/api/v1/invoices", {
        patientId: ayesha,
        lines: [{ description: "X", unitPriceMinor: -5 }],
      }],
      [`/api/v1/invoices/${mine.id}/payments`, {
        amountMinor: "lots",
        method: "cash",
        idempotencyKey: newKey(),
      }],
      [`/api/v1/invoices/${mine.id}/payments`, {
        amountMinor: 100,
        method: "bitcoin",
        idempotencyKey: newKey(),
      }],
      [`/api/v1/invoices/${mine.id}/void`, { reason: "" }],
      [`/api/v1/payments/${paidOnce.payment.id}/refunds`, { amountMinor: 100 }],
    ];
    for (const [path, body] of bad) {
      const res = await app.json("POST", path, body, { jar });
      assertEquals(res.status, 400, `${path} ${JSON.stringify(body)}`);
      assertEquals((await res.json()).code, "VALIDATION_FAILED");
    }
    for (const body of [{ patientId: ayesha, lines: [] }, { lines: "many" }, "[]"]) {
      const res = await app.json("PUT", `/api/v1/invoices/${draft.id}`, body, { jar });
      assertEquals(res.status, 400, `PUT ${JSON.stringify(body)}`);
      await res.body?.cancel();
    }
    const [unchanged] = await db.select().from(invoices).where(eq(invoices.id, draft.id));
    assertEquals([unchanged.status, unchanged.totalMinor], ["draft", 2_000_00]);
    assertEquals(
      (await db.select().from(payments).where(eq(payments.invoiceId, mine.id))).length,
      before,
    );
    const [still] = await db.select().from(invoices).where(eq(invoices.id, mine.id));
    assertEquals([still.status, still.paidMinor], ["partially_paid", 1_000_00]);
  });

  await step(
    "an overpayment is a 400 OVERPAYMENT naming the amounts; the exact balance goes through",
    async (app) => {
      const { jar } = await app.login(RECEPTION);
      const invoice = await testInvoice(db, demo, ayesha, 5_000_00);
      const number = `INV-${String(invoice.number).padStart(6, "0")}`;
      const over = await app.json("POST", `/api/v1/invoices/${invoice.id}/payments`, {
        amountMinor: 6_000_00,
        method: "cash",
        idempotencyKey: newKey(),
      }, { jar });
      assertEquals(over.status, 400);
      const body = await over.json();
      assertEquals(body.code, "OVERPAYMENT");
      assertEquals(
        body.error,
        `Payment of PKR 6,000 exceeds the outstanding balance of PKR 5,000 on invoice ${number}`,
      );
      const exact = await app.json("POST", `/api/v1/invoices/${invoice.id}/payments`, {
        amountMinor: 5_000_00,
        method: "bank_transfer",
        reference: "HBL-1234",
        idempotencyKey: newKey(),
      }, { jar });
      assertEquals(exact.status, 201);
      const paid = await exact.json();
      assertEquals([paid.invoice.status, paid.invoice.balanceMinor], ["paid", 0]);
      assertMatch(paid.receipt.number, /^RCT-\d{6}$/);
      assertEquals(paid.receiptEmailed, true);

      const pdf = await app.request(`/api/v1/receipts/${paid.receipt.id}/pdf`, { jar });
      assertEquals(pdf.headers.get("content-type"), "application/pdf");
      const bytes = new Uint8Array(await pdf.arrayBuffer());
      await PDFDocument.load(bytes);
      const text = (await pdfText(bytes)).join("\n");
      assertMatch(text, new RegExp(paid.receipt.number));
      assertMatch(text, /PKR 5,000/);
      assertMatch(text, /Bank transfer/);
    },
  );

  await step(
    "a draft is rewritten in place under its number and can be issued so; an issued one is 409",
    async (app) => {
      const { jar } = await app.login(RECEPTION);
      const edited = await app.json("PUT", `/api/v1/invoices/${draft.id}`, {
        patientId: ayesha,
        status: "draft",
        notes: "Two visits",
        lines: [
          { description: "Consultation", unitPriceMinor: 1_500_00 },
          { description: "Scaling", quantity: 2, unitPriceMinor: 2_000_00, discountMinor: 500_00 },
        ],
      }, { jar });
      assertEquals(edited.status, 200);
      const detail = await (await app.json("GET", `/api/v1/invoices/${draft.id}`, undefined, {
        jar,
      })).json();
      assertEquals(detail.invoice.number, `INV-${String(draft.number).padStart(6, "0")}`);
      assertEquals([detail.invoice.status, detail.invoice.totalMinor], ["draft", 5_000_00]);
      assertEquals(detail.lines.map((l: { description: string }) => l.description), [
        "Consultation",
        "Scaling",
      ]);

      const issued = await app.json("PUT", `/api/v1/invoices/${draft.id}`, {
        patientId: ayesha,
        status: "issued",
        lines: [{ description: "Consultation", unitPriceMinor: 1_500_00 }],
      }, { jar });
      assertEquals((await issued.json()).invoice.status, "issued");
      const again = await app.json("PUT", `/api/v1/invoices/${draft.id}`, {
        patientId: ayesha,
        lines: [{ description: "Sneaky change", unitPriceMinor: 1 }],
      }, { jar });
      assertEquals(again.status, 409);
      assertEquals((await again.json()).code, "NOT_A_DRAFT");
      const [final] = await db.select().from(invoices).where(eq(invoices.id, draft.id));
      assertEquals([final.status, final.totalMinor], ["issued", 1_500_00]);
    },
  );

  await step(
    "creating through the API emails nobody; Email invoice queues it with its PDF",
    async (app) => {
      const { jar } = await app.login(RECEPTION);
      const outbox = async () =>
        (await db.select().from(emailOutbox).where(eq(emailOutbox.clinicId, demo))).length;
      const before = await outbox();
      const created = await app.json("POST", "/api/v1/invoices", {
        patientId: ayesha,
        lines: [{ description: "Whitening", unitPriceMinor: 12_000_00 }],
      }, { jar });
      assertEquals(created.status, 201);
      const { invoice } = await created.json();
      assertEquals(invoice.number.startsWith("INV-"), true);
      assertEquals(await outbox(), before, "no email on creation");
      const sent = await app.json("POST", `/api/v1/invoices/${invoice.id}/send`, undefined, {
        jar,
      });
      assertEquals(sent.status, 202);
      assertEquals(await outbox(), before + 1);
      const [email] = await db.select().from(emailOutbox).where(and(
        eq(emailOutbox.clinicId, demo),
        eq(emailOutbox.kind, "finance.invoice"),
      )).orderBy(desc(emailOutbox.createdAt)).limit(1);
      assertMatch(email.subject, new RegExp(invoice.number));
      const file = await readAttachment(db, email.id, 0);
      assertEquals(file?.filename, `Invoice ${invoice.number}.pdf`);
      const text = (await pdfText(file!.content)).join("\n");
      assertMatch(text, new RegExp(invoice.number));
      assertMatch(text, /Whitening/);
      assertMatch(text, /PKR 12,000/);
      assertLaidOut(await renderPdf(file!.content), { pages: 1, size: "A5" });
    },
  );
});
