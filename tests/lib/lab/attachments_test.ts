import { assert, assertEquals, assertRejects } from "../../support/assert.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import { clinicFixture, createPatient, userId } from "../appointments/fixtures.ts";
import {
  createCase,
  createLab,
  dicomZip,
  pdfBytes,
  pngBytes,
  stlBytes,
} from "../../support/lab-fixtures.ts";
import { LocalObjectStore } from "../../../lib/storage/local-store.ts";
import { attachToCase, decodeFileName } from "../../../lib/lab/attachments.ts";
import type { CaseActor } from "../../../lib/lab/timeline.ts";
import { listPatientRadiology } from "../../../lib/radiology/listing.ts";
import { formatCaseNumber } from "../../../lib/lab/statuses.ts";
import type { AppError } from "../../../lib/errors.ts";

const LIMITS = { maxEntries: 100, maxBytes: 50 * 1024 ** 2, maxEntryBytes: 10 * 1024 ** 2 };

Deno.test("X-File-Name is percent-encoded UTF-8 and only a name", () => {
  assertEquals(decodeFileName(encodeURIComponent("دانت کی تصویر.png")), "دانت کی تصویر.png");
  assertEquals(decodeFileName(encodeURIComponent("Zahnkrone Müller.stl")), "Zahnkrone Müller.stl");
  assertEquals(decodeFileName(encodeURIComponent("../../etc/passwd.pdf")), "passwd.pdf");
  assertEquals(decodeFileName(undefined), null);
});

testOnEachDatabase("lab case attachments reach radiology", async (t, database) => {
  const { db } = database;
  const storageDir = await Deno.makeTempDir({ prefix: "odx-lab-attach-" });
  const storage = new LocalObjectStore(storageDir);
  const deps = { db, storage, dicomLimits: LIMITS };
  const demo = await clinicFixture(db, "demo-dental");
  const doctorId = await userId(db, "doctor@demo-dental.test");
  const lab = await createLab(db, demo.id, doctorId);
  const staff: CaseActor = { kind: "staff", userId: doctorId };
  const viaLink: CaseActor = { kind: "lab", linkId: crypto.randomUUID(), labName: lab.name };

  const attach = (caseId: string, actor: CaseActor, fileName: string, bytes: Uint8Array) =>
    attachToCase(deps, {
      clinicId: demo.id,
      caseId,
      actor,
      upload: {
        body: ReadableStream.from([bytes]),
        fileName,
        declaredSize: bytes.length,
        maxBytes: 10 * 1024 ** 2,
      },
    });

  for (const [who, actor] of [["staff", staff], ["the lab link", viaLink]] as const) {
    await t.step(`an image, a PDF and a DICOM ZIP from ${who} appear once each`, async () => {
      const patientId = await createPatient(db, demo.id, `Attach ${who}`);
      const kase = await createCase(db, {
        clinicId: demo.id,
        actorId: doctorId,
        patientId,
        labId: lab.id,
        path: ["sent_to_lab"],
      });
      const image = pngBytes();
      const pdf = pdfBytes();
      const zip = dicomZip("SOMEONE-ELSE");
      for (let round = 0; round < 2; round++) {
        const results = [
          await attach(kase.id, actor, "shade photo.png", image),
          await attach(kase.id, actor, "Rx form.pdf", pdf),
          await attach(kase.id, actor, "cbct.zip", zip),
        ];
        assertEquals(results.map((r) => r.duplicate), [round === 1, round === 1, round === 1]);
        if (round === 0) {
          assertEquals(results[2].importReport?.imported, 2);
          assertEquals(results[2].importReport?.skipped.map((s) => s.name), ["scan/readme.txt"]);
        }
      }
      const items = await listPatientRadiology(db, demo.id, patientId);
      const tag = { id: kase.id, caseNumber: formatCaseNumber(kase.number) };
      assertEquals(
        items.map((
          item,
        ) => [item.kind, item.kind === "capture" ? item.contentType : "", item.labCase])
          .sort(),
        [
          ["capture", "application/pdf", tag],
          ["capture", "image/png", tag],
          ["study", "", tag],
        ],
      );
      const study = items.find((item) => item.kind === "study")!;
      assert(study.kind === "study");
      assertEquals(study.series[0].instanceCount, 2);
    });
  }

  await t.step(
    "a scan stays a file of the case; content that is not what its name says is refused",
    async () => {
      const patientId = await createPatient(db, demo.id, "Scan Patient");
      const kase = await createCase(db, {
        clinicId: demo.id,
        actorId: doctorId,
        patientId,
        labId: lab.id,
      });
      const scan = await attach(kase.id, staff, "prep scan.stl", stlBytes());
      assertEquals([scan.attachment.kind, scan.attachment.captureId], ["scan", null]);
      for (
        const [name, bytes] of [["photo.jpg", pdfBytes()], ["form.pdf", pngBytes()], [
          "cbct.zip",
          pngBytes(),
        ], ["notes.exe", pngBytes()]] as const
      ) {
        const error = await assertRejects(() => attach(kase.id, staff, name, bytes)) as AppError;
        assertEquals(error.status, 415, name);
      }
      assertEquals(await listPatientRadiology(db, demo.id, patientId), []);
    },
  );

  await t.step("an upload over the size cap is refused and stores nothing", async () => {
    const patientId = await createPatient(db, demo.id, "Big File");
    const kase = await createCase(db, {
      clinicId: demo.id,
      actorId: doctorId,
      patientId,
      labId: lab.id,
    });
    const big = pngBytes();
    const error = await assertRejects(() =>
      attachToCase(deps, {
        clinicId: demo.id,
        caseId: kase.id,
        actor: staff,
        upload: {
          body: ReadableStream.from([big]),
          fileName: "x.png",
          declaredSize: null,
          maxBytes: 20,
        },
      })
    ) as AppError;
    assertEquals(error.status, 413);
    assertEquals(await listPatientRadiology(db, demo.id, patientId), []);
  });

  await Deno.remove(storageDir, { recursive: true });
});
