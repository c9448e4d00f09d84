import { and, count, desc, eq } from "drizzle-orm";
import { strToU8, zipSync } from "fflate";
import { assert, assertEquals } from "../../../support/assert.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../../../support/test-app.ts";
import type { CookieJar } from "../../../support/cookie-jar.ts";
import { clinicFixture, createPatient } from "../../../lib/appointments/fixtures.ts";
import {
  dicomFile,
  dicomSeriesFiles,
  newUid,
  notDicom,
  truncatedDicom,
} from "../../../support/dicom-fixtures.ts";
import type { Db } from "../../../../lib/db/client.ts";
import {
  activityLog,
  dicomInstances,
  dicomStudies,
  patients,
  storedFiles,
  xrayCaptures,
} from "../../../../lib/db/schema.ts";
import { saveFile } from "../../../../lib/storage/files.ts";

async function mrnOf(db: Db, patientId: string): Promise<string> {
  const [row] = await db.select({ mrn: patients.mrn }).from(patients)
    .where(eq(patients.id, patientId));
  return row.mrn;
}

function upload(
  app: TestApp,
  jar: CookieJar | undefined,
  patientId: string,
  body: Uint8Array | null,
  contentType: string,
  query = "",
) {
  return app.request(`/api/v1/patients/${patientId}/dicom${query}`, {
    method: "POST",
    body: body as BodyInit | null,
    headers: { "content-type": contentType },
    jar,
  });
}

/** What the clinic has stored: studies, instances and files. */
async function holdings(db: Db, clinicId: string) {
  const [studies] = await db.select({ n: count() }).from(dicomStudies)
    .where(eq(dicomStudies.clinicId, clinicId));
  const [instances] = await db.select({ n: count() }).from(dicomInstances)
    .where(eq(dicomInstances.clinicId, clinicId));
  const [files] = await db.select({ n: count() }).from(storedFiles)
    .where(eq(storedFiles.clinicId, clinicId));
  return { studies: studies.n, instances: instances.n, files: files.n };
}

