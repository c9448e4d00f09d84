/**
 * Building a treatment plan in a real browser: the owner picks an elderly patient, picks tooth
 * 36 on the chart, adds a molar root canal and a scaling from the catalog by searching, sees the
 * senior-citizen discount appear with its reason, saves, and finds the same discount when the
 * plan is reopened for editing.
 */
import { assertEquals, assertMatch } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser } from "../support/browser.ts";

const rig = shareServerAndBrowser();
const E2E = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "a plan built on the chart gets the senior-citizen discount, kept when reopened",
  ...E2E,
  async fn() {
    if (!rig.browser || !rig.server) throw new Error("the server or browser did not start");
    const context = await rig.browser.newContext({ viewport: { width: 1366, height: 900 } });
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      await signInWithBrowser(page, rig.server.url, "owner@demo-dental.test");
      await page.goto(`${rig.server.url}/treatment-plans`);
      await page.getByRole("link", { name: "New plan" }).click();
      await page.getByRole("searchbox", { name: "Search patients" }).fill("Tariq");
      await page.getByRole("button", { name: "Search" }).click();
      await page.getByRole("link", { name: /Tariq Mehmood/ }).click();
      await page.waitForURL((url) =>
        url.pathname === "/treatment-plans/new" && url.searchParams.has("patientId")
      );

      const editor = page.locator("[data-plan-editor]");
      await editor.getByLabel("Title").fill("Lower left molar");
      const indicator = editor.locator("[data-discount-indicator]");
      await indicator.getByText("No clinic policy applies to this plan.").waitFor();

      // A per-tooth service needs its tooth: picked on the chart first.
      await editor.locator('[data-pick-tooth="36"]').click();
      await editor.locator("#service-search").fill("root canal, mol");
      await editor.locator('[data-service="RCT-M"]').click();
      await indicator.getByText(/^Senior citizen 10 % — patient is \d{2}$/).waitFor();
      assertEquals(await editor.locator('[data-total="total"]').innerText(), "PKR 27,000");

      // Removing the only item takes the discount away, saying why; adding it back restores it.
      await editor.getByRole("button", { name: "Remove Root canal, molar" }).click();
      await editor.locator("[data-discount-dropped]").getByText(
        /Senior citizen no longer applies — the plan has nothing to discount/,
      ).waitFor();
      await editor.locator("#service-search").fill("RCT-M");
      await editor.locator("#service-search").press("Enter");
      await indicator.getByText(/^Senior citizen 10 %/).waitFor();

      await editor.getByLabel("Phase to add to").selectOption({ label: "Phase 2: Restorative" });
      await editor.locator("#service-search").fill("scaling");
      await editor.locator('[data-service="SCALE"]').click();
      // 30,000 + 6,000 = 36,000, less 10 %.
      assertEquals(await editor.locator('[data-total="discount"]').innerText(), "PKR 3,600");
      assertEquals(await editor.locator('[data-total="total"]').innerText(), "PKR 32,400");

      await editor.getByRole("button", { name: "Save plan" }).click();
      await page.waitForURL((url) => /^\/treatment-plans\/[0-9a-f-]{36}$/.test(url.pathname));
      await page.getByRole("status").filter({ hasText: "Plan saved." }).waitFor();
      assertMatch(
        await page.locator("[data-discount-reason]").innerText(),
        /^Senior citizen 10 % — patient is \d{2}$/,
      );
      assertEquals(await page.locator("[data-option-total]").innerText(), "PKR 32,400");
      assertMatch(await page.locator('[data-plan-item="RCT-M"]').innerText(), /Tooth 36/);
      // The planned tooth is marked on the chart.
      await page.locator('[data-planned-chart] [data-tooth="36"] [data-badge]').waitFor();

      await page.getByRole("link", { name: "Edit plan" }).click();
      await page.waitForURL((url) => url.pathname.endsWith("/edit"));
      const reopened = page.locator("[data-plan-editor] [data-discount-indicator]");
      await reopened.getByText(/^Senior citizen 10 % — patient is \d{2}/).waitFor();
      await reopened.getByText("(as saved)").waitFor();
      assertEquals(
        await page.locator('[data-plan-editor] [data-total="total"]').innerText(),
        "PKR 32,400",
      );
    } finally {
      await context.close();
    }
  },
});
