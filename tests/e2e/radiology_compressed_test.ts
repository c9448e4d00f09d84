/**
 * Compressed DICOM in a real browser: the viewer decodes JPEG baseline,
 * JPEG-LS and HTJ2K series through the bundled decode worker and the codecs'
 * `.wasm` copied under `/static/islands/` by `deno task build`.
 *
 * Each series draws a bright square at a known place, one that moves with the
 * slice; the test reads the square back from the drawn viewport.
 */
import type { Page } from "playwright-core";
import { decodePng } from "../../lib/radiology/png.ts";
import { assert, assertEquals } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser } from "../support/browser.ts";
import { compressedSeriesFiles, type Compression } from "../support/dicom-compressed.ts";
import { serverApi } from "../support/e2e-api.ts";
import { openSeries, uploadSeriesZip, waitForSlice } from "../support/radiology-browser.ts";

const rig = shareServerAndBrowser();
const server = serverApi(rig);
const { app, api, signIn } = server;
const E2E = { sanitizeOps: false, sanitizeResources: false };

const SIZE = 96;
const SLICES = 3;
const SQUARE = 24;
/** Top-left corner of the square on slice `i` (0-based). */
const squareAt = (i: number) => ({ x: 12 + i * 24, y: 30 });

/**
 * The `.wasm` each series needs. jpeg-js writes colour JPEGs, and the loader
 * decodes 8-bit colour JPEG baseline with the browser's own decoder on the
 * page (`decodeJPEGBaseline8BitColor`), so that one needs no codec.
 */
const CASES: { compression: Compression; label: string; wasm: string | null; bright: number }[] = [
  { compression: "jpeg-baseline", label: "JPEG baseline", wasm: null, bright: 220 },
  { compression: "jpeg-ls", label: "JPEG-LS", wasm: "charlswasm_decode.wasm", bright: 3600 },
  { compression: "htj2k", label: "HTJ2K", wasm: "openjphjs.wasm", bright: 3600 },
];

