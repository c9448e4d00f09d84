/**
 * The appointment detail's X-rays panel is live: a
 * doctor has the appointment open when the chairside bridge in its operatory
 * uploads a capture; the thumbnail appears without a reload.
 */
import { encodePng } from "../../lib/radiology/png.ts";
import { sha256Hex } from "../../lib/storage/files.ts";
import { assertEquals } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser } from "../support/browser.ts";
import { serverApi } from "../support/e2e-api.ts";

const rig = shareServerAndBrowser();
const E2E = { sanitizeOps: false, sanitizeResources: false };

const { api, upload, signIn, book } = serverApi(rig);

Deno.test({
  name: "a capture taken during an open appointment appears in its X-rays panel without a reload",
  ...E2E,
  async fn() {
    if (!rig.browser || !rig.server) throw new Error("the server or browser did not start");
    const { token } = await signIn("owner@demo-dental.test");
    const doctor = await signIn("doctor@demo-dental.test");
    // A room of its own, so no seeded appointment can claim the capture.
    const { operatory } = await api(token, "POST", "/api/v1/operatories", {
      name: "Imaging room",
    });
    const { patients } = await api(token, "GET", "/api/v1/patients?limit=1");
    // Yesterday before opening time (07:00 in Karachi), when the seeded diary is empty;
    // the bridge reports the sensor's capture time.
    const visit = new Date(Date.now() - 86_400_000);
    visit.setUTCHours(2, 0, 0, 0);
    const appointment = await book(token, {
      patientId: patients[0].id,
      doctorId: doctor.userId,
      operatoryId: operatory.id,
      startsAt: visit.toISOString(),
      durationMinutes: 30,
      type: "Root canal",
      allowClosed: true,
    });
    const device = await api(token, "POST", "/api/v1/bridge/devices", {
      name: "Imaging room sensor",
      operatoryId: operatory.id,
      category: "periapical",
    });

    const context = await rig.browser.newContext({ viewport: { width: 1366, height: 900 } });
    context.setDefaultTimeout(15_000);
    try {
      const page = await context.newPage();
      await signInWithBrowser(page, rig.server.url, "doctor@demo-dental.test");
      await page.goto(`${rig.server.url}/appointments/${appointment.id}`);
      await page.waitForSelector("[data-xrays-empty]");
      // The panel is subscribed once the event stream is open.
      await page.waitForTimeout(1_000);

      const png = encodePng({ width: 40, height: 60, channels: 1, data: new Uint8Array(2400) });
      const capture = await upload(device.apiKey, "/api/v1/bridge/captures", png, {
        "x-file-name": "IMG_0001.png",
        "x-captured-at": new Date(visit.getTime() + 10 * 60_000).toISOString(),
        "x-content-sha256": await sha256Hex(png),
      });
      assertEquals(capture.status, "assigned");
      const item = page.locator(`[data-xray="${capture.id}"]`);
      await item.waitFor();
      // For a look by eye: XRAYS_SCREENSHOT=_scratch/xrays.png deno test -A <this file>
      const screenshot = Deno.env.get("XRAYS_SCREENSHOT");
      if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
      assertEquals(
        await item.locator("a").getAttribute("href"),
        `/patients/${patients[0].id}?tab=radiology&open=capture:${capture.id}`,
      );
    } finally {
      await context.close();
    }
  },
});
