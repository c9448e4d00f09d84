/**
 * Inviting a patient to the portal from their record, and accepting: the
 * email carries a single-use link, inviting again replaces it, and accepting
 * collects date of birth, gender and phone (each wrong field named),
 * prefilled with what the clinic has, before opening the portal.
 */
import { and, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../../support/assert.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../../support/test-app.ts";
import { CookieJar } from "../../support/cookie-jar.ts";
import type { Db } from "../../../lib/db/client.ts";
import { clinicModules, emailOutbox, patients } from "../../../lib/db/schema.ts";
import { patientAccounts, patientInvitations } from "../../../lib/db/schema/portal.ts";
import { clinicId } from "./portal_support.ts";

const OWNER = "owner@demo-dental.test";
const LINK = /http:\/\/localhost:8000\/patient-invite\/([A-Za-z0-9_-]{43})/;

async function invitationMail(db: Db, to: string) {
  return await db.select().from(emailOutbox)
    .where(and(eq(emailOutbox.toAddress, to), eq(emailOutbox.kind, "portal.invitation")))
    .orderBy(emailOutbox.createdAt);
}

async function patientNamed(db: Db, fullName: string) {
  const [row] = await db.select().from(patients).where(eq(patients.fullName, fullName));
  return row;
}

/** Invites from the patient page, as the owner; returns the emailed link's path. */
async function inviteFromPage(app: TestApp, patientId: string, email: string): Promise<string> {
  const { jar } = await app.login(OWNER);
  const res = await app.request(`/patients/${patientId}/portal-invite`, {
    method: "POST",
    jar,
    body: new URLSearchParams({ email }),
  });
  assertEquals(res.status, 303, await res.text());
  const mail = await invitationMail(app.deps.db, email);
  const link = mail.at(-1)!.text.match(LINK);
  assert(link, "the email carries the link");
  return `/patient-invite/${link[1]}`;
}

function acceptForm(fields: Record<string, string>) {
  return new URLSearchParams({
    password: "a-good-long-password",
    confirm: "a-good-long-password",
    dateOfBirth: "1991-07-26",
    gender: "female",
    phone: "321 7784599",
    phoneCountry: "PK",
    ...fields,
  });
}

testOnEachDatabase("patient portal invitations", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicId(db, "demo-dental");

  await step("the patient page offers the invitation to whoever may edit patients", async (app) => {
    const fatima = await patientNamed(db, "Fatima Zahra Qureshi");
    for (const [role, shown] of [["owner", true], ["nurse", false]] as const) {
      const { jar } = await app.login(`${role}@demo-dental.test`);
      const html = await (await app.request(`/patients/${fatima.id}`, { jar })).text();
      assertEquals(html.includes("data-portal-invite"), shown, role);
    }
  });

  await step("inviting emails a single-use link; inviting again replaces it", async (app) => {
    const fatima = await patientNamed(db, "Fatima Zahra Qureshi");
    const email = "fatima.qureshi@example.com";
    const first = await inviteFromPage(app, fatima.id, email);
    const mail = await invitationMail(db, email);
    assertEquals(mail.length, 1);
    assertMatch(mail[0].subject, /Demo Dental invites you to your patient portal/);
    assert(mail[0].html.includes(first), "the HTML carries the same link");
    // The record had no email: it now has the one the clinic used.
    assertEquals((await patientNamed(db, "Fatima Zahra Qureshi")).email, email);

    const { jar } = await app.login(OWNER);
    const page = await (await app.request(`/patients/${fatima.id}/portal-invite?sent=1`, { jar }))
      .text();
    assertMatch(page, /Invitation sent to <strong>fatima.qureshi@example.com<\/strong>/);

    const second = await inviteFromPage(app, fatima.id, email);
    assert(second !== first, "a new link");
    const old = await app.request(first);
    assertEquals(old.status, 410);
    assertMatch(await old.text(), /This link has been replaced/);
    assertEquals((await app.request(second)).status, 200);
  });

  await step("the accept page is prefilled with what the clinic has", async (app) => {
    const fatima = await patientNamed(db, "Fatima Zahra Qureshi");
    const link = await inviteFromPage(app, fatima.id, "fatima.qureshi@example.com");
    const html = await (await app.request(link)).text();
    assertMatch(html, /Welcome, Fatima/);
    assertMatch(
      html,
      /name="dateOfBirth"[^>]*value="1991-07-25"|value="1991-07-25"[^>]*name="dateOfBirth"/,
    );
    assertMatch(html, /value="female"[^>]*checked|checked[^>]*value="female"/);
    assertMatch(html, /name="phone"[^>]*value="3217784512"|value="3217784512"[^>]*name="phone"/);
    assert(!html.includes('name="whatsappPhone"'), "no WhatsApp field without the module");
  });

  await step("accepting with wrong fields names each one and changes nothing", async (app) => {
    const fatima = await patientNamed(db, "Fatima Zahra Qureshi");
    const link = await inviteFromPage(app, fatima.id, "fatima.qureshi@example.com");
    const res = await app.request(link, {
      method: "POST",
      body: acceptForm({
        password: "short",
        confirm: "short",
        dateOfBirth: "",
        gender: "",
        phone: "12",
      }),
    });
    assertEquals(res.status, 400);
    const html = await res.text();
    for (const field of ["password", "dateOfBirth", "gender", "phone"]) {
      assert(html.includes(`data-field-error="${field}"`), `${field} is named`);
    }
    assertMatch(html, /Enter your date of birth/);
    assertMatch(html, /Choose your gender/);
    assertMatch(html, /Not a valid phone number/);
    // The phone as typed comes back, so the patient can correct it.
    assertMatch(html, /value="12"/);

    const mismatch = await app.request(link, {
      method: "POST",
      body: acceptForm({ confirm: "another-long-password" }),
    });
    assertEquals(mismatch.status, 400);
    assertMatch(await mismatch.text(), /data-field-error="confirm"/);

    const after = await patientNamed(db, "Fatima Zahra Qureshi");
    assertEquals([after.dateOfBirth, after.phoneHash], [fatima.dateOfBirth, fatima.phoneHash]);
    const accounts = await db.select().from(patientAccounts)
      .where(eq(patientAccounts.patientId, fatima.id));
    assertEquals(accounts, []);
    assertEquals((await app.request(link)).status, 200, "the link still works");
  });

  await step("accepting fills the record and opens the portal, once", async (app) => {
    const fatima = await patientNamed(db, "Fatima Zahra Qureshi");
    const link = await inviteFromPage(app, fatima.id, "fatima.qureshi@example.com");
    const jar = new CookieJar();
    const res = await app.request(link, { method: "POST", jar, body: acceptForm({}) });
    assertEquals(res.status, 303, await res.text());
    assertEquals(res.headers.get("location"), "/portal?notice=welcome");
    assert(jar.get("odx_ps"), "signed in to the portal");
    const portal = await app.request("/portal?notice=welcome", { jar });
    assertEquals(portal.status, 200);
    const html = await portal.text();
    assertMatch(html, /Your account is ready/);
    assertMatch(html, /Fatima/);

    const { jar: staff } = await app.login(OWNER);
    const record = await (await app.request(`/api/v1/patients/${fatima.id}`, { jar: staff }))
      .json();
    const patient = record.patient ?? record;
    assertEquals(
      [patient.dateOfBirth, patient.gender, patient.phone],
      ["1991-07-26", "female", "+923217784599"],
    );

    const again = await app.request(link, { method: "POST", body: acceptForm({}) });
    assertEquals(again.status, 410);
    await again.body?.cancel();

    const signIn = await app.request("/portal/login", {
      method: "POST",
      body: new URLSearchParams({
        email: "fatima.qureshi@example.com",
        password: "a-good-long-password",
      }),
    });
    assertEquals(signIn.status, 303, "the new password signs in");
    await signIn.body?.cancel();
  });

  await step("with WhatsApp, the invitation asks for the WhatsApp number too", async (app) => {
    await db.insert(clinicModules).values({
      clinicId: demo,
      moduleKey: "whatsapp_api",
      isEnabled: true,
    });
    try {
      const ayesha = await patientNamed(db, "Ayesha Siddiqa");
      const link = await inviteFromPage(app, ayesha.id, "ayesha.siddiqa@example.com");
      assertMatch(await (await app.request(link)).text(), /name="whatsappPhone"/);
      const res = await app.request(link, {
        method: "POST",
        body: acceptForm({ whatsappPhone: "7400 123456", whatsappPhoneCountry: "GB" }),
      });
      assertEquals(res.status, 303);
      await res.body?.cancel();
      const { jar } = await app.login(OWNER);
      const record = await (await app.request(`/api/v1/patients/${ayesha.id}`, { jar })).json();
      assertEquals((record.patient ?? record).whatsappPhone, "+447400123456");
    } finally {
      await db.delete(clinicModules).where(
        and(eq(clinicModules.clinicId, demo), eq(clinicModules.moduleKey, "whatsapp_api")),
      );
    }
  });

  await step("the invite page: another clinic's patient 404, no permission 403", async (app) => {
    const secondSmile = await clinicId(db, "second-smile");
    const [theirs] = await db.select().from(patients).where(eq(patients.clinicId, secondSmile))
      .limit(1);
    const { jar } = await app.login(OWNER);
    for (const method of ["GET", "POST"]) {
      const res = await app.request(`/patients/${theirs.id}/portal-invite`, {
        method,
        jar,
        body: method === "POST" ? new URLSearchParams({ email: "x@example.com" }) : undefined,
      });
      assertEquals(res.status, 404, method);
      await res.body?.cancel();
    }
    const nurse = await app.login("nurse@demo-dental.test");
    const ours = await patientNamed(db, "Imran Shahid");
    const refused = await app.request(`/patients/${ours.id}/portal-invite`, {
      method: "POST",
      jar: nurse.jar,
      body: new URLSearchParams({ email: "imran@example.com" }),
    });
    assertEquals(refused.status, 403);
    await refused.body?.cancel();
    assertEquals(await invitationMail(db, "imran@example.com"), []);
  });

  await step("API: invite, then read the patient's portal access", async (app) => {
    const imran = await patientNamed(db, "Imran Shahid");
    const { jar } = await app.login(OWNER);
    const res = await app.json("POST", "/api/v1/patient-invitations", {
      patientId: imran.id,
      email: "Imran.Shahid@Example.com",
    }, { jar });
    assertEquals(res.status, 201, await res.clone().text());
    const { invitation } = await res.json();
    assertEquals(invitation.email, "imran.shahid@example.com");
    assertEquals(invitation.link, undefined, "the link is only in the email");
    assertEquals((await invitationMail(db, "imran.shahid@example.com")).length, 1);

    const state = await (await app.request(`/api/v1/patient-invitations/${imran.id}`, { jar }))
      .json();
    assertEquals([state.account, state.invitation.id], [null, invitation.id]);
  });

  await step("API: no session 401, another clinic 404, no permission 403", async (app) => {
    const imran = await patientNamed(db, "Imran Shahid");
    const body = { patientId: imran.id, email: "imran.api@example.com" };
    const anonymous = await app.json("POST", "/api/v1/patient-invitations", body);
    assertEquals(anonymous.status, 401);
    await anonymous.body?.cancel();

    const other = await app.login("owner@second-smile.test");
    const foreign = await app.json("POST", "/api/v1/patient-invitations", body, {
      jar: other.jar,
    });
    assertEquals(foreign.status, 404);
    await foreign.body?.cancel();
    const foreignRead = await app.request(`/api/v1/patient-invitations/${imran.id}`, {
      jar: other.jar,
    });
    assertEquals(foreignRead.status, 404);
    await foreignRead.body?.cancel();

    const nurse = await app.login("nurse@demo-dental.test");
    const refused = await app.json("POST", "/api/v1/patient-invitations", body, {
      jar: nurse.jar,
    });
    assertEquals([refused.status, (await refused.json()).permission], [403, "patients.edit"]);
    assertEquals(await invitationMail(db, "imran.api@example.com"), []);
  });

  await step("API: a malformed body is a 400 that sends and changes nothing", async (app) => {
    const imran = await patientNamed(db, "Imran Shahid");
    const before = await db.select().from(patientInvitations)
      .where(eq(patientInvitations.patientId, imran.id));
    const { jar } = await app.login(OWNER);
    for (
      const body of [
        {},
        { patientId: imran.id, email: "not-an-email" },
        { patientId: imran.id, email: "imran.bad@example.com", role: "admin" },
        { patientId: 42 },
        "{not json",
      ]
    ) {
      const res = await app.json("POST", "/api/v1/patient-invitations", body, { jar });
      assert([400, 404].includes(res.status), `${JSON.stringify(body)} → ${res.status}`);
      if (typeof body === "object" && "patientId" in body && body.patientId === imran.id) {
        assertEquals(res.status, 400);
      }
      await res.body?.cancel();
    }
    const after = await db.select().from(patientInvitations)
      .where(eq(patientInvitations.patientId, imran.id));
    assertEquals(after, before);
    assertEquals(await invitationMail(db, "imran.bad@example.com"), []);
  });

  await step("a patient with no email on file needs an address to invite", async (app) => {
    const zainab = await patientNamed(db, "Zainab Hussain");
    assertEquals(zainab.email, null);
    const { jar } = await app.login(OWNER);
    const res = await app.json("POST", "/api/v1/patient-invitations", { patientId: zainab.id }, {
      jar,
    });
    assertEquals(res.status, 400);
    assertMatch((await res.json()).error, /Enter the email address/);
    const page = await app.request(`/patients/${zainab.id}/portal-invite`, {
      method: "POST",
      jar,
      body: new URLSearchParams({ email: "" }),
    });
    assertEquals(page.status, 400);
    assertMatch(await page.text(), /data-field-error="email"/);
  });
});
