/**
 * The clinic's Radiology page: every patient's latest images, newest first,
 * each opening in its patient's workstation, with the inbox count.
 * Images arrive through the real APIs: a bridge capture and a DICOM upload.
 */
import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import { dicomFile as bridgeDicom } from "../support/dicom-bytes.ts";
import { dicomFile } from "../support/dicom-fixtures.ts";
import { operatories, patients } from "../../lib/db/schema.ts";
import { sha256Hex } from "../../lib/storage/files.ts";
import { clinicFixture } from "../lib/appointments/fixtures.ts";

async function sendCapture(app: TestApp, apiKey: string, bytes: Uint8Array, at: Date) {
  const res = await app.request("/api/v1/bridge/captures", {
    method: "POST",
    noOrigin: true,
    headers: {
      authorization: `Bearer ${apiKey}`,
      "x-file-name": "sensor.dcm",
      "x-captured-at": at.toISOString(),
      "x-content-sha256": await sha256Hex(bytes),
    },
    body: bytes as Uint8Array<ArrayBuffer>,
  });
  assertEquals(res.status, 201, await res.clone().text());
  return (await res.json()) as { id: string; patientId: string | null };
}

testOnEachDatabase("radiology page", async (t, database) => {
  const step = appSteps(t, database);
  const db = database.db;
  const demo = await clinicFixture(db, "demo-dental");
  const [patient] = await db.select().from(patients).where(eq(patients.clinicId, demo.id))
    .limit(1);
  const [room] = await db.insert(operatories)
    .values({ clinicId: demo.id, name: "Imaging room" }).returning();
  let captureId = "";
  let studyId = "";

  await step("a capture and a study arrive through the APIs", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const device = await app.json("POST", "/api/v1/bridge/devices", {
      name: "Imaging PC",
      operatoryId: room.id,
    }, { jar });
    assertEquals(device.status, 201);
    const { apiKey } = await device.json();
    const placed = await sendCapture(
      app,
      apiKey,
      bridgeDicom({ patientId: patient.mrn, seed: "radiology-page" }),
      new Date(Date.now() - 60_000),
    );
    assertEquals(placed.patientId, patient.id);
    captureId = placed.id;
    const stray = await sendCapture(
      app,
      apiKey,
      bridgeDicom({ patientId: "NOBODY-1", seed: "radiology-page-stray" }),
      new Date(Date.now() - 120_000),
    );
    assertEquals(stray.patientId, null);

    const upload = await app.request(`/api/v1/patients/${patient.id}/dicom`, {
      method: "POST",
      jar,
      headers: { "content-type": "application/dicom" },
      body: dicomFile({
        patientId: patient.mrn,
        studyDescription: "CBCT mandible",
      }) as Uint8Array<ArrayBuffer>,
    });
    assertEquals(upload.status, 201, await upload.clone().text());
    const listing = await app.json("GET", `/api/v1/patients/${patient.id}/radiology`, undefined, {
      jar,
    });
    const { items } = await listing.json();
    studyId = items.find((i: { kind: string }) => i.kind === "study").id;
  });

  await step("the doctor sees both, newest first, each opening the workstation", async (app) => {
    const { jar } = await app.login("doctor@demo-dental.test");
    const res = await app.request("/radiology", { jar });
    assertEquals(res.status, 200);
    const html = await res.text();
    const order = [...html.matchAll(/data-recent-image="([^"]+)"/g)].map((m) => m[1]);
    assertEquals(order.slice(0, 2), [`study:${studyId}`, `capture:${captureId}`]);
    assert(html.includes(`/patients/${patient.id}?tab=radiology&amp;open=study:${studyId}`));
    assert(html.includes(`/patients/${patient.id}?tab=radiology&amp;open=capture:${captureId}`));
    assertMatch(html, /CBCT mandible/);
    assert(html.includes(patient.fullName), "the patient's name is on the card");
    assertMatch(html.replace(/<!-- -->/g, ""), /1 capture is waiting for a patient in/);
    assert(html.includes('href="/radiology/inbox"'));
    assert(html.includes('href="/radiology"'), "the sidebar links the page");
  });

  await step("another clinic sees none of Demo Dental's images", async (app) => {
    const { jar } = await app.login("owner@second-smile.test");
    const html = await (await app.request("/radiology", { jar })).text();
    assert(!html.includes(patient.fullName));
    assertMatch(html, /No images yet/);
  });

  await step("without radiology.view the page is refused; signed out it asks to sign in", async (
    app,
  ) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const refused = await app.request("/radiology", { jar });
    assertEquals(refused.status, 403);
    await refused.body?.cancel();
    const anonymous = await app.request("/radiology");
    assertEquals(anonymous.status, 303);
    assertMatch(anonymous.headers.get("location")!, /^\/login/);
  });

  await step("paging back past the oldest image says so", async (app) => {
    const { jar } = await app.login("doctor@demo-dental.test");
    const html = await (await app.request("/radiology?before=2000-01-01T00:00:00Z", { jar }))
      .text();
    assertMatch(html, /No older images/);
    assertMatch(html, /← Latest/);
  });
});
