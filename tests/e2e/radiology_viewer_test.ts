/**
 * The radiology workstation in a real browser:
 * a generated 20-slice series with 0.1 mm pixel spacing is uploaded for a
 * Demo Dental patient through the API; the doctor opens it from the patient's
 * Radiology tab, scrolls to slice 10, changes window/level and measures a
 * known distance in millimetres.
 */
import { Buffer } from "node:buffer";
import type { Page } from "playwright-core";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser } from "../support/browser.ts";
import { dicomFile, dicomSeriesFiles, notDicom } from "../support/dicom-fixtures.ts";
import { serverApi } from "../support/e2e-api.ts";
import { openSeries, uploadSeriesZip, waitForSlice } from "../support/radiology-browser.ts";

const rig = shareServerAndBrowser();
const server = serverApi(rig);
const { api, signIn } = server;
const E2E = { sanitizeOps: false, sanitizeResources: false };

const SIZE = 256;
const SPACING_MM = 0.1;

/** A ruler grid every 10 pixels (1 mm) and a disc whose radius grows with the slice. */
function phantom(x: number, y: number, slice: number): number {
  const grid = x % 10 === 0 || y % 10 === 0 ? 2400 : 0;
  const r = Math.hypot(x - SIZE / 2, y - SIZE / 2);
  const disc = r < 20 + slice * 4 ? 1200 : 0;
  return 300 + (x + y) * 2 + grid + disc;
}

async function uploadSeries(): Promise<{ patientId: string }> {
  const { token } = await signIn("doctor@demo-dental.test");
  const { patients } = await api(token, "GET", "/api/v1/patients?limit=1");
  const patient = patients[0] as { id: string; mrn: string };
  const slices = dicomSeriesFiles(20, {
    patientId: patient.mrn,
    rows: SIZE,
    columns: SIZE,
    pixelSpacing: [SPACING_MM, SPACING_MM],
    windowCenter: 1500,
    windowWidth: 3000,
    studyDescription: "CBCT phantom",
    pixel: phantom,
  });
  const result = await uploadSeriesZip(server, token, patient.id, slices);
  assertEquals(result.imported, 20);
  return { patientId: patient.id };
}

const slice = (page: Page) => page.locator("[data-slice]").getAttribute("data-slice");
const windowLevel = (page: Page) => page.locator("[data-wl]").getAttribute("data-wl");

