/**
 * The bridge's side of the API: device keys, capture ingest (storage,
 * idempotency, patient matching, refusals) and the heartbeat.
 */
import { and, asc, count, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../../../support/assert.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../../../support/test-app.ts";
import { dicomFile } from "../../../support/dicom-bytes.ts";
import type { Db } from "../../../../lib/db/client.ts";
import {
  appointments,
  clinicMembers,
  clinicModules,
  clinics,
  events,
  operatories,
  patients,
  storedFiles,
  users,
  xrayCaptures,
} from "../../../../lib/db/schema.ts";
import { sha256Hex } from "../../../../lib/storage/files.ts";
import type { LocalObjectStore } from "../../../../lib/storage/local-store.ts";

async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) found.push(...await filesUnder(path));
    else found.push(path);
  }
  return found;
}

async function clinicBySlug(db: Db, slug: string) {
  const [clinic] = await db.select().from(clinics).where(eq(clinics.slug, slug));
  return clinic;
}

/** A fresh operatory, so the seeded calendar never decides a match. */
async function newOperatory(db: Db, clinicId: string) {
  const [room] = await db.insert(operatories)
    .values({ clinicId, name: `Sensor room ${crypto.randomUUID().slice(0, 8)}` }).returning();
  return room;
}

async function clinicPatients(db: Db, clinicId: string, n: number) {
  return await db.select().from(patients).where(eq(patients.clinicId, clinicId))
    .orderBy(asc(patients.mrn)).limit(n);
}

async function register(app: TestApp, jar: unknown, body: Record<string, unknown>) {
  const res = await app.json("POST", "/api/v1/bridge/devices", body, { jar: jar as never });
  assertEquals(res.status, 201, await res.clone().text());
  return await res.json() as { id: string; apiKey: string };
}

function upload(
  app: TestApp,
  apiKey: string,
  bytes: Uint8Array,
  options: { name?: string; at?: Date; sha?: string; stream?: boolean } = {},
) {
  return (async () => {
    const sha = options.sha ?? await sha256Hex(bytes);
    return await app.request("/api/v1/bridge/captures", {
      method: "POST",
      noOrigin: true,
      headers: {
        authorization: `Bearer ${apiKey}`,
        "x-file-name": options.name ?? "capture.dcm",
        "x-captured-at": (options.at ?? new Date()).toISOString(),
        "x-content-sha256": sha,
        "content-type": "application/octet-stream",
      },
      body: options.stream ? ReadableStream.from([bytes]) : bytes as Uint8Array<ArrayBuffer>,
    });
  })();
}

const countOf = async (db: Db, table: typeof storedFiles | typeof xrayCaptures, clinicId: string) =>
  (await db.select({ n: count() }).from(table).where(eq(table.clinicId, clinicId)))[0].n;

const eventCount = async (db: Db, clinicId: string) =>
  (await db.select({ n: count() }).from(events).where(eq(events.clinicId, clinicId)))[0].n;

