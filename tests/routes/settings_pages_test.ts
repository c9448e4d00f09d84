import { and, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import { clinics, clinicSettings } from "../../lib/db/schema.ts";
import { readSection } from "../../lib/settings/sections.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

testOnEachDatabase("settings pages", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const [demo] = await db.select().from(clinics).where(eq(clinics.slug, "demo-dental"));

  await step("a signed-out visitor is sent to sign in", async (app) => {
    const res = await app.request("/settings/lab");
    assertEquals(res.status, 303);
    assertEquals(res.headers.get("location"), "/login?next=%2Fsettings%2Flab");
  });

  await step("the owner's hub offers every section and the plan", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const res = await app.request("/settings", { jar });
    assertEquals(res.status, 200);
    const html = await res.text();
    assertMatch(html, /href="\/settings\/permission-templates"/);
    assertMatch(html, /href="\/settings\/lab"/);
    assertMatch(html, /href="\/settings\/notifications"/);
    assertMatch(html, /href="\/settings\/contact"/);
    assertMatch(html, /Subscription/);
    assertMatch(html, /<span[^>]*>Pro<\/span> plan/);
    assertMatch(html, /PKR 7,500 \/ month/);
    assert(!html.includes("View only"), "the owner can change every section");
    assertMatch(html, /href="\/settings" aria-current="page"/);
  });

  await step("reception sees view-only Lab, Notification and Working hours cards only", async (
    app,
  ) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const html = await (await app.request("/settings", { jar })).text();
    assertMatch(html, /href="\/settings\/lab"/);
    assertMatch(html, /href="\/settings\/notifications"/);
    assertMatch(html, /href="\/settings\/working-hours"/, "reception books around the hours");
    assertEquals(html.match(/View only/g)?.length, 3);
    assert(!html.includes('href="/settings/billing"'), "no billing card");
    assert(!html.includes('href="/settings/logo"'), "no logo card");
    assert(!html.includes('href="/settings/contact"'), "no clinic contact card");
    assert(!html.includes("/settings/permission-templates"), "no templates card");
    assert(!html.includes("Subscription"), "no plan card without settings.subscription.view");
  });

  await step("a nurse, with no settings permission, is refused the hub", async (app) => {
    const { jar } = await app.login("nurse@demo-dental.test");
    const res = await app.request("/settings", { jar });
    assertEquals(res.status, 403);
    assertMatch(await res.text(), /You do not have access to this page/);
    const dashboard = await (await app.request("/dashboard", { jar })).text();
    assert(!dashboard.includes('href="/settings"'), "no Settings entry in the navigation");
  });

  await step("reception reads lab settings in a form it cannot submit", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const res = await app.request("/settings/lab", { jar });
    assertEquals(res.status, 200);
    const html = await res.text();
    assertMatch(html, /You can view but not change these settings/);
    assertMatch(html, /<input[^>]*name="defaultTurnaroundDays"[^>]*disabled/);
    assertMatch(html, /<input[^>]*name="requireShadeOnCrowns"[^>]*disabled/);
    assertMatch(html, /<textarea[^>]*name="labInstructionsFooter"[^>]*disabled/);
    assert(!html.includes("Save changes"), "no Save button");

    const post = await app.request("/settings/lab", {
      method: "POST",
      jar,
      headers: FORM,
      body: new URLSearchParams({ defaultTurnaroundDays: "30" }),
    });
    assertEquals(post.status, 403);
    assertMatch(post.headers.get("content-type")!, /text\/html/);
    assertEquals((await readSection(db, demo.id, "lab")).values.defaultTurnaroundDays, 7);
  });

  await step("the owner saves lab settings from the form", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const before = await (await app.request("/settings/lab", { jar })).text();
    assertMatch(before, /Save changes/);
    assert(!before.includes("You can view but not change"));
    assertMatch(before, /nobody has changed them yet/);

    try {
      // No requireShadeOnCrowns field: an unticked checkbox is simply absent.
      const res = await app.request("/settings/lab", {
        method: "POST",
        jar,
        headers: FORM,
        body: new URLSearchParams({
          defaultTurnaroundDays: "14",
          labInstructionsFooter: "Please return <all> models",
        }),
      });
      assertEquals(res.status, 303);
      assertEquals(res.headers.get("location"), "/settings/lab?notice=saved");
      assertEquals((await readSection(db, demo.id, "lab")).values, {
        defaultTurnaroundDays: 14,
        requireShadeOnCrowns: false,
        labInstructionsFooter: "Please return <all> models",
      });
      const html = await (await app.request("/settings/lab?notice=saved", { jar })).text();
      assertMatch(html, /Lab settings saved\./);
      assertMatch(html, /name="defaultTurnaroundDays" value="14"/);
      assertMatch(html, /Please return &lt;all> models/);
      assertMatch(html, /Last changed/);
    } finally {
      await db.delete(clinicSettings).where(eq(clinicSettings.clinicId, demo.id));
    }
  });

  await step("an out-of-range value re-shows the form with the error", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const res = await app.request("/settings/lab", {
      method: "POST",
      jar,
      headers: FORM,
      body: new URLSearchParams({ defaultTurnaroundDays: "90", requireShadeOnCrowns: "on" }),
    });
    assertEquals(res.status, 400);
    const html = await res.text();
    assertMatch(html, /Nothing was saved/);
    assertMatch(html, /name="defaultTurnaroundDays" value="90"/, "keeps what was typed");
    assertMatch(html, /<p class="[^"]*text-red-700">[^<]*60/);
    const saved = await db.select().from(clinicSettings).where(
      and(eq(clinicSettings.clinicId, demo.id), eq(clinicSettings.section, "lab")),
    );
    assertEquals(saved, []);
  });

  await step("notification preferences save unticked boxes as off", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    try {
      const res = await app.request("/settings/notifications", {
        method: "POST",
        jar,
        headers: FORM,
        body: new URLSearchParams({
          appointmentBookedEmail: "on",
          appointmentCancelledInApp: "on",
          labCaseUpdatesInApp: "on",
        }),
      });
      assertEquals(res.status, 303);
      const { values } = await readSection(db, demo.id, "notifications");
      assertEquals([values.appointmentBookedEmail, values.endOfDayEmail], [true, false]);
      const html = await (await app.request("/settings/notifications", { jar })).text();
      assertMatch(html, /<input[^>]*name="appointmentBookedEmail" checked/);
      assert(!/<input[^>]*name="endOfDayEmail" checked/.test(html), "unticked stays off");
    } finally {
      await db.delete(clinicSettings).where(eq(clinicSettings.clinicId, demo.id));
    }
  });

  await step("reception may not post notification preferences by default", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const html = await (await app.request("/settings/notifications", { jar })).text();
    assertMatch(html, /You can view but not change these settings/);
    const post = await app.request("/settings/notifications", {
      method: "POST",
      jar,
      headers: FORM,
      body: new URLSearchParams({}),
    });
    assertEquals(post.status, 403);
    assertEquals((await readSection(db, demo.id, "notifications")).updatedAt, null);
  });

  await step("a Free clinic has no Lab card and no lab settings page", async (app) => {
    const { jar } = await app.login("owner@second-smile.test");
    const hub = await (await app.request("/settings", { jar })).text();
    assert(!hub.includes("Lab settings"), "no Lab card");
    assertMatch(hub, /Free<\/span> plan/);
    assertMatch(hub, /No charge/);
    const page = await app.request("/settings/lab", { jar });
    assertEquals(page.status, 403);
    assertMatch(await page.text(), /Module &#39;lab&#39; is not enabled|Module 'lab' is not/);
    const notifications = await (await app.request("/settings/notifications", { jar }))
      .text();
    assertMatch(notifications, /Takes effect when the clinic has the Inventory module/);
  });
});
