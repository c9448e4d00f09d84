/** Staff side of captures: reading, the inbox list, assigning and tagging; plus the two pages. */
import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../../../support/assert.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../../../support/test-app.ts";
import { dicomFile } from "../../../support/dicom-bytes.ts";
import { clinics, events, operatories, patients, xrayCaptures } from "../../../../lib/db/schema.ts";
import { sha256Hex } from "../../../../lib/storage/files.ts";

async function unassignedCapture(app: TestApp, operatoryId: string) {
  const { jar } = await app.login("owner@demo-dental.test");
  const res = await app.json("POST", "/api/v1/bridge/devices", {
    name: "Inbox feeder",
    operatoryId,
  }, {
    jar,
  });
  const { apiKey } = await res.json();
  const bytes = dicomFile({}) as Uint8Array<ArrayBuffer>;
  const upload = await app.request("/api/v1/bridge/captures", {
    method: "POST",
    noOrigin: true,
    headers: {
      authorization: `Bearer ${apiKey}`,
      "x-file-name": "IMG_0001.dcm",
      "x-captured-at": "2026-01-05T03:00:00Z",
      "x-content-sha256": await sha256Hex(bytes),
    },
    body: bytes,
  });
  assertEquals(upload.status, 201);
  return (await upload.json()).id as string;
}

