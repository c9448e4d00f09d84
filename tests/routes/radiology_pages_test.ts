/**
 * The Radiology tab of a patient's record, the dental chart's X-ray badges
 * and the appointment detail's X-rays card, as
 * server-rendered pages.
 */
import { and, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import type { CookieJar } from "../support/cookie-jar.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import {
  dicomInstances,
  dicomSeries,
  dicomStudies,
  roleTemplates,
  storedFiles,
  xrayCaptures,
} from "../../lib/db/schema.ts";
import type { Db } from "../../lib/db/client.ts";
import { planDefaultPermissions } from "../../lib/permissions/role-defaults.ts";
import {
  bookDemoVisit,
  clinicFixture,
  createPatient,
  freshMonday,
} from "../lib/appointments/fixtures.ts";

async function page(app: TestApp, path: string, jar: CookieJar, status = 200) {
  const res = await app.request(path, { jar });
  const html = await res.text();
  assertEquals(res.status, status, `${path}: ${html.slice(0, 300)}`);
  return html;
}

let fileSequence = 0;

async function storedFile(db: Db, clinicId: string, contentType: string, name: string) {
  const n = ++fileSequence;
  const [row] = await db.insert(storedFiles).values({
    clinicId,
    objectKey: `test/${crypto.randomUUID()}`,
    contentType,
    sizeBytes: 100,
    sha256: `${n}`.padStart(64, "0"),
    originalName: name,
  }).returning({ id: storedFiles.id, sha256: storedFiles.sha256 });
  return row;
}

async function capture(
  db: Db,
  clinicId: string,
  values: {
    patientId: string;
    capturedAt: string;
    category: "periapical" | "bitewing" | "panoramic";
    teeth?: number[];
    operatoryId?: string;
    appointmentId?: string;
  },
) {
  const file = await storedFile(db, clinicId, "image/png", "sensor.png");
  const [row] = await db.insert(xrayCaptures).values({
    clinicId,
    fileId: file.id,
    sha256: file.sha256,
    ...values,
    capturedAt: new Date(values.capturedAt),
    teeth: values.teeth ?? [],
    matchMethod: "manual",
  }).returning({ id: xrayCaptures.id, fileId: xrayCaptures.fileId });
  return row;
}

async function study(db: Db, clinicId: string, patientId: string, teeth: number[]) {
  const [s] = await db.insert(dicomStudies).values({
    clinicId,
    patientId,
    studyInstanceUid: `2.25.${crypto.getRandomValues(new Uint32Array(2)).join("")}`,
    studyDate: "2026-11-19",
    description: "CBCT mandible",
    modality: "CT",
    teeth,
  }).returning({ id: dicomStudies.id });
  const [series] = await db.insert(dicomSeries).values({
    clinicId,
    studyId: s.id,
    seriesInstanceUid: `2.25.${crypto.getRandomValues(new Uint32Array(2)).join("")}`,
    modality: "CT",
    description: "Axial",
    seriesNumber: 1,
  }).returning({ id: dicomSeries.id });
  for (let i = 1; i <= 3; i++) {
    const file = await storedFile(db, clinicId, "application/dicom", `slice-${i}.dcm`);
    await db.insert(dicomInstances).values({
      clinicId,
      seriesId: series.id,
      sopInstanceUid: `2.25.${crypto.getRandomValues(new Uint32Array(2)).join("")}`,
      instanceNumber: i,
      fileId: file.id,
      rows: 64,
      columns: 64,
      pixelSpacing: [0.1, 0.1],
    });
  }
  return { studyId: s.id, seriesId: series.id };
}

async function withNurseLacking(db: Db, clinicId: string, keys: string[], fn: () => Promise<void>) {
  await db.insert(roleTemplates).values({
    clinicId,
    role: "nurse",
    permissions: planDefaultPermissions("pro", "nurse").filter((k) => !keys.includes(k)),
  });
  try {
    await fn();
  } finally {
    await db.delete(roleTemplates).where(
      and(eq(roleTemplates.clinicId, clinicId), eq(roleTemplates.role, "nurse")),
    );
  }
}

