/**
 * A lab technician updates a case through the shared link in one browser
 * while the clinic's lab dashboard is open in another: the dashboard follows
 * without a reload (the `lab.case.updated` live event), a toast names the
 * case and its new status, and the image the lab uploaded is on the
 * patient's Radiology tab, tagged with the case.
 */
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser } from "../support/browser.ts";
import { serverApi } from "../support/e2e-api.ts";
import { Buffer } from "node:buffer";
import { encodePng } from "../../lib/radiology/png.ts";

const rig = shareServerAndBrowser();
const E2E = { sanitizeOps: false, sanitizeResources: false };
const { api, signIn, withServerOutput } = serverApi(rig);

Deno.test({
  name: "a lab's update through its link reaches the open dashboard live, and its image radiology",
  ...E2E,
  async fn() {
    if (!rig.browser || !rig.server) throw new Error("the server or browser did not start");
    const base = rig.server.url;
    const { token } = await signIn("doctor@demo-dental.test");
    const { labs } = await api(token, "GET", "/api/v1/lab/labs");
    const { patients } = await api(token, "GET", "/api/v1/patients?limit=1");
    const patient = patients[0];
    const { case: kase } = await api(token, "POST", "/api/v1/lab/cases", {
      patientId: patient.id,
      labId: labs[0].id,
      caseType: "veneer",
      teeth: [11],
      shade: "BL2",
      status: "sent_to_lab",
    });
    const { link } = await api(token, "POST", `/api/v1/lab/cases/${kase.id}/links`, {});

    const clinic = await rig.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const lab = await rig.browser.newContext({ viewport: { width: 390, height: 844 } });
    clinic.setDefaultTimeout(15_000);
    lab.setDefaultTimeout(15_000);
    try {
      const dashboard = await clinic.newPage();
      await signInWithBrowser(dashboard, base, "doctor@demo-dental.test");
      const stream = dashboard.waitForResponse((r) => r.url().includes("/api/v1/events"));
      await dashboard.goto(`${base}/lab`);
      await stream;
      const card = dashboard.locator(`[data-lab-case="${kase.id}"]`);
      assertEquals(await card.getAttribute("data-status"), "sent_to_lab");
      // Marks this document: a reload would lose it.
      await dashboard.evaluate(() => ((globalThis as { stayed?: boolean }).stayed = true));

      const shared = await lab.newPage();
      await shared.goto(link.url);
      await shared.getByRole("button", { name: "Mark received by lab" }).click();
      await shared.waitForURL((url) => url.searchParams.get("notice") === "moved");
      const sentAt = Date.now();

      await dashboard.locator(
        `[data-column="received_by_lab"] [data-lab-case="${kase.id}"]`,
      ).waitFor();
      const latencyMs = Date.now() - sentAt;
      console.log(`dashboard updated ${latencyMs} ms after the lab's change`);
      const toast = dashboard.locator("[data-toast]", { hasText: kase.caseNumber });
      await toast.waitFor();
      assertMatch(await toast.innerText(), /Received by lab/);
      assert(await dashboard.evaluate(() => (globalThis as { stayed?: boolean }).stayed));

      // The lab uploads a photo of the try-in.
      const png = encodePng({
        width: 32,
        height: 32,
        channels: 1,
        data: new Uint8Array(1024).map((_, i) => (i * 7) % 251),
      });
      await shared.locator('[data-lab-upload] input[type="file"]').setInputFiles({
        name: "try-in photo.png",
        mimeType: "image/png",
        buffer: Buffer.from(png),
      });
      // The shared page reloads itself once the upload is done and lists the file.
      await shared.locator("[data-attachment-name]", { hasText: "try-in photo.png" }).waitFor();

      const radiology = await clinic.newPage();
      await radiology.goto(`${base}/patients/${patient.id}?tab=radiology`);
      const entry = radiology.locator("[data-radiology-item]", {
        hasText: `Lab case ${kase.caseNumber}`,
      });
      await entry.waitFor();
      assertEquals(await entry.count(), 1);
    } catch (error) {
      throw withServerOutput(error);
    } finally {
      await clinic.close();
      await lab.close();
    }
  },
});