Deno.test({
  name: "a doctor scrolls a 20-slice series, changes window/level and measures in millimetres",
  ...E2E,
  async fn() {
    if (!rig.browser || !rig.server) throw new Error("the server or browser did not start");
    const { patientId } = await uploadSeries();
    const context = await rig.browser.newContext({ viewport: { width: 1366, height: 1100 } });
    context.setDefaultTimeout(20_000);
    try {
      const page = await context.newPage();
      await signInWithBrowser(page, rig.server.url, "doctor@demo-dental.test");
      await openSeries(page, rig.server.url, patientId, /CBCT phantom/, 20);

      // Keys step one slice, the wheel too.
      const stage = page.locator("[data-viewer-stage]");
      await stage.scrollIntoViewIfNeeded();
      await stage.focus();
      for (let i = 0; i < 10; i++) await page.keyboard.press("ArrowDown");
      await waitForSlice(page, "11/20");
      let box = (await stage.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, -120);
      await waitForSlice(page, "10/20");
      assertEquals(await slice(page), "10/20");
      assertEquals(await page.locator("[data-slice-slider]").inputValue(), "10");

      // Window/level: a left drag changes the reported values and the pixels drawn.
      const before = await windowLevel(page);
      const pixelsBefore = await stage.screenshot();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 60, {
        steps: 8,
      });
      await page.mouse.up();
      await page.waitForFunction(
        (old) => document.querySelector("[data-wl]")?.getAttribute("data-wl") !== old,
        before,
      );
      assert(await windowLevel(page) !== before, "the reported window/level changed");
      const pixelsAfter = await stage.screenshot();
      assert(!equalBytes(pixelsBefore, pixelsAfter), "the image looks different after W/L");

      // The 256-pixel-square image is fitted to the shorter side of the stage.
      await page.getByRole("button", { name: "Measure" }).click();
      box = (await stage.boundingBox())!;
      const screenPerImagePixel = Math.min(box.width, box.height) / SIZE;
      const imagePixels = 100;
      const y = box.y + box.height / 2 + 40;
      const x0 = box.x + box.width / 2 - 50 * screenPerImagePixel;
      await page.mouse.move(x0, y);
      await page.mouse.down();
      await page.mouse.move(x0 + imagePixels * screenPerImagePixel, y, { steps: 10 });
      await page.mouse.up();
      // The overlay follows the drag; the value settles when the drag ends.
      const expected = imagePixels * SPACING_MM;
      await page.waitForFunction(
        (mm) => {
          const text = document.querySelector("[data-length]")?.getAttribute("data-length") ?? "";
          return / mm$/.test(text) && Math.abs(parseFloat(text) - mm) <= 0.3;
        },
        expected,
        { timeout: 5_000 },
      ).catch(() => {});
      const measured = (await page.locator("[data-length]").getAttribute("data-length"))!;
      // For a look by eye: RADIOLOGY_SCREENSHOT=_scratch/viewer.png deno test -A <this file>
      const screenshot = Deno.env.get("RADIOLOGY_SCREENSHOT");
      if (screenshot) await page.screenshot({ path: screenshot });
      const [value, unit] = measured.split(" ");
      assertEquals(unit, "mm");
      assert(
        Math.abs(Number(value) - expected) <= 0.3,
        `measured ${measured}, expected ${expected} mm ± 0.3`,
      );
    } finally {
      await context.close();
    }
  },
});

Deno.test({
  name: "an upload of another patient's study asks first, then files it and reports the result",
  ...E2E,
  async fn() {
    if (!rig.browser || !rig.server) throw new Error("the server or browser did not start");
    const { token } = await signIn("owner@demo-dental.test");
    const { patients } = await api(token, "GET", "/api/v1/patients?limit=3");
    const patient = patients[2] as { id: string };
    const context = await rig.browser.newContext({ viewport: { width: 390, height: 844 } });
    context.setDefaultTimeout(20_000);
    try {
      const page = await context.newPage();
      await signInWithBrowser(page, rig.server.url, "owner@demo-dental.test");
      await page.goto(`${rig.server.url}/patients/${patient.id}?tab=radiology`);
      const input = page.locator("[data-dicom-file]");
      await input.setInputFiles({
        name: "notes.txt",
        mimeType: "application/dicom",
        buffer: Buffer.from(notDicom()),
      });
      await page.waitForSelector("[data-upload-error]");

      await input.setInputFiles({
        name: "scan.dcm",
        mimeType: "application/dicom",
        buffer: Buffer.from(dicomFile({ patientId: "SOMEONE-ELSE", studyDescription: "Lab OPG" })),
      });
      await page.waitForSelector("[data-upload-mismatch]");
      const question = await page.locator("[data-upload-mismatch]").innerText();
      assertMatch(question, /may belong to another patient/);
      assert(!/anyway[\s\S]*anyway/.test(question), `the question is asked once: ${question}`);
      await page.getByRole("button", { name: "File under this patient" }).click();
      await page.waitForSelector("[data-upload-result]");
      assertMatch(await page.locator("[data-upload-result]").innerText(), /^Imported 1 image\b/);
      // The report sits in the card body at full width, not squeezed into the card header.
      const report = await page.locator("[data-upload-result]").boundingBox();
      assert(report && report.width > 300, `the report is ${report?.width}px wide on a phone`);
      await page.getByRole("button", { name: "Show the new images" }).click();
      await page.getByRole("link", { name: /Lab OPG/ }).waitFor();
    } finally {
      await context.close();
    }
  },
});

function equalBytes(a: Uint8Array, b: Uint8Array) {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
