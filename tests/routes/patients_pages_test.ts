import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import type { CookieJar } from "../support/cookie-jar.ts";
import { appSteps, TEST_SECRETS, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import type { Db } from "../../lib/db/client.ts";
import { clinicModules, clinics, patients } from "../../lib/db/schema.ts";
import { seedDemoPatients } from "../../lib/patients/demo.ts";
import { readManifest } from "../../lib/islands/manifest.ts";

const OWNER = "owner@demo-dental.test";
const FORM = { "content-type": "application/x-www-form-urlencoded" };

async function clinicIdOf(db: Db, slug: string): Promise<string> {
  return (await db.select({ id: clinics.id }).from(clinics).where(eq(clinics.slug, slug)))[0].id;
}

async function page(app: TestApp, jar: CookieJar, path: string, status = 200): Promise<string> {
  const res = await app.request(path, { jar });
  const html = await res.text();
  assertEquals(res.status, status, `${path}: ${html.slice(0, 300)}`);
  return html;
}

function post(app: TestApp, jar: CookieJar, path: string, fields: Record<string, string>) {
  return app.request(path, {
    method: "POST",
    headers: FORM,
    body: new URLSearchParams(fields),
    jar,
  });
}

/** The record's path after a successful registration. */
async function registerWithForm(app: TestApp, jar: CookieJar, fields: Record<string, string>) {
  const res = await post(app, jar, "/patients/new", fields);
  assertEquals(res.status, 303, await res.text());
  const location = res.headers.get("location")!;
  assertMatch(location, /^\/patients\/[0-9a-f-]{36}\?notice=created$/);
  return location.split("?")[0];
}

const textOf = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

testOnEachDatabase("patient pages", async (t, database) => {
  const { db } = database;
  const demoId = await clinicIdOf(db, "demo-dental");
  const otherId = await clinicIdOf(db, "second-smile");
  await seedDemoPatients(
    db,
    new Map([["demo-dental", demoId], ["second-smile", otherId]]),
    TEST_SECRETS.ENCRYPTION_KEY,
  );
  const step = appSteps(t, database);
  const withWhatsapp = async (fn: () => Promise<void>) => {
    await db.insert(clinicModules).values({
      clinicId: demoId,
      moduleKey: "whatsapp_api",
      isEnabled: true,
    });
    try {
      await fn();
    } finally {
      await db.delete(clinicModules).where(eq(clinicModules.clinicId, demoId));
    }
  };

  await step("a signed-out visitor is sent to sign in", async (app) => {
    const res = await app.request("/patients?q=ali");
    assertEquals(res.status, 303);
    assertEquals(res.headers.get("location"), "/login?next=%2Fpatients%3Fq%3Dali");
  });

  await step("the list shows a page of the clinic's patients, searchable", async (app) => {
    const { jar } = await app.login(OWNER);
    const html = await page(app, jar, "/patients");
    assertMatch(html, /40 patients at Demo Dental/);
    assertMatch(html, /<a[^>]*href="\/patients"[^>]*aria-current="page"/, "Patients is current");
    assertMatch(html, /href="\/patients\/new"/);
    assertMatch(html, /data-patient-table/);
    assertMatch(html, /data-patient-cards/);
    assertMatch(html, /Abdul Rehman Jatoi/);
    assertMatch(html, /\+923007781056/);
    assert(!html.includes("Noor Fatima"), "the 40th name is on page 2");
    assertMatch(textOf(html), /1–25 of 40/);
    assert(!html.includes("Rukhsana Begum"), "no other clinic's patient");
    assert(!/<script[^>]*PhoneInput/.test(html), "no phone picker on the list");

    const second = await page(app, jar, "/patients?page=2");
    assertMatch(second, /Noor Fatima/);
    assertMatch(textOf(second), /26–40 of 40/);
    assertMatch(second, /href="\/patients" rel="prev"/);

    const byPhone = await page(app, jar, `/patients?q=${encodeURIComponent("0321 7784512")}`);
    assertMatch(byPhone, /Fatima Zahra Qureshi/);
    assertMatch(byPhone, /1 patient matches/);
    assert(!byPhone.includes("Abdul Rehman Jatoi"));
    const byMrn = await page(app, jar, "/patients?q=p-000039");
    assertMatch(byMrn, /Abdul Rehman Jatoi/);
    const none = await page(app, jar, "/patients?q=Zzyzx");
    assertMatch(none, /No patient matches “Zzyzx”/);
  });

  await step("a nurse browses patients but is offered no way to register or edit", async (app) => {
    const { jar } = await app.login("nurse@demo-dental.test");
    const list = await page(app, jar, "/patients");
    assert(!list.includes('href="/patients/new"'), "no New patient button");
    const [someone] = await db.select({ id: patients.id }).from(patients)
      .where(eq(patients.clinicId, demoId)).limit(1);
    const record = await page(app, jar, `/patients/${someone.id}`);
    assert(!record.includes(`/patients/${someone.id}/edit`), "no Edit button");
    await page(app, jar, "/patients/new", 403);
    await page(app, jar, `/patients/${someone.id}/edit`, 403);
    const res = await post(app, jar, "/patients/new", { fullName: "By Nurse" });
    assertEquals(res.status, 403);
  });

  await step("registering with the form leads to the record with its number", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const form = await page(app, jar, "/patients/new");
    assertMatch(form, /<form method="post" action="\/patients\/new"/);
    assertMatch(form, /data-island="PhoneInput"/);
    assert(!form.includes('name="whatsappPhone"'), "no WhatsApp field without the module");
    assert(!form.includes('name="medicalAlerts"'), "reception cannot set medical alerts");
    const scripts = [...form.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    assert(scripts.includes(readManifest()!.islands.PhoneInput), "loads the picker bundle");

    const path = await registerWithForm(app, jar, {
      fullName: "Form Patient",
      dateOfBirth: "1985-06-15",
      gender: "male",
      email: "",
      phone: "0300 1234567",
      phoneCountry: "PK",
      address: "",
    });
    const record = await page(app, jar, `${path}?notice=created`);
    assertMatch(record, /Patient registered\./);
    assertMatch(record, /Form Patient/);
    assertMatch(record, /\+923001234567/);
    assertMatch(record, /15 Jun 1985/);
    assertMatch(textOf(record), /\d+ years · Male/);
    assert(!record.includes("data-whatsapp-row"), "no WhatsApp row without the module");
    const [row] = await db.select().from(patients).where(eq(patients.fullName, "Form Patient"));
    assertEquals([row.email, row.address, row.medicalAlerts], [null, null, null]);
    assert(!JSON.stringify(row).includes("1234567"), "sealed at rest");
  });

  await step(
    "a bad form comes back with the field named and the typed values kept",
    async (app) => {
      const { jar } = await app.login(OWNER);
      const res = await post(app, jar, "/patients/new", {
        fullName: "Typo Patient",
        phone: "0300 12",
        phoneCountry: "PK",
        dateOfBirth: "1990-01-01",
        medicalAlerts: "Asthma",
      });
      const html = await res.text();
      assertEquals(res.status, 400);
      assertMatch(html, /Please correct the highlighted field\./);
      assertMatch(html, /data-field-error="phone-phone"[^>]*>not a valid phone number/);
      assertMatch(html, /value="Typo Patient"/);
      assertMatch(html, /value="1990-01-01"/);
      assertMatch(html, />Asthma<\/textarea>/);
      assertEquals(
        (await db.select().from(patients).where(eq(patients.fullName, "Typo Patient"))).length,
        0,
      );
    },
  );

  await step("a refused number stays in the country that was picked for it", async (app) => {
    const { jar } = await app.login(OWNER);
    // Too short to be a London number, and starting with 20, Egypt's code: it must stay British.
    const res = await post(app, jar, "/patients/new", {
      fullName: "Short Number",
      phone: "20 79",
      phoneCountry: "GB",
    });
    assertEquals(res.status, 400);
    const html = await res.text();
    assertMatch(html, /data-field-error="phone-phone"/);
    assertMatch(html, /name="phoneCountry" value="GB"/);
    assertMatch(html, /name="phone"[^>]*value="20 79"/);
  });

  await step("with WhatsApp the form and the card carry the WhatsApp number", async (app) => {
    await withWhatsapp(async () => {
      const { jar } = await app.login(OWNER);
      const form = await page(app, jar, "/patients/new");
      assertMatch(form, /name="whatsappPhone"/);
      assertMatch(form, /name="whatsappPhoneCountry" value="PK"/);
      const path = await registerWithForm(app, jar, {
        fullName: "Abroad Patient",
        phone: "0300 1234567",
        phoneCountry: "PK",
        whatsappPhone: "7400 123456",
        whatsappPhoneCountry: "GB",
        medicalAlerts: "Penicillin allergy",
      });
      const record = await page(app, jar, path);
      assertMatch(record, /data-whatsapp-row/);
      assertMatch(record, /\+447400123456/);
      assertMatch(record, /United Kingdom/);
      assertMatch(record, /data-medical-alerts[^>]*>[\s\S]*Penicillin allergy/);

      // The edit form shows the stored number in its own country.
      const edit = await page(app, jar, `${path}/edit`);
      assertMatch(edit, /name="whatsappPhoneCountry" value="GB"/);
      assertMatch(edit, /name="whatsappPhone"[^>]*value="7400123456"/);
    });
    const { jar } = await app.login(OWNER);
    const [row] = await db.select().from(patients).where(eq(patients.fullName, "Abroad Patient"));
    const record = await page(app, jar, `/patients/${row.id}`);
    assert(!record.includes("data-whatsapp-row"), "the row goes when WhatsApp goes");
    assert(!record.includes("+447400123456"));
  });

  await step("editing saves the changes and only what the form showed", async (app) => {
    const { jar } = await app.login(OWNER);
    const path = await registerWithForm(app, jar, {
      fullName: "Edit Me",
      phone: "0333 4445556",
      phoneCountry: "PK",
      medicalAlerts: "Latex allergy",
    });
    const reception = (await app.login("reception@demo-dental.test")).jar;
    const form = await page(app, reception, `${path}/edit`);
    assertMatch(form, /value="Edit Me"/);
    assertMatch(form, /name="phone"[^>]*value="3334445556"/);
    const res = await post(app, reception, `${path}/edit`, {
      fullName: "Edited Name",
      phone: "0333 4445557",
      phoneCountry: "PK",
      // Not on reception's form: must be ignored, not cleared.
      medicalAlerts: "",
    });
    assertEquals(res.status, 303, await res.text());
    assertEquals(res.headers.get("location"), `${path}?notice=updated`);
    const record = await page(app, jar, `${path}?notice=updated`);
    assertMatch(record, /Changes saved\./);
    assertMatch(record, /Edited Name/);
    assertMatch(record, /\+923334445557/);
    assertMatch(record, /Latex allergy/);
  });

  await step("another clinic's record and a bad id are 404 pages", async (app) => {
    const { jar } = await app.login(OWNER);
    const [theirs] = await db.select({ id: patients.id }).from(patients)
      .where(eq(patients.clinicId, otherId)).limit(1);
    await page(app, jar, `/patients/${theirs.id}`, 404);
    await page(app, jar, `/patients/${theirs.id}/edit`, 404);
    await page(app, jar, "/patients/not-a-uuid", 404);
    const res = await post(app, jar, `/patients/${theirs.id}/edit`, { fullName: "Taken" });
    assertEquals(res.status, 404);
  });

  await step("the record's tabs: appointments, chart and notes live", async (app) => {
    const { jar } = await app.login(OWNER);
    const [someone] = await db.select({ id: patients.id }).from(patients)
      .where(eq(patients.clinicId, demoId)).limit(1);
    const overview = await page(app, jar, `/patients/${someone.id}`);
    assertMatch(overview, /aria-current="page"[^>]*>[\s\S]{0,400}Overview/);
    assertMatch(overview, /data-patient-card/);
    const appointments = await page(app, jar, `/patients/${someone.id}?tab=appointments`);
    assertMatch(appointments, /data-patient-appointments/);
    for (
      const [tab, marker] of [["chart", "data-dental-chart"], ["notes", "data-clinical-notes"]]
    ) {
      const html = await page(app, jar, `/patients/${someone.id}?tab=${tab}`);
      assert(html.includes(marker), tab);
      assert(!html.includes("data-patient-card"));
    }
    const reception = (await app.login("reception@demo-dental.test")).jar;
    const theirs = await page(app, reception, `/patients/${someone.id}`);
    assert(!theirs.includes("?tab=notes"), "no Notes tab without clinical notes");
    assertMatch(theirs, /\?tab=appointments/);
    const fallback = await page(app, reception, `/patients/${someone.id}?tab=notes`);
    assertMatch(fallback, /data-patient-card/, "falls back to the overview");
  });
});
