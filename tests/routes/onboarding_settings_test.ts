/**
 * A new clinic's first steps: the dashboard checklist ticks itself from the
 * data and disappears for good; the logo uploaded in Settings shows in the
 * shell, is served for emails, and lands on the treatment plan PDF; a
 * resent invitation's old link stops working.
 */
import { eq } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { CookieJar } from "../support/cookie-jar.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import {
  clinics,
  clinicWorkingHours,
  staffInvitations,
  treatmentPlans,
} from "../../lib/db/schema.ts";
import { buildPlanPdf } from "../../lib/treatment/pdf.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const OWNER = "owner@second-smile.test";
// A 1×1 PNG.
const PNG = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M/wHwAEBgIApD5fRAAAAABJRU5ErkJggg==",
  ),
  (ch) => ch.charCodeAt(0),
);

async function signIn(app: TestApp, email: string) {
  const jar = new CookieJar();
  const body = new URLSearchParams({ email, password: "demo-password" });
  const res = await app.request("/login", { method: "POST", headers: FORM, body, jar });
  assertEquals(res.status, 303);
  return jar;
}

function uploadLogo(app: TestApp, jar: CookieJar, bytes: Uint8Array, name: string, type: string) {
  const form = new FormData();
  form.set("logo", new File([bytes as Uint8Array<ArrayBuffer>], name, { type }));
  return app.request("/settings/logo", { method: "POST", body: form, jar });
}

const milestone = (html: string, key: string) =>
  html.match(new RegExp(`data-milestone="${key}" data-done="(true|false)"`))?.[1];

