/**
 * The treatment pages as a browser without JavaScript uses them: forms posted, pages rendered.
 */
import { and, count, desc, eq } from "drizzle-orm";
import { changeAccess } from "../support/access-changes.ts";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import {
  clinicModules,
  emailOutbox,
  patients,
  treatmentPlans,
  treatmentServices,
} from "../../lib/db/schema.ts";
import { clinicFixture, createPatient, userId } from "../lib/appointments/fixtures.ts";
import { createPlan } from "../../lib/treatment/plan-writes.ts";
import { encodePng } from "../../lib/radiology/png.ts";
import { generateAppointmentToken } from "../../lib/appointment-tokens.ts";
import { TEST_SECRETS } from "../support/test-app.ts";

const OWNER = "owner@demo-dental.test";
const NURSE = "nurse@demo-dental.test";
const OTHER_OWNER = "owner@second-smile.test";

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
  redirect: "manual" as const,
});

const png = () =>
  encodePng({ width: 8, height: 8, channels: 1, data: new Uint8Array(64).fill(90) });

testOnEachDatabase("treatment pages", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicFixture(db, "demo-dental");
  const other = await clinicFixture(db, "second-smile");
  const services = new Map(
    (await db.select().from(treatmentServices).where(eq(treatmentServices.clinicId, demo.id)))
      .map((s) => [s.code, s.id]),
  );
  const elderly = await createPatient(db, demo.id, "Bashir Ahmad");
  await db.update(patients).set({ dateOfBirth: "1950-02-02", email: "bashir@example.com" })
    .where(eq(patients.id, elderly));
  const planCount = async () => Number((await db.select({ n: count() }).from(treatmentPlans))[0].n);
  const theirPatient = await createPatient(db, other.id, "Kamran Akmal");
  const [theirScale] = await db.select().from(treatmentServices)
    .where(and(eq(treatmentServices.clinicId, other.id), eq(treatmentServices.code, "SCALE")));
  const theirActor = {
    clinicId: other.id,
    actorId: await userId(db, OTHER_OWNER),
    mayApplyDiscounts: true,
  };
  const theirPlan = await createPlan(db, theirActor, {
    patientId: theirPatient,
    title: "Their plan",
    validUntil: null,
    notes: null,
    options: [{
      name: "Plan",
      recommended: true,
      discount: { mode: "auto" },
      phases: [{
        name: "P",
        items: [{
          serviceId: theirScale.id,
          tooth: null,
          surfaces: "",
          quantity: 1,
          status: "planned",
          appointmentId: null,
        }],
      }],
    }],
  });
  let planId = "";

  const doc = (manual?: number) =>
    JSON.stringify({
      title: "Molar root canal",
      options: [{
        name: "Plan",
        discount: manual === undefined ? { mode: "auto" } : { mode: "manual", amountMinor: manual },
        phases: [{
          name: "Urgent",
          items: [{ serviceId: services.get("RCT-M"), tooth: "46", surfaces: "MO", quantity: 1 }],
        }],
      }],
    });

  await step("the editor's post creates the plan; the server's figures are shown", async (app) => {
    const { jar } = await app.login(OWNER);
    const res = await app.request(`/treatment-plans/new?patientId=${elderly}`, {
      ...form({ plan: doc() }),
      jar,
    });
    assertEquals(res.status, 303);
    planId = res.headers.get("location")!.split("/")[2].split("?")[0];
    const html = await (await app.request(`/treatment-plans/${planId}`, { jar })).text();
    assertMatch(html, /Senior citizen 10 % — patient is 76/);
    assertMatch(html, /PKR 27,000/);
    assertMatch(html, /Tooth 46 · MO/);
  });

  await step(
    "a manual discount over the subtotal re-renders the editor with the refusal",
    async (app) => {
      const { jar } = await app.login(OWNER);
      const before = await planCount();
      const res = await app.request(`/treatment-plans/new?patientId=${elderly}`, {
        ...form({ plan: doc(3_000_001) }),
        jar,
      });
      assertEquals(res.status, 400);
      assertMatch(await res.text(), /A discount cannot be more than the subtotal/);
      assertEquals(await planCount(), before);
    },
  );

  await step("lists, permissions, other clinics and the module switch", async (app) => {
    const nurse = (await app.login(NURSE)).jar;
    const list = await (await app.request("/treatment-plans", { jar: nurse })).text();
    assertMatch(list, /Lower right rehabilitation/);
    assert(!list.includes("New plan"), "a nurse may not create plans");
    assertEquals((await app.request(`/treatment-plans/new`, { jar: nurse })).status, 403);
    assertEquals(
      (await app.request(`/treatment-plans/${planId}/edit`, { jar: nurse })).status,
      403,
    );
    const owner = (await app.login(OWNER)).jar;
    assertEquals(
      (await app.request(`/treatment-plans/${theirPlan.id}`, { jar: owner })).status,
      404,
    );
    assertEquals((await app.request(`/treatment-plans/not-a-plan`, { jar: owner })).status, 404);
    // Stands in for a superadmin switching the module off (which tells every instance's cache).
    await changeAccess(app, { clinicId: demo.id }, (tx) =>
      tx.insert(clinicModules).values({
        clinicId: demo.id,
        moduleKey: "treatment",
        isEnabled: false,
      }));
    try {
      assertEquals((await app.request("/treatment-plans", { jar: owner })).status, 403);
      assertEquals((await app.request("/settings/service-catalog", { jar: owner })).status, 403);
    } finally {
      await changeAccess(app, { clinicId: demo.id }, (tx) =>
        tx.delete(clinicModules).where(
          and(eq(clinicModules.clinicId, demo.id), eq(clinicModules.moduleKey, "treatment")),
        ));
    }
  });

  await step("a CSV import with a bad row imports nothing and names the line", async (app) => {
    const { jar } = await app.login(OWNER);
    const csv = "code,name,category,price_pkr,duration_minutes,per_tooth,active\n" +
      "GUM,Gum graft,periodontic,25000,60,yes,yes\n" +
      "BAD,Bad row,periodontic,lots,60,yes,yes\n";
    const body = new FormData();
    body.set("file", new File([csv], "catalog.csv", { type: "text/csv" }));
    const res = await app.request("/settings/service-catalog/import", {
      method: "POST",
      body,
      jar,
      redirect: "manual",
    });
    assertEquals(res.status, 400);
    const html = await res.text();
    assertMatch(html, /Nothing was imported/);
    assertMatch(html, /Line 3: price_pkr must be an amount in rupees/);
    const [gum] = await db.select().from(treatmentServices)
      .where(and(eq(treatmentServices.clinicId, demo.id), eq(treatmentServices.code, "GUM")));
    assertEquals(gum, undefined);

    const exported = await app.request("/settings/service-catalog.csv", { jar });
    assertEquals(exported.headers.get("content-type"), "text/csv; charset=utf-8");
    assertMatch(
      await exported.text(),
      /^code,name,category,price_pkr,duration_minutes,per_tooth,active\r\n/,
    );
  });

  await step("services and policies through their settings forms", async (app) => {
    const { jar } = await app.login(OWNER);
    const bad = await app.request("/settings/service-catalog", {
      ...form({
        code: "CBCT",
        name: "CBCT scan",
        category: "diagnostic",
        price: "abc",
        duration: "20",
      }),
      jar,
    });
    assertEquals(bad.status, 400);
    assertMatch(await bad.text(), /data-field-error="price"/);
    const ok = await app.request("/settings/service-catalog", {
      ...form({
        code: "CBCT",
        name: "CBCT scan",
        category: "diagnostic",
        price: "8,500",
        duration: "20",
        active: "on",
      }),
      jar,
    });
    assertEquals(ok.status, 303);
    assertMatch(
      await (await app.request("/settings/service-catalog?q=cbct", { jar })).text(),
      /PKR 8,500/,
    );

    const policy = await app.request("/settings/discounts", {
      ...form({
        name: "Eid offer",
        kind: "percent",
        percent: "12.5",
        minSubtotal: "20000",
        active: "on",
      }),
      jar,
    });
    assertEquals(policy.status, 303);
    const list = await (await app.request("/settings/discounts", { jar })).text();
    assertMatch(list, /Eid offer/);
    assertMatch(list, /12\.5 %/);
    const nurse = (await app.login(NURSE)).jar;
    assertEquals(
      (await app.request("/settings/discounts", { ...form({ name: "x" }), jar: nurse })).status,
      403,
    );
  });

  await step("the patient accepts from the emailed link with their typed name", async (app) => {
    const { jar } = await app.login(OWNER);
    const sent = await app.request(`/treatment-plans/${planId}/send-link`, { ...form({}), jar });
    assertEquals(sent.status, 303);
    const [mail] = await db.select().from(emailOutbox).where(
      eq(emailOutbox.toAddress, "bashir@example.com"),
    )
      .orderBy(desc(emailOutbox.createdAt)).limit(1);
    assertMatch(mail.subject, /Review and accept your treatment plan/);
    const link = /http:\/\/localhost:8000(\/plan-review\?token=[^"\s]+)/.exec(mail.text)![1];
    const token = decodeURIComponent(link.split("token=")[1]);

    const page = await app.request(link, { noOrigin: true });
    assertEquals(page.status, 200);
    const html = await page.text();
    assertMatch(html, /Molar root canal/);
    assert(!html.includes("<script"), "the patient's page ships no JavaScript");

    // An appointment link's token is not a plan token.
    const foreign = await generateAppointmentToken(planId, "confirm", {
      encryptionKey: TEST_SECRETS.ENCRYPTION_KEY,
    });
    assertEquals((await app.request(`/plan-review?token=${foreign}`)).status, 404);
    assertEquals((await app.request(`/plan-review?token=${token.slice(0, -2)}xx`)).status, 404);

    const optionId = /name="optionId" value="([0-9a-f-]{36})"/.exec(html)![1];
    const noName = await app.request("/plan-review", {
      ...form({ token, optionId, typedName: "" }),
    });
    assertEquals(noName.status, 400);
    const accepted = await app.request("/plan-review", {
      ...form({ token, optionId, typedName: "Bashir Ahmad" }),
    });
    assertEquals(accepted.status, 200);
    assertMatch(await accepted.text(), /this plan is accepted/);
    const detail = await (await app.request(`/treatment-plans/${planId}`, { jar })).text();
    assertMatch(detail, /Accepted online by Bashir Ahmad/);
    const again = await app.request("/plan-review", {
      ...form({ token, optionId, typedName: "Bashir Ahmad" }),
    });
    assertEquals(again.status, 409);
    assertMatch(await again.text(), /this plan is accepted/);
  });

  await step(
    "in-clinic acceptance with a drawn signature, photos, chart badges and print",
    async (app) => {
      const { jar } = await app.login(OWNER);
      const created = await app.request(`/treatment-plans/new?patientId=${elderly}`, {
        ...form({ plan: doc() }),
        jar,
      });
      const id = created.headers.get("location")!.split("/")[2].split("?")[0];
      const html = await (await app.request(`/treatment-plans/${id}`, { jar })).text();
      const optionId = /name="optionId" value="([0-9a-f-]{36})"/.exec(html)![1];
      const signature = `data:image/png;base64,${btoa(String.fromCharCode(...png()))}`;
      const res = await app.request(`/treatment-plans/${id}/accept`, {
        ...form({ optionId, signedName: "Bashir Ahmad", signature }),
        jar,
      });
      assertEquals(res.status, 303);
      const detail = await (await app.request(`/treatment-plans/${id}`, { jar })).text();
      const signatureSrc =
        /src="(\/treatment-plans\/[^"]+\/image\/signature\?acceptance=[^"]+)"/.exec(detail)![1];
      const image = await app.request(signatureSrc.replaceAll("&amp;", "&"), { jar });
      assertEquals([image.status, image.headers.get("content-type")], [200, "image/png"]);
      await image.body?.cancel();

      const upload = new FormData();
      upload.set(
        "photo",
        new File([png() as Uint8Array<ArrayBuffer>], "before.png", { type: "image/png" }),
      );
      assertEquals(
        (await app.request(`/treatment-plans/${id}/photos/before`, {
          method: "POST",
          body: upload,
          jar,
          redirect: "manual",
        })).status,
        303,
      );
      const wrong = new FormData();
      wrong.set("photo", new File(["<svg/>"], "x.png", { type: "image/png" }));
      const refused = await app.request(`/treatment-plans/${id}/photos/after`, {
        method: "POST",
        body: wrong,
        jar,
      });
      assertEquals(refused.status, 400);
      assertMatch(await refused.text(), /A photo must be a JPEG or PNG image/);
      const before = await app.request(`/treatment-plans/${id}/image/before`, { jar });
      assertEquals(before.status, 200);
      await before.body?.cancel();
      assertEquals((await app.request(`/treatment-plans/${id}/image/after`, { jar })).status, 404);

      const chart = await (await app.request(`/patients/${elderly}?tab=chart`, { jar })).text();
      assertMatch(chart, /data-badge="Planned: Root canal, molar"/);
      const print = await (await app.request(`/treatment-plans/${id}/print`, { jar })).text();
      assertMatch(print, /Accepted by Bashir Ahmad/);
      assertMatch(print, /Total/);
    },
  );
});
