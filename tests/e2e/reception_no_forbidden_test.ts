/**
 * The browser never sends a request the user would be refused (release
 * notes, "403 suppression"): a receptionist walks every page the navigation
 * offers, and every link those pages offer, and no response is a 403.
 */
import type { Response } from "playwright-core";
import { assert, assertEquals } from "../support/assert.ts";
import { launchBrowser, signInWithBrowser, trackRequests } from "../support/browser.ts";
import { startServerProcess } from "../support/server-process.ts";
import { buildIslandsIfStale } from "../../lib/islands/build.ts";

Deno.test({
  name: "a receptionist using every page in the navigation never meets a 403",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await buildIslandsIfStale();
    const server = await startServerProcess();
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      const requests = trackRequests(page);
      const refused: string[] = [];
      const seen: string[] = [];
      context.on("response", (response: Response) => {
        seen.push(`${response.status()} ${response.url()}`);
        if (response.status() === 403) {
          refused.push(`${response.request().method()} ${response.url()}`);
        }
      });
      await signInWithBrowser(page, server.url, "reception@demo-dental.test");

      const navLinks = await page.locator('nav[aria-label="Main"] a[href^="/"]')
        .evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute("href")!))]);
      assert(navLinks.includes("/settings"), `reception reaches Settings: ${navLinks}`);
      assert(!navLinks.includes("/settings/permission-templates"));

      const visited = new Set<string>();
      const queue = [...navLinks];
      while (queue.length) {
        const path = queue.shift()!;
        if (visited.has(path) || path === "/logout") continue;
        visited.add(path);
        const response = await page.goto(`${server.url}${path}`);
        assertEquals(response?.status(), 200, path);
        await requests.quiet();
        // Links inside pages (settings sections, member details) count as "using" them.
        const inner = await page.locator('main a[href^="/"]')
          .evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
        for (const href of inner) {
          const clean = href.split("#")[0];
          if (!visited.has(clean) && visited.size + queue.length < 40) queue.push(clean);
        }
        // Open every collapsible part of the page, as a user exploring it would.
        for (const summary of await page.locator("main summary").all()) await summary.click();
        await requests.quiet();
      }
      assert(visited.size >= 4, `visited ${[...visited]}`);
      assertEquals(refused, [], `403s while browsing: ${refused.join(", ")}`);
      assert(seen.length > 0);
    } finally {
      await browser.close();
      await server.stop();
    }
  },
});
