/**
 * Charting in a real browser: caries on 36 MO by clicking the surfaces, a
 * finding by keyboard alone, a filling by touch on a tablet, and a full-mouth
 * perio exam typed without the mouse, ending on its summary.
 */
import type { Page } from "playwright-core";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser } from "../support/browser.ts";

const rig = shareServerAndBrowser();
const E2E = { sanitizeOps: false, sanitizeResources: false };

async function openPatient(page: Page, base: string, name: string, suffix: string) {
  await page.goto(`${base}/patients?q=${encodeURIComponent(name)}`);
  const href = await page.locator('a[href^="/patients/"]').filter({ hasText: name }).first()
    .getAttribute("href");
  const id = href!.split("?")[0].split("/")[2];
  await page.goto(`${base}/patients/${id}${suffix}`);
  return id;
}

const surface = (page: Page, tooth: string, s: string) =>
  page.locator(`[data-odontogram] [data-tooth="${tooth}"] [data-surface="${s}"]`);

Deno.test({
  name: "caries charted on 36 MO by clicking is drawn on those two surfaces, and stays",
  ...E2E,
  async fn() {
    if (!rig.browser || !rig.server) throw new Error("the server or browser did not start");
    const context = await rig.browser.newContext({ viewport: { width: 1366, height: 900 } });
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      await signInWithBrowser(page, rig.server.url, "doctor@demo-dental.test");
      await openPatient(page, rig.server.url, "Tariq Mehmood", "?tab=chart");
      await page.locator("[data-odontogram][data-interactive]").waitFor();
      // Hydrated: the island answers clicks.
      await page.waitForFunction(() => document.querySelector("[data-odontogram]") !== null);
      await surface(page, "36", "M").click();
      await surface(page, "36", "O").click({ modifiers: ["Shift"] });
      await page.locator("[data-picker-target]").getByText("Tooth 36").waitFor();
      assertMatch(await page.locator("[data-picker-target]").innerText(), /MO/);
      await page.locator('[data-finding="condition:caries"]').click();
      await page.locator("[data-chart-message]").getByText("Charted caries on 36 MO.").waitFor();
      for (const s of ["M", "O"]) {
        assertEquals(await surface(page, "36", s).getAttribute("data-mark"), "caries:condition");
      }
      for (const s of ["D", "B", "L"]) {
        assertEquals(await surface(page, "36", s).getAttribute("data-mark"), null);
      }
      // The red is the convention's: conditions are red.
      assertEquals(await surface(page, "36", "M").getAttribute("fill"), "#dc2626");

      // Dragging the mouse across 46 from mesial to distal selects all three surfaces it crosses.
      const from = (await surface(page, "46", "M").boundingBox())!;
      const to = (await surface(page, "46", "D").boundingBox())!;
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      // Straight across the middle of the tooth, through the occlusal surface.
      await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
      await page.mouse.up();
      assertMatch(await page.locator("[data-picker-target]").innerText(), /Tooth 46\s*· MOD/);

      // Reloaded, the server draws the same, and the entries list names both surfaces.
      await page.reload();
      assertEquals(await surface(page, "36", "M").getAttribute("data-mark"), "caries:condition");
      assertEquals(await surface(page, "36", "O").getAttribute("data-mark"), "caries:condition");
      const list = await page.locator("[data-chart-entries]").innerText();
      assertMatch(list, /Caries[\s\S]*Mesial surface/);
      assertMatch(list, /Caries[\s\S]*Occlusal \/ incisal surface/);
    } finally {
      await context.close();
    }
  },
});

Deno.test({
  name: "the keyboard alone charts a finding: arrows to 46, O, Enter, Enter",
  ...E2E,
  async fn() {
    if (!rig.browser || !rig.server) throw new Error("the server or browser did not start");
    const context = await rig.browser.newContext({ viewport: { width: 1366, height: 900 } });
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      await signInWithBrowser(page, rig.server.url, "doctor@demo-dental.test");
      await openPatient(page, rig.server.url, "Tariq Mehmood", "?tab=chart");
      const chart = page.locator('[data-odontogram] svg[role="application"]');
      const listed = () => page.locator("[data-chart-list] [data-chart-entry]").count();
      const before = await listed();
      await chart.focus();
      // From 18: down to 48, then two to the right is 46.
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowRight");
      await page.keyboard.press("ArrowRight");
      await page.keyboard.press("o");
      await page.keyboard.press("Enter");
      // The picker's first finding (caries) has the focus.
      await page.waitForFunction(() =>
        document.activeElement?.getAttribute("data-finding") === "condition:caries"
      );
      await page.keyboard.press("Enter");
      await page.locator("[data-chart-message]").getByText("Charted caries on 46 O.").waitFor();
      assertEquals(await surface(page, "46", "O").getAttribute("data-mark"), "caries:condition");
      // The list under the chart catches up without a reload, newest first.
      await page.waitForFunction(
        (n) => document.querySelectorAll("[data-chart-list] [data-chart-entry]").length === n,
        before + 1,
      );
      const newest = await page.locator("[data-chart-list] [data-chart-entry]").first().innerText();
      assertMatch(newest, /46[\s\S]*Caries[\s\S]*Occlusal/);
    } finally {
      await context.close();
    }
  },
});