testOnEachDatabase("onboarding settings and checklist", async (t, db) => {
  const step = appSteps(t, db);
  const [smile] = await db.db.select().from(clinics).where(eq(clinics.slug, "second-smile"));

  await step("logo and working hours settings: sign-in, permission, bad input", async (app) => {
    assertEquals((await app.request("/settings/logo")).status, 303);
    const nurse = await signIn(app, "nurse@demo-dental.test");
    const refused = await uploadLogo(app, nurse, PNG, "logo.png", "image/png");
    assertEquals(refused.status, 403, "a nurse may not change the clinic profile");
    const jar = await signIn(app, OWNER);
    const text = await uploadLogo(
      app,
      jar,
      new TextEncoder().encode("hello"),
      "a.txt",
      "text/plain",
    );
    assertEquals(text.status, 415);
    assertMatch(await text.text(), /PNG, JPEG or SVG/);
    const script = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    );
    assertEquals((await uploadLogo(app, jar, script, "x.svg", "image/svg+xml")).status, 400);
    const big = new Uint8Array(600 * 1024);
    big.set(PNG);
    assertEquals((await uploadLogo(app, jar, big, "big.png", "image/png")).status, 413);
    assertEquals(
      (await db.db.select().from(clinics).where(eq(clinics.id, smile.id)))[0].logoFileId,
      null,
    );
    const hours = await app.request("/settings/working-hours", {
      method: "POST",
      headers: FORM,
      body: new URLSearchParams({ open1: "1", opens1: "nine", closes1: "17:00" }),
      jar,
    });
    assertEquals(hours.status, 400);
  });

  await step("the checklist ticks from the data and disappears for good", async (app) => {
    const jar = await signIn(app, OWNER);
    let html = await (await app.request("/dashboard", { jar })).text();
    assertMatch(html, /Get your clinic ready/);
    assertEquals(milestone(html, "logo"), "false");
    assertEquals(milestone(html, "team"), "false");
    assertEquals(milestone(html, "patient"), "true", "the clinic has patients");
    assertMatch(html, /href="\/settings\/logo"/);
    assertMatch(html, /href="\/staff"/);

    const reception = await signIn(app, "reception@demo-dental.test");
    const other = await (await app.request("/dashboard", { jar: reception })).text();
    assert(!other.includes("data-onboarding-trail"), "not for reception, nor a finished clinic");

    assertEquals((await uploadLogo(app, jar, PNG, "logo.png", "image/png")).status, 303);
    html = await (await app.request("/dashboard", { jar })).text();
    assertEquals(milestone(html, "logo"), "true");
    const src = html.match(/<img src="(\/clinic-logo\/[0-9a-f-]{36})"[^>]*data-clinic-logo/)?.[1];
    assert(src, "the shell shows the logo");
    const image = await app.request(src);
    assertEquals(image.status, 200, "served without a session, for emails");
    assertEquals(image.headers.get("content-type"), "image/png");
    assertEquals(new Uint8Array(await image.arrayBuffer()), PNG);

    await app.request("/settings/working-hours", {
      method: "POST",
      headers: FORM,
      body: new URLSearchParams({ open1: "1", opens1: "09:00", closes1: "17:00" }),
      jar,
    });
    const hours = await db.db.select().from(clinicWorkingHours)
      .where(eq(clinicWorkingHours.clinicId, smile.id));
    assertEquals(hours.length, 1);

    const invite = await app.request("/staff/invitations", {
      method: "POST",
      headers: FORM,
      body: new URLSearchParams({ email: `nurse-${Date.now()}@example.com`, role: "nurse" }),
      jar,
    });
    assertEquals(invite.status, 201);
    html = await (await app.request("/dashboard", { jar })).text();
    assert(!html.includes("data-onboarding-trail"), "every step done: the checklist is gone");
    const [done] = await db.db.select().from(clinics).where(eq(clinics.id, smile.id));
    assert(done.onboardingCompletedAt, "completion is kept on the clinic");

    // Undoing a step does not bring the checklist back.
    assertEquals((await app.request("/settings/logo/remove", { method: "POST", jar })).status, 303);
    assertEquals((await app.request(src)).status, 404, "a removed logo is no longer served");
    html = await (await app.request("/dashboard", { jar })).text();
    assert(!html.includes("data-onboarding-trail"));
  });

  await step("the treatment plan PDF draws a PNG logo", async () => {
    const { getPlan } = await import("../../lib/treatment/plans.ts");
    const [row] = await db.db.select().from(treatmentPlans).limit(1);
    const plan = await getPlan(db.db, row.clinicId, row.id);
    const bytes = await buildPlanPdf({
      plan,
      clinicName: "Second Smile",
      today: "2026-12-02",
      timeZone: "Asia/Karachi",
      logo: { bytes: PNG, type: "png" },
    });
    const pdf = await PDFDocument.load(bytes);
    assert(pdf.getPageCount() >= 1);
    assert(
      new TextDecoder("latin1").decode(bytes).includes("/Subtype /Image"),
      "an image is embedded",
    );
  });

  await step("a resend issues a new link and the old one stops working", async (app) => {
    const jar = await signIn(app, "owner@demo-dental.test");
    const email = `resend-${Date.now()}@example.com`;
    const first = await app.request("/staff/invitations", {
      method: "POST",
      headers: FORM,
      body: new URLSearchParams({ email, role: "doctor" }),
      jar,
    });
    const oldLink = (await first.text()).match(/\/invite\/[A-Za-z0-9_-]{43}/)![0];
    assertEquals((await app.request(oldLink)).status, 200);
    const [invitation] = await db.db.select().from(staffInvitations)
      .where(eq(staffInvitations.email, email));
    const staff = await (await app.request("/staff", { jar })).text();
    assertMatch(staff, new RegExp(`action="/staff/invitations/${invitation.id}/resend"`));
    assertMatch(staff, /Last sent <time datetime="[^"]+" title="[^"]+" data-last-sent/);
    assertMatch(staff, /<time datetime="[^"]+" title="[^"]+" data-last-login/);

    const resent = await app.request(`/staff/invitations/${invitation.id}/resend`, {
      method: "POST",
      jar,
    });
    assertEquals(resent.status, 200);
    const newLink = (await resent.text()).match(/\/invite\/[A-Za-z0-9_-]{43}/)![0];
    assert(newLink !== oldLink);
    assertEquals((await app.request(oldLink)).status, 404, "the old link stops working");
    assertEquals((await app.request(newLink)).status, 200);
    const [after] = await db.db.select().from(staffInvitations)
      .where(eq(staffInvitations.id, invitation.id));
    assert(after.lastSentAt > invitation.lastSentAt, "the last send moves");

    const otherClinic = await signIn(app, OWNER);
    const foreign = await app.request(`/staff/invitations/${invitation.id}/resend`, {
      method: "POST",
      jar: otherClinic,
    });
    assertEquals(foreign.status, 404, "another clinic's invitation is not found");
  });
});
