/**
 * The new lab case form in Chromium: choosing a lab and a case type fills the
 * due date the lab's turnaround gives (the same date the server suggests when
 * the form is reloaded without JavaScript), and a date the user typed stays.
 */
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser } from "../support/browser.ts";
import { serverApi } from "../support/e2e-api.ts";

const OWNER = "owner@demo-dental.test";

const rig = shareServerAndBrowser({});
const { app, api, signIn } = serverApi(rig);

Deno.test({
  sanitizeOps: false,
  sanitizeResources: false,
  name: "the lab case form's due date follows the lab and case type until the user types one",
  async fn() {
    if (!rig.browser) throw new Error("the browser did not start (see beforeAll)");
    const { token } = await signIn(OWNER);
    const { lab } = await api(token, "POST", "/api/v1/lab/labs", {
      name: "E2E Turnaround Lab",
      defaultTurnaroundDays: 4,
      turnaroundByType: { crown: 2, denture: 12 },
    });
    const context = await rig.browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      await signInWithBrowser(page, app().url, OWNER);
      // What the server prefills for each choice, read from the no-JavaScript reload.
      const serverSuggests = async (caseType: string) => {
        const res = await fetch(
          `${app().url}/lab/cases/new?labId=${lab.id}&caseType=${caseType}`,
          { headers: { cookie: await cookieHeader() } },
        );
        const html = await res.text();
        return html.match(/id="case-due"[^>]*value="(\d{4}-\d\d-\d\d)"/)?.[1] ??
          html.match(/value="(\d{4}-\d\d-\d\d)"[^>]*id="case-due"/)?.[1];
      };
      const cookieHeader = async () =>
        (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
      const crownDue = await serverSuggests("crown");
      const dentureDue = await serverSuggests("denture");
      assert(crownDue && dentureDue && crownDue < dentureDue, "the server suggests both dates");

      await page.goto(`${app().url}/lab/cases/new`);
      await page.locator("#case-due[data-suggesting]").waitFor({ state: "attached" });
      assertEquals(await page.locator("#case-due").inputValue(), "");
      await page.locator("#case-lab").selectOption(lab.id);
      await page.locator("#case-type").selectOption("crown");
      await page.waitForFunction(
        (want) => (document.getElementById("case-due") as HTMLInputElement).value === want,
        crownDue,
      );
      assertMatch(await page.locator("#case-due-hint").innerText(), /takes 2 working days/);
      await page.locator("#case-type").selectOption("denture");
      assertEquals(await page.locator("#case-due").inputValue(), dentureDue);
      assertMatch(await page.locator("#case-due-hint").innerText(), /takes 12 working days/);

      await page.locator("#case-due").fill("2031-01-15");
      await page.locator("#case-type").selectOption("crown");
      assertEquals(
        await page.locator("#case-due").inputValue(),
        "2031-01-15",
        "the typed date stays",
      );
    } finally {
      await context.close();
    }
  },
});
