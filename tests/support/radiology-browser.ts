/**
 * What the radiology browser tests share: a series uploaded as one ZIP
 * through the API, and the workstation opened on it from the patient's
 * Radiology tab.
 */
import { zipSync } from "fflate";
import type { Page } from "playwright-core";
import type { serverApi } from "./e2e-api.ts";

/** Uploads `slices` as one ZIP for the patient; answers the import report. */
export function uploadSeriesZip(
  { upload }: ReturnType<typeof serverApi>,
  token: string,
  patientId: string,
  slices: Uint8Array[],
) {
  const zip = zipSync(Object.fromEntries(slices.map((s, i) => [`slice-${i + 1}.dcm`, s])));
  return upload(token, `/api/v1/patients/${patientId}/dicom`, zip, {
    "content-type": "application/zip",
  });
}

/** Waits until the viewer reports `want` (e.g. "10/20") as its slice. */
export async function waitForSlice(page: Page, want: string) {
  await page.waitForFunction(
    (value) => document.querySelector("[data-slice]")?.getAttribute("data-slice") === value,
    want,
  );
}

/** Opens the study whose link matches `study` from the patient's Radiology tab, at its first slice. */
export async function openSeries(
  page: Page,
  baseUrl: string,
  patientId: string,
  study: RegExp,
  slices: number,
) {
  await page.goto(`${baseUrl}/patients/${patientId}?tab=radiology`);
  await page.getByRole("link", { name: study }).click();
  await waitForSlice(page, `1/${slices}`);
}