testOnEachDatabase("DICOM upload and radiology API", async (t, database) => {
  const step = appSteps(t, database);
  const db = database.db;
  const demo = await clinicFixture(db, "demo-dental");
  const other = await clinicFixture(db, "second-smile");
  const patientId = await createPatient(db, demo.id, "Ayesha Khan");
  const mrn = await mrnOf(db, patientId);
  const otherPatientId = await createPatient(db, other.id, "Bilal Ahmed");

  await step("every route needs a session", async (app) => {
    const routes: [string, string, unknown?][] = [
      ["POST", `/api/v1/patients/${patientId}/dicom`, {}],
      ["GET", `/api/v1/patients/${patientId}/radiology`],
      ["GET", `/api/v1/dicom/series/${crypto.randomUUID()}/instances`],
      ["PATCH", `/api/v1/dicom/studies/${crypto.randomUUID()}`, { teeth: [11] }],
    ];
    for (const [method, path, body] of routes) {
      const res = await app.json(method, path, body);
      assertEquals(res.status, 401, `${method} ${path}`);
      assertEquals((await res.json()).code, "UNAUTHENTICATED");
    }
  });

  await step(
    "one DICOM file is filed once; the same instance again is a duplicate",
    async (app) => {
      const { jar } = await app.login("doctor@demo-dental.test");
      const before = await holdings(db, demo.id);
      const file = dicomFile({ patientId: mrn, pixelSpacing: [0.2, 0.2], modality: "IO" });
      const first = await app.request(`/api/v1/patients/${patientId}/dicom`, {
        method: "POST",
        body: file as BodyInit,
        headers: {
          "content-type": "application/dicom",
          "x-file-name": encodeURIComponent("Röntgen 2026.dcm"),
        },
        jar,
      });
      assertEquals(first.status, 201);
      assertEquals(await first.json(), { imported: 1, duplicates: 0, skipped: [] });
      const again = await upload(app, jar, patientId, file, "application/dicom");
      assertEquals(again.status, 200);
      assertEquals(await again.json(), { imported: 0, duplicates: 1, skipped: [] });
      const [stored] = await db.select({ name: storedFiles.originalName }).from(storedFiles)
        .where(eq(storedFiles.clinicId, demo.id)).orderBy(desc(storedFiles.createdAt)).limit(1);
      assertEquals(stored.name, "Röntgen 2026.dcm");
      const after = await holdings(db, demo.id);
      assertEquals(after, {
        studies: before.studies + 1,
        instances: before.instances + 1,
        files: before.files + 1,
      });
    },
  );

  await step("a file that is not DICOM is a clear 400 and stores nothing", async (app) => {
    const { jar } = await app.login("doctor@demo-dental.test");
    const before = await holdings(db, demo.id);
    for (const body of [notDicom(), truncatedDicom()]) {
      const res = await upload(app, jar, patientId, body, "application/dicom");
      assertEquals(res.status, 400);
      const json = await res.json();
      assertEquals(json.code, "NOT_DICOM");
      assert(json.error.startsWith("The file cannot be imported: "), json.error);
    }
    const empty = await upload(app, jar, patientId, null, "application/dicom");
    assertEquals([empty.status, (await empty.json()).code], [400, "EMPTY_UPLOAD"]);
    const wrongType = await upload(app, jar, patientId, dicomFile(), "image/png");
    assertEquals(wrongType.status, 415);
    assertEquals((await wrongType.json()).code, "UNSUPPORTED_MEDIA_TYPE");
    assertEquals(await holdings(db, demo.id), before);
  });

  await step("a ZIP of a series is filed; other files are listed as skipped", async (app) => {
    const { jar } = await app.login("doctor@demo-dental.test");
    const slices = dicomSeriesFiles(5, { patientId: mrn, pixelSpacing: [0.5, 0.4] });
    // Reverse archive order: the viewer still gets the slices by instance number.
    const entries: Record<string, Uint8Array> = {};
    for (const [i, bytes] of slices.entries()) entries[`CT/slice-${5 - i}.dcm`] = bytes;
    entries["CT/readme.txt"] = notDicom();
    entries["CT/broken.dcm"] = truncatedDicom();
    entries["CT/again.dcm"] = slices[0];
    const res = await upload(app, jar, patientId, zipSync(entries), "application/zip");
    assertEquals(res.status, 201);
    const summary = await res.json();
    assertEquals([summary.imported, summary.duplicates], [5, 1]);
    assertEquals(summary.skipped.map((s: { name: string }) => s.name), [
      "CT/readme.txt",
      "CT/broken.dcm",
    ]);
    assert(summary.skipped[0].reason.startsWith("not a DICOM file"), summary.skipped[0].reason);

    const listing = await app.request(`/api/v1/patients/${patientId}/radiology`, { jar });
    assertEquals(listing.status, 200);
    const { items } = await listing.json();
    const study = items.find((i: { kind: string; series?: { instanceCount: number }[] }) =>
      i.kind === "study" && i.series?.[0]?.instanceCount === 5
    );
    assert(study, "the new study is listed");
    assertEquals(items[0].id, study.id, "newest first");
    assertEquals([study.modality, study.description, study.studyDate, study.teeth], [
      "CT",
      "CBCT maxilla",
      "2026-11-20",
      [],
    ]);
    assertEquals(study.thumbnailUrl.startsWith("/api/v1/files/"), true);

    const instancesRes = await app.request(
      `/api/v1/dicom/series/${study.series[0].id}/instances`,
      { jar },
    );
    assertEquals(instancesRes.status, 200);
    const { instances } = await instancesRes.json();
    assertEquals(instances.map((i: { instanceNumber: number }) => i.instanceNumber), [
      1,
      2,
      3,
      4,
      5,
    ]);
    assertEquals(instances[0].pixelSpacing, [0.5, 0.4]);
    assertEquals([instances[0].rows, instances[0].columns], [32, 32]);
    assertEquals(instances[0].contentUrl, `/api/v1/files/${instances[0].fileId}/content`);
    const content = await app.request(instances[2].contentUrl, { jar });
    assertEquals(new Uint8Array(await content.arrayBuffer()), slices[2]);
  });

  await step("a study of another patient asks for confirmation and stores nothing", async (app) => {
    const { jar } = await app.login("doctor@demo-dental.test");
    const before = await holdings(db, demo.id);
    const foreign = dicomFile({ patientId: "LAB-7781", patientName: "Raza^Omar" });
    const single = await upload(app, jar, patientId, foreign, "application/dicom");
    assertEquals(single.status, 409);
    const json = await single.json();
    assertEquals([json.code, json.dicomPatientId, json.dicomPatientName], [
      "PATIENT_MISMATCH",
      "LAB-7781",
      "Raza Omar",
    ]);
    // The archive's first files match; the refusal takes them back out.
    const zip = zipSync({
      "a.dcm": dicomFile({ patientId: mrn }),
      "b.dcm": dicomFile({ patientId: mrn }),
      "c.dcm": foreign,
    });
    const mixed = await upload(app, jar, patientId, zip, "application/zip");
    assertEquals([mixed.status, (await mixed.json()).code], [409, "PATIENT_MISMATCH"]);
    assertEquals(await holdings(db, demo.id), before);

    const confirmed = await upload(
      app,
      jar,
      patientId,
      zip,
      "application/zip",
      "?confirmMismatch=1",
    );
    assertEquals(confirmed.status, 201);
    assertEquals((await confirmed.json()).imported, 3);
    const [study] = await db.select().from(dicomStudies).where(and(
      eq(dicomStudies.clinicId, demo.id),
      eq(dicomStudies.dicomPatientId, "LAB-7781"),
    ));
    assertEquals([study.patientId, study.dicomPatientName], [patientId, "Raza Omar"]);
    const [logged] = await db.select().from(activityLog).where(and(
      eq(activityLog.entityId, patientId),
      eq(activityLog.action, "radiology.dicom_imported"),
    )).orderBy(desc(activityLog.id)).limit(1);
    assertEquals(logged.details, {
      imported: 3,
      duplicates: 0,
      skipped: 0,
      confirmedMismatch: ["LAB-7781"],
    });
  });

  await step("unsafe archives are refused with a message and leave nothing behind", async (app) => {
    const { jar } = await app.login("doctor@demo-dental.test");
    const before = await holdings(db, demo.id);
    const good = () => dicomFile({ patientId: mrn });
    const cases: [Uint8Array, number, string][] = [
      [zipSync({ "a.dcm": good(), "../../etc/b.dcm": good() }), 400, "ZIP_UNSAFE_PATH"],
      [
        zipSync({ "a.dcm": good(), "inner.zip": zipSync({ "c.dcm": good() }) }),
        400,
        "ZIP_NESTED_ARCHIVE",
      ],
      [
        zipSync(Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`${i}.dcm`, good()]))),
        413,
        "ZIP_TOO_MANY_ENTRIES",
      ],
      [
        zipSync({ "a.dcm": good(), "bomb.dcm": [new Uint8Array(4 << 20), { level: 9 }] }),
        413,
        "ZIP_TOO_LARGE",
      ],
      [strToU8("PK? not really"), 400, "NOT_A_ZIP"],
    ];
    for (const [zip, status, code] of cases) {
      const res = await upload(app, jar, patientId, zip, "application/zip");
      const json = await res.json();
      assertEquals([res.status, json.code], [status, code], code);
      assert(json.error.length > 10, json.error);
    }
    assertEquals(await holdings(db, demo.id), before);
  }, { DICOM_ZIP_MAX_ENTRIES: "3", DICOM_ZIP_MAX_BYTES: String(1 << 20) });

  await step("Windows browsers' ZIP content type is accepted too", async (app) => {
    const { jar } = await app.login("doctor@demo-dental.test");
    const zip = zipSync({ "x.dcm": dicomFile({ patientId: mrn }) });
    const res = await upload(app, jar, patientId, zip, "application/x-zip-compressed");
    assertEquals(res.status, 201);
  });

  await step("teeth are tagged on a study with FDI numbers only", async (app) => {
    const { jar } = await app.login("nurse@demo-dental.test");
    const [study] = await db.select({ id: dicomStudies.id }).from(dicomStudies)
      .where(eq(dicomStudies.patientId, patientId)).limit(1);
    const path = `/api/v1/dicom/studies/${study.id}`;
    const ok = await app.json("PATCH", path, { teeth: [36, 11, 36, 85] }, { jar });
    assertEquals(ok.status, 200);
    assertEquals((await ok.json()).study.teeth, [11, 36, 85]);
    const listing = await (await app.request(`/api/v1/patients/${patientId}/radiology`, { jar }))
      .json();
    assertEquals(listing.items.find((i: { id: string }) => i.id === study.id).teeth, [11, 36, 85]);

    const bad: [unknown, number][] = [
      [{ teeth: [19] }, 400],
      [{ teeth: ["11"] }, 400],
      [{ teeth: [11], extra: 1 }, 400],
      [{}, 400],
      ["not json", 400],
    ];
    for (const [body, status] of bad) {
      const res = await app.json("PATCH", path, body, { jar });
      assertEquals(res.status, status, JSON.stringify(body));
    }
    const text = await app.request(path, {
      method: "PATCH",
      body: "teeth=11",
      headers: { "content-type": "text/plain" },
      jar,
    });
    assertEquals(text.status, 415);
    const [after] = await db.select({ teeth: dicomStudies.teeth }).from(dicomStudies)
      .where(eq(dicomStudies.id, study.id));
    assertEquals(after.teeth, [11, 36, 85]);
  });

  await step("another clinic's patient, series and study answer 404", async (app) => {
    const { jar } = await app.login("owner@second-smile.test");
    // Second Smile has no DICOM module; enable nothing and read as its owner instead.
    const [study] = await db.select({ id: dicomStudies.id }).from(dicomStudies)
      .where(eq(dicomStudies.clinicId, demo.id)).limit(1);
    const radiology = await app.request(`/api/v1/patients/${patientId}/radiology`, { jar });
    assertEquals(radiology.status, 404);

    const demoOwner = (await app.login("owner@demo-dental.test")).jar;
    const cases: [string, string, unknown?][] = [
      ["GET", `/api/v1/patients/${otherPatientId}/radiology`],
      ["GET", `/api/v1/patients/not-a-uuid/radiology`],
      ["GET", `/api/v1/dicom/series/${crypto.randomUUID()}/instances`],
      ["GET", `/api/v1/dicom/series/not-a-uuid/instances`],
      ["PATCH", `/api/v1/dicom/studies/${crypto.randomUUID()}`, { teeth: [11] }],
      ["PATCH", `/api/v1/dicom/studies/not-a-uuid`, { teeth: [11] }],
    ];
    for (const [method, path, body] of cases) {
      const res = await app.json(method, path, body, { jar: demoOwner });
      assertEquals(res.status, 404, `${method} ${path}`);
    }
    const foreignUpload = await upload(
      app,
      demoOwner,
      otherPatientId,
      dicomFile({ patientId: "X" }),
      "application/dicom",
    );
    assertEquals(foreignUpload.status, 404);
    const badId = await upload(app, demoOwner, "123", dicomFile(), "application/dicom");
    assertEquals(badId.status, 404);
    assert(study);
  });

  await step("each route needs its permission and the DICOM module", async (app) => {
    const nurse = (await app.login("nurse@demo-dental.test")).jar;
    const refused = await upload(
      app,
      nurse,
      patientId,
      dicomFile({ patientId: mrn }),
      "application/dicom",
    );
    assertEquals(refused.status, 403);
    assertEquals(await refused.json(), {
      error: 'You do not have permission "radiology.dicom.upload"',
      code: "FORBIDDEN",
      permission: "radiology.dicom.upload",
    });
    const reception = (await app.login("reception@demo-dental.test")).jar;
    const cases: [string, string, string, unknown?][] = [
      ["GET", `/api/v1/patients/${patientId}/radiology`, "radiology.view"],
      ["GET", `/api/v1/dicom/series/${crypto.randomUUID()}/instances`, "radiology.dicom.view"],
      ["PATCH", `/api/v1/dicom/studies/${crypto.randomUUID()}`, "radiology.tags.edit", {
        teeth: [11],
      }],
    ];
    for (const [method, path, permission, body] of cases) {
      const res = await app.json(method, path, body, { jar: reception });
      assertEquals(res.status, 403, path);
      assertEquals((await res.json()).permission, permission);
    }
    const free = (await app.login("owner@second-smile.test")).jar;
    const noModule = await upload(app, free, otherPatientId, dicomFile(), "application/dicom");
    assertEquals(noModule.status, 403);
    assertEquals((await noModule.json()).code, "MODULE_DISABLED");
  });

  await step("captures and studies share one list, newest first", async (app) => {
    const { jar } = await app.login("doctor@demo-dental.test");
    const fresh = await createPatient(db, demo.id, "Sana Malik");
    const freshMrn = await mrnOf(db, fresh);
    const file = await saveFile(db, app.deps.storage, {
      clinicId: demo.id,
      body: strToU8("fake sensor image"),
      contentType: "image/png",
      originalName: "IMG_0001.png",
    });
    const [capture] = await db.insert(xrayCaptures).values({
      clinicId: demo.id,
      fileId: file.id,
      sha256: file.sha256,
      patientId: fresh,
      operatoryId: demo.operatoryIds[0],
      category: "bitewing",
      capturedAt: new Date(Date.now() + 60_000),
      teeth: [16, 46],
      matchMethod: "manual",
    }).returning();
    const older = await db.insert(xrayCaptures).values({
      clinicId: demo.id,
      fileId: (await saveFile(db, app.deps.storage, {
        clinicId: demo.id,
        body: strToU8("older"),
        contentType: "image/jpeg",
      })).id,
      sha256: "0".repeat(64),
      patientId: fresh,
      category: "periapical",
      capturedAt: new Date("2026-01-01T10:00:00Z"),
      matchMethod: "manual",
    }).returning();
    await upload(app, jar, fresh, dicomFile({ patientId: freshMrn }), "application/dicom");
    const { items } = await (await app.request(`/api/v1/patients/${fresh}/radiology`, { jar }))
      .json();
    assertEquals(items.map((i: { kind: string }) => i.kind), ["capture", "study", "capture"]);
    assertEquals(items[0], {
      kind: "capture",
      id: capture.id,
      fileId: file.id,
      capturedAt: capture.capturedAt.toISOString(),
      category: "bitewing",
      teeth: [16, 46],
      operatoryId: demo.operatoryIds[0],
      operatoryName: "Operatory 1",
      appointmentId: null,
      contentType: "image/png",
      originalName: "IMG_0001.png",
      contentUrl: `/api/v1/files/${file.id}/content`,
      thumbnailUrl: `/api/v1/files/${file.id}/thumbnail`,
      labCase: null,
    });
    assertEquals(items[2].id, older[0].id);
    assertEquals(items[1].series[0].instanceCount, 1);
  });

  await step(
    "a streamed upload over real HTTP is filed, or refused, as it arrives",
    async (app) => {
      const { jar } = await app.login("doctor@demo-dental.test");
      const server = Deno.serve(
        { port: 0, hostname: "127.0.0.1", onListen: () => {} },
        (request, info) => app.app.fetch(request, info),
      );
      /** Sends `zip` the way a browser's streamed upload does: in chunks, as they are read. */
      const send = (zip: Uint8Array) => {
        let offset = 0;
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            await new Promise((resolve) => setTimeout(resolve, 1));
            if (offset >= zip.length) return controller.close();
            controller.enqueue(zip.slice(offset, offset + 64 * 1024));
            offset += 64 * 1024;
          },
        });
        return fetch(`http://127.0.0.1:${server.addr.port}/api/v1/patients/${patientId}/dicom`, {
          method: "POST",
          body,
          duplex: "half",
          headers: {
            "content-type": "application/zip",
            cookie: jar.header(),
            origin: "http://localhost:8000",
          },
        } as RequestInit);
      };
      try {
        const slices = dicomSeriesFiles(3, { patientId: mrn, studyInstanceUid: newUid() });
        const res = await send(zipSync(Object.fromEntries(slices.map((s, i) => [`s${i}.dcm`, s]))));
        assertEquals(res.status, 201);
        assertEquals(await res.json(), { imported: 3, duplicates: 0, skipped: [] });

        // Refused at the first entry while megabytes are still on their way: the client still
        // reads the answer rather than a reset connection.
        const filler = crypto.getRandomValues(new Uint8Array(65536));
        const large = zipSync({
          "a.dcm": dicomFile({ patientId: "LAB-1" }),
          ...Object.fromEntries(
            Array.from({ length: 128 }, (_, i) => [`pad/${i}.bin`, [filler, { level: 0 }]]),
          ),
        });
        const refused = await send(large);
        assertEquals(refused.status, 409);
        assertEquals((await refused.json()).code, "PATIENT_MISMATCH");
      } finally {
        await server.shutdown();
      }
    },
  );
});
