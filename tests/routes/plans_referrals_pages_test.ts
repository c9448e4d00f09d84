import { and, desc, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import {
  activityLog,
  clinics,
  planChanges,
  referrals,
  subscriptionPlans,
} from "../../lib/db/schema.ts";
import { referralCodeOf } from "../../lib/subscriptions/referrals.ts";
import type { CookieJar } from "../support/cookie-jar.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const SUPERADMIN = "superadmin@odontox.test";
const OWNER = "owner@demo-dental.test";

function post(app: TestApp, path: string, fields: Record<string, string>, jar?: CookieJar) {
  return app.request(path, {
    method: "POST",
    jar,
    headers: FORM,
    body: new URLSearchParams(fields),
  });
}

const PROSPECT = {
  clinicName: "Lahore Smiles",
  city: "Lahore",
  contactName: "Dr Ayesha Khan",
  email: "Ayesha@LahoreSmiles.test",
  phone: "300 1234567",
  phoneCountry: "PK",
};

/** The yearly reward the Referrals page shows, as text. */
function yearlyReward(html: string): string {
  const match = html.match(/data-reward-yearly="?[^>]*>([^<]+)</);
  assert(match, "the page shows a yearly reward");
  return match[1].trim();
}

testOnEachDatabase("plans and referrals pages", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const [demo] = await db.select().from(clinics).where(eq(clinics.slug, "demo-dental"));
  const code = await referralCodeOf(db, demo.id);

  await step("the superadmin pages refuse everyone but the superadmin", async (app) => {
    const anonymous = await app.request("/admin/plans", { redirect: "manual" });
    assertEquals(anonymous.status, 303);
    assertMatch(anonymous.headers.get("location") ?? "", /\/login/);
    const noSession = await post(app, "/admin/plans/pro", {
      priceMinor: "1",
      annualPriceMinor: "1",
    });
    assert([302, 303, 401, 403].includes(noSession.status), `no session: ${noSession.status}`);
    await noSession.body?.cancel();

    const owner = await app.login(OWNER);
    assertEquals((await app.request("/admin/plans", { jar: owner.jar })).status, 403);
    const refused = await post(
      app,
      "/admin/plans/pro",
      { priceMinor: "1", annualPriceMinor: "1" },
      owner.jar,
    );
    assertEquals(refused.status, 403);
    const commission = await post(
      app,
      "/admin/plans/commission",
      { commissionPercent: "90" },
      owner.jar,
    );
    assertEquals(commission.status, 403);
    const [pro] = await db.select().from(subscriptionPlans).where(eq(subscriptionPlans.id, "pro"));
    assertEquals(pro.priceMinor, 750000, "the owner changed no price");

    const admin = await app.login(SUPERADMIN);
    const page = await app.request("/admin/plans", { jar: admin.jar });
    assertEquals(page.status, 200);
    const html = await page.text();
    assertMatch(html, /href="\/admin\/plans" aria-current="page"/);
    assertMatch(html, /PKR 7,500 \/ month/);
    assertMatch(html, /PKR 15,000 \/ month/);
    assertMatch(html, /data-commission="?[^>]*>10 %/);
  });

  await step("the owner's calculator follows a plan price the superadmin changes", async (app) => {
    const owner = await app.login(OWNER);
    const admin = await app.login(SUPERADMIN);
    try {
      const before = await (await app.request("/referrals?pro=2&pro_plus=1", { jar: owner.jar }))
        .text();
      // 10 % of a year: 2 × 7,500 × 12 + 15,000 × 12 = 360,000 → PKR 36,000.
      assertEquals(yearlyReward(before), "PKR 36,000");
      assertMatch(before, new RegExp(`/refer/${code}`));

      const saved = await post(app, "/admin/plans/pro", {
        priceMinor: "10,000",
        annualPriceMinor: "100000",
        features: "Everything in Free\nLab cases and inventory",
      }, admin.jar);
      assertEquals(saved.status, 303);
      const after = await (await app.request("/referrals?pro=2&pro_plus=1", { jar: owner.jar }))
        .text();
      // 2 × 10,000 × 12 + 15,000 × 12 = 420,000 → PKR 42,000.
      assertEquals(yearlyReward(after), "PKR 42,000");

      const rate = await post(
        app,
        "/admin/plans/commission",
        { commissionPercent: "12.5" },
        admin.jar,
      );
      assertEquals(rate.status, 303);
      const annual = await (await app.request("/referrals?pro=2&billing=annual", {
        jar: owner.jar,
      })).text();
      // 12.5 % of 2 × 100,000 = PKR 25,000.
      assertEquals(yearlyReward(annual), "PKR 25,000");
      assertMatch(annual, /12\.5 %/);

      const plans = await (await app.request("/api/v1/subscription-plans", { jar: owner.jar }))
        .json();
      const pro = plans.plans.find((p: { id: string }) => p.id === "pro");
      assertEquals([pro.priceMinor, pro.annualPriceMinor], [1_000_000, 10_000_000]);
      assertEquals(pro.features, ["Everything in Free", "Lab cases and inventory"]);
    } finally {
      await db.update(subscriptionPlans).set({ priceMinor: 750000, annualPriceMinor: 7500000 })
        .where(eq(subscriptionPlans.id, "pro"));
      await post(app, "/admin/plans/commission", { commissionPercent: "10" }, admin.jar);
    }
  });

  await step("a refused price re-renders the plan's form and changes nothing", async (app) => {
    const admin = await app.login(SUPERADMIN);
    const res = await post(
      app,
      "/admin/plans/pro",
      { priceMinor: "seven thousand", annualPriceMinor: "75000" },
      admin.jar,
    );
    assertEquals(res.status, 400);
    const html = await res.text();
    assertMatch(html, /Enter the monthly price in rupees/);
    assertMatch(html, /value="seven thousand"/);
    const [pro] = await db.select().from(subscriptionPlans).where(eq(subscriptionPlans.id, "pro"));
    assertEquals(pro.priceMinor, 750000);
  });

  await step("a prospect's details reach the referring clinic and the superadmin", async (app) => {
    const page = await app.request(`/refer/${code}`);
    assertEquals(page.status, 200);
    const html = await page.text();
    assertMatch(html, /Invited by Demo Dental/);
    assertMatch(html, /PKR 7,500 \/ month/);

    const sent = await post(app, `/refer/${code}`, PROSPECT);
    assertEquals(sent.status, 303);
    assertEquals(sent.headers.get("location"), `/refer/${code}?sent`);
    assertMatch(await (await app.request(sent.headers.get("location")!)).text(), /Thank you/);
    const [row] = await db.select().from(referrals).where(
      eq(referrals.clinicName, "Lahore Smiles"),
    );
    assertEquals([row.referrerClinicId, row.email], [demo.id, "ayesha@lahoresmiles.test"]);
    assert(!row.phoneEnc.includes("3001234567"), "the phone is sealed");

    const owner = await app.login(OWNER);
    const mine = await (await app.request("/referrals", { jar: owner.jar })).text();
    assertMatch(mine, /Lahore Smiles/);
    assert(!mine.includes("ayesha@lahoresmiles.test"), "the clinic never sees the email");

    const admin = await app.login(SUPERADMIN);
    const all = await (await app.request("/admin/plans", { jar: admin.jar })).text();
    assertMatch(all, /Lahore Smiles/);
    assertMatch(all, /ayesha@lahoresmiles\.test/);
    assertMatch(all, /\+923001234567/);

    const status = await post(
      app,
      `/admin/referrals/${row.id}/status`,
      { status: "contacted" },
      admin.jar,
    );
    assertEquals(status.status, 303);
    const [moved] = await db.select().from(referrals).where(eq(referrals.id, row.id));
    assertEquals(moved.status, "contacted");
  });

  await step("a bad phone re-renders the public form with what was typed", async (app) => {
    const res = await post(app, `/refer/${code}`, { ...PROSPECT, phone: "12", clinicName: "Typo" });
    assertEquals(res.status, 400);
    const html = await res.text();
    assertMatch(html, /10 digits after \+92/);
    assertMatch(html, /value="Typo"/);
    assertEquals(await db.select().from(referrals).where(eq(referrals.clinicName, "Typo")), []);
  });

  await step("an unknown referral code is a 404 page", async (app) => {
    const res = await app.request("/refer/NOPE0000");
    assertEquals(res.status, 404);
    assertMatch(await res.text(), /not valid/);
  });

  await step("the public form's 11th submission in a minute is refused with 429", async (app) => {
    const ip = "198.51.100.23";
    for (let i = 1; i <= 10; i++) {
      const res = await app.request(`/refer/${code}`, {
        method: "POST",
        ip,
        headers: FORM,
        body: new URLSearchParams({ ...PROSPECT, clinicName: `Flood ${i}` }),
      });
      assertEquals(res.status, 303, `submission ${i}`);
      await res.body?.cancel();
    }
    const eleventh = await app.request(`/refer/${code}`, {
      method: "POST",
      ip,
      headers: FORM,
      body: new URLSearchParams({ ...PROSPECT, clinicName: "Flood 11" }),
    });
    assertEquals(eleventh.status, 429);
    assert(eleventh.headers.get("retry-after"));
    assertMatch(await eleventh.text(), /Too many submissions/);
    assertEquals(
      await db.select().from(referrals).where(eq(referrals.clinicName, "Flood 11")),
      [],
    );
    const other = await app.request(`/refer/${code}`, {
      method: "POST",
      ip: "198.51.100.24",
      headers: FORM,
      body: new URLSearchParams({ ...PROSPECT, clinicName: "Another office" }),
    });
    assertEquals(other.status, 303, "another address is not held up");
    await other.body?.cancel();
  });

  await step(
    "the plan dialog records its note in the plan history and applies the role defaults",
    async (app) => {
      const admin = await app.login(SUPERADMIN);
      const doctor = await app.login("doctor@demo-dental.test");
      const permissions = async () =>
        (await (await app.request("/api/v1/me", { jar: doctor.jar })).json()).permissions;
      try {
        const page = await (await app.request(`/admin/clinics/${demo.id}`, { jar: admin.jar }))
          .text();
        assertMatch(page, /href="#change-plan"/);
        assertMatch(page, /role="dialog"/);
        assertMatch(page, /Confirming applies the chosen plan(&#39;|')s role defaults/);
        const proPlusHints = page.slice(page.indexOf('data-plan-hints="pro_plus"'));
        assertMatch(proPlusHints, /Gains:<\/span> DICOM AI analysis, AI reports/);
        assertMatch(proPlusHints, /Doctor defaults:.*Submit studies for AI analysis/);
        assert(!(await permissions()).includes("radiology.dicom.analyze"));

        const res = await post(app, `/admin/clinics/${demo.id}/plan`, {
          planId: "pro_plus",
          billingPeriod: "annual",
          note: "Upgrade agreed with the owner by phone",
        }, admin.jar);
        assertEquals(res.status, 303);
        assert((await permissions()).includes("radiology.dicom.analyze"), "Pro+ doctor default");

        const [change] = await db.select().from(planChanges)
          .where(eq(planChanges.clinicId, demo.id)).orderBy(desc(planChanges.createdAt)).limit(1);
        assertEquals(
          [change.fromPlanId, change.toPlanId, change.fromBillingPeriod, change.toBillingPeriod],
          ["pro", "pro_plus", "monthly", "annual"],
        );
        assertEquals(change.note, "Upgrade agreed with the owner by phone");
        assertEquals(change.changedBy, admin.body.user.id);
        const [logged] = await db.select().from(activityLog).where(and(
          eq(activityLog.clinicId, demo.id),
          eq(activityLog.action, "platform.plan_assigned"),
        )).orderBy(desc(activityLog.id)).limit(1);
        assertEquals(logged.details.billingPeriod, { from: "monthly", to: "annual" });

        const after = await (await app.request(res.headers.get("location")!, { jar: admin.jar }))
          .text();
        const history = after.slice(after.indexOf("Plan history"));
        assertMatch(history, /Upgrade agreed with the owner by phone/);
        assertMatch(history, /Billing: Monthly → Annual/);
        assertMatch(history, /Sana Platform/);
        assertMatch(after, /Current plan: <span[^>]*>Pro\+<\/span> · PKR 150,000 \/ year/);
      } finally {
        await db.update(clinics).set({ planId: "pro", billingPeriod: "monthly" })
          .where(eq(clinics.id, demo.id));
      }
    },
  );
});
