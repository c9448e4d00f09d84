import { and, count, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import type { CookieJar } from "../support/cookie-jar.ts";
import { pdfText } from "../support/pdf-text.ts";
import { clinics, emailOutbox } from "../../lib/db/schema.ts";
import {
  platformBillingProfile,
  platformInvoiceLines,
  platformInvoicePayments,
  platformInvoices,
} from "../../lib/db/schema/platform-invoices.ts";
import { listAttachments, readAttachment } from "../../lib/email/outbox.ts";
import { defaultLogoPng } from "../../lib/platform-billing/default-logo.ts";
import { imageSizes, solidPng } from "../support/pdf-images.ts";
import type { Db } from "../../lib/db/client.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const SUPERADMIN = "superadmin@odontox.test";
const OWNER = "owner@demo-dental.test";

/** What a refused request must leave as it was. */
async function snapshot(db: Db) {
  const [[invoices], [lines], [payments], [emails], profile] = await Promise.all([
    db.select({ n: count() }).from(platformInvoices),
    db.select({ n: count() }).from(platformInvoiceLines),
    db.select({ n: count() }).from(platformInvoicePayments),
    db.select({ n: count() }).from(emailOutbox),
    db.select().from(platformBillingProfile),
  ]);
  const statuses = await db.select({ id: platformInvoices.id, s: platformInvoices.status })
    .from(platformInvoices);
  return JSON.stringify({ invoices, lines, payments, emails, profile, statuses });
}

function post(app: TestApp, path: string, fields: Record<string, string>, jar?: CookieJar) {
  return app.request(path, {
    method: "POST",
    jar,
    headers: FORM,
    body: new URLSearchParams(fields),
  });
}

testOnEachDatabase("Invoice Studio pages", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const [demo] = await db.select().from(clinics).where(eq(clinics.slug, "demo-dental"));
  const [draft] = await db.select().from(platformInvoices)
    .where(eq(platformInvoices.status, "draft"));
  const [sent] = await db.select().from(platformInvoices)
    .where(eq(platformInvoices.status, "sent"));

  const routes: [string, string, Record<string, string>?][] = [
    ["GET", "/admin/invoices"],
    ["GET", "/admin/invoices/new"],
    ["POST", "/admin/invoices", { clinicId: demo.id, month: "2060-01" }],
    ["GET", "/admin/invoices/branding"],
    ["POST", "/admin/invoices/branding", { legalName: "Taken over Ltd" }],
    ["GET", "/admin/invoices/branding/logo"],
    ["GET", "/admin/invoices/branding/pdf-logo"],
    ["GET", `/admin/invoices/${draft.id}`],
    ["POST", `/admin/invoices/${draft.id}`, {
      "lines.0.description": "Changed",
      "lines.0.unitPrice": "1",
      dueDate: draft.dueDate,
    }],
    ["POST", `/admin/invoices/${draft.id}/status`, { action: "void" }],
    ["POST", `/admin/invoices/${sent.id}/payments`, {
      amount: "7500",
      paidOn: "2026-11-20",
      method: "cash",
    }],
    ["POST", `/admin/invoices/${draft.id}/email`, {}],
    ["GET", `/admin/invoices/${draft.id}/pdf`],
  ];

  await step("signed out and clinic staff are refused every route, and nothing changes", async (
    app,
  ) => {
    const before = await snapshot(db);
    const { jar } = await app.login(OWNER);
    for (const [method, path, body] of routes) {
      const anonymous = method === "GET"
        ? await app.request(path, { redirect: "manual" })
        : await post(app, path, body ?? {});
      assert(
        [302, 303, 401].includes(anonymous.status),
        `${method} ${path} signed out: ${anonymous.status}`,
      );
      if (anonymous.status !== 401) assertMatch(anonymous.headers.get("location") ?? "", /login/);
      const owner = method === "GET"
        ? await app.request(path, { jar })
        : await post(app, path, body ?? {}, jar);
      assertEquals(owner.status, 403, `${method} ${path} as clinic owner`);
    }
    assertEquals(await snapshot(db), before);
  });

  await step("the superadmin opens every page; unknown invoices are 404", async (app) => {
    const { jar } = await app.login(SUPERADMIN);
    for (const [method, path] of routes) {
      if (method !== "GET" || path.endsWith("/branding/logo")) continue;
      assertEquals((await app.request(path, { jar })).status, 200, path);
    }
    // No logo was uploaded: the page logo is missing, the PDF one is the default mark.
    assertEquals((await app.request("/admin/invoices/branding/logo", { jar })).status, 404);
    const mark = await app.request("/admin/invoices/branding/pdf-logo", { jar });
    assertEquals(new Uint8Array(await mark.arrayBuffer()), defaultLogoPng());
    for (const id of [crypto.randomUUID(), "not-an-id"]) {
      assertEquals((await app.request(`/admin/invoices/${id}`, { jar })).status, 404);
      assertEquals((await post(app, `/admin/invoices/${id}/email`, {}, jar)).status, 404);
    }
    const list = await (await app.request("/admin/invoices?status=paid", { jar })).text();
    assertMatch(list, /href="\/admin\/invoices" aria-current="page"/);
    assertMatch(list, /data-invoice-row="OX-2026-0001"/);
    assert(!list.includes('data-invoice-row="OX-2026-0002"'));
  });

  await step("malformed forms are 400 with the reason, and change nothing", async (app) => {
    const { jar } = await app.login(SUPERADMIN);
    const before = await snapshot(db);
    const cases: [string, Record<string, string>, RegExp][] = [
      ["/admin/invoices", { clinicId: demo.id, month: "2026-13" }, /first month of the period/],
      ["/admin/invoices", { clinicId: "nope", month: "2026-12" }, /Choose a clinic/],
      ["/admin/invoices", { clinicId: demo.id, month: "2026-12" }, /already has OX-2026-0003/],
      [`/admin/invoices/${draft.id}`, {
        "lines.0.description": "Pro plan",
        "lines.0.unitPrice": "lots",
        dueDate: draft.dueDate,
      }, /Line 1 needs a price in rupees/],
      [`/admin/invoices/${draft.id}`, {
        "lines.0.description": "Pro plan",
        "lines.0.unitPrice": "100",
        discount: "500",
        dueDate: draft.dueDate,
      }, /cannot exceed the subtotal/],
      [`/admin/invoices/${draft.id}`, { dueDate: draft.dueDate }, /Add a line/],
      [`/admin/invoices/${draft.id}/status`, { action: "frobnicate" }, /Unknown action/],
      [`/admin/invoices/${sent.id}/payments`, {
        amount: "abc",
        paidOn: "2026-11-20",
        method: "cash",
      }, /amount received in rupees/],
      [`/admin/invoices/${sent.id}/payments`, {
        amount: "7500.01",
        paidOn: "2026-11-20",
        method: "cash",
      }, /more than the balance due/],
      [`/admin/invoices/${sent.id}/payments`, {
        amount: "100",
        paidOn: "2026-11-20",
        method: "barter",
      }, /Choose how it was paid/],
      ["/admin/invoices/branding", { legalName: "" }, /Enter the legal name/],
      ["/admin/invoices/branding", { legalName: "X", billingEmail: "no" }, /valid email/],
    ];
    for (const [path, fields, message] of cases) {
      const res = await post(app, path, fields, jar);
      assert([400, 409].includes(res.status), `${path} ${JSON.stringify(fields)}: ${res.status}`);
      assertMatch(await res.text(), message);
    }
    // A file that is not an image, as the logo.
    const form = new FormData();
    form.set("legalName", "OdontoX");
    form.set("logo", new File(["GIF89a not really"], "logo.png", { type: "image/png" }));
    const bad = await app.request("/admin/invoices/branding", { method: "POST", jar, body: form });
    assertEquals(bad.status, 400);
    assertMatch(await bad.text(), /Upload a PNG or an SVG file/);
    assertEquals(await snapshot(db), before);
  });

  await step(
    "a draft from the plan, an extra line and a discount, emailed with its PDF, then paid",
    async (app) => {
      const { jar } = await app.login(SUPERADMIN);
      const created = await post(
        app,
        "/admin/invoices",
        { clinicId: demo.id, month: "2027-01" },
        jar,
      );
      assertEquals(created.status, 303);
      const location = created.headers.get("location")!;
      assertMatch(location, /^\/admin\/invoices\/[0-9a-f-]{36}\?notice=created$/);
      const id = location.split("/")[3].split("?")[0];
      const page = await (await app.request(location, { jar })).text();
      assertMatch(page, /Pro plan · monthly subscription, January 2027/);
      assertMatch(page, /data-preview-total[^>]*>PKR 7,500</);

      const saved = await post(app, `/admin/invoices/${id}`, {
        "lines.0.kind": "plan",
        "lines.0.description": "Pro plan · monthly subscription, January 2027",
        "lines.0.quantity": "1",
        "lines.0.unitPrice": "7500",
        "lines.1.description": "Data migration from paper records",
        "lines.1.quantity": "3",
        "lines.1.unitPrice": "2,000",
        "lines.2.description": "",
        "lines.2.quantity": "1",
        "lines.2.unitPrice": "",
        discount: "1500",
        notes: "Thank you.",
        dueDate: "2027-01-20",
      }, jar);
      assertEquals(saved.status, 303);
      const preview = await (await app.request(`/admin/invoices/${id}`, { jar })).text();
      assertMatch(preview, /data-preview-total[^>]*>PKR 12,000</);

      const emailed = await post(app, `/admin/invoices/${id}/email`, {}, jar);
      assertEquals(emailed.status, 303);
      const [invoice] = await db.select().from(platformInvoices).where(eq(platformInvoices.id, id));
      assertEquals(invoice.status, "sent");
      const [email] = await db.select().from(emailOutbox).where(and(
        eq(emailOutbox.kind, "platform.invoice"),
        eq(emailOutbox.clinicId, demo.id),
      ));
      assertEquals(email.toAddress, demo.ownerEmail);
      assertMatch(email.subject, new RegExp(`Invoice ${invoice.number} .*PKR 12,000`));
      const [attachment] = await listAttachments(db, email.id);
      assertEquals([attachment.filename, attachment.contentType], [
        `${invoice.number}.pdf`,
        "application/pdf",
      ]);
      const pdf = (await readAttachment(db, email.id, 0))!.content;
      const text = (await pdfText(pdf)).join("\n");
      assert(text.includes("PKR 12,000") && text.includes("Data migration from paper records"));
      assertEquals(await imageSizes(pdf), ["192x192"], "the default mark is drawn");

      // Sent: the editor is gone and edits are refused.
      const locked = await post(app, `/admin/invoices/${id}`, {
        "lines.0.description": "Sneaky",
        "lines.0.unitPrice": "1",
        dueDate: "2027-01-20",
      }, jar);
      assertEquals(locked.status, 409);

      const paid = await post(app, `/admin/invoices/${id}/payments`, {
        amount: "12000",
        paidOn: "2027-01-10",
        method: "bank_transfer",
        reference: "MCB-0091",
      }, jar);
      assertEquals(paid.status, 303);
      const after = await (await app.request(`/admin/invoices/${id}?notice=payment`, { jar }))
        .text();
      assertMatch(after, /data-status="paid"/);
      assertMatch(after, /MCB-0091/);
      const download = await app.request(`/admin/invoices/${id}/pdf`, { jar });
      assertEquals(download.headers.get("content-type"), "application/pdf");
      assert((await pdfText(new Uint8Array(await download.arrayBuffer()))).includes("PAID"));
    },
  );

  await step("a PNG logo serves pages and PDFs; an SVG needs a PNG beside it for PDFs", async (
    app,
  ) => {
    const { jar } = await app.login(SUPERADMIN);
    const upload = (files: Record<string, File>) => {
      const form = new FormData();
      form.set("legalName", "OdontoX Technologies (Private) Limited");
      form.set("ntn", "4512987-3");
      for (const [name, file] of Object.entries(files)) form.set(name, file);
      return app.request("/admin/invoices/branding", { method: "POST", jar, body: form });
    };
    const png = solidPng(60, 24, [10, 120, 110]);
    const saved = await upload({ logo: new File([png], "logo.png") });
    assertEquals([saved.status, saved.headers.get("location")], [
      303,
      "/admin/invoices/branding?notice=saved",
    ]);
    const shown = await app.request("/admin/invoices/branding/logo", { jar });
    assertEquals(shown.headers.get("content-type"), "image/png");
    assertEquals(new Uint8Array(await shown.arrayBuffer()), png);
    const drawn = await app.request("/admin/invoices/branding/pdf-logo", { jar });
    assertEquals(new Uint8Array(await drawn.arrayBuffer()), png);
    const pdf = await app.request(`/admin/invoices/${sent.id}/pdf`, { jar });
    assertEquals(await imageSizes(new Uint8Array(await pdf.arrayBuffer())), ["60x24"]);

    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" ' +
      'height="10" fill="#0d9488"/></svg>';
    assertEquals((await upload({ logo: new File([svg], "logo.svg") })).status, 303);
    const svgShown = await app.request("/admin/invoices/branding/logo", { jar });
    assertEquals(svgShown.headers.get("content-type"), "image/svg+xml");
    // The app's policy runs no inline script, should an SVG with one ever get through.
    assertMatch(svgShown.headers.get("content-security-policy") ?? "", /script-src 'self' /);
    assertEquals(await svgShown.text(), svg);
    const page = await (await app.request("/admin/invoices/branding", { jar })).text();
    assertMatch(page, /upload a PNG version for PDFs/);
    const fallback = await app.request("/admin/invoices/branding/pdf-logo", { jar });
    assertEquals(new Uint8Array(await fallback.arrayBuffer()), defaultLogoPng());

    const scripted = await upload({
      logo: new File(['<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'], "x.svg"),
    });
    assertEquals(scripted.status, 400);
    assertEquals((await upload({ pdfLogo: new File([png], "pdf.png") })).status, 303);
    const pdfAgain = await app.request(`/admin/invoices/${sent.id}/pdf`, { jar });
    assertEquals(await imageSizes(new Uint8Array(await pdfAgain.arrayBuffer())), ["60x24"]);
  });
});
