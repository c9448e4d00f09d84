import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import { clinics, dicomAiLimits } from "../../lib/db/schema.ts";
import { enableDicomAi } from "../support/dicom-analysis.ts";
import { quotaMonth, reserveUnit } from "../../lib/dicom/analysis/quota.ts";
import { setTestAccount } from "../../lib/admin/clinic-modules.ts";
import { setClinicLimit } from "../../lib/dicom/analysis/usage-monitor.ts";
import { userId } from "../lib/appointments/fixtures.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const SUPERADMIN = "superadmin@odontox.test";

testOnEachDatabase("DICOM usage monitor page", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const [demo] = await db.select().from(clinics).where(eq(clinics.slug, "demo-dental"));
  const [smile] = await db.select().from(clinics).where(eq(clinics.slug, "second-smile"));
  await enableDicomAi(db, demo.id);
  await enableDicomAi(db, smile.id);
  await setTestAccount(db, { clinicId: smile.id, isTestAccount: true });

  await step("clinic staff are refused it", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    assertEquals((await app.request("/admin/dicom-usage", { jar })).status, 403);
    const post = await app.request(`/admin/dicom-usage/${demo.id}/limit`, {
      method: "POST",
      jar,
      headers: FORM,
      body: new URLSearchParams({ monthlyLimit: "999" }),
    });
    assertEquals(post.status, 403);
    assertEquals(await db.select().from(dicomAiLimits), []);
  });

  await step(
    "the fullest clinic comes first, highlighted from 80 %, test accounts marked",
    async (app) => {
      const superadmin = await userId(db, SUPERADMIN);
      await setClinicLimit(db, { clinicId: smile.id, monthlyLimit: 5, actorId: superadmin });
      const now = new Date();
      for (let i = 0; i < 4; i++) {
        await reserveUnit(app.deps.kv, smile.id, 5, quotaMonth(now, smile.timeZone), now);
      }
      await reserveUnit(app.deps.kv, demo.id, 50, quotaMonth(now, demo.timeZone), now);
      const { jar } = await app.login(SUPERADMIN);
      const res = await app.request("/admin/dicom-usage", { jar });
      assertEquals(res.status, 200);
      const html = await res.text();
      assertMatch(html, /href="\/admin\/dicom-usage" aria-current="page"/);
      const smileAt = html.indexOf(`data-clinic-usage="${smile.id}"`);
      const demoAt = html.indexOf(`data-clinic-usage="${demo.id}"`);
      assert(smileAt > 0 && demoAt > smileAt, "Second Smile (80 %) before Demo Dental (2 %)");
      const smileRow = html.slice(smileAt, demoAt);
      assertMatch(smileRow, /data-near-limit="true"/);
      assertMatch(smileRow, /data-test-account/);
      assertMatch(smileRow, /data-percent="80"/);
      assertMatch(smileRow, /4 <span[^>]*>of 5<\/span>/);
      const demoRow = html.slice(demoAt);
      assert(!demoRow.slice(0, 400).includes("data-near-limit"));
      assertMatch(demoRow, /data-percent="2"/);
    },
  );

  await step("the month's totals leave test accounts out, and say so", async (app) => {
    const now = new Date();
    for (let i = 0; i < 3; i++) {
      await reserveUnit(app.deps.kv, smile.id, 50, quotaMonth(now, smile.timeZone), now);
    }
    await reserveUnit(app.deps.kv, demo.id, 50, quotaMonth(now, demo.timeZone), now);
    const { jar } = await app.login(SUPERADMIN);
    const html = await (await app.request("/admin/dicom-usage", { jar })).text();
    const analyses = html.slice(html.indexOf('data-figure="analyses"'));
    assertMatch(analyses, /data-value[^>]*>1</, "Demo Dental's one analysis, not Second Smile's");
    const tagged = (await db.select().from(clinics).where(eq(clinics.isTestAccount, true)))
      .filter((c) => html.includes(`data-clinic-usage="${c.id}"`)).length;
    assertMatch(analyses, new RegExp(`Excludes ${tagged} test accounts?\\.`));
  });

  await step("a limit saved on the page holds at once; empty goes back to the default", async (
    app,
  ) => {
    const { jar } = await app.login(SUPERADMIN);
    const post = (value: string) =>
      app.request(`/admin/dicom-usage/${demo.id}/limit`, {
        method: "POST",
        jar,
        headers: FORM,
        body: new URLSearchParams({ monthlyLimit: value }),
      });
    const bad = await post("many");
    assertEquals(bad.status, 400);
    assertMatch(await bad.text(), /Enter a whole number from 0 to 100000/);
    assertEquals(
      (await db.select().from(dicomAiLimits).where(eq(dicomAiLimits.clinicId, demo.id))).length,
      0,
    );

    const saved = await post("120");
    assertEquals([saved.status, saved.headers.get("location")], [
      303,
      "/admin/dicom-usage?notice=limit",
    ]);
    const [row] = await db.select().from(dicomAiLimits).where(eq(dicomAiLimits.clinicId, demo.id));
    assertEquals(row.monthlyLimit, 120);
    const page = await (await app.request("/admin/dicom-usage?notice=limit", { jar })).text();
    assertMatch(page, /The limit is saved and applies at once/);
    assertMatch(page, /of 120<\/span>/);

    assertEquals((await post("")).status, 303);
    assertEquals(
      (await db.select().from(dicomAiLimits).where(eq(dicomAiLimits.clinicId, demo.id))).length,
      0,
    );
  });
});
