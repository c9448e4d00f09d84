/**
 * What the server reads from a DICOM Part 10 file before filing it: the
 * identifiers that place it in study → series → instance, the patient tags a
 * mismatch check needs, and the geometry the viewer needs (rows, columns,
 * frames, pixel spacing). Pixel data is not decoded here.
 */
import dicomParser from "dicom-parser";

export interface DicomHeader {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string | null;
  transferSyntaxUid: string | null;
  modality: string | null;
  patientId: string;
  patientName: string;
  /** YYYY-MM-DD, or null when absent or not a date. */
  studyDate: string | null;
  studyDescription: string | null;
  seriesDescription: string | null;
  seriesNumber: number | null;
  instanceNumber: number | null;
  rows: number;
  columns: number;
  frames: number;
  /** Row then column spacing in mm: PixelSpacing, else ImagerPixelSpacing; null when neither. */
  pixelSpacing: [number, number] | null;
}

/** The bytes are not a DICOM file the server can file; `message` says why, for the uploader. */
export class NotDicomError extends Error {
  override name = "NotDicomError";
}

/** Media Storage Directory: the index a DICOM CD or ZIP carries; it holds no image. */
const DICOMDIR_SOP_CLASS = "1.2.840.10008.1.3.10";
const UID = /^[0-9]+(\.[0-9]+)*$/;

/** True when the bytes carry the Part 10 signature ("DICM" after the 128-byte preamble). */
export function hasPart10Preamble(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 &&
    bytes[130] === 0x43 && bytes[131] === 0x4d;
}

function uid(dataSet: dicomParser.DataSet, tag: string, name: string): string {
  const value = dataSet.string(tag)?.replace(/\0/g, "").trim() ?? "";
  if (!value) throw new NotDicomError(`the file has no ${name}`);
  if (value.length > 64 || !UID.test(value)) {
    throw new NotDicomError(`the ${name} "${value.slice(0, 70)}" is not a valid UID`);
  }
  return value;
}

function text(dataSet: dicomParser.DataSet, tag: string, max: number): string | null {
  const value = dataSet.string(tag)?.replace(/\0/g, "").trim();
  return value ? value.slice(0, max) : null;
}

function integer(dataSet: dicomParser.DataSet, tag: string): number | null {
  const value = dataSet.intString(tag);
  return value !== undefined && Number.isSafeInteger(value) && Math.abs(value) < 2 ** 31
    ? value
    : null;
}

function spacing(dataSet: dicomParser.DataSet, tag: string): [number, number] | null {
  if (!dataSet.elements[tag]) return null;
  const row = dataSet.floatString(tag, 0);
  const column = dataSet.floatString(tag, 1);
  if (row === undefined || column === undefined) return null;
  if (!(row > 0 && column > 0 && Number.isFinite(row) && Number.isFinite(column))) return null;
  return [row, column];
}

function isoDate(value: string | null): string | null {
  const match = value?.match(/^(\d{4})(\d{2})(\d{2})$/);
  if (!match) return null;
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? null : `${match[1]}-${match[2]}-${match[3]}`;
}

/**
 * Reads the header of a Part 10 file. Throws `NotDicomError` for anything the
 * server cannot file: no "DICM" signature, a damaged data set, a DICOMDIR, or
 * an instance missing the UIDs or image geometry.
 */
export function readDicomHeader(bytes: Uint8Array): DicomHeader {
  if (!hasPart10Preamble(bytes)) {
    throw new NotDicomError("not a DICOM file (no DICM signature after the 128-byte preamble)");
  }
  let dataSet: dicomParser.DataSet;
  try {
    // Stop before the pixel data: nothing after it is needed, and it is most of the file.
    dataSet = dicomParser.parseDicom(bytes, { untilTag: "x7fe00010" });
  } catch (error) {
    const reason = typeof error === "string" ? error : (error as Error)?.message ?? "";
    throw new NotDicomError(`damaged DICOM file (${reason.replace(/^dicomParser\.\w+: /, "")})`);
  }
  const sopClassUid = text(dataSet, "x00080016", 64) ?? text(dataSet, "x00020002", 64);
  if (sopClassUid === DICOMDIR_SOP_CLASS) {
    throw new NotDicomError("DICOMDIR index, not an image");
  }
  const rows = dataSet.uint16("x00280010");
  const columns = dataSet.uint16("x00280011");
  if (!rows || !columns) throw new NotDicomError("the file holds no image (no rows or columns)");
  const frames = integer(dataSet, "x00280008");
  return {
    studyInstanceUid: uid(dataSet, "x0020000d", "Study Instance UID"),
    seriesInstanceUid: uid(dataSet, "x0020000e", "Series Instance UID"),
    sopInstanceUid: uid(dataSet, "x00080018", "SOP Instance UID"),
    sopClassUid,
    transferSyntaxUid: text(dataSet, "x00020010", 64),
    modality: text(dataSet, "x00080060", 16),
    patientId: text(dataSet, "x00100020", 64) ?? "",
    patientName: (text(dataSet, "x00100010", 200) ?? "").replace(/\^+/g, " ").trim(),
    studyDate: isoDate(text(dataSet, "x00080020", 8)),
    studyDescription: text(dataSet, "x00081030", 200),
    seriesDescription: text(dataSet, "x0008103e", 200),
    seriesNumber: integer(dataSet, "x00200011"),
    instanceNumber: integer(dataSet, "x00200013"),
    rows,
    columns,
    frames: frames && frames > 0 ? frames : 1,
    pixelSpacing: spacing(dataSet, "x00280030") ?? spacing(dataSet, "x00181164"),
  };
}
