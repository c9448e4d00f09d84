/** Settings → Billing: the owner sets the tax new invoices carry; others read or are refused. */
import { assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import { getFinanceSettings } from "../../lib/finance/settings.ts";
import { clinicId, patientId, testInvoice } from "../lib/finance/fixtures.ts";

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

testOnEachDatabase("billing settings page", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicId(db, "demo-dental");

  await step("the owner sets a 17% sales tax and the next invoice carries it", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const hub = await (await app.request("/settings", { jar })).text();
    assertMatch(hub, /href="\/settings\/billing"/);
    const res = await app.request("/settings/billing", {
      jar,
      ...form({ taxRate: "17", taxLabel: "GST", paymentTermsDays: "30" }),
    });
    assertEquals(res.status, 303);
    assertEquals(await getFinanceSettings(db, demo), {
      taxRateBp: 1700,
      taxLabel: "GST",
      paymentTermsDays: 30,
    });
    const page = await (await app.request("/settings/billing?notice=saved", { jar })).text();
    assertMatch(page, /Billing settings saved/);
    assertMatch(page, /value="17"/);
    const invoice = await testInvoice(
      db,
      demo,
      await patientId(db, demo, "Ayesha Siddiqa"),
      100_000,
    );
    assertEquals([invoice.taxRateBp, invoice.totalMinor], [1700, 117_000]);
  });

  await step(
    "a bad rate is explained and changes nothing; an empty one means no tax",
    async (app) => {
      const { jar } = await app.login("owner@demo-dental.test");
      const bad = await app.request("/settings/billing", {
        jar,
        ...form({ taxRate: "seventeen", taxLabel: "GST", paymentTermsDays: "30" }),
      });
      assertEquals(bad.status, 400);
      assertMatch(await bad.text(), /Enter a percentage like 16 or 17\.5/);
      assertEquals((await getFinanceSettings(db, demo)).taxRateBp, 1700);
      const none = await app.request("/settings/billing", {
        jar,
        ...form({ taxRate: "", taxLabel: "GST", paymentTermsDays: "30" }),
      });
      assertEquals(none.status, 303);
      assertEquals((await getFinanceSettings(db, demo)).taxRateBp, null);
    },
  );

  await step("reception may neither read nor change them; no session signs in", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const page = await app.request("/settings/billing", { jar });
    assertEquals(page.status, 403);
    await page.body?.cancel();
    const post = await app.request("/settings/billing", {
      jar,
      ...form({ taxRate: "5", taxLabel: "GST", paymentTermsDays: "7" }),
    });
    assertEquals(post.status, 403);
    await post.body?.cancel();
    assertEquals((await getFinanceSettings(db, demo)).taxRateBp, null);
    const anonymous = await app.request("/settings/billing");
    assertEquals(anonymous.status, 303);
    await anonymous.body?.cancel();
  });
});