testOnEachDatabase("captures API", async (t, database) => {
  const step = appSteps(t, database);
  const db = database.db;
  const [demo] = await db.select().from(clinics).where(eq(clinics.slug, "demo-dental"));
  const [room] = await db.insert(operatories).values({ clinicId: demo.id, name: "Inbox room" })
    .returning();
  const [patient] = await db.select().from(patients).where(eq(patients.clinicId, demo.id)).limit(1);

  await step("an unassigned capture is listed, read, and assigned with one call", async (app) => {
    const id = await unassignedCapture(app, room.id);
    const { jar } = await app.login("nurse@demo-dental.test");
    const list = await (await app.request("/api/v1/captures?status=unassigned", { jar })).json();
    assert(list.captures.some((c: { id: string }) => c.id === id), "listed in the inbox");
    const read = await (await app.request(`/api/v1/captures/${id}`, { jar })).json();
    assertEquals([read.capture.status, read.capture.operatoryId, read.capture.capturedAt], [
      "unassigned",
      room.id,
      "2026-01-05T03:00:00.000Z",
    ]);
    const res = await app.json("PATCH", `/api/v1/captures/${id}`, {
      patientId: patient.id,
      teeth: [36, 11, 36],
    }, { jar });
    const body = await res.json();
    assertEquals([res.status, body.capture.patientId, body.capture.teeth], [200, patient.id, [
      11,
      36,
    ]]);
    const [row] = await db.select().from(xrayCaptures).where(eq(xrayCaptures.id, id));
    assertEquals(row.matchMethod, "manual");
    const assigned = (await db.select().from(events).where(eq(events.type, "xray.assigned")))
      .find((e) => e.data.captureId === id);
    assertEquals(assigned?.data.patientName, patient.fullName);
  });

  await step("refusals: no session, other clinic, missing permission, bad bodies", async (app) => {
    const id = await unassignedCapture(app, room.id);
    const anonymous = await app.request(`/api/v1/captures/${id}`);
    assertEquals(anonymous.status, 401);
    await anonymous.body?.cancel();
    const reception = await app.login("reception@demo-dental.test");
    const refused = await app.request(`/api/v1/captures/${id}`, { jar: reception.jar });
    assertEquals([refused.status, (await refused.json()).permission], [403, "radiology.view"]);
    const { jar } = await app.login("owner@demo-dental.test");
    for (const path of ["/api/v1/captures/nope", `/api/v1/captures/${crypto.randomUUID()}`]) {
      const res = await app.request(path, { jar });
      assertEquals(res.status, 404, path);
      await res.body?.cancel();
    }
    const [foreign] = await db.select().from(patients)
      .innerJoin(clinics, eq(clinics.id, patients.clinicId))
      .where(eq(clinics.slug, "second-smile")).limit(1);
    const other = await app.json("PATCH", `/api/v1/captures/${id}`, {
      patientId: foreign.patients.id,
    }, { jar });
    assertEquals(other.status, 404, "another clinic's patient reads as missing");
    await other.body?.cancel();
    for (
      const body of [
        {},
        { teeth: [19] },
        { category: "xray" },
        { patientId: patient.id, x: 1 },
        "{",
      ]
    ) {
      const res = await app.json("PATCH", `/api/v1/captures/${id}`, body, { jar });
      assertEquals(res.status, 400, JSON.stringify(body));
      await res.body?.cancel();
    }
    const bad = await app.request("/api/v1/captures?status=everything", { jar });
    assertEquals(bad.status, 400);
    await bad.body?.cancel();
    const [row] = await db.select().from(xrayCaptures).where(eq(xrayCaptures.id, id));
    assertEquals([row.patientId, row.teeth], [null, []], "nothing changed");
  });

  await step(
    "the inbox page assigns with one click; the devices page shows a key once",
    async (app) => {
      const id = await unassignedCapture(app, room.id);
      const { jar } = await app.login("owner@demo-dental.test");
      const page = await (await app.request("/radiology/inbox", { jar })).text();
      assertMatch(page, new RegExp(`data-capture="${id}"`));
      assertMatch(page, /\/api\/v1\/files\/[0-9a-f-]+\/thumbnail/);
      assertMatch(page, /data-file-name[^>]*>IMG_0001\.dcm</);
      const search = await (await app.request(
        `/radiology/inbox?capture=${id}&q=${encodeURIComponent(patient.mrn)}`,
        { jar },
      )).text();
      assertMatch(search, new RegExp(`Assign to ${patient.fullName}`));
      const assign = await app.request(`/radiology/inbox/${id}/assign`, {
        method: "POST",
        jar,
        body: new URLSearchParams({ patientId: patient.id }),
      });
      assertEquals(assign.status, 303);
      const after = await (await app.request("/radiology/inbox", { jar })).text();
      assert(!after.includes(`data-capture="${id}"`), "gone from the inbox");

      const created = await app.request("/settings/bridge-devices", {
        method: "POST",
        jar,
        body: new URLSearchParams({
          name: "Pano room PC",
          operatoryId: room.id,
          category: "panoramic",
        }),
      });
      const html = await created.text();
      assertEquals(created.status, 201);
      const key = /value="(odxb_[A-Za-z0-9_-]{43})"/.exec(html)?.[1];
      assert(key, "the new key is shown");
      const later = await (await app.request("/settings/bridge-devices", { jar })).text();
      assert(later.includes("Pano room PC") && !later.includes(key), "listed, key not shown again");
      const row = (page: string) =>
        page.slice(
          page.indexOf("Pano room PC"),
          page.indexOf("</li>", page.indexOf("Pano room PC")),
        );
      assert(row(later).includes('data-device-state="offline"'), "never heard from: offline");

      const beat = await app.json("POST", "/api/v1/bridge/heartbeat", {
        version: "1.5.0",
        queueLength: 7,
        lastError: "server unreachable: connection refused",
      }, { headers: { authorization: `Bearer ${key}` }, noOrigin: true });
      assertEquals(beat.status, 200);
      await beat.body?.cancel();
      const alive = row(await (await app.request("/settings/bridge-devices", { jar })).text());
      assert(alive.includes('data-device-state="online"'), alive);
      assertMatch(alive, /data-queue-length[^>]*>7</);
      assertMatch(alive, /Last error<\/span> <time[^>]*>just now<\/time>: server unreachable/);
      const free = await app.login("owner@second-smile.test");
      const refused = await app.request("/settings/bridge-devices", { jar: free.jar });
      assertEquals(refused.status, 403);
      await refused.body?.cancel();
    },
  );
});
