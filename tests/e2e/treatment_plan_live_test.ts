/**
 * Two people on one treatment plan: the doctor has the plan open on a desktop
 * while the owner, on a phone, proposes it. The doctor's page says the plan
 * changed and offers a reload (it does not redraw under a half-drawn
 * signature), the reload shows the new status, and the owner's own page —
 * whose change it was — shows no such notice.
 */
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser } from "../support/browser.ts";
import { serverApi } from "../support/e2e-api.ts";
import { STATUS_LABELS } from "../../lib/treatment/plan-input.ts";

const rig = shareServerAndBrowser();
const E2E = { sanitizeOps: false, sanitizeResources: false };
const { api, signIn } = serverApi(rig);
const SHOTS = Deno.env.get("SCREENSHOT_DIR");

Deno.test({
  name: "another member's change to an open plan brings up a reload notice",
  ...E2E,
  async fn() {
    if (!rig.browser || !rig.server) throw new Error("the server or browser did not start");
    const base = rig.server.url;
    const { token } = await signIn("owner@demo-dental.test");
    const { plans } = await api(token, "GET", "/api/v1/treatment-plans");
    const plan = plans.find((p: { title: string }) => p.title === "Lower right rehabilitation");
    assert(plan, "the demo plan exists");
    assertEquals(plan.status, "draft");

    const desk = await rig.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const phone = await rig.browser.newContext({ viewport: { width: 390, height: 844 } });
    desk.setDefaultTimeout(15_000);
    phone.setDefaultTimeout(15_000);
    try {
      const doctor = await desk.newPage();
      await signInWithBrowser(doctor, base, "doctor@demo-dental.test");
      const stream = doctor.waitForResponse((r) => r.url().includes("/api/v1/events"));
      await doctor.goto(`${base}/treatment-plans/${plan.id}`);
      await stream;
      assertEquals(await doctor.locator("[data-plan-changed]").count(), 0);
      await doctor.evaluate(() => ((globalThis as { stayed?: boolean }).stayed = true));

      const owner = await phone.newPage();
      await signInWithBrowser(owner, base, "owner@demo-dental.test");
      await owner.goto(`${base}/treatment-plans/${plan.id}`);
      await owner.getByRole("button", { name: STATUS_LABELS.proposed, exact: true }).click();
      await owner.waitForURL((url) => url.searchParams.get("notice") === "status");
      const ownerStream = owner.waitForResponse((r) => r.url().includes("/api/v1/events"));

      const notice = doctor.locator('[data-plan-changed="status"]');
      await notice.waitFor();
      assertMatch(await notice.innerText(), /Someone changed this plan's status/);
      assert(
        await doctor.evaluate(() => (globalThis as { stayed?: boolean }).stayed),
        "the notice came without a reload",
      );
      if (SHOTS) await doctor.screenshot({ path: `${SHOTS}/plan-changed-desktop.png` });

      await doctor.getByRole("button", { name: "Reload plan" }).click();
      await doctor.waitForLoadState("load");
      // The status card now offers the moves out of "proposed": back to draft among them.
      await doctor.getByRole("button", { name: STATUS_LABELS.draft, exact: true }).waitFor();
      assertEquals(await doctor.locator("[data-plan-changed]").count(), 0);

      // Now the doctor changes it back: the owner's phone hears of it, the doctor's page does not.
      await ownerStream;
      const doctorStream = doctor.waitForResponse((r) => r.url().includes("/api/v1/events"));
      await doctor.getByRole("button", { name: STATUS_LABELS.draft, exact: true }).click();
      await doctor.waitForURL((url) => url.searchParams.get("notice") === "status");
      await doctorStream;
      await owner.locator('[data-plan-changed="status"]').waitFor();
      if (SHOTS) await owner.screenshot({ path: `${SHOTS}/plan-changed-phone.png` });
      // The doctor's own change: their page stays quiet (give the event time to arrive).
      await doctor.waitForTimeout(1500);
      assertEquals(await doctor.locator("[data-plan-changed]").count(), 0);
    } finally {
      await desk.close();
      await phone.close();
    }
  },
});
