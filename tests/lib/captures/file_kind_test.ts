import { assertEquals } from "../../support/assert.ts";
import {
  categoryFromFile,
  readDicomHeader,
  sniffContentType,
} from "../../../lib/captures/file-kind.ts";
import { dicomFile } from "../../support/dicom-bytes.ts";

Deno.test("the DICOM header gives PatientID and Modality from a prefix of the file", () => {
  const bytes = dicomFile({ patientId: "P-000042", modality: "PX" });
  assertEquals(sniffContentType(bytes, "x.bin"), "application/dicom");
  const header = readDicomHeader(bytes.subarray(0, 200));
  assertEquals([header?.patientId, header?.modality], ["P-000042", "PX"]);
  assertEquals(readDicomHeader(new Uint8Array(300)), null);
});

Deno.test("category: modality, then file name hints, then JPEG as a photo, else other", () => {
  const px = readDicomHeader(dicomFile({ modality: "PX" }));
  const io = readDicomHeader(dicomFile({ modality: "IO" }));
  const of = (fileName: string, contentType: string, dicom = null as typeof px) =>
    categoryFromFile({ fileName, contentType, dicom });
  assertEquals(of("scan_bw.dcm", "application/dicom", px), "panoramic");
  assertEquals(of("P-1_BW_left.dcm", "application/dicom", io), "bitewing");
  assertEquals(of("img001.dcm", "application/dicom", io), "periapical");
  assertEquals(of("pano-2026.png", "image/png"), "panoramic");
  assertEquals(of("Ceph lateral.tif", "image/tiff"), "cephalometric");
  assertEquals(of("IMG_2211.jpg", "image/jpeg"), "intraoral_photo");
  assertEquals(of("export.png", "image/png"), "other");
  assertEquals(of("panorama-ish-word.png", "image/png"), "other");
});
