/**
 * Rigs for the DICOM AI analysis tests: switching the module on for a clinic,
 * uploading a generated series through the API, and series whose image
 * quality is known (clean, overexposed).
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../lib/db/client.ts";
import { dicomSeries } from "../../lib/db/schema.ts";
import { setModule } from "../../lib/admin/clinic-modules.ts";
import type { TestApp } from "./test-app.ts";
import type { CookieJar } from "./cookie-jar.ts";
import { type DicomFixtureOptions, dicomSeriesFiles, newUid } from "./dicom-fixtures.ts";
import { userId } from "../lib/appointments/fixtures.ts";

export async function enableDicomAi(db: Db, clinicId: string, enabled = true): Promise<void> {
  await setModule(db, {
    clinicId,
    moduleKey: "dicom_ai",
    enabled,
    actorId: await userId(db, "superadmin@odontox.test"),
  });
}

/** Concentric rings at mid grey: sharp, well exposed, quiet, using half the grey scale. */
export const ringPixel = (x: number, y: number, f: number) =>
  1750 + 700 * Math.sin(Math.hypot(x - 32, y - 32) / 2 + f * 0.1);

/** Mostly at the detector's ceiling: the window shows it pure white. */
export const burntPixel = (x: number, y: number, f: number) => x < 10 ? ringPixel(x, y, f) : 65535;

/** A 64×64 series at a 3000-wide window centred on 1750 (the rings span 1050–2450). */
export function qualitySeries(
  count: number,
  options: DicomFixtureOptions & { mrn: string },
): Uint8Array[] {
  return dicomSeriesFiles(count, {
    rows: 64,
    columns: 64,
    windowCenter: 1750,
    windowWidth: 3000,
    pixel: ringPixel,
    ...options,
    patientId: options.mrn,
    seriesInstanceUid: options.seriesInstanceUid ?? newUid(),
  });
}

/** Uploads each file to the patient and returns the series id the server filed them under. */
export async function uploadSeries(
  app: TestApp,
  jar: CookieJar,
  patientId: string,
  files: Uint8Array[],
  seriesInstanceUid: string,
): Promise<string> {
  for (const file of files) {
    const res = await app.request(`/api/v1/patients/${patientId}/dicom`, {
      method: "POST",
      body: file as BodyInit,
      headers: { "content-type": "application/dicom" },
      jar,
    });
    if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  }
  const [row] = await app.deps.db.select({ id: dicomSeries.id }).from(dicomSeries)
    .where(eq(dicomSeries.seriesInstanceUid, seriesInstanceUid));
  return row.id;
}
