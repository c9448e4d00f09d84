import { and, count, eq } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { assert, assertEquals, assertMatch } from "../../../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../../../support/test-app.ts";
import {
  clinicModules,
  discountPolicies,
  patients,
  roleTemplates,
  treatmentPlans,
  treatmentServices,
} from "../../../../lib/db/schema.ts";
import { clinicFixture, createPatient } from "../../../lib/appointments/fixtures.ts";
import { pdfText } from "../../../support/pdf-text.ts";
import { encodePng } from "../../../../lib/radiology/png.ts";

const OWNER = "owner@demo-dental.test";
const DOCTOR = "doctor@demo-dental.test";
const NURSE = "nurse@demo-dental.test";
const RECEPTION = "reception@demo-dental.test";
const OTHER_OWNER = "owner@second-smile.test";

testOnEachDatabase("treatment API", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicFixture(db, "demo-dental");
  const other = await clinicFixture(db, "second-smile");
  const elderly = await createPatient(db, demo.id, "Noor Jahan");
  await db.update(patients).set({ dateOfBirth: "1958-06-15" }).where(eq(patients.id, elderly));
  const theirPatient = await createPatient(db, other.id, "Kamran Akmal");
  const services = new Map(
    (await db.select().from(treatmentServices).where(eq(treatmentServices.clinicId, demo.id)))
      .map((s) => [s.code, s.id]),
  );
  const newPlan = (patientId = elderly) => ({
    patientId,
    title: "Root canal and crown",
    options: [{
      name: "Plan",
      phases: [{
        name: "Urgent",
        items: [
          { serviceId: services.get("RCT-M"), tooth: "46" },
          { serviceId: services.get("CROWN-ZR"), tooth: "46", unitPriceMinor: 4_250_050 },
        ],
      }, { name: "Maintenance", items: [{ serviceId: services.get("SCALE") }] }],
    }],
  });
  const planCount = async () => Number((await db.select({ n: count() }).from(treatmentPlans))[0].n);

  let planId = "";
  let theirPlanId = "";

  await step(
    "a doctor builds a plan: the server computes totals with the senior discount",
    async (app) => {
      const { jar } = await app.login(DOCTOR);
      const res = await app.json("POST", "/api/v1/treatment-plans", newPlan(), { jar });
      assertEquals(res.status, 201);
      const { plan } = await res.json();
      planId = plan.id;
      const [option] = plan.options;
      // 30,000 + 42,500.50 + 6,000 = 78,500.50; 10 % = 7,850.05.
      assertEquals(
        [option.subtotalMinor, option.discountMinor, option.totalMinor],
        [7_850_050, 785_005, 7_065_045],
      );
      assertEquals(option.discounts[0].reason, "patient is 68");
      assertEquals(option.phases[0].items[1].catalogPriceMinor, 4_500_000);
      assertEquals(plan.currency, "PKR");

      const { jar: theirJar } = await app.login(OTHER_OWNER);
      const theirServices = await app.json("GET", "/api/v1/services?q=scal", undefined, {
        jar: theirJar,
      });
      const [scale] = (await theirServices.json()).services;
      const theirs = await app.json("POST", "/api/v1/treatment-plans", {
        patientId: theirPatient,
        title: "Their plan",
        options: [{ name: "Plan", phases: [{ name: "P", items: [{ serviceId: scale.id }] }] }],
      }, { jar: theirJar });
      assertEquals(theirs.status, 201);
      theirPlanId = (await theirs.json()).plan.id;
    },
  );

  await step("no session is 401 on every route", async (app) => {
    const id = crypto.randomUUID();
    for (
      const [method, path] of [
        ["GET", "/api/v1/treatment-plans"],
        ["POST", "/api/v1/treatment-plans"],
        ["GET", `/api/v1/treatment-plans/${id}`],
        ["PATCH", `/api/v1/treatment-plans/${id}`],
        ["POST", `/api/v1/treatment-plans/${id}/accept`],
        ["GET", `/api/v1/treatment-plans/${id}/pdf`],
        ["GET", "/api/v1/services"],
        ["POST", "/api/v1/services"],
        ["GET", "/api/v1/discount-policies"],
        ["POST", "/api/v1/discount-policies"],
      ]
    ) {
      const res = await app.json(method, path, method === "GET" ? undefined : {});
      assertEquals(res.status, 401, `${method} ${path}`);
      await res.body?.cancel();
    }
  });

  await step("another clinic's plan, patient or malformed id answers 404", async (app) => {
    const { jar } = await app.login(OWNER);
    for (
      const [method, path, body] of [
        ["GET", `/api/v1/treatment-plans/${theirPlanId}`],
        ["GET", `/api/v1/treatment-plans/not-a-uuid`],
        ["PATCH", `/api/v1/treatment-plans/${theirPlanId}`, { title: "Mine now" }],
        ["POST", `/api/v1/treatment-plans/${theirPlanId}/accept`, {
          optionId: crypto.randomUUID(),
        }],
        ["GET", `/api/v1/treatment-plans/${theirPlanId}/pdf`],
        ["GET", `/api/v1/treatment-plans?patientId=${theirPatient}`],
        ["POST", "/api/v1/treatment-plans", newPlan(theirPatient)],
      ] as [string, string, unknown?][]
    ) {
      const res = await app.json(method, path, body, { jar });
      assertEquals(res.status, 404, `${method} ${path}`);
      assertEquals((await res.json()).code, "NOT_FOUND");
    }
    const [theirs] = await db.select().from(treatmentPlans).where(
      eq(treatmentPlans.id, theirPlanId),
    );
    assertEquals(theirs.title, "Their plan");
  });

  await step("a missing permission is 403 naming it", async (app) => {
    const reception = (await app.login(RECEPTION)).jar;
    const nurse = (await app.login(NURSE)).jar;
    for (
      const [jar, method, path, body, permission] of [
        [reception, "POST", "/api/v1/treatment-plans", newPlan(), "treatment.plans.create"],
        [
          reception,
          "PATCH",
          `/api/v1/treatment-plans/${planId}`,
          { title: "x" },
          "treatment.plans.edit",
        ],
        [
          nurse,
          "POST",
          `/api/v1/treatment-plans/${planId}/accept`,
          { optionId: planId },
          "treatment.plans.approve",
        ],
        [
          reception,
          "GET",
          `/api/v1/treatment-plans/${planId}/pdf`,
          undefined,
          "treatment.plans.export",
        ],
        [nurse, "POST", "/api/v1/services", {}, "treatment.catalog.manage"],
        [reception, "POST", "/api/v1/discount-policies", {}, "treatment.catalog.manage"],
      ] as const
    ) {
      const res = await app.json(method, path, body, { jar });
      assertEquals(res.status, 403, `${method} ${path}`);
      assertEquals((await res.json()).permission, permission);
    }
    // Reception may read plans, the catalog and the policies.
    for (
      const path of [
        `/api/v1/treatment-plans/${planId}`,
        "/api/v1/services",
        "/api/v1/discount-policies",
      ]
    ) {
      const res = await app.request(path, { jar: reception });
      assertEquals(res.status, 200, path);
      await res.body?.cancel();
    }
  });

  await step("a manual discount needs treatment.discounts.apply", async (app) => {
    await db.insert(roleTemplates).values({
      clinicId: demo.id,
      role: "doctor",
      permissions: ["treatment.plans.view", "treatment.plans.edit", "treatment.catalog.view"],
    });
    try {
      const { jar } = await app.login(DOCTOR);
      const current =
        (await (await app.request(`/api/v1/treatment-plans/${planId}`, { jar })).json()).plan;
      const res = await app.json("PATCH", `/api/v1/treatment-plans/${planId}`, {
        options: [{
          ...newPlan().options[0],
          id: current.options[0].id,
          discount: { mode: "manual", amountMinor: 1000 },
        }],
      }, { jar });
      assertEquals(res.status, 403);
      assertEquals((await res.json()).permission, "treatment.discounts.apply");
      const after =
        (await (await app.request(`/api/v1/treatment-plans/${planId}`, { jar })).json()).plan;
      assertEquals([after.revision, after.options[0].discountMinor], [1, 785_005]);
    } finally {
      await db.delete(roleTemplates).where(
        and(eq(roleTemplates.clinicId, demo.id), eq(roleTemplates.role, "doctor")),
      );
    }
  });

  await step("malformed bodies are 400 and change nothing", async (app) => {
    const { jar } = await app.login(OWNER);
    const before = await planCount();
    const cases: [string, string, unknown][] = [
      ["POST", "/api/v1/treatment-plans", { patientId: elderly, title: "", options: [] }],
      ["POST", "/api/v1/treatment-plans", {
        ...newPlan(),
        options: [{
          name: "P",
          phases: [{ name: "P", items: [{ serviceId: services.get("RCT-M") }] }],
        }],
      }],
      ["POST", "/api/v1/treatment-plans", "{not json"],
      ["PATCH", `/api/v1/treatment-plans/${planId}`, {}],
      ["PATCH", `/api/v1/treatment-plans/${planId}`, {
        options: [{ ...newPlan().options[0], discount: { mode: "manual", amountMinor: -5 } }],
      }],
      ["POST", `/api/v1/treatment-plans/${planId}/accept`, { optionId: "nope" }],
      ["POST", "/api/v1/services", {
        code: "bad code!",
        name: "",
        category: "magic",
        defaultPriceMinor: -1,
      }],
      ["POST", "/api/v1/discount-policies", { name: "Half off", kind: "percent" }],
      ["POST", "/api/v1/discount-policies", {
        name: "Odd",
        kind: "percent",
        percentBp: 1000,
        minAge: 70,
        maxAge: 60,
      }],
    ];
    for (const [method, path, body] of cases) {
      const res = await app.json(method, path, body, { jar });
      assertEquals(res.status, 400, `${method} ${path} ${JSON.stringify(body)}`);
      await res.body?.cancel();
    }
    assertEquals(await planCount(), before);
    const plan = await (await app.request(`/api/v1/treatment-plans/${planId}`, { jar })).json();
    assertEquals(plan.plan.revision, 1);
  });

  await step(
    "a manual discount over the subtotal is 400; within it the total follows",
    async (app) => {
      const { jar } = await app.login(OWNER);
      const current =
        (await (await app.request(`/api/v1/treatment-plans/${planId}`, { jar })).json()).plan;
      const option = (amountMinor: number) => ({
        id: current.options[0].id,
        name: "Plan",
        discount: { mode: "manual", amountMinor },
        phases: newPlan().options[0].phases,
      });
      const over = await app.json("PATCH", `/api/v1/treatment-plans/${planId}`, {
        options: [option(7_850_051)],
      }, { jar });
      assertEquals(over.status, 400);
      assertEquals((await over.json()).code, "DISCOUNT_TOO_LARGE");
      const ok = await app.json("PATCH", `/api/v1/treatment-plans/${planId}`, {
        options: [option(850_050)],
      }, { jar });
      assertEquals(ok.status, 200);
      const { plan } = await ok.json();
      assertEquals([plan.revision, plan.options[0].totalMinor], [2, 7_000_000]);
      assertEquals(plan.options[0].discounts[0].kind, "manual");
    },
  );

  await step("services and discount policies: create and list", async (app) => {
    const { jar } = await app.login(OWNER);
    const created = await app.json("POST", "/api/v1/services", {
      code: "inlay",
      name: "Ceramic inlay",
      category: "restorative",
      defaultPriceMinor: 3_000_000,
      defaultDurationMinutes: 60,
      perTooth: true,
    }, { jar });
    assertEquals(created.status, 201);
    assertEquals((await created.json()).service.code, "INLAY");
    const duplicate = await app.json("POST", "/api/v1/services", {
      code: "INLAY",
      name: "Again",
      category: "restorative",
      defaultPriceMinor: 1,
      defaultDurationMinutes: 60,
    }, { jar });
    assertEquals(duplicate.status, 409);
    await duplicate.body?.cancel();
    const list = await (await app.request("/api/v1/services?category=restorative", { jar })).json();
    assert(list.services.some((s: { code: string }) => s.code === "INLAY"));

    const policy = await app.json("POST", "/api/v1/discount-policies", {
      name: "Ramadan",
      kind: "fixed",
      amountMinor: 100_000,
      minSubtotalMinor: 2_000_000,
      combinable: true,
    }, { jar });
    assertEquals(policy.status, 201);
    const policies = await (await app.request("/api/v1/discount-policies", { jar })).json();
    assert(policies.policies.some((p: { name: string }) => p.name === "Ramadan"));
    const theirs = await app.request("/api/v1/discount-policies", {
      jar: (await app.login(OTHER_OWNER)).jar,
    });
    assert(!(await theirs.json()).policies.some((p: { name: string }) => p.name === "Ramadan"));
    await db.delete(discountPolicies).where(
      and(eq(discountPolicies.clinicId, demo.id), eq(discountPolicies.name, "Ramadan")),
    );
  });

  await step("accept with a signature, then the A4 PDF carries the totals", async (app) => {
    const { jar } = await app.login(DOCTOR);
    const current =
      (await (await app.request(`/api/v1/treatment-plans/${planId}`, { jar })).json()).plan;
    const stroke = new Uint8Array(40 * 12).map((
      _,
      i,
    ) => (i % 40 === Math.floor(i / 40) * 3 ? 0 : 255));
    const png = encodePng({ width: 40, height: 12, channels: 1, data: stroke });
    const signature = `data:image/png;base64,${btoa(String.fromCharCode(...png))}`;
    const res = await app.json("POST", `/api/v1/treatment-plans/${planId}/accept`, {
      optionId: current.options[0].id,
      signedName: "Noor Jahan",
      signature,
    }, { jar });
    assertEquals(res.status, 200);
    const { plan } = await res.json();
    assertEquals(plan.status, "accepted");
    assertEquals(plan.acceptances[0].signed, true);
    assertEquals(plan.acceptances[0].snapshot.option.totalMinor, 7_000_000);
    assertMatch(plan.acceptances[0].snapshotSha256, /^[0-9a-f]{64}$/);
    const again = await app.json("POST", `/api/v1/treatment-plans/${planId}/accept`, {
      optionId: current.options[0].id,
    }, { jar });
    assertEquals(again.status, 409);
    await again.body?.cancel();

    const pdf = await app.request(`/api/v1/treatment-plans/${planId}/pdf`, { jar });
    assertEquals(pdf.status, 200);
    assertEquals(pdf.headers.get("content-type"), "application/pdf");
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    const doc = await PDFDocument.load(bytes);
    const { width, height } = doc.getPage(0).getSize();
    assertEquals([Math.round(width), Math.round(height)], [595, 842]);
    const text = (await pdfText(bytes)).join("\n");
    assertMatch(text, /Demo Dental/);
    assertMatch(text, /Noor Jahan/);
    assertMatch(text, /Total\nPKR 70,000/);
    assertMatch(text, /Subtotal\nPKR 78,500.50/);
    assertMatch(text, /Manual discount PKR 8,500.50/);
    assertMatch(text, /Valid until/);
    assertMatch(text, /Accepted by Noor Jahan/);
  });

  await step("the module switched off answers 403 naming the module", async (app) => {
    await db.insert(clinicModules).values({
      clinicId: demo.id,
      moduleKey: "treatment",
      isEnabled: false,
    });
    try {
      const { jar } = await app.login(OWNER);
      for (
        const path of ["/api/v1/treatment-plans", "/api/v1/services", "/api/v1/discount-policies"]
      ) {
        const res = await app.request(path, { jar });
        assertEquals(res.status, 403, path);
        const body = await res.json();
        assertEquals([body.code, body.module], ["MODULE_DISABLED", "treatment"]);
      }
    } finally {
      await db.delete(clinicModules).where(
        and(eq(clinicModules.clinicId, demo.id), eq(clinicModules.moduleKey, "treatment")),
      );
    }
  });
});
