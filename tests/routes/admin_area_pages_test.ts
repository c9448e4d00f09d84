import { and, eq, isNull } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import { clinics, emailOutbox, staffInvitations } from "../../lib/db/schema.ts";
import { ADMIN_SECTIONS } from "../../components/admin/admin-sections.ts";
import { PLATFORM_NAVIGATION } from "../../components/navigation.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const SUPERADMIN = "superadmin@odontox.test";
const PAGES = ["/admin", "/admin/revenue", "/admin/users", "/admin/users/invitations"];

/** The text of the figure card marked `data-figure="name"`. */
function figure(html: string, name: string): string {
  const at = html.indexOf(`data-figure="${name}"`);
  assert(at > 0, `figure ${name} on the page`);
  return html.slice(at, html.indexOf("</div>", html.indexOf("data-value", at)) + 400);
}

testOnEachDatabase("superadmin area pages", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const [qa] = await db.select().from(clinics).where(eq(clinics.slug, "qa-sandbox"));

  await step("signed out, each page sends the visitor to sign in", async (app) => {
    for (const path of PAGES) {
      const res = await app.request(path);
      assertEquals(res.status, 303, path);
      assertMatch(res.headers.get("location")!, /^\/login\?next=/);
    }
  });

  await step("a clinic owner is refused every page and action of the area", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    for (const path of PAGES) {
      const res = await app.request(path, { jar });
      assertEquals(res.status, 403, path);
      assertMatch(await res.text(), /Only platform administrators/);
    }
    const [invitation] = await db.select().from(staffInvitations);
    for (const action of ["resend", "revoke"]) {
      const res = await app.request(`/admin/users/invitations/${invitation.id}/${action}`, {
        method: "POST",
        jar,
        headers: FORM,
        body: "",
      });
      assertEquals(res.status, 403, action);
      await res.body?.cancel();
    }
    const [after] = await db.select().from(staffInvitations)
      .where(eq(staffInvitations.id, invitation.id));
    assertEquals([after.revokedAt, after.tokenHash], [null, invitation.tokenHash]);
  });

  await step("the superadmin opens each page, under the area's tab bar", async (app) => {
    const { jar } = await app.login(SUPERADMIN);
    for (const path of PAGES) {
      const res = await app.request(path, { jar });
      assertEquals(res.status, 200, path);
      const html = await res.text();
      const tabs = html.slice(html.indexOf("data-admin-sections"));
      for (const section of ADMIN_SECTIONS) assertMatch(tabs, new RegExp(`href="${section.href}"`));
      const here = path.startsWith("/admin/users") ? "/admin/users" : path;
      assertMatch(tabs, new RegExp(`href="${here}" aria-current="page"`), path);
    }
    const clinicsPage = await (await app.request("/admin/clinics", { jar })).text();
    assertMatch(clinicsPage, /data-admin-sections/);
  });

  await step("the sidebar lists the same sections, in the same order", () => {
    const sidebar = PLATFORM_NAVIGATION[0].items.map((i) => [i.label, i.href]);
    assertEquals(sidebar, ADMIN_SECTIONS.map((s) => [s.label, s.href]));
    return Promise.resolve();
  });

  await step("a superadmin landing on /dashboard is sent to the overview", async (app) => {
    const { jar } = await app.login(SUPERADMIN);
    const res = await app.request("/dashboard", { jar });
    assertEquals([res.status, res.headers.get("location")], [303, "/admin"]);
  });

  await step("the overview shows the demo platform, test account left out", async (app) => {
    const { jar } = await app.login(SUPERADMIN);
    const html = await (await app.request("/admin", { jar })).text();
    // Demo Dental, Indus Smiles and Karachi Dental Care pay; QA Sandbox does too but is a test.
    assertMatch(figure(html, "active"), /data-value[^>]*>3</);
    assertMatch(figure(html, "suspended"), /data-value[^>]*>1</);
    // Pro 7,500 × 2 monthly + Pro+ 150,000 / 12 annual.
    assertMatch(figure(html, "mrr"), /PKR 27,500/);
    assertMatch(figure(html, "arr"), /PKR 330,000/);
    for (const name of ["active", "trial", "expired-trial", "suspended", "mrr", "arr"]) {
      assertMatch(figure(html, name), /Excludes 1 test account\./, name);
    }
    assertMatch(html, /Lahore Family Dentistry/);
    const svg = html.slice(html.indexOf("<svg", html.indexOf('data-figure="revenue-trend"')));
    assertMatch(svg, /^<svg[^>]*\brole="img"/);
    assertMatch(svg, /^<svg[^>]*aria-labelledby="revenue-trend-title revenue-trend-desc"/);
    assertMatch(html, /<title id="revenue-trend-title">Revenue per month, last 12 months<\/title>/);
    assertMatch(html, /<desc id="revenue-trend-desc">[^<]*test accounts excluded/);
    assert(!/<script[^>]*src="[^"]*Plot/i.test(html), "the chart needs no script");
  });

  await step("without test accounts, no figure carries the footnote", async (app) => {
    await db.update(clinics).set({ isTestAccount: false }).where(eq(clinics.id, qa.id));
    try {
      const { jar } = await app.login(SUPERADMIN);
      const html = await (await app.request("/admin", { jar })).text();
      assert(!html.includes("data-test-accounts-note"), "no footnote");
      assertMatch(figure(html, "active"), /data-value[^>]*>4</);
    } finally {
      await db.update(clinics).set({ isTestAccount: true }).where(eq(clinics.id, qa.id));
    }
  });

  await step("the revenue tab splits trial and active, and filters", async (app) => {
    const { jar } = await app.login(SUPERADMIN);
    const html = await (await app.request("/admin/revenue", { jar })).text();
    const trial = html.slice(
      html.indexOf('data-cohort="trial"'),
      html.indexOf('data-cohort="active"'),
    );
    const active = html.slice(html.indexOf('data-cohort="active"'));
    assertMatch(trial, /Lahore Family Dentistry[\s\S]*4 days left/);
    assertMatch(trial, /Clifton Orthodontics[\s\S]*Expired/);
    assertMatch(trial, /bg-amber-50/);
    assertMatch(active, /Karachi Dental Care[\s\S]*PKR 150,000[\s\S]*Annual/);
    assert(!html.includes("QA Sandbox"), "the test account is in neither cohort");
    assert(!html.includes("Peshawar Dental House"), "suspended is in neither cohort");
    assertMatch(html, /Excludes 1 test account\./);

    const filtered = await (await app.request("/admin/revenue?plan=pro_plus&cohort=active", {
      jar,
    })).text();
    assertMatch(filtered, /Karachi Dental Care/);
    assert(!filtered.includes("Indus Smiles"), "Pro filtered out");
    assert(!filtered.includes('data-cohort="trial"'), "no trial cohort");

    const bad = await app.request("/admin/revenue?cohort=churned", { jar });
    assertEquals(bad.status, 400);
    assertMatch(await bad.text(), /Filter by the trial or the active cohort/);
  });

  await step(
    "the users tab lists every account with clinic, role and last sign-in",
    async (app) => {
      const { jar } = await app.login(SUPERADMIN);
      const html = await (await app.request("/admin/users", { jar })).text();
      const row = html.slice(html.indexOf('data-user="owner@indus-smiles.test"'));
      assertMatch(row.slice(0, 3000), /Indus Smiles[\s\S]*Owner[\s\S]*<time[^>]*title="[^"]+"/);
      const never = html.slice(html.indexOf('data-user="owner@margalla-dental.test"'));
      assertMatch(never.slice(0, 3000), /never/);
      assertMatch(html, /data-user="superadmin@odontox\.test"[\s\S]*?Platform/);
      assertMatch(html, /Excludes 1 person only in a test account\./);
    },
  );

  await step("an invitation is resent with a new emailed link, then revoked", async (app) => {
    const { jar } = await app.login(SUPERADMIN);
    const list = await (await app.request("/admin/users/invitations", { jar })).text();
    assertMatch(list, /dr\.nadia@indus-smiles\.test/);
    const [invitation] = await db.select().from(staffInvitations)
      .where(eq(staffInvitations.email, "dr.nadia@indus-smiles.test"));
    const post = (action: string, id = invitation.id) =>
      app.request(`/admin/users/invitations/${id}/${action}`, {
        method: "POST",
        jar,
        headers: FORM,
        body: "",
      });

    const resent = await post("resend");
    assertEquals(resent.status, 303);
    assertMatch(resent.headers.get("location")!, /notice=resent/);
    const [after] = await db.select().from(staffInvitations)
      .where(eq(staffInvitations.id, invitation.id));
    assert(after.tokenHash !== invitation.tokenHash, "a new link");
    const mail = await db.select().from(emailOutbox)
      .where(eq(emailOutbox.toAddress, "dr.nadia@indus-smiles.test"));
    assertEquals(mail.length, 1);
    const notice = await (await app.request(resent.headers.get("location")!, { jar })).text();
    assertMatch(notice, /A new invitation link was emailed to dr\.nadia@indus-smiles\.test/);

    const missing = await post("revoke", crypto.randomUUID());
    assertEquals(missing.status, 404);
    await missing.body?.cancel();

    const revoked = await post("revoke");
    assertEquals(revoked.status, 303);
    const open = await db.select().from(staffInvitations).where(and(
      eq(staffInvitations.id, invitation.id),
      isNull(staffInvitations.revokedAt),
    ));
    assertEquals(open, []);
    const again = await post("resend");
    assertEquals(again.status, 404, "a revoked invitation cannot be resent");
    await again.body?.cancel();
  });
});
