/**
 * The superadmin area in Chromium, on a phone and on a desktop: signing in
 * lands on the Overview; the section tabs reach every page, and on a phone
 * they scroll sideways instead of widening the page; the revenue chart is
 * drawn from the server's SVG with no script on the page.
 */
import { assert, assertEquals } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser } from "../support/browser.ts";
import { serverApi } from "../support/e2e-api.ts";
import { ADMIN_SECTIONS } from "../../components/admin/admin-sections.ts";

// A generous start: the first start type-checks and seeds (argon2) on a busy machine.
const rig = shareServerAndBrowser({ startTimeoutMs: 180_000 });
const { app } = serverApi(rig);

const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

Deno.test({
  sanitizeOps: false,
  sanitizeResources: false,
  name: "the superadmin moves through the area by its tabs, on a phone and a desktop",
  async fn() {
    if (!rig.browser) throw new Error("the browser did not start (see beforeAll)");
    for (const viewport of VIEWPORTS) {
      const context = await rig.browser.newContext({
        viewport: { width: viewport.width, height: viewport.height },
      });
      context.setDefaultTimeout(15_000);
      try {
        const page = await context.newPage();
        await signInWithBrowser(page, app().url, "superadmin@odontox.test");
        assertEquals(new URL(page.url()).pathname, "/admin", viewport.name);
        const chart = page.locator('svg[aria-labelledby^="revenue-trend-title"]');
        assertEquals(await chart.count(), 1);
        assert((await chart.boundingBox())!.height > 100, "the chart is drawn");

        for (const section of ADMIN_SECTIONS.slice(1)) {
          const tab = page.locator("[data-admin-sections]").getByRole("link", {
            name: section.label,
          });
          await tab.scrollIntoViewIfNeeded();
          await tab.click();
          await page.waitForURL((url) => url.pathname === section.href);
          const current = page.locator('[data-admin-sections] a[aria-current="page"]');
          assertEquals((await current.textContent())?.trim(), section.label);
          // Nothing but the tab bar may be wider than the phone.
          const overflow = await page.evaluate(() =>
            document.documentElement.scrollWidth - document.documentElement.clientWidth
          );
          assertEquals(overflow, 0, `${viewport.name} ${section.href} scrolls sideways`);
        }
        if (viewport.name === "phone") {
          const bar = await page.locator("[data-admin-sections]").evaluate((el) => ({
            scroll: el.scrollWidth,
            client: el.clientWidth,
          }));
          assert(bar.scroll > bar.client, "the tab bar scrolls within itself on a phone");
        }
      } finally {
        await context.close();
      }
    }
  },
});

Deno.test({
  sanitizeOps: false,
  sanitizeResources: false,
  name: "the overview's figures and chart read without JavaScript",
  async fn() {
    if (!rig.browser) throw new Error("the browser did not start (see beforeAll)");
    const context = await rig.browser.newContext({ javaScriptEnabled: false });
    context.setDefaultTimeout(15_000);
    try {
      const page = await context.newPage();
      await signInWithBrowser(page, app().url, "superadmin@odontox.test");
      const chart = page.locator('svg[aria-labelledby^="revenue-trend-title"]');
      assert((await chart.boundingBox())!.height > 100, "the chart is drawn");
      assertEquals(await chart.locator("rect").count() >= 12, true, "a bar per month");
      await page.getByText("Show the figures").click();
      assertEquals(await page.locator("[data-month]").count(), 12);
      assert(await page.locator("[data-month]").first().isVisible(), "the table opens");
    } finally {
      await context.close();
    }
  },
});
