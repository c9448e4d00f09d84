/**
 * A clinic's logo heads what it sends: the patient's booking email and reminder, the portal
 * invitation, the doctor's status email, the receipt email, and the receipt and invoice PDFs carry
 * it once the clinic has uploaded one, and nothing of the kind before; the booking email says where to come from the clinic's contact address.
 */
import { eq } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { CookieJar } from "../support/cookie-jar.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import type { Db } from "../../lib/db/client.ts";
import { clinics, emailOutbox, patients } from "../../lib/db/schema.ts";
import { readAttachment } from "../../lib/email/outbox.ts";
import { sendReminderNow } from "../../lib/appointments/reminders.ts";
import {
  clinicFixture,
  createPatient,
  freshMonday,
  karachi,
  userId,
} from "../lib/appointments/fixtures.ts";
import { newKey, testInvoice } from "../lib/finance/fixtures.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const OWNER = "owner@demo-dental.test";
// A 1×1 PNG.
const PNG = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M/wHwAEBgIApD5fRAAAAABJRU5ErkJggg==",
  ),
  (ch) => ch.charCodeAt(0),
);

async function pageSession(app: TestApp, email: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const body = new URLSearchParams({ email, password: "demo-password" });
  const res = await app.request("/login", { method: "POST", headers: FORM, body, jar });
  assertEquals(res.status, 303);
  return jar;
}

async function uploadLogo(app: TestApp, jar: CookieJar): Promise<string> {
  const form = new FormData();
  form.set("logo", new File([PNG as Uint8Array<ArrayBuffer>], "logo.png", { type: "image/png" }));
  const res = await app.request("/settings/logo", { method: "POST", body: form, jar });
  assertEquals(res.status, 303, await res.clone().text());
  const [clinic] = await app.deps.db.select({ logo: clinics.logoFileId }).from(clinics)
    .where(eq(clinics.slug, "demo-dental"));
  return clinic.logo!;
}

