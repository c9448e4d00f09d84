/**
 * No link leads to a page its user cannot open: every demo account follows
 * every link its navigation offers, and the links those pages offer (back
 * links, hub cards, detail pages), and no response of any page load is a
 * 4xx or 5xx, whether the document, its assets or what its islands fetch.
 */
import type { Response } from "playwright-core";
import { assert, assertEquals } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser, trackRequests } from "../support/browser.ts";
import { serverApi } from "../support/e2e-api.ts";
import { mapConcurrently, PAGES_AT_ONCE } from "../support/map-concurrently.ts";

const rig = shareServerAndBrowser();
const { app } = serverApi(rig);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * One visit per kind of page: ids stand for any id and a query counts by its
 * parameter names, so the calendar's week-by-week links do not walk forever.
 */
function pageKind(path: string): string {
  const url = new URL(path, "http://x");
  const params = [...new Set(url.searchParams.keys())].sort().join("&");
  return `${url.pathname.replace(UUID, ":id")}?${params}`;
}

const ACCOUNTS: { email: string; mustReach: string[] }[] = [
  { email: "owner@demo-dental.test", mustReach: ["/settings", "/staff", "/radiology/inbox"] },
  { email: "doctor@demo-dental.test", mustReach: ["/patients", "/calendar", "/radiology"] },
  { email: "nurse@demo-dental.test", mustReach: ["/patients", "/settings/bridge-devices"] },
  { email: "reception@demo-dental.test", mustReach: ["/settings", "/calendar"] },
  { email: "owner@second-smile.test", mustReach: ["/settings", "/staff"] },
  {
    email: "superadmin@odontox.test",
    mustReach: [
      "/admin",
      "/admin/clinics",
      "/admin/revenue",
      "/admin/plans",
      "/admin/invoices",
      "/admin/users",
      "/admin/errors",
      "/account/sessions",
    ],
  },
];

/** Enough for every kind of page a role has; a cap keeps a runaway crawl from hanging the suite. */
const MAX_PAGES = 40;

for (const { email, mustReach } of ACCOUNTS) {
  Deno.test({
    name: `${email} follows every navigation link and meets no 4xx or 5xx`,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      if (!rig.browser) throw new Error("the browser did not start (see beforeAll)");
      const context = await rig.browser.newContext({ viewport: { width: 1366, height: 900 } });
      context.setDefaultTimeout(15_000);
      const failed: string[] = [];
      /** A page of the signed-in context whose failed responses name the page it was loading. */
      const openCrawler = async () => {
        const page = await context.newPage();
        const crawler = { page, requests: trackRequests(page), at: "/login" };
        page.on("response", (response: Response) => {
          if (response.status() >= 400) {
            failed.push(
              `on ${crawler.at}: ${response.status()} ${response.request().method()} ${response.url()}`,
            );
          }
        });
        return crawler;
      };
      try {
        const first = await openCrawler();
        await signInWithBrowser(first.page, app().url, email);

        const navLinks = await first.page.locator('nav[aria-label="Main"] a[href^="/"]')
          .evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute("href")!))]);
        for (const path of mustReach.filter((p) => !p.startsWith("/settings/"))) {
          assert(navLinks.includes(path), `${email}'s navigation offers ${path}: ${navLinks}`);
        }

        const crawlers = [first];
        while (crawlers.length < PAGES_AT_ONCE) crawlers.push(await openCrawler());
        const visited = new Set<string>();
        const kinds = new Set<string>();
        // Breadth first, a level at a time: each level's pages are picked in the order a crawl
        // of one page at a time would meet them, so the same pages are visited however the
        // loads interleave.
        let links = navLinks;
        while (links.length && visited.size < MAX_PAGES) {
          const level: string[] = [];
          for (const path of links.map((link) => link.split("#")[0])) {
            if (visited.size >= MAX_PAGES) break;
            if (visited.has(path) || kinds.has(pageKind(path))) continue;
            visited.add(path);
            kinds.add(pageKind(path));
            level.push(path);
          }
          const found = await mapConcurrently(level, crawlers.length, async (path, worker) => {
            const { page, requests } = crawlers[worker];
            crawlers[worker].at = path;
            // A refused page is listed with the other failures below, not thrown here.
            await page.goto(`${app().url}${path}`);
            await requests.quiet();
            // Pages only: files open in the viewer or download, which is not a page load.
            const inner = await page.locator('main a[href^="/"]:not([download]), nav a[href^="/"]')
              .evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
            return inner.filter((href) => !href.startsWith("/api/"));
          });
          links = found.flat();
        }
        for (const path of mustReach) {
          assert(visited.has(path), `${email} reached ${path}: ${[...visited]}`);
        }
        assertEquals(failed, [], `${email} met errors:\n${failed.join("\n")}`);
      } finally {
        await context.close();
      }
    },
  });
}
