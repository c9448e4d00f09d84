/**
 * The Permission Tree island in a real browser against the real server:
 * the owner edits the nurse template in Settings → Permission Templates,
 * branch by branch, saves, and finds the same state after a reload.
 *
 * Nothing leaves 127.0.0.1: the browser resolves no host names at all.
 */
import type { Page } from "playwright-core";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser } from "../support/browser.ts";

const rig = shareServerAndBrowser();

const E2E = { sanitizeOps: false, sanitizeResources: false };
const PAGE = "/settings/permission-templates?role=nurse";

/** checked / indeterminate of a branch or key checkbox, as the browser has them. */
function box(page: Page, selector: string) {
  return page.locator(selector).evaluate((el) => {
    const input = el as HTMLInputElement;
    return { checked: input.checked, indeterminate: input.indeterminate };
  });
}

const branch = (key: string) => `input[data-branch="${key}"]`;
const key = (key: string) => `input[data-permission="${key}"]`;

/** Hydrated: only the island's effect can make a checkbox indeterminate (nurses hold some clinical keys). */
async function treeReady(page: Page) {
  await page.waitForFunction(
    () => document.querySelector<HTMLInputElement>('input[data-branch="clinical"]')?.indeterminate,
    undefined,
    { timeout: 10_000 },
  );
}

async function expand(page: Page, module: string) {
  const toggle = page.locator(`[data-module="${module}"] button[aria-expanded]`);
  await toggle.click();
  assertEquals(await toggle.getAttribute("aria-expanded"), "true");
}

Deno.test({
  ...E2E,
  name: "the owner edits the nurse template branch by branch and it survives a reload",
  async fn() {
    if (!rig.server || !rig.browser) throw new Error("setup failed (see beforeAll)");
    const context = await rig.browser.newContext({ viewport: { width: 1366, height: 860 } });
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      await signInWithBrowser(page, rig.server.url, "owner@demo-dental.test");

      // Rendered in full on the server: every key is in the HTML before any script runs.
      const html = await (await context.request.get(`${rig.server.url}${PAGE}`)).text();
      assertEquals(html.match(/data-permission="/g)?.length, 152);
      assertMatch(html, /Plan default \(Pro\)/);

      await page.goto(`${rig.server.url}${PAGE}`);
      await treeReady(page);
      const invoices = page.locator('[data-group="finance.invoices"]');
      assert(!(await invoices.isVisible()), "modules start collapsed");
      assertEquals(
        (await page.locator('[data-module="finance"]').innerText()).match(/\d+ of \d+/)?.[0],
        "0 of 14",
      );

      await expand(page, "finance");
      assert(await invoices.isVisible(), "the module opened");

      // The group parent selects all of its children.
      await page.locator(branch("finance.invoices")).click();
      const children = ["view", "create", "edit", "void", "send"].map((a) =>
        `finance.invoices.${a}`
      );
      for (const child of children) {
        assertEquals((await box(page, key(child))).checked, true, child);
      }
      assertEquals(await box(page, branch("finance.invoices")), {
        checked: true,
        indeterminate: false,
      });
      assertEquals(await box(page, branch("finance")), { checked: false, indeterminate: true });

      // ...and deselects them again.
      await page.locator(branch("finance.invoices")).click();
      for (const child of children) {
        assertEquals((await box(page, key(child))).checked, false, child);
      }
      assertEquals(await box(page, branch("finance")), { checked: false, indeterminate: false });

      // One child off makes the parent indeterminate.
      await page.locator(branch("finance.invoices")).click();
      await page.locator(key("finance.invoices.void")).click();
      assertEquals(await box(page, branch("finance.invoices")), {
        checked: false,
        indeterminate: true,
      });

      await page.getByRole("button", { name: "Save nurse template" }).click();
      await page.getByRole("status").filter({ hasText: "Saved" }).waitFor();

      await page.reload();
      await treeReady(page);
      await expand(page, "finance");
      for (const child of children) {
        assertEquals(
          (await box(page, key(child))).checked,
          child !== "finance.invoices.void",
          child,
        );
      }
      assertEquals(await box(page, branch("finance.invoices")), {
        checked: false,
        indeterminate: true,
      });
      assertMatch(await page.locator('[data-module="finance"]').innerText(), /4 of 14/);
      assertMatch(await page.locator("main").innerText(), /Customised/);

      // Resetting asks first, then brings back the plan default.
      page.once("dialog", (dialog) => dialog.accept());
      await Promise.all([
        page.waitForEvent("load"),
        page.getByRole("button", { name: "Reset to plan default" }).click(),
      ]);
      await treeReady(page);
      assertMatch(await page.locator('[data-module="finance"]').innerText(), /0 of 14/);
      assertMatch(await page.locator("main").innerText(), /Plan default \(Pro\)/);
    } catch (error) {
      (error as Error).message += `\n--- server output (tail) ---\n${
        rig.server.output().slice(-3_000)
      }`;
      throw error;
    } finally {
      await context.close();
    }
  },
});
