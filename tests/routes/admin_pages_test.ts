import { and, desc, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import { activityLog, clinicModules, clinics, roleTemplates } from "../../lib/db/schema.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const SUPERADMIN = "superadmin@odontox.test";

testOnEachDatabase("admin pages", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const [demo] = await db.select().from(clinics).where(eq(clinics.slug, "demo-dental"));
  const [smile] = await db.select().from(clinics).where(eq(clinics.slug, "second-smile"));

  await step("clinic staff are refused the admin pages", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    for (const path of ["/admin/clinics", `/admin/clinics/${demo.id}`]) {
      const res = await app.request(path, { jar });
      assertEquals(res.status, 403, path);
      assertMatch(await res.text(), /Only platform administrators/);
    }
    const post = await app.request(`/admin/clinics/${demo.id}/plan`, {
      method: "POST",
      jar,
      headers: FORM,
      body: new URLSearchParams({ planId: "pro_plus" }),
    });
    assertEquals(post.status, 403);
    const [after] = await db.select().from(clinics).where(eq(clinics.id, demo.id));
    assertEquals(after.planId, "pro");
  });

  await step("the clinics page lists each clinic with plan, members and modules", async (
    app,
  ) => {
    const { jar } = await app.login(SUPERADMIN);
    const res = await app.request("/admin/clinics", { jar });
    assertEquals(res.status, 200);
    const html = await res.text();
    assertMatch(html, /href="\/admin\/clinics" aria-current="page"/);
    assertMatch(html, new RegExp(`href="/admin/clinics/${demo.id}"`));
    assertMatch(html, new RegExp(`href="/admin/clinics/${smile.id}"`));
    assertMatch(html, /demo-dental · 4 members/);
    assertMatch(html, /second-smile · 1 member</);
    assertMatch(html, /DICOM studies/);
    assertMatch(html, /Treatment plans/);
  });

  await step(
    "the clinic page shows the current plan, each tier's price and modules, and customised roles",
    async (app) => {
      await db.insert(roleTemplates).values({
        clinicId: demo.id,
        role: "doctor",
        permissions: ["appointments.view"],
      });
      try {
        const { jar } = await app.login(SUPERADMIN);
        const html = await (await app.request(`/admin/clinics/${demo.id}`, { jar })).text();
        assertMatch(html, /Current plan: <span[^>]*>Pro<\/span> · PKR 7,500 \/ month/);
        assertMatch(html, /<input type="radio" name="planId" value="pro" checked/);
        assert(!/value="pro_plus" checked/.test(html), "only the current plan is chosen");
        assertMatch(html, /PKR 15,000/);
        // Pro+ lists DICOM AI analysis as included, Pro as not.
        const tiers = html.split('name="planId"').slice(1);
        assertEquals(tiers.length, 3);
        assertMatch(
          tiers[1],
          /DICOM AI analysis<\/span><span class="sr-only">\(not included\)/,
        );
        assertMatch(tiers[2], /DICOM AI analysis<\/span><span class="sr-only">\(included\)/);
        assertMatch(html, /Internal note/);
        assertMatch(html, /Reset customised role templates to the new plan(&#39;|')s baseline/);
        assertMatch(html, /Customised: Doctor\./);
        assertMatch(html, /Included in Pro/);
        assertMatch(html, /Add-on, in no plan/);
      } finally {
        await db.delete(roleTemplates).where(eq(roleTemplates.clinicId, demo.id));
      }
    },
  );

  await step("assigning a plan from the form logs the note and comes back", async (app) => {
    const { jar } = await app.login(SUPERADMIN);
    try {
      const res = await app.request(`/admin/clinics/${demo.id}/plan`, {
        method: "POST",
        jar,
        headers: FORM,
        body: new URLSearchParams({ planId: "pro_plus", note: "Upgrade requested by owner" }),
      });
      assertEquals(res.status, 303);
      assertEquals(res.headers.get("location"), `/admin/clinics/${demo.id}?notice=plan`);
      const html = await (await app.request(res.headers.get("location")!, { jar })).text();
      assertMatch(html, /Plan updated\./);
      assertMatch(html, /Current plan: <span[^>]*>Pro\+<\/span>/);
      assertMatch(html, /Included in Pro\+/);
      const [entry] = await db.select().from(activityLog)
        .where(
          and(
            eq(activityLog.clinicId, demo.id),
            eq(activityLog.action, "platform.plan_assigned"),
          ),
        )
        .orderBy(desc(activityLog.id)).limit(1);
      assertEquals(entry.details.note, "Upgrade requested by owner");
      assertEquals(entry.details.to, "pro_plus");

      const bad = await app.request(`/admin/clinics/${demo.id}/plan`, {
        method: "POST",
        jar,
        headers: FORM,
        body: new URLSearchParams({ planId: "platinum" }),
      });
      assertEquals(bad.status, 400);
      assertMatch(await bad.text(), /Unknown plan/);
    } finally {
      await db.update(clinics).set({ planId: "pro" }).where(eq(clinics.id, demo.id));
    }
  });

  await step("module buttons switch a module and hand it back to the plan", async (app) => {
    const { jar } = await app.login(SUPERADMIN);
    const post = (enabled: string) =>
      app.request(`/admin/clinics/${smile.id}/modules/inventory`, {
        method: "POST",
        jar,
        headers: FORM,
        body: new URLSearchParams({ enabled }),
      });
    try {
      const on = await post("true");
      assertEquals(on.status, 303);
      const html = await (await app.request(on.headers.get("location")!, { jar })).text();
      assertMatch(html, /Module switch saved\./);
      assertMatch(html, /Switched on by the platform \(not in Free\)/);
      assertMatch(html, /Follow plan/);
      assertMatch(html, /aria-label="Turn off Inventory"/);

      const follow = await post("plan");
      assertEquals(follow.status, 303);
      const rows = await db.select().from(clinicModules)
        .where(eq(clinicModules.clinicId, smile.id));
      assertEquals(rows, []);

      const nonsense = await post("maybe");
      assertEquals(nonsense.status, 400);
    } finally {
      await db.delete(clinicModules).where(eq(clinicModules.clinicId, smile.id));
    }
  });

  await step("the test-account button tags and untags a clinic", async (app) => {
    const { jar } = await app.login(SUPERADMIN);
    try {
      const res = await app.request(`/admin/clinics/${smile.id}/test-account`, {
        method: "POST",
        jar,
        headers: FORM,
        body: new URLSearchParams({ isTestAccount: "true" }),
      });
      assertEquals(res.status, 303);
      const html = await (await app.request(res.headers.get("location")!, { jar })).text();
      assertMatch(html, /tagged as a test account/);
      assertMatch(html, /Remove the test tag/);
      const list = await (await app.request("/admin/clinics", { jar })).text();
      // Second Smile, and the demo seed's QA Sandbox Clinic.
      assertMatch(list, /2 tagged as test accounts/);
    } finally {
      await db.update(clinics).set({ isTestAccount: false }).where(eq(clinics.id, smile.id));
    }
  });

  await step("an unknown clinic is a 404 page", async (app) => {
    const { jar } = await app.login(SUPERADMIN);
    for (const id of ["00000000-0000-4000-8000-000000000000", "demo-dental"]) {
      const res = await app.request(`/admin/clinics/${id}`, { jar });
      assertEquals(res.status, 404, id);
      assertMatch(await res.text(), /Page not found/);
    }
  });

  await step("the superadmin edits one member's permissions from the clinic page", async (app) => {
    const { jar } = await app.login("superadmin@odontox.test");
    const clinicPage = await (await app.request(`/admin/clinics/${demo.id}`, { jar })).text();
    const link = clinicPage.match(/href="(\/admin\/clinics\/[^"]+\/members\/[^"]+)"/)?.[1];
    assert(link, "members are listed with a permissions link");
    assert(!clinicPage.includes(`/members/${demo.id}`));
    const memberPage = await app.request(link, { jar });
    assertEquals(memberPage.status, 200);
    const html = await memberPage.text();
    assertMatch(html, /data-island="PermissionTree"/);
    assertMatch(html, /\/api\/v1\/admin\/clinics\/[^"&]+\/members\/[^"&]+\/permissions/);
    const { jar: ownerJar } = await app.login("owner@demo-dental.test");
    assertEquals((await app.request(link, { jar: ownerJar })).status, 403);
    const list = await (await app.request("/admin/clinics", { jar })).text();
    assertMatch(list, /pending staff invitations? across clinics/);
    assertMatch(list, /href="\/admin\/users\/invitations"/);
  });
});
