/**
 * Ruby reports and action items in a real browser, with the AI reports
 * module switched on for Demo Dental: the owner generates a report, opens an
 * entry of the history, exports the PDF (a download and a "PDF ready"
 * toast); a receptionist finds the action items card and, following every
 * link in the navigation and the card, never meets a 4xx or 5xx. Screenshots
 * of each go to /tmp/ruby-shots/ at desktop and phone sizes.
 */
import type { Page, Response } from "playwright-core";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser, trackRequests } from "../support/browser.ts";
import { serverApi } from "../support/e2e-api.ts";

// A loaded machine can take minutes to start and seed the server.
const rig = shareServerAndBrowser({ startTimeoutMs: 300_000 });
const { api, signIn } = serverApi(rig);
const E2E = { sanitizeOps: false, sanitizeResources: false };
const SHOTS = "/tmp/ruby-shots";
const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
];

async function enableAiReports() {
  const owner = await signIn("owner@demo-dental.test");
  const { clinic } = await api(owner.token, "GET", "/api/v1/me");
  const admin = await signIn("superadmin@odontox.test");
  await api(admin.token, "PUT", `/api/v1/admin/clinics/${clinic.id}/modules/ai_reports`, {
    enabled: true,
  });
}

async function shot(page: Page, name: string) {
  await Deno.mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

Deno.test({
  name: "the owner generates a report, opens the history and exports the PDF",
  ...E2E,
  async fn() {
    if (!rig.browser || !rig.server) throw new Error("the server or browser did not start");
    await enableAiReports();
    for (const viewport of VIEWPORTS) {
      const context = await rig.browser.newContext({
        viewport: { width: viewport.width, height: viewport.height },
        acceptDownloads: true,
      });
      context.setDefaultTimeout(15_000);
      try {
        const page = await context.newPage();
        await signInWithBrowser(page, rig.server.url, "owner@demo-dental.test");
        await page.goto(`${rig.server.url}/reports`);
        await page.getByRole("button", { name: "Generate report" }).click();
        await page.waitForURL(/\/reports\/[0-9a-f-]{36}\?notice=generated/);
        await page.getByText("Report generated.").waitFor();
        assert(await page.locator('svg[role="img"]').count() >= 1, "a chart is drawn");
        await shot(page, `report-${viewport.name}`);

        const entry = page.locator("[data-history-entry]").nth(1);
        await entry.locator("summary").click();
        await entry.getByRole("link", { name: "Open this report" }).waitFor();
        await entry.scrollIntoViewIfNeeded();
        await shot(page, `history-${viewport.name}`);

        const download = page.waitForEvent("download");
        await page.getByRole("button", { name: "Export PDF" }).click();
        const file = await download;
        assertMatch(
          file.suggestedFilename(),
          /^ruby-report-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.pdf$/,
        );
        await page.locator("[data-toast]").getByText("PDF ready").waitFor();
        if (viewport.name === "desktop") await shot(page, "pdf-toast-desktop");
      } finally {
        await context.close();
      }
    }
  },
});

Deno.test({
  name: "reception sees the action items card and meets no 4xx or 5xx following its links",
  ...E2E,
  async fn() {
    if (!rig.browser || !rig.server) throw new Error("the server or browser did not start");
    await enableAiReports();
    for (const viewport of VIEWPORTS) {
      const context = await rig.browser.newContext({
        viewport: { width: viewport.width, height: viewport.height },
      });
      context.setDefaultTimeout(15_000);
      const failed: string[] = [];
      context.on("response", (response: Response) => {
        if (response.status() >= 400) {
          failed.push(`${response.status()} ${response.request().method()} ${response.url()}`);
        }
      });
      try {
        const page = await context.newPage();
        const requests = trackRequests(page);
        await signInWithBrowser(page, rig.server.url, "reception@demo-dental.test");
        await page.goto(`${rig.server.url}/dashboard`);
        const card = page.locator('[data-panel="action-items"]');
        await card.waitFor();
        await card.scrollIntoViewIfNeeded();
        await shot(page, `action-card-${viewport.name}`);
        if (viewport.name === "phone") continue;

        const links = await card.locator("a[href]").evaluateAll((as) =>
          as.map((a) => a.getAttribute("href")!)
        );
        assert(links.length > 0, "the demo clinic has something to act on");
        const nav = await page.locator('nav[aria-label="Main"] a[href^="/"]')
          .evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute("href")!))]);
        assert(!nav.includes("/reports"), "reception may not read Ruby reports");
        for (const path of [...new Set([...links, ...nav])]) {
          if (path === "/logout") continue;
          const response = await page.goto(`${rig.server.url}${path}`);
          assertEquals(response?.status(), 200, path);
          await requests.quiet();
        }
        assertEquals(failed, [], `refused while browsing: ${failed.join(", ")}`);
      } finally {
        await context.close();
      }
    }
  },
});
