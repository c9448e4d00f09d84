/**
 * DICOM AI analysis in a real browser: Demo Dental gets the module, the
 * owner opens a 20-slice series whose last slices are burnt out, accepts the
 * AI terms when first analysing, watches the quota bar move and the findings
 * arrive live (the server's worker, the live-event stream), and clicks the
 * overexposure finding to see its first slice in the viewer.
 */
import { assert, assertEquals } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser } from "../support/browser.ts";
import { dicomSeriesFiles } from "../support/dicom-fixtures.ts";
import { serverApi } from "../support/e2e-api.ts";
import { openSeries, uploadSeriesZip, waitForSlice } from "../support/radiology-browser.ts";
import { burntPixel, ringPixel } from "../support/dicom-analysis.ts";

const rig = shareServerAndBrowser();
const server = serverApi(rig);
const { api, signIn } = server;
const E2E = { sanitizeOps: false, sanitizeResources: false };
const OWNER = "owner@demo-dental.test";

Deno.test({
  name: "accept the AI terms, analyse a series, see findings live and jump to a finding's slice",
  ...E2E,
  async fn() {
    if (!rig.browser || !rig.server) throw new Error("the server or browser did not start");
    const admin = await signIn("superadmin@odontox.test");
    const { clinics } = await api(admin.token, "GET", "/api/v1/admin/clinics");
    const demo = clinics.find((c: { slug: string }) => c.slug === "demo-dental");
    await api(admin.token, "PUT", `/api/v1/admin/clinics/${demo.id}/modules/dicom_ai`, {
      enabled: true,
    });

    const { token } = await signIn(OWNER);
    const { patients } = await api(token, "GET", "/api/v1/patients?limit=1");
    const patient = patients[0] as { id: string; mrn: string };
    // Slices 12–20 are burnt out; 1–11 are clean.
    const slices = dicomSeriesFiles(20, {
      patientId: patient.mrn,
      rows: 64,
      columns: 64,
      pixelSpacing: [0.2, 0.2],
      windowCenter: 1750,
      windowWidth: 3000,
      studyDescription: "CBCT quality phantom",
      pixel: (x, y, slice) => slice >= 11 ? burntPixel(x, y, slice) : ringPixel(x, y, slice),
    });
    assertEquals((await uploadSeriesZip(server, token, patient.id, slices)).imported, 20);

    const context = await rig.browser.newContext({ viewport: { width: 1366, height: 1000 } });
    context.setDefaultTimeout(20_000);
    try {
      const page = await context.newPage();
      await signInWithBrowser(page, rig.server.url, OWNER);
      await openSeries(page, rig.server.url, patient.id, /CBCT quality phantom/, 20);

      const panel = page.locator("[data-analysis-panel]");
      await panel.getByText("Image quality review — not a diagnosis").waitFor();
      assertEquals(await panel.locator("[data-quota-text]").innerText(), quotaText(0));
      assert(await panel.locator("[data-ai-disclaimer]").isVisible());

      await panel.getByRole("button", { name: "Analyse series" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByText("DICOM AI analysis terms").waitFor();
      await dialog.getByRole("button", { name: "Accept and analyse" }).click();

      await page.waitForFunction(() =>
        document.querySelector("[data-quota]")?.getAttribute("data-quota")?.startsWith("1/")
      );
      assertEquals(await panel.locator("[data-quota-text]").innerText(), quotaText(1));
      // The worker finishes and the live event brings the findings without a reload.
      await panel.locator('[data-analysis-status="completed"]').waitFor();
      const finding = panel.locator('[data-finding="Overexposed"]');
      assertEquals(await finding.getAttribute("data-finding-slice"), "12");
      assert(await panel.locator("[data-ai-disclaimer]").isVisible());

      await finding.click();
      await waitForSlice(page, "12/20");

      // The terms are the clinic's: a reload offers the analysis again without the dialog.
      await page.reload();
      await panel.getByRole("button", { name: "Analyse again" }).waitFor();
      assertEquals(await panel.locator("[data-quota-text]").innerText(), quotaText(1));
    } finally {
      await context.close();
    }
  },
});

/** "1 of 50 this month · resets 1 Jan", for the month the test runs in (Karachi). */
function quotaText(used: number): string {
  const months = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
  ];
  const month = Number(
    new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Karachi", month: "2-digit" }).format(
      new Date(),
    ),
  );
  return `${used} of 50 this month · resets 1 ${months[month % 12]}`;
}
