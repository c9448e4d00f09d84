/**
 * The inventory in Chromium: a nurse has the list open in one tab and the
 * item page in another; recording a use in the second updates the on-hand
 * quantity in the first without a reload (the `inventory.changed` live event
 * invalidates the list's cached read). Using more than is on hand shows the
 * server's 409 beside the form, with nothing changed.
 */
import { assertEquals, assertMatch } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser } from "../support/browser.ts";
import { serverApi } from "../support/e2e-api.ts";

const NURSE = "nurse@demo-dental.test";
const OWNER = "owner@demo-dental.test";

const rig = shareServerAndBrowser({});
const { app, api, signIn } = serverApi(rig);

Deno.test({
  sanitizeOps: false,
  sanitizeResources: false,
  name: "a use recorded in one tab updates the inventory list open in another",
  async fn() {
    if (!rig.browser) throw new Error("the browser did not start (see beforeAll)");
    const { token } = await signIn(OWNER);
    const { item } = await api(token, "POST", "/api/v1/inventory/items", {
      name: "E2E prophy cups",
      category: "Disposables",
      unit: "box",
      reorderThreshold: 2,
    });
    await api(token, "POST", `/api/v1/inventory/items/${item.id}/movements`, {
      kind: "receive",
      quantity: 10,
    });

    const context = await rig.browser.newContext({ viewport: { width: 1366, height: 900 } });
    context.setDefaultTimeout(10_000);
    try {
      const list = await context.newPage();
      await signInWithBrowser(list, app().url, NURSE);
      const stream = list.waitForResponse((r) => r.url().includes("/api/v1/events"));
      await list.goto(`${app().url}/inventory?q=E2E`);
      await stream;
      const row = list.locator("[data-item-row='E2E prophy cups']");
      assertEquals(await row.locator("[data-on-hand]").innerText(), "10 boxes");
      // A reload would lose this.
      await list.evaluate(() => document.body.setAttribute("data-still-here", "yes"));

      const itemTab = await context.newPage();
      await itemTab.goto(`${app().url}/inventory/items/${item.id}`);
      await itemTab.getByRole("tab", { name: "Use" }).click();
      await itemTab.locator("#movement-quantity").fill("12");
      await itemTab.getByRole("button", { name: "Record use" }).click();
      assertMatch(
        await itemTab.locator("[data-movement-error]").innerText(),
        /Only 10 boxes of E2E prophy cups on hand/,
      );

      await itemTab.locator("#movement-quantity").fill("9");
      await itemTab.getByRole("button", { name: "Record use" }).click();
      await itemTab.waitForURL(/notice=consume/);
      assertEquals(await itemTab.locator("[data-item-on-hand]").innerText(), "1 box");

      await row.locator("[data-on-hand]", { hasText: "1 box" }).waitFor();
      assertEquals(await row.locator("[data-status]").innerText(), "Low");
      assertEquals(
        await list.evaluate(() => document.body.getAttribute("data-still-here")),
        "yes",
        "updated in place, without a reload",
      );
    } finally {
      await context.close();
    }
  },
});
