/**
 * What an uploaded capture is, read from its first bytes and its name: the
 * content type to store it under, the few DICOM header fields matching needs,
 * and the image category when the device does not set one.
 */
import dicomParser from "dicom-parser";
import type { CaptureCategory } from "../db/schema.ts";

/**
 * How much of a file is read for its header. PatientID and Modality sit in
 * groups 0008/0010, far before the pixel data, so this bounds the parse
 * without ever holding a large image in memory.
 */
export const HEADER_BYTES = 256 * 1024;

export interface DicomHeader {
  patientId: string | null;
  modality: string | null;
  bodyPart: string | null;
  description: string | null;
}

export function isDicom(head: Uint8Array): boolean {
  return head.length >= 132 && head[128] === 0x44 && head[129] === 0x49 && head[130] === 0x43 &&
    head[131] === 0x4d;
}

const EXTENSION_TYPES: Record<string, string> = {
  dcm: "application/dicom",
  dicom: "application/dicom",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  tif: "image/tiff",
  tiff: "image/tiff",
  bmp: "image/bmp",
};

/** Magic bytes first: sensor software names files as it likes. */
export function sniffContentType(head: Uint8Array, fileName: string): string {
  if (isDicom(head)) return "application/dicom";
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "image/jpeg";
  if (head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47) {
    return "image/png";
  }
  if (
    (head[0] === 0x49 && head[1] === 0x49 && head[2] === 0x2a && head[3] === 0x00) ||
    (head[0] === 0x4d && head[1] === 0x4d && head[2] === 0x00 && head[3] === 0x2a)
  ) return "image/tiff";
  const extension = fileName.toLowerCase().split(".").pop() ?? "";
  return EXTENSION_TYPES[extension] ?? "application/octet-stream";
}

/** The header fields of a Part 10 file, from a prefix of it; null when it is not DICOM. */
export function readDicomHeader(head: Uint8Array): DicomHeader | null {
  if (!isDicom(head)) return null;
  let dataSet: dicomParser.DataSet | undefined;
  try {
    dataSet = dicomParser.parseDicom(head, { untilTag: "x7fe00010" });
  } catch (error) {
    // The prefix usually ends inside a later element; what was read before it is kept.
    dataSet = (error as { dataSet?: dicomParser.DataSet }).dataSet;
  }
  if (!dataSet) return null;
  const text = (tag: string) => {
    try {
      return dataSet!.string(tag)?.trim() || null;
    } catch {
      return null;
    }
  };
  return {
    patientId: text("x00100020"),
    modality: text("x00080060")?.toUpperCase() ?? null,
    bodyPart: text("x00180015"),
    description: text("x0008103e") ?? text("x00081030"),
  };
}

// Word-ish hints in file names and DICOM descriptions, as sensor software writes them.
const HINTS: [RegExp, CaptureCategory][] = [
  [/(^|[^a-z])(pano|panoramic|opg|opt)([^a-z]|$)/i, "panoramic"],
  [/(^|[^a-z])(ceph|cephalometric|lateral[ _-]?ceph)([^a-z]|$)/i, "cephalometric"],
  [/(^|[^a-z])(bw|bwx|bitewing|bite[ _-]?wing)([^a-z]|$)/i, "bitewing"],
  [/(^|[^a-z])(pa|periapical|peri[ _-]?apical)([^a-z]|$)/i, "periapical"],
  [/(^|[^a-z])(photo|intraoral[ _-]?photo|camera)([^a-z]|$)/i, "intraoral_photo"],
];

function hintIn(text: string | null): CaptureCategory | null {
  if (!text) return null;
  for (const [pattern, category] of HINTS) if (pattern.test(text)) return category;
  return null;
}

/**
 * The category a file shows: a DICOM modality that names it (PX panoramic,
 * XC camera photo), else a hint in the file name or series description, else
 * an intraoral DICOM as periapical, a JPEG as a photo, and `other` for the rest.
 */
export function categoryFromFile(
  input: { fileName: string; contentType: string; dicom: DicomHeader | null },
): CaptureCategory {
  const { dicom } = input;
  if (dicom?.modality === "PX") return "panoramic";
  if (dicom?.modality === "XC") return "intraoral_photo";
  const stem = input.fileName.replace(/\.[^.]*$/, "");
  const hinted = hintIn(stem) ?? hintIn(dicom?.description ?? null) ??
    hintIn(dicom?.bodyPart ?? null);
  if (hinted) return hinted;
  if (dicom?.modality === "IO") return "periapical";
  if (input.contentType === "image/jpeg") return "intraoral_photo";
  return "other";
}
