/**
 * The live stream across access-token lifetimes, in Chromium: with 20-second
 * tokens refreshed 15 s before expiry and streams of 6 s (the page reconnects
 * every second), two tabs keep their streams open through several refreshes
 * without a single 401, the refresh goes through the session runtime's one
 * election (one call per lifetime for both tabs, never a second path).
 */
import { assert, assertEquals } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser } from "../support/browser.ts";

const rig = shareServerAndBrowser({
  env: {
    ACCESS_TOKEN_TTL_SECONDS: "20",
    SESSION_REFRESH_LEAD_SECONDS: "15",
    EVENTS_STREAM_SECONDS: "6",
  },
});

Deno.test({
  name: "the stream reconnects through token refreshes without a 401 or a second refresh",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    if (!rig.browser || !rig.server) throw new Error("the server or browser did not start");
    const context = await rig.browser.newContext({ viewport: { width: 1366, height: 860 } });
    try {
      const statuses: number[] = [];
      let refreshes = 0;
      context.on("response", (r) => {
        const path = new URL(r.url()).pathname;
        if (path === "/api/v1/events") statuses.push(r.status());
        if (path === "/api/v1/auth/refresh") {
          assertEquals(r.status(), 200, "a refresh was refused: a token was presented twice");
          refreshes++;
        }
      });
      const started = Date.now();
      const first = await context.newPage();
      await signInWithBrowser(first, rig.server.url, "owner@demo-dental.test");
      const second = await context.newPage();
      await second.goto(`${rig.server.url}/dashboard`);

      // Three token lifetimes' worth of refresh points (every 5 s) and reconnects (every 1 s).
      await first.waitForTimeout(16_000);
      const elapsedS = (Date.now() - started) / 1000;

      assert(statuses.length >= 20, `the pages reconnected (${statuses.length} streams)`);
      assertEquals(statuses.filter((s) => s !== 200), [], "no stream met a 401");
      // One refresh per 5 s for the whole browser, not one per tab or per stream.
      assert(refreshes >= 2, `refreshes happened (${refreshes})`);
      assert(
        refreshes <= Math.ceil(elapsedS / 5) + 1,
        `${refreshes} refreshes in ${
          elapsedS.toFixed(1)
        } s: tabs or streams refreshed on their own`,
      );
      assertEquals(new URL(first.url()).pathname, "/dashboard");
      assertEquals(new URL(second.url()).pathname, "/dashboard");
    } finally {
      await context.close();
    }
  },
});
