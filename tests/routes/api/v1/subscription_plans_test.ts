import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../../../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../../../support/test-app.ts";
import { clinics, referrals, subscriptionPlans } from "../../../../lib/db/schema.ts";

const SUPERADMIN = "superadmin@odontox.test";
const OWNER = "owner@demo-dental.test";
const RECEPTION = "reception@demo-dental.test";
const OTHER_OWNER = "owner@second-smile.test";

testOnEachDatabase("subscription plans and referrals API", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const [smile] = await db.select().from(clinics).where(eq(clinics.slug, "second-smile"));
  const [smileReferral] = await db.insert(referrals).values({
    referrerClinicId: smile.id,
    clinicName: "Karachi Dental Care",
    city: "Karachi",
    contactName: "Bilal",
    email: "bilal@kdc.test",
    phoneEnc: "v1.sealed.elsewhere",
  }).returning();

  await step("without a session every route answers 401", async (app) => {
    for (
      const [method, path, body] of [
        ["GET", "/api/v1/subscription-plans", undefined],
        ["PUT", "/api/v1/subscription-plans/pro", { priceMinor: 1, annualPriceMinor: 1 }],
        ["GET", "/api/v1/referrals", undefined],
        ["GET", `/api/v1/referrals/${smileReferral.id}`, undefined],
        ["POST", "/api/v1/referrals/estimate", { counts: { pro: 1 } }],
      ] as const
    ) {
      const res = await app.json(method, path, body);
      assertEquals(res.status, 401, `${method} ${path}`);
      await res.body?.cancel();
    }
  });

  await step("every signed-in member reads the live plan prices in PKR minor units", async (
    app,
  ) => {
    const { jar } = await app.login(RECEPTION);
    const res = await app.request("/api/v1/subscription-plans", { jar });
    assertEquals(res.status, 200);
    const { plans } = await res.json();
    assertEquals(plans.map((p: { id: string }) => p.id), ["free", "pro", "pro_plus"]);
    const pro = plans[1];
    assertEquals([pro.priceMinor, pro.annualPriceMinor, pro.currency], [750000, 7500000, "PKR"]);
    assert(pro.features.length > 0);
  });

  await step("only the superadmin changes prices; a malformed body changes nothing", async (
    app,
  ) => {
    const owner = await app.login(OWNER);
    const refused = await app.json("PUT", "/api/v1/subscription-plans/pro", {
      priceMinor: 1,
      annualPriceMinor: 1,
    }, { jar: owner.jar });
    assertEquals(refused.status, 403);
    await refused.body?.cancel();

    const admin = await app.login(SUPERADMIN);
    for (
      const body of [
        { priceMinor: -1, annualPriceMinor: 1 },
        { priceMinor: 12.5, annualPriceMinor: 1 },
        { priceMinor: "7500", annualPriceMinor: 1 },
        { priceMinor: 1 },
        { priceMinor: 1, annualPriceMinor: 1, currency: "USD" },
      ]
    ) {
      const res = await app.json("PUT", "/api/v1/subscription-plans/pro", body, {
        jar: admin.jar,
      });
      assertEquals(res.status, 400, JSON.stringify(body));
      assertEquals((await res.json()).code, "VALIDATION_FAILED");
    }
    const missing = await app.json("PUT", "/api/v1/subscription-plans/platinum", {
      priceMinor: 1,
      annualPriceMinor: 1,
    }, { jar: admin.jar });
    assertEquals(missing.status, 404);
    await missing.body?.cancel();
    const [pro] = await db.select().from(subscriptionPlans).where(eq(subscriptionPlans.id, "pro"));
    assertEquals([pro.priceMinor, pro.annualPriceMinor], [750000, 7500000]);

    try {
      const ok = await app.json("PUT", "/api/v1/subscription-plans/pro", {
        priceMinor: 800000,
        annualPriceMinor: 8000000,
      }, { jar: admin.jar });
      assertEquals(ok.status, 200);
      assertEquals((await ok.json()).plan.priceMinor, 800000);
    } finally {
      await db.update(subscriptionPlans).set({ priceMinor: 750000, annualPriceMinor: 7500000 })
        .where(eq(subscriptionPlans.id, "pro"));
    }
  });

  await step("referrals: own clinic only, permission required, estimate validated", async (
    app,
  ) => {
    const owner = await app.login(OWNER);
    const list = await app.request("/api/v1/referrals", { jar: owner.jar });
    assertEquals(list.status, 200);
    const body = await list.json();
    assertMatch(body.link, /\/refer\/[A-Z0-9]{6,16}$/);
    assert(!body.referrals.some((r: { id: string }) => r.id === smileReferral.id));

    const other = await app.request(`/api/v1/referrals/${smileReferral.id}`, { jar: owner.jar });
    assertEquals(other.status, 404, "another clinic's referral is not found");
    await other.body?.cancel();
    const smileOwner = await app.login(OTHER_OWNER);
    const own = await app.request(`/api/v1/referrals/${smileReferral.id}`, {
      jar: smileOwner.jar,
    });
    assertEquals(own.status, 200);
    const ownBody = await own.json();
    assertEquals(ownBody.clinicName, "Karachi Dental Care");
    assertEquals(ownBody.email, undefined, "the clinic never gets the prospect's contact");

    const reception = await app.login(RECEPTION);
    const forbidden = await app.request("/api/v1/referrals", { jar: reception.jar });
    assertEquals(forbidden.status, 403);
    await forbidden.body?.cancel();

    const estimate = await app.json("POST", "/api/v1/referrals/estimate", {
      counts: { pro: 2, pro_plus: 1 },
    }, { jar: owner.jar });
    assertEquals(estimate.status, 200);
    assertEquals((await estimate.json()).yearlyMinor, 3_600_000);
    for (const bad of [{ counts: { pro: -1 } }, { counts: "2" }, { counts: {}, extra: 1 }]) {
      const res = await app.json("POST", "/api/v1/referrals/estimate", bad, { jar: owner.jar });
      assertEquals(res.status, 400, JSON.stringify(bad));
      await res.body?.cancel();
    }
  });
});