testOnEachDatabase("bridge API", async (t, database) => {
  const step = appSteps(t, database);
  const db = database.db;
  const demo = await clinicBySlug(db, "demo-dental");
  const second = await clinicBySlug(db, "second-smile");
  const room = await newOperatory(db, demo.id);
  const [byDicom, byName, byVisit] = await clinicPatients(db, demo.id, 3);

  await step(
    "a registered device gets a key once; its heartbeat shows in the list",
    async (app) => {
      const { jar } = await app.login("owner@demo-dental.test");
      const { id, apiKey } = await register(app, jar, {
        name: "Room sensor",
        operatoryId: room.id,
      });
      assertMatch(apiKey, /^odxb_[A-Za-z0-9_-]{43}$/);
      const beat = await app.json("POST", "/api/v1/bridge/heartbeat", {
        version: "1.4.2",
        queueLength: 0,
      }, { headers: { authorization: `Bearer ${apiKey}` }, noOrigin: true });
      assertEquals(await beat.json(), {
        ok: true,
        deviceName: "Room sensor",
        clinicName: demo.name,
      });
      const list = await (await app.request("/api/v1/bridge/devices", { jar })).json();
      const device = list.devices.find((d: { id: string }) => d.id === id);
      assertEquals([device.lastVersion, device.capturesToday], ["1.4.2", 0]);
      assert(device.lastSeenAt, "last seen is set");
      assert(!JSON.stringify(list).includes(apiKey), "the key is never listed");
    },
  );

  await step(
    "a heartbeat's queue length and last error are kept; silence for three intervals reads offline",
    async (app) => {
      const { jar } = await app.login("owner@demo-dental.test");
      const { id, apiKey } = await register(app, jar, { name: "Backlog", operatoryId: room.id });
      const beat = (body: Record<string, unknown>) =>
        app.json("POST", "/api/v1/bridge/heartbeat", { version: "1.5.0", ...body }, {
          headers: { authorization: `Bearer ${apiKey}` },
          noOrigin: true,
        });
      const listed = async () => {
        const list = await (await app.request("/api/v1/bridge/devices", { jar })).json();
        return list.devices.find((d: { id: string }) => d.id === id);
      };
      const never = await listed();
      assertEquals([never.queueLength, never.lastError, never.offline], [null, null, true]);

      const errorAt = "2026-11-20T09:30:00.000Z";
      const first = await beat({
        queueLength: 12,
        lastError: "server unreachable: connection refused",
        lastErrorAt: errorAt,
        heartbeatIntervalSeconds: 30,
      });
      assertEquals(first.status, 200);
      await first.body?.cancel();
      let device = await listed();
      assertEquals(
        [device.queueLength, device.lastError, device.lastErrorAt, device.offline],
        [12, "server unreachable: connection refused", errorAt, false],
      );

      // A bridge clock running ahead cannot date an error in the future.
      const ahead = await beat({
        queueLength: 3,
        lastError: "disk full",
        lastErrorAt: "2099-01-01T00:00:00Z",
      });
      await ahead.body?.cancel();
      device = await listed();
      assertEquals([device.queueLength, device.lastError], [3, "disk full"]);
      assert(new Date(device.lastErrorAt).getTime() <= Date.now(), device.lastErrorAt);

      const bad = await beat({ queueLength: -1 });
      assertEquals([bad.status, (await bad.json()).code], [400, "VALIDATION_FAILED"]);
      const badTime = await beat({ queueLength: 1, lastError: "x", lastErrorAt: "yesterday" });
      assertEquals(badTime.status, 400);
      await badTime.body?.cancel();
      assertEquals((await listed()).queueLength, 3, "a refused heartbeat changes nothing");

      const clear = await beat({ queueLength: 0 });
      await clear.body?.cancel();
      device = await listed();
      assertEquals([device.queueLength, device.lastError, device.lastErrorAt], [0, null, null]);

      // 30 s interval: 89 s of silence is still online, 91 s is offline.
      const { bridgeDevices } = await import("../../../../lib/db/schema.ts");
      await db.update(bridgeDevices).set({ lastSeenAt: new Date(Date.now() - 89_000) })
        .where(eq(bridgeDevices.id, id));
      assertEquals((await listed()).offline, false);
      await db.update(bridgeDevices).set({ lastSeenAt: new Date(Date.now() - 91_000) })
        .where(eq(bridgeDevices.id, id));
      assertEquals((await listed()).offline, true);
    },
  );

  await step("matching: DICOM PatientID, then file name, then the appointment", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const { apiKey } = await register(app, jar, {
      name: "Matcher",
      operatoryId: room.id,
      filenamePattern: "{mrn}_{any}",
    });
    const [doctor] = await db.select({ id: users.id }).from(users)
      .innerJoin(clinicMembers, eq(clinicMembers.userId, users.id))
      .where(and(eq(users.email, "doctor@demo-dental.test"), eq(clinicMembers.clinicId, demo.id)));
    const at = new Date("2026-03-02T10:00:00Z");
    const [visit] = await db.insert(appointments).values({
      clinicId: demo.id,
      patientId: byVisit.id,
      doctorId: doctor.id,
      operatoryId: room.id,
      startsAt: new Date(at.getTime() - 10 * 60_000),
      durationMinutes: 30,
      type: "Check-up",
      status: "in_progress",
    }).returning();

    const all = dicomFile({ patientId: byDicom.mrn });
    const res1 = await upload(app, apiKey, all, { name: `${byName.mrn}_1.dcm`, at });
    assertEquals(res1.status, 201);
    const first = await res1.json();
    assertEquals([first.patientId, first.status, first.duplicate], [byDicom.id, "assigned", false]);

    const named = dicomFile({ patientId: "NO-SUCH-MRN" });
    const second = await (await upload(app, apiKey, named, { name: `${byName.mrn}_2.dcm`, at }))
      .json();
    assertEquals(second.patientId, byName.id);

    const plain = await (await upload(app, apiKey, dicomFile({}), { name: "IMG_0003.dcm", at }))
      .json();
    assertEquals(plain.patientId, byVisit.id);

    const late = new Date(at.getTime() + 3 * 3600_000);
    const none = await (await upload(app, apiKey, dicomFile({}), { name: "IMG_4.dcm", at: late }))
      .json();
    assertEquals([none.patientId, none.status], [null, "unassigned"]);

    const rows = await db.select().from(xrayCaptures)
      .where(eq(
        xrayCaptures.deviceId,
        (await db.select().from(xrayCaptures)
          .where(eq(xrayCaptures.id, first.id)))[0].deviceId!,
      ));
    const method = (id: string) => rows.find((r) => r.id === id)!;
    assertEquals(method(first.id).matchMethod, "dicom_patient_id");
    assertEquals(method(second.id).matchMethod, "filename");
    assertEquals([method(plain.id).matchMethod, method(plain.id).appointmentId], [
      "appointment",
      visit.id,
    ]);
    assertEquals(method(none.id).matchMethod, null);
    assertEquals(method(plain.id).operatoryId, room.id);

    const [event] = await db.select().from(events).where(and(
      eq(events.clinicId, demo.id),
      eq(events.type, "xray.captured"),
    )).orderBy(events.id);
    assert(event, "an xray.captured event was published");
    const mine = await db.select().from(events).where(eq(events.type, "xray.captured"));
    const forFirst = mine.find((e) => e.data.captureId === first.id)!;
    assertEquals(forFirst.permission, "radiology.view");
    assertEquals(forFirst.data.patientName, byDicom.fullName);
    assertEquals(mine.find((e) => e.data.captureId === none.id)!.data.patientName, null);
  });

  await step(
    "the same content again answers 200 with the same capture, even concurrently",
    async (app) => {
      const { jar } = await app.login("owner@demo-dental.test");
      const { apiKey } = await register(app, jar, { name: "Retrier", operatoryId: room.id });
      const bytes = dicomFile({});
      const first = await upload(app, apiKey, bytes);
      assertEquals(first.status, 201);
      const { id } = await first.json();
      const again = await upload(app, apiKey, bytes);
      assertEquals([again.status, (await again.json()).id], [200, id]);

      const raced = dicomFile({});
      const filesBefore = await countOf(db, storedFiles, demo.id);
      const eventsBefore = await eventCount(db, demo.id);
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => upload(app, apiKey, raced, { stream: true })),
      );
      const bodies = await Promise.all(answers.map((r) => r.json()));
      assertEquals(answers.map((r) => r.status).sort(), [200, 200, 200, 200, 201]);
      assertEquals(new Set(bodies.map((b) => b.id)).size, 1);
      assertEquals(await countOf(db, storedFiles, demo.id), filesBefore + 1);
      assertEquals(await eventCount(db, demo.id), eventsBefore + 1);
      const root = (app.deps.storage as LocalObjectStore).root;
      const objects = (await filesUnder(root)).filter((f) => !f.endsWith(".meta.json"));
      const rows = await db.select({ key: storedFiles.objectKey }).from(storedFiles);
      const keys = new Set(rows.map((r) => `${root}/${r.key}`));
      assertEquals(objects.filter((f) => !keys.has(f)), [], "no orphaned objects");
    },
  );

  await step(
    "different bytes claiming a stored capture's SHA-256 are refused; a true retry is not",
    async (app) => {
      const { jar } = await app.login("owner@demo-dental.test");
      const { apiKey } = await register(app, jar, { name: "Claimant", operatoryId: room.id });
      const original = dicomFile({});
      const sha = await sha256Hex(original);
      const first = await upload(app, apiKey, original);
      assertEquals(first.status, 201);
      const { id } = await first.json();

      const root = (app.deps.storage as LocalObjectStore).root;
      const state = async () => [
        await countOf(db, storedFiles, demo.id),
        await countOf(db, xrayCaptures, demo.id),
        await eventCount(db, demo.id),
        (await filesUnder(root)).sort(),
      ];
      const before = await state();

      for (const stream of [false, true]) {
        const retry = await upload(app, apiKey, original, { stream });
        const retried = await retry.json();
        assertEquals([retry.status, retried.id, retried.duplicate], [200, id, true]);

        const impostor = await upload(app, apiKey, dicomFile({}), { sha, stream });
        const refused = await impostor.json();
        assertEquals([impostor.status, refused.code], [400, "SHA256_MISMATCH"], `stream ${stream}`);
        assertMatch(refused.error, /does not match X-Content-SHA256/);
        assertEquals(await state(), before, "nothing stored, nothing announced");
      }

      const { capture } = await (await app.request(`/api/v1/captures/${id}`, { jar })).json();
      const content = await app.request(`/api/v1/files/${capture.fileId}/content`, { jar });
      assertEquals(content.status, 200);
      assertEquals(new Uint8Array(await content.arrayBuffer()), original, "the first bytes kept");
    },
  );

  await step("a body whose SHA-256 does not match is refused and leaves nothing", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const { apiKey } = await register(app, jar, { name: "Corrupt", operatoryId: room.id });
    const before = [
      await countOf(db, storedFiles, demo.id),
      await countOf(db, xrayCaptures, demo.id),
      await eventCount(db, demo.id),
    ];
    const res = await upload(app, apiKey, dicomFile({}), { sha: "0".repeat(64), stream: true });
    assertEquals([res.status, (await res.json()).code], [400, "SHA256_MISMATCH"]);
    assertEquals([
      await countOf(db, storedFiles, demo.id),
      await countOf(db, xrayCaptures, demo.id),
      await eventCount(db, demo.id),
    ], before);
    assertEquals(await filesUnder((app.deps.storage as LocalObjectStore).root), []);
  });

  await step("a capture over CAPTURE_MAX_BYTES is a 413, streamed or declared", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const { apiKey } = await register(app, jar, { name: "Big", operatoryId: room.id });
    const big = crypto.getRandomValues(new Uint8Array(4096));
    for (const stream of [false, true]) {
      const res = await upload(app, apiKey, big, { stream });
      assertEquals([res.status, (await res.json()).code], [413, "PAYLOAD_TOO_LARGE"]);
    }
    assertEquals(await filesUnder((app.deps.storage as LocalObjectStore).root), []);
    const small = await upload(app, apiKey, big.subarray(0, 1000));
    assertEquals(small.status, 201);
  }, { CAPTURE_MAX_BYTES: "2048" });

  await step("unknown 401, regenerated old key 401, revoked 403", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const bytes = dicomFile({});
    const unknown = await upload(app, `odxb_${"A".repeat(43)}`, bytes);
    assertEquals([unknown.status, (await unknown.json()).code], [401, "INVALID_DEVICE_KEY"]);
    const garbage = await upload(app, "nonsense", bytes);
    assertEquals(garbage.status, 401);
    await garbage.body?.cancel();

    const { id, apiKey } = await register(app, jar, { name: "Rotated", operatoryId: room.id });
    const rotated = await app.request(`/api/v1/bridge/devices/${id}/regenerate`, {
      method: "POST",
      jar,
    });
    const { apiKey: newKey } = await rotated.json();
    assert(newKey !== apiKey);
    const old = await upload(app, apiKey, bytes);
    assertEquals([old.status, (await old.json()).code], [401, "INVALID_DEVICE_KEY"]);
    assertEquals((await upload(app, newKey, bytes)).status, 201);

    const revoked = await app.request(`/api/v1/bridge/devices/${id}`, { method: "DELETE", jar });
    assertEquals(revoked.status, 200);
    await revoked.body?.cancel();
    const refused = await upload(app, newKey, dicomFile({}));
    assertEquals([refused.status, (await refused.json()).code], [403, "DEVICE_REVOKED"]);
    const beat = await app.json("POST", "/api/v1/bridge/heartbeat", {
      version: "1",
      queueLength: 0,
    }, {
      headers: { authorization: `Bearer ${newKey}` },
      noOrigin: true,
    });
    assertEquals(beat.status, 403);
    await beat.body?.cancel();
  });

  await step("a Free-plan clinic's devices and staff are refused the module", async (app) => {
    const { registerDevice } = await import("../../../../lib/bridge/devices.ts");
    const [owner] = await db.select({ id: users.id }).from(users)
      .where(eq(users.email, "owner@second-smile.test"));
    const secondRoom = await newOperatory(db, second.id);
    const { apiKey } = await registerDevice(db, {
      clinicId: second.id,
      name: "Leftover",
      operatoryId: secondRoom.id,
      actorId: owner.id,
    });
    const res = await upload(app, apiKey, dicomFile({}));
    assertEquals([res.status, (await res.json()).code], [403, "MODULE_DISABLED"]);
    const { jar } = await app.login("owner@second-smile.test");
    const list = await app.request("/api/v1/bridge/devices", { jar });
    assertEquals([list.status, (await list.json()).code], [403, "MODULE_DISABLED"]);
    const inbox = await app.request("/api/v1/captures?status=unassigned", { jar });
    assertEquals(inbox.status, 403);
    await inbox.body?.cancel();
  });

  await step("another clinic's key files captures only in that clinic", async (app) => {
    await db.insert(clinicModules).values({
      clinicId: second.id,
      moduleKey: "bridge",
      isEnabled: true,
    }).onConflictDoUpdate({
      target: [clinicModules.clinicId, clinicModules.moduleKey],
      set: { isEnabled: true },
    });
    try {
      const owner = await app.login("owner@second-smile.test");
      const secondRoom = await newOperatory(db, second.id);
      const { apiKey } = await register(app, owner.jar, {
        name: "Theirs",
        operatoryId: secondRoom.id,
      });
      // Carries a Demo Dental MRN that Second Smile has not given out: it must not be found
      // from there. (Each clinic numbers its own patients, so low MRNs exist in both.)
      const theirs = new Set(
        (await db.select({ mrn: patients.mrn }).from(patients)
          .where(eq(patients.clinicId, second.id))).map((p) => p.mrn),
      );
      const ours = (await db.select({ mrn: patients.mrn }).from(patients)
        .where(eq(patients.clinicId, demo.id))).find((p) => !theirs.has(p.mrn));
      assert(ours, "a Demo Dental MRN unknown to Second Smile");
      const res = await upload(app, apiKey, dicomFile({ patientId: ours.mrn }));
      const capture = await res.json();
      assertEquals([res.status, capture.patientId], [201, null]);
      const [row] = await db.select().from(xrayCaptures).where(eq(xrayCaptures.id, capture.id));
      assertEquals(row.clinicId, second.id);
      const demoOwner = await app.login("owner@demo-dental.test");
      const peek = await app.request(`/api/v1/captures/${capture.id}`, { jar: demoOwner.jar });
      assertEquals(peek.status, 404);
      await peek.body?.cancel();
      // Nor can the other clinic's staff bind a device to this clinic's operatory.
      const foreign = await app.json("POST", "/api/v1/bridge/devices", {
        name: "Sneaky",
        operatoryId: room.id,
      }, { jar: owner.jar });
      assertEquals(foreign.status, 404);
      await foreign.body?.cancel();
    } finally {
      await db.delete(clinicModules).where(eq(clinicModules.clinicId, second.id));
    }
  });

  await step("device management: sessions, permissions, bodies and other clinics", async (app) => {
    const none = await app.request("/api/v1/bridge/devices");
    assertEquals(none.status, 401);
    await none.body?.cancel();
    const owner = await app.login("owner@demo-dental.test");
    const { id } = await register(app, owner.jar, { name: "Managed", operatoryId: room.id });
    const doctor = await app.login("doctor@demo-dental.test");
    const refused = await app.request(`/api/v1/bridge/devices/${id}/regenerate`, {
      method: "POST",
      jar: doctor.jar,
    });
    assertEquals([refused.status, (await refused.json()).code], [403, "FORBIDDEN"]);
    for (
      const body of [
        {},
        { name: "", operatoryId: room.id },
        { name: "x", operatoryId: room.id, category: "xray" },
        { name: "x", operatoryId: room.id, filenamePattern: "{patient}" },
        { name: "x", operatoryId: room.id, extra: 1 },
      ]
    ) {
      const res = await app.json("POST", "/api/v1/bridge/devices", body, { jar: owner.jar });
      assertEquals(res.status, 400, JSON.stringify(body));
      await res.body?.cancel();
    }
    const text = await app.request("/api/v1/bridge/devices", {
      method: "POST",
      body: "name=x",
      headers: { "content-type": "text/plain" },
      jar: owner.jar,
    });
    assertEquals(text.status, 415);
    await text.body?.cancel();
    for (
      const path of [
        `/api/v1/bridge/devices/not-a-uuid`,
        `/api/v1/bridge/devices/${crypto.randomUUID()}`,
      ]
    ) {
      const res = await app.request(path, { method: "DELETE", jar: owner.jar });
      assertEquals(res.status, 404, path);
      await res.body?.cancel();
    }
    const heartbeat = await app.json("POST", "/api/v1/bridge/heartbeat", { version: 1 }, {
      headers: { authorization: `Bearer odxb_${"B".repeat(43)}` },
      noOrigin: true,
    });
    assertEquals(heartbeat.status, 401, "the key is checked before the body");
    await heartbeat.body?.cancel();
  });
});
