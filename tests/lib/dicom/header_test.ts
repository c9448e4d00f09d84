import { assertEquals, assertMatch } from "../../support/assert.ts";
import { NotDicomError, readDicomHeader } from "../../../lib/dicom/header.ts";
import {
  dicomFile,
  newUid,
  notDicom,
  part10,
  truncatedDicom,
} from "../../support/dicom-fixtures.ts";

function reason(bytes: Uint8Array): string {
  try {
    readDicomHeader(bytes);
  } catch (error) {
    if (error instanceof NotDicomError) return error.message;
    throw error;
  }
  throw new Error("expected the file to be refused");
}

Deno.test("the header gives the UIDs, patient tags and geometry the server files by", () => {
  const study = newUid();
  const header = readDicomHeader(dicomFile({
    studyInstanceUid: study,
    patientId: "P-000042",
    patientName: "Khan^Ayesha",
    rows: 40,
    columns: 30,
    frames: 3,
    pixelSpacing: [0.25, 0.3],
    modality: "CT",
    studyDate: "20261102",
    instanceNumber: 7,
  }));
  assertEquals(header.studyInstanceUid, study);
  assertEquals([header.patientId, header.patientName], ["P-000042", "Khan Ayesha"]);
  assertEquals([header.rows, header.columns, header.frames], [40, 30, 3]);
  assertEquals(header.pixelSpacing, [0.25, 0.3]);
  assertEquals([header.modality, header.studyDate, header.instanceNumber], [
    "CT",
    "2026-11-02",
    7,
  ]);
});

Deno.test("a sensor's ImagerPixelSpacing stands in when PixelSpacing is absent", () => {
  assertEquals(readDicomHeader(dicomFile({ imagerPixelSpacing: [0.1, 0.1] })).pixelSpacing, [
    0.1,
    0.1,
  ]);
  assertEquals(readDicomHeader(dicomFile()).pixelSpacing, null);
});

Deno.test("files that are not DICOM, damaged, or hold no image are refused with a reason", () => {
  assertMatch(reason(notDicom()), /no DICM signature/);
  assertMatch(reason(new Uint8Array(400)), /no DICM signature/);
  assertMatch(reason(truncatedDicom()), /damaged DICOM file/);
  const dicomdir = part10([{ tag: [0x0004, 0x1130], vr: "CS", value: "STUDY1" }], {
    sopClassUid: "1.2.840.10008.1.3.10",
    sopInstanceUid: newUid(),
  });
  assertMatch(reason(dicomdir), /DICOMDIR/);
  assertMatch(reason(dicomFile({ sopInstanceUid: "1.2.abc" })), /not a valid UID/);
});