Deno.test({
  name: "on a tablet, a filling is charted by touch with 44 px targets",
  ...E2E,
  async fn() {
    if (!rig.browser || !rig.server) throw new Error("the server or browser did not start");
    const context = await rig.browser.newContext({
      viewport: { width: 820, height: 1180 },
      hasTouch: true,
      isMobile: true,
    });
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      await signInWithBrowser(page, rig.server.url, "doctor@demo-dental.test");
      await openPatient(page, rig.server.url, "Tariq Mehmood", "?tab=chart");
      const whole = page.locator('[data-odontogram] [data-tooth-whole="25"]');
      await whole.scrollIntoViewIfNeeded();
      const box = (await whole.boundingBox())!;
      assert(box.width >= 44, `a tooth is ${box.width} px wide`);
      await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
      for (const s of ["M", "D"]) {
        const toggle = page.locator(`[data-surface-toggle="${s}"]`);
        const size = (await toggle.boundingBox())!;
        assert(
          size.height >= 44 && size.width >= 44,
          `${s} toggle is ${size.width}×${size.height}`,
        );
        await toggle.tap();
      }
      const filling = page.locator('[data-finding="procedure:filling_placed"]');
      assert((await filling.boundingBox())!.height >= 44);
      await filling.tap();
      await page.locator("[data-chart-message]").getByText("Charted filling on 25 MD.").waitFor();
      assertEquals(await surface(page, "25", "M").getAttribute("data-mark"), "filling:completed");
      assertEquals(await surface(page, "25", "D").getAttribute("data-mark"), "filling:completed");
      assertEquals(await surface(page, "25", "O").getAttribute("data-mark"), null);
    } finally {
      await context.close();
    }
  },
});

Deno.test({
  name: "a full-mouth perio exam typed by keyboard alone ends on its summary",
  ...E2E,
  async fn() {
    if (!rig.browser || !rig.server) throw new Error("the server or browser did not start");
    const context = await rig.browser.newContext({ viewport: { width: 1366, height: 900 } });
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      await signInWithBrowser(page, rig.server.url, "doctor@demo-dental.test");
      await openPatient(page, rig.server.url, "Tariq Mehmood", "/perio/new");
      const grid = page.locator("[data-perio-grid]");
      await grid.focus();
      assertEquals(
        await page.locator("[data-perio-cursor]").getAttribute("data-perio-cursor"),
        "18:DB",
      );
      // 192 sites: depth 3 everywhere except every eighth site at 5 mm, each
      // fourth site bleeding (B right after its digit).
      let keys = "";
      for (let i = 0; i < 192; i++) keys += (i % 8 === 0 ? "5" : "3") + (i % 4 === 0 ? "b" : "");
      await page.keyboard.type(keys);
      // The depth pass is over: recession starts again at the first site.
      await page.locator("[data-perio-cursor]").getByText("recession").waitFor();
      await page.keyboard.type("1".repeat(192));
      // Tab reaches Save; Enter saves.
      await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
      await page.waitForURL((url) => url.pathname.endsWith("/perio"));
      const summary = await page.locator("[data-perio-summary]").innerText();
      // 24 sites at 5 mm and 168 at 3 mm: mean 3.25 → 3.3; 48 of 192 bled: 25 %.
      assertMatch(summary, /3\.3 mm/);
      assertMatch(summary, /192 sites probed/);
      assertMatch(summary, /25 %/);
      assertMatch(summary, /Sites ≥ 4 mm\s*24/i);
      // CAL is depth plus the 1 mm recession.
      assertMatch(summary, /4\.3 mm/);
      assertEquals(await page.locator('[data-perio-site="18:DB"]').getAttribute("data-depth"), "5");
    } finally {
      await context.close();
    }
  },
});
