/**
 * Minimal DICOM Part 10 files, written byte by byte (explicit VR little
 * endian), for tests that need a real header: preamble, "DICM", the transfer
 * syntax, Modality, PatientID and a few pixel bytes.
 */
import { concatBytes } from "../../lib/bytes.ts";
import { encodeElement } from "./dicom-fixtures.ts";

const element = (group: number, elementNo: number, vr: string, value: string | Uint8Array) =>
  encodeElement({ tag: [group, elementNo], vr, value });

export function dicomFile(
  tags: { patientId?: string; modality?: string; seed?: string },
): Uint8Array {
  const parts = [
    new Uint8Array(128),
    new TextEncoder().encode("DICM"),
    element(0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1"),
    element(0x0008, 0x0060, "CS", tags.modality ?? "IO"),
    element(0x0010, 0x0020, "LO", tags.patientId ?? ""),
    element(0x0020, 0x4000, "LT", `seed ${tags.seed ?? crypto.randomUUID()}`),
    element(0x7fe0, 0x0010, "OW", crypto.getRandomValues(new Uint8Array(64))),
  ];
  return concatBytes(parts);
}