/** Uploads one ZIP per codec and checks what the server did with the files. */
async function uploadSeries(): Promise<{ patientId: string }> {
  const { token } = await signIn("doctor@demo-dental.test");
  const { patients } = await api(token, "GET", "/api/v1/patients?limit=2");
  const patient = patients[1] as { id: string; mrn: string };
  for (const { compression, label, bright } of CASES) {
    const dark = bright === 220 ? 30 : 400;
    const slices = await compressedSeriesFiles(compression, SLICES, {
      patientId: patient.mrn,
      rows: SIZE,
      columns: SIZE,
      windowCenter: bright === 220 ? 128 : 2048,
      windowWidth: bright === 220 ? 256 : 4096,
      studyDescription: `${label} phantom`,
      pixel: (x, y, slice) => {
        const { x: left, y: top } = squareAt(slice);
        const inside = x >= left && x < left + SQUARE && y >= top && y < top + SQUARE;
        return inside ? bright : dark;
      },
    });
    const result = await uploadSeriesZip(server, token, patient.id, slices);
    assertEquals(result.imported, SLICES, `${label}: ${JSON.stringify(result)}`);
    assertEquals(result.skipped, []);
  }
  // The server does not decode compressed pixels: their thumbnails are placeholders.
  const { items } = await api(token, "GET", `/api/v1/patients/${patient.id}/radiology`);
  for (const { label } of CASES) {
    const study = (items as { description: string | null; thumbnailUrl: string | null }[])
      .find((item) => item.description === `${label} phantom`);
    assert(study?.thumbnailUrl, `${label}: the study is listed with its middle instance`);
    const thumbnail = await fetch(`${app().url}${study.thumbnailUrl}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await thumbnail.body?.cancel();
    assertEquals(thumbnail.status, 404, `${label} thumbnail`);
  }
  return { patientId: patient.id };
}

/** Mean grey level of a region of the stage, in image pixels of the fitted square image. */
async function regionLevel(page: Page, x: number, y: number, size: number): Promise<number> {
  const stage = page.locator("[data-viewer-stage]");
  const box = (await stage.boundingBox())!;
  const png = decodePng(new Uint8Array(await stage.screenshot()));
  assert(png, "the stage screenshot decodes");
  // The image is fitted to the shorter side of the stage and centred; the
  // screenshot's pixels are CSS pixels at device scale 1.
  const scale = Math.min(box.width, box.height) / SIZE;
  const left = (box.width - SIZE * scale) / 2;
  const top = (box.height - SIZE * scale) / 2;
  let sum = 0;
  let count = 0;
  // The middle half of the region, away from edges that blur when scaled.
  for (let iy = y + size / 4; iy < y + (size * 3) / 4; iy++) {
    for (let ix = x + size / 4; ix < x + (size * 3) / 4; ix++) {
      const px = Math.round(left + (ix + 0.5) * scale);
      const py = Math.round(top + (iy + 0.5) * scale);
      const at = (py * png.width + px) * png.channels;
      sum += png.channels === 1
        ? png.data[at]
        : (png.data[at] + png.data[at + 1] + png.data[at + 2]) / 3;
      count++;
    }
  }
  return sum / count;
}

Deno.test({
  name: "compressed series (JPEG baseline, JPEG-LS, HTJ2K) decode in the worker and are drawn",
  ...E2E,
  async fn() {
    if (!rig.browser || !rig.server) throw new Error("the server or browser did not start");
    const { patientId } = await uploadSeries();
    const context = await rig.browser.newContext({ viewport: { width: 1366, height: 900 } });
    context.setDefaultTimeout(20_000);
    const requested: string[] = [];
    const problems: string[] = [];
    context.on("request", (request) => requested.push(new URL(request.url()).pathname));
    try {
      const page = await context.newPage();
      // Compressed instances have no thumbnail: the tab's <img> gets the 404
      // placeholder answer, which Chromium logs; every other failure counts.
      const thumbnail = /^\/api\/v1\/files\/[^/]+\/thumbnail$/;
      page.on("response", (response) => {
        const path = new URL(response.url()).pathname;
        if (response.status() >= 400 && !thumbnail.test(path)) {
          problems.push(`${response.status()} ${path}`);
        }
      });
      page.on("console", (message) => {
        if (message.type() !== "error") return;
        if (/^Failed to load resource: .* 404/.test(message.text())) return;
        problems.push(`console: ${message.text()}`);
      });
      page.on("pageerror", (error) => problems.push(`page: ${error.message}`));
      // A worker's uncaught errors and console errors reach the page's listeners too.
      const workers: string[] = [];
      page.on("worker", (worker) => workers.push(new URL(worker.url()).pathname));
      await signInWithBrowser(page, rig.server.url, "doctor@demo-dental.test");

      for (const { label, wasm } of CASES) {
        await openSeries(page, rig.server.url, patientId, new RegExp(`${label} phantom`), SLICES);
        const stage = page.locator("[data-viewer-stage]");
        await stage.scrollIntoViewIfNeeded();
        // Rendering follows the slice report by a frame.
        await page.waitForTimeout(300);
        for (let slice = 0; slice < 2; slice++) {
          if (slice > 0) {
            await stage.focus();
            await page.keyboard.press("ArrowDown");
            await waitForSlice(page, `${slice + 1}/${SLICES}`);
            await page.waitForTimeout(300);
          }
          const square = squareAt(slice);
          const inside = await regionLevel(page, square.x, square.y, SQUARE);
          const outside = await regionLevel(page, square.x, square.y + 36, SQUARE);
          assert(inside > 180, `${label} slice ${slice + 1}: the square is bright (${inside})`);
          assert(outside < 60, `${label} slice ${slice + 1}: the ground is dark (${outside})`);
          // Where the other slice's square was is dark now.
          const other = squareAt(slice === 0 ? 1 : 0);
          const elsewhere = await regionLevel(page, other.x, other.y, SQUARE);
          assert(elsewhere < 60, `${label} slice ${slice + 1}: no square elsewhere (${elsewhere})`);
        }
        const screenshot = Deno.env.get("RADIOLOGY_SCREENSHOT");
        if (screenshot) {
          await page.screenshot({
            path: screenshot.replace(/\.png$/, `-${label.replace(/\W+/g, "")}.png`),
          });
        }
        assert(
          !wasm ||
            requested.some((path) =>
              path.startsWith("/static/islands/codecs-") && path.endsWith(`/${wasm}`)
            ),
          `${label}: ${wasm} was fetched from /static/islands/codecs-…/ (${
            requested.filter((p) => p.endsWith(".wasm"))
          })`,
        );
      }
      assert(
        requested.some((path) =>
          /^\/static\/islands\/dicom-decode-worker-[0-9a-f]+\.js$/.test(path)
        ),
        "the decode worker was fetched from /static/islands/",
      );
      assert(
        workers.some((path) => path.startsWith("/static/islands/dicom-decode-worker-")),
        `the decode worker ran (${workers})`,
      );
      assertEquals(problems, []);
    } finally {
      await context.close();
    }
  },
});