testOnEachDatabase("radiology pages", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicFixture(db, "demo-dental");
  const patientId = await createPatient(db, demo.id, "Hina Qureshi");
  const older = await capture(db, demo.id, {
    patientId,
    capturedAt: "2026-11-10T05:00:00Z",
    category: "bitewing",
    teeth: [36, 37],
    operatoryId: demo.operatoryIds[0],
  });
  const newer = await capture(db, demo.id, {
    patientId,
    capturedAt: "2026-11-20T06:30:00Z",
    category: "periapical",
  });
  const { seriesId } = await study(db, demo.id, patientId, [11]);

  await step("the tab lists captures and studies newest first, with thumbnails", async (app) => {
    const { jar } = await app.login("doctor@demo-dental.test");
    const html = await page(app, `/patients/${patientId}?tab=radiology`, jar);
    assertMatch(html, /aria-current="page"[^>]*>[\s\S]*?Radiology/);
    const order = [...html.matchAll(/data-radiology-item="(capture|study):[0-9a-f-]+"/g)]
      .map((m) => m[1]);
    // The study was stored just now, after both captures were taken.
    assertEquals(order, ["study", "capture", "capture"]);
    assert(html.indexOf(newer.id) < html.indexOf(older.id), "the newer capture comes first");
    assertMatch(html, new RegExp(`data-thumbnail="/api/v1/files/${older.fileId}/thumbnail"`));
    assertMatch(html, /Bitewing[\s\S]*?data-teeth="36,37"/);
    assertMatch(html, /Periapical/);
    assertMatch(html, /CBCT mandible/);
    // The study's DICOM date reads like the capture dates beside it, not as "2026-11-19".
    assertMatch(html, /CBCT mandible[\s\S]*?19 Nov 2026/);
    assert(!html.includes("2026-11-19"), "no raw ISO study date");
    assert(!html.includes('data-island="RadiologyViewer"'), "no viewer until an image is picked");
    // On a phone an idle workstation would push the list below the fold.
    assertMatch(
      html,
      /class="[^"]*hidden lg:block[^"]*"[^>]*>\s*<section[\s\S]{0,400}?Workstation/,
    );
  });

  await step("picking a capture opens the workstation with a download link", async (app) => {
    const { jar } = await app.login("doctor@demo-dental.test");
    const html = await page(
      app,
      `/patients/${patientId}?tab=radiology&open=capture:${older.id}`,
      jar,
    );
    assertMatch(html, /data-island="RadiologyViewer"/);
    assertMatch(html, /<script type="module" src="\/static\/islands\/RadiologyViewer-/);
    assertMatch(
      html,
      new RegExp(`href="/api/v1/files/${older.fileId}/content\\?download=1"[^>]*data-download`),
    );
    const series = await page(
      app,
      `/patients/${patientId}?tab=radiology&open=series:${seriesId}`,
      jar,
    );
    assertMatch(series, /Download \(3\)/);
    assertMatch(series, /&quot;kind&quot;:&quot;series&quot;/);
  });

  await step("without radiology.download there is no download link", async (app) => {
    await withNurseLacking(db, demo.id, ["radiology.download"], async () => {
      const { jar } = await app.login("nurse@demo-dental.test");
      const html = await page(
        app,
        `/patients/${patientId}?tab=radiology&open=capture:${older.id}`,
        jar,
      );
      assertMatch(html, /data-island="RadiologyViewer"/);
      assert(!html.includes("download=1"), "no download link");
    });
  });

  await step("the tab shows only with radiology.view", async (app) => {
    await withNurseLacking(db, demo.id, ["radiology.view"], async () => {
      const { jar } = await app.login("nurse@demo-dental.test");
      const html = await page(app, `/patients/${patientId}?tab=radiology`, jar);
      assert(!html.includes("?tab=radiology"), "no Radiology tab link");
      assert(!html.includes("data-radiology-tab"), "the overview shows instead");
      assertMatch(html, /data-patient-card/);
    });
  });

  await step("another clinic's patient answers 404", async (app) => {
    const { jar } = await app.login("owner@second-smile.test");
    await page(app, `/patients/${patientId}?tab=radiology`, jar, 404);
  });

  await step("a patient without images gets an empty state", async (app) => {
    const fresh = await createPatient(db, demo.id, "Omar Siddiqui");
    const { jar } = await app.login("doctor@demo-dental.test");
    const html = await page(app, `/patients/${fresh}?tab=radiology`, jar);
    assertMatch(html, /data-radiology-empty/);
    assertMatch(html, /No X-rays or scans yet/);
  });

  await step("the chart badges tagged teeth and links them to the tab", async (app) => {
    const { jar } = await app.login("doctor@demo-dental.test");
    const html = await page(app, `/patients/${patientId}?tab=chart`, jar);
    for (const tooth of ["36", "37", "11"]) {
      assertMatch(html, new RegExp(`data-tooth="${tooth}"[\\s\\S]*?data-badge="1 X-ray"`));
      assert(html.includes(`href="/patients/${patientId}?tab=radiology&amp;tooth=${tooth}"`));
    }
    const untagged = html.split('data-tooth="21"')[1].split("</g>")[0];
    assert(!untagged.includes("data-badge"), "an untagged tooth has no badge");
    const filtered = await page(app, `/patients/${patientId}?tab=radiology&tooth=36`, jar);
    assertMatch(filtered, /Tooth 36 \(1\)/);
    assert(filtered.includes(older.id) && !filtered.includes(newer.id));
  });

  await step("the appointment detail lists the X-rays taken during it", async (app) => {
    const appointment = await bookDemoVisit(app.deps, demo, patientId, freshMonday(), "10:00", {
      allowClosed: true,
      mayOverrideClosed: true,
    });
    const during = await capture(db, demo.id, {
      patientId,
      capturedAt: "2026-11-21T05:10:00Z",
      category: "periapical",
      appointmentId: appointment.id,
    });
    const { jar } = await app.login("doctor@demo-dental.test");
    const html = await page(app, `/appointments/${appointment.id}`, jar);
    assertMatch(html, /data-island="AppointmentXrays"/);
    assertMatch(html, new RegExp(`data-xray="${during.id}"`));
    assert(!html.includes(`data-xray="${older.id}"`), "captures of other visits are not listed");
  });

  await step("pages other than the workstation do not load the viewer", async (app) => {
    const { jar } = await app.login("doctor@demo-dental.test");
    for (
      const path of ["/dashboard", `/patients/${patientId}`, `/patients/${patientId}?tab=chart`]
    ) {
      const html = await page(app, path, jar);
      assert(!html.includes("RadiologyViewer"), `${path} loads no viewer`);
      assert(!html.includes("dicom-"), `${path} references no DICOM code`);
    }
  });
});
