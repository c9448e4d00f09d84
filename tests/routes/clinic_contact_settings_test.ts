/**
 * Settings → Clinic contact: the owner edits the phone, email and address the patient portal
 * shows; a member without the clinic-profile permission is refused, one who may only view it
 * reads it without a form; a malformed number or
 * address is a 400 that names the field and saves nothing; one clinic's save never touches
 * another's; and the portal shows what was saved.
 */
import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { CookieJar } from "../support/cookie-jar.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import type { Db } from "../../lib/db/client.ts";
import { activityLog } from "../../lib/db/schema.ts";
import { clinicContacts } from "../../lib/db/schema/portal.ts";
import { clinicId, portalSignIn } from "./portal/portal_support.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

async function signIn(app: TestApp, email: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const body = new URLSearchParams({ email, password: "demo-password" });
  const res = await app.request("/login", { method: "POST", headers: FORM, body, jar });
  assertEquals(res.status, 303);
  return jar;
}

function save(app: TestApp, jar: CookieJar | undefined, fields: Record<string, string>) {
  return app.request("/settings/contact", {
    method: "POST",
    headers: FORM,
    body: new URLSearchParams(fields),
    jar,
  });
}

async function contactOf(db: Db, clinic: string) {
  const [row] = await db.select().from(clinicContacts).where(eq(clinicContacts.clinicId, clinic));
  return row && { phone: row.phone, email: row.email, address: row.address };
}

const GOOD = {
  phone: "0300 1234567",
  phoneCountry: "PK",
  email: "reception@demo-dental.test",
  address: "45-C Jail Road, Shadman, Lahore",
};

testOnEachDatabase("clinic contact settings", async (t, database) => {
  const { db } = database;
  const step = appSteps(t, database);
  const demo = await clinicId(db, "demo-dental");
  const smile = await clinicId(db, "second-smile");
  const seeded = await contactOf(db, demo);
  const smileBefore = await contactOf(db, smile);

  await step("no session is sent to sign in; reception is refused both ways", async (app) => {
    const page = await app.request("/settings/contact");
    assertEquals(page.status, 303);
    assertMatch(page.headers.get("location") ?? "", /\/login/);
    assertEquals((await save(app, undefined, GOOD)).status, 303);
    const reception = await signIn(app, "reception@demo-dental.test");
    const view = await app.request("/settings/contact", { jar: reception });
    assertEquals(view.status, 403);
    await view.body?.cancel();
    const refused = await save(app, reception, GOOD);
    assertEquals(refused.status, 403);
    await refused.body?.cancel();
    const hub = await (await app.request("/settings", { jar: reception })).text();
    assert(!hub.includes('href="/settings/contact"'), "the hub offers reception no card");
    assertEquals(await contactOf(db, demo), seeded);
  });

  await step("the owner sees the saved details in the form, with a hub card", async (app) => {
    const owner = await signIn(app, "owner@demo-dental.test");
    const hub = await (await app.request("/settings", { jar: owner })).text();
    assertMatch(hub, /href="\/settings\/contact"/);
    const res = await app.request("/settings/contact", { jar: owner });
    assertEquals(res.status, 200);
    const html = await res.text();
    assertMatch(html, /Clinic contact/);
    assertMatch(html, /value="hello@demo-dental.test"/);
    assertMatch(html, /12-B Main Boulevard, Gulberg III, Lahore/);
  });

  await step("malformed input is a 400 naming the field, and nothing changes", async (app) => {
    const owner = await signIn(app, "owner@demo-dental.test");
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ ...GOOD, phone: "12345" }, "phone", /10 digits after \+92/],
      [{ ...GOOD, phone: "0300 12345678901" }, "phone", /valid phone number/],
      [{ ...GOOD, email: "front desk at clinic" }, "email", /email address like/],
      [{ ...GOOD, address: "x".repeat(501) }, "address", /under 500 characters/],
    ];
    for (const [fields, field, message] of cases) {
      const res = await save(app, owner, fields);
      assertEquals(res.status, 400, `${field}: ${JSON.stringify(fields).slice(0, 80)}`);
      const html = await res.text();
      assertMatch(html, new RegExp(`data-field-error="${field}"`));
      assertMatch(html, message);
      // What was typed is shown again, to be corrected.
      if (field === "email") assertMatch(html, /value="front desk at clinic"/);
    }
    assertEquals(await contactOf(db, demo), seeded);
  });

  await step("the owner's save lands in this clinic only, and the portal shows it", async (app) => {
    const owner = await signIn(app, "owner@demo-dental.test");
    const res = await save(app, owner, GOOD);
    assertEquals(res.status, 303);
    assertEquals(res.headers.get("location"), "/settings/contact?notice=saved");
    assertEquals(await contactOf(db, demo), {
      phone: "+923001234567",
      email: "reception@demo-dental.test",
      address: "45-C Jail Road, Shadman, Lahore",
    });
    assertEquals(await contactOf(db, smile), smileBefore, "the other clinic is untouched");
    const [logged] = await db.select().from(activityLog)
      .where(eq(activityLog.action, "settings.contact_changed"));
    assertEquals(logged.clinicId, demo);
    assertEquals(logged.details, { changed: ["phone", "email", "address"] });
    const saved = await (await app.request("/settings/contact?notice=saved", { jar: owner }))
      .text();
    assertMatch(saved, /Contact details saved/);

    const patient = await portalSignIn(app);
    const portal = await (await app.request("/portal", { jar: patient })).text();
    assertMatch(portal, /reception@demo-dental.test/);
    assertMatch(portal, /45-C Jail Road, Shadman, Lahore/);
    assertMatch(portal, /\+92 300 1234567/);
    assert(!portal.includes("hello@demo-dental.test"), "the old email is gone");
  });

  await step("a member who may only view the contact reads it, with no form", async (app) => {
    const { jar: owner } = await app.login("owner@demo-dental.test");
    const { members } = await (await app.request("/api/v1/staff", { jar: owner })).json();
    const doctor = members.find((m: { email: string }) => m.email === "doctor@demo-dental.test");
    const current = await (await app.request(`/api/v1/staff/${doctor.id}/permissions`, {
      jar: owner,
    })).json();
    const granted = await app.json("PUT", `/api/v1/staff/${doctor.id}/permissions`, {
      permissions: [...current.permissions, "settings.view", "settings.clinic.view"],
    }, { jar: owner });
    assertEquals(granted.status, 200, await granted.clone().text());
    const jar = await signIn(app, "doctor@demo-dental.test");
    const res = await app.request("/settings/contact", { jar });
    assertEquals(res.status, 200);
    const html = await res.text();
    assertMatch(html, /You can view but not change these details/);
    assertMatch(html, /45-C Jail Road, Shadman, Lahore/);
    assert(!html.includes('action="/settings/contact"'), "no form to submit");
    const refused = await save(app, jar, { ...GOOD, address: "Somewhere else" });
    assertEquals(refused.status, 403);
    await refused.body?.cancel();
    assertEquals((await contactOf(db, demo))?.address, "45-C Jail Road, Shadman, Lahore");
  });

  await step("emptied fields are stored as none", async (app) => {
    const owner = await signIn(app, "owner@demo-dental.test");
    const res = await save(app, owner, { phone: "", phoneCountry: "PK", email: " ", address: "" });
    assertEquals(res.status, 303);
    assertEquals(await contactOf(db, demo), { phone: null, email: null, address: null });
    const page = await (await app.request("/settings/contact", { jar: owner })).text();
    assertMatch(page, /name="email"/);
  });
});
