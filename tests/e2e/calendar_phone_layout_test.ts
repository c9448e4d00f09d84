/**
 * The calendar on a 390-pixel phone, as a review found it: the operatory
 * filter read "All operatorie", and the month view repeated the month as a
 * mini calendar below itself. Both are measured in Chromium.
 */
import { assert, assertEquals } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser } from "../support/browser.ts";
import { serverApi } from "../support/e2e-api.ts";

const rig = shareServerAndBrowser();

const { app } = serverApi(rig);

Deno.test({
  sanitizeOps: false,
  sanitizeResources: false,
  name: "on a phone the filters read in full and the month shows once",
  async fn() {
    if (!rig.browser) throw new Error("the browser did not start (see beforeAll)");
    const context = await rig.browser.newContext({ viewport: { width: 390, height: 844 } });
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      await signInWithBrowser(page, app().url, "reception@demo-dental.test");
      await page.goto(`${app().url}/calendar?view=month&date=2030-06-12`);
      for (const name of ["doctor", "operatory"]) {
        // The chosen option's text against the room the select gives it.
        const fit = await page.locator(`[data-calendar-filters] select[name="${name}"]`).evaluate(
          (el) => {
            const select = el as HTMLSelectElement;
            const style = getComputedStyle(select);
            const ctx = document.createElement("canvas").getContext("2d")!;
            ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const room = select.clientWidth - parseFloat(style.paddingLeft) -
              parseFloat(style.paddingRight);
            return { text: ctx.measureText(select.selectedOptions[0].text).width, room };
          },
        );
        // Chromium draws the select's arrow inside that room too: about 20 px.
        assert(fit.text + 24 <= fit.room, `${name}: ${JSON.stringify(fit)}`);
      }
      assertEquals(await page.locator("[data-month-view]").isVisible(), true);
      assertEquals(await page.locator("[data-mini-calendar]").isVisible(), false);

      await page.goto(`${app().url}/calendar?view=week&date=2030-06-12`);
      assertEquals(await page.locator("[data-mini-calendar]").isVisible(), true);
    } finally {
      await context.close();
    }
  },
});