async function patientWithEmail(db: Db, clinicId: string, name: string) {
  const id = await createPatient(db, clinicId, name);
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${id.slice(0, 8)}@example.com`;
  await db.update(patients).set({ email }).where(eq(patients.id, id));
  return { id, email };
}

async function lastMailTo(db: Db, address: string) {
  const rows = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, address))
    .orderBy(emailOutbox.createdAt);
  assert(rows.length > 0, `mail to ${address}`);
  return rows.at(-1)!;
}

const logoImages = (html: string) => [...html.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]);

/** Whether the PDF loads and draws an embedded image. */
async function pdfHasImage(bytes: Uint8Array): Promise<boolean> {
  const pdf = await PDFDocument.load(bytes);
  assert(pdf.getPageCount() >= 1);
  return new TextDecoder("latin1").decode(bytes).includes("/Subtype /Image");
}

testOnEachDatabase("clinic-branded emails and PDFs", async (t, database) => {
  const { db } = database;
  const step = appSteps(t, database);
  const demo = await clinicFixture(db, "demo-dental");
  const doctorId = await userId(db, "doctor@demo-dental.test");
  let day = 0;

  async function bookAndPay(app: TestApp, name: string) {
    const patient = await patientWithEmail(db, demo.id, name);
    const { jar } = await app.login("reception@demo-dental.test");
    const booked = await app.json("POST", "/api/v1/appointments", {
      patientId: patient.id,
      doctorId,
      operatoryId: demo.operatoryIds[0],
      startsAt: karachi(freshMonday(), `${10 + day++}:00`),
      durationMinutes: 30,
      type: "Check-up",
    }, { jar });
    assertEquals(booked.status, 201, await booked.clone().text());
    const booking = await lastMailTo(db, patient.email);
    const appointmentId = (await booked.json()).appointment.id;

    const invoice = await testInvoice(db, demo.id, patient.id, 3_000_00);
    const paid = await app.json("POST", `/api/v1/invoices/${invoice.id}/payments`, {
      amountMinor: 1_000_00,
      method: "cash",
      idempotencyKey: newKey(),
    }, { jar });
    assertEquals(paid.status, 201, await paid.clone().text());
    const receiptId = (await paid.json()).receipt.id;
    const receiptMail = await lastMailTo(db, patient.email);
    assertEquals(receiptMail.kind, "finance.receipt");
    const attached = await readAttachment(db, receiptMail.id, 0);

    const owner = await pageSession(app, OWNER);
    const receiptPdf = await app.request(`/api/v1/receipts/${receiptId}/pdf`, { jar });
    assertEquals(receiptPdf.status, 200);
    const invoicePdf = await app.request(`/billing/invoices/${invoice.id}/pdf`, { jar: owner });
    assertEquals(invoicePdf.status, 200);
    return {
      patient,
      appointmentId,
      booking,
      receiptMail,
      attachedPdf: attached!.content,
      receiptPdf: new Uint8Array(await receiptPdf.arrayBuffer()),
      invoicePdf: new Uint8Array(await invoicePdf.arrayBuffer()),
    };
  }

  await step("without a logo, emails carry no image and PDFs draw none", async (app) => {
    const sent = await bookAndPay(app, "Sana Iqbal");
    assertEquals(logoImages(sent.booking.html), []);
    assertEquals(logoImages(sent.receiptMail.html), []);
    assertEquals(await pdfHasImage(sent.attachedPdf), false);
    assertEquals(await pdfHasImage(sent.receiptPdf), false);
    assertEquals(await pdfHasImage(sent.invoicePdf), false);
  });

  await step("the booking email says where, from the clinic's contact address", async (app) => {
    const sent = await bookAndPay(app, "Usman Tariq");
    assertMatch(sent.booking.text, /Where:\s+12-B Main Boulevard, Gulberg III, Lahore/);
    assertMatch(sent.booking.html, /12-B Main Boulevard, Gulberg III, Lahore/);
  });

  await step("with a logo, every one of them carries the clinic's logo", async (app) => {
    const fileId = await uploadLogo(app, await pageSession(app, OWNER));
    const url = `http://localhost:8000/clinic-logo/${fileId}`;
    const sent = await bookAndPay(app, "Nadia Hussain");
    assertEquals(logoImages(sent.booking.html), [url]);
    assertEquals(logoImages(sent.receiptMail.html), [url]);
    assert(await pdfHasImage(sent.attachedPdf), "the attached receipt draws the logo");
    assert(await pdfHasImage(sent.receiptPdf), "the downloaded receipt draws the logo");
    assert(await pdfHasImage(sent.invoicePdf), "the invoice draws the logo");

    // The reminder, the portal invitation and the doctor's status email carry it too.
    await sendReminderNow(app.deps, {
      clinicId: demo.id,
      appointmentId: sent.appointmentId,
      now: new Date(),
    });
    const reminder = await lastMailTo(db, sent.patient.email);
    assertEquals(reminder.kind, "appointment.reminder");
    assertEquals(logoImages(reminder.html), [url]);
    const { jar } = await app.login("reception@demo-dental.test");
    const invited = await app.json("POST", "/api/v1/patient-invitations", {
      patientId: sent.patient.id,
    }, { jar });
    assertEquals(invited.status, 201, await invited.clone().text());
    const invitation = await lastMailTo(db, sent.patient.email);
    assertEquals(invitation.kind, "portal.invitation");
    assertEquals(logoImages(invitation.html), [url]);
    const confirmed = await app.json(
      "POST",
      `/api/v1/appointments/${sent.appointmentId}/status`,
      { status: "confirmed" },
      { jar },
    );
    assertEquals(confirmed.status, 200, await confirmed.clone().text());
    const doctorMail = await lastMailTo(db, "doctor@demo-dental.test");
    assertEquals(doctorMail.kind, "appointment.status_changed");
    assertEquals(logoImages(doctorMail.html), [url]);

    // The address mail clients fetch serves the logo without a session.
    const served = await app.request(new URL(url).pathname);
    assertEquals(served.status, 200);
    assertEquals(served.headers.get("content-type"), "image/png");
    await served.body?.cancel();
  });
});
