/**
 * Synthetic DICOM Part 10 files for tests and benchmarks, written byte by byte
 * (explicit VR little endian), so each test states exactly what a modality
 * would have sent: single frames, multi-slice series with pixel spacing, a
 * study of another patient, damaged files.
 *
 * @example
 * ```ts
 * const slices = dicomSeriesFiles(20, { patientId: "P-000001", pixelSpacing: [0.5, 0.5] });
 * const single = dicomFile({ patientId: "P-000001", rows: 64, columns: 64 });
 * ```
 */
import { concatBytes } from "../../lib/bytes.ts";

export const EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
export const SECONDARY_CAPTURE_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.7";

export interface DicomFixtureOptions {
  patientId?: string;
  patientName?: string;
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  modality?: string;
  studyDate?: string;
  studyDescription?: string;
  seriesDescription?: string;
  seriesNumber?: number;
  instanceNumber?: number;
  rows?: number;
  columns?: number;
  frames?: number;
  /** Row then column spacing in mm, written as PixelSpacing. */
  pixelSpacing?: [number, number];
  /** Written as ImagerPixelSpacing (what intraoral sensors often send instead). */
  imagerPixelSpacing?: [number, number];
  windowCenter?: number;
  windowWidth?: number;
  /** 16-bit unsigned sample at (x, y) of `frame`; a diagonal gradient by default. */
  pixel?: (x: number, y: number, frame: number) => number;
}

/** A fresh UID under the UUID-derived root 2.25 (PS3.5 §B.2), as a modality would make one. */
export function newUid(): string {
  const hex = crypto.randomUUID().replaceAll("-", "");
  return `2.25.${BigInt(`0x${hex}`).toString(10)}`;
}

const LONG_VRS = new Set(["OB", "OW", "OF", "SQ", "UT", "UN", "UC", "UR"]);

export interface Element {
  tag: [number, number];
  vr: string;
  value: string | Uint8Array;
  /** Written with the undefined length (FFFFFFFFH); `value` then holds the items and the delimiter. */
  undefinedLength?: boolean;
}

function encodeValue(vr: string, value: string | Uint8Array): Uint8Array {
  let bytes = typeof value === "string" ? new TextEncoder().encode(value) : value;
  if (bytes.length % 2) {
    const padded = new Uint8Array(bytes.length + 1);
    padded.set(bytes);
    padded[bytes.length] = vr === "UI" || vr === "OB" ? 0 : 0x20;
    bytes = padded;
  }
  return bytes;
}

/** One data element, explicit VR little endian, its value padded to an even length. */
export function encodeElement({ tag, vr, value, undefinedLength }: Element): Uint8Array {
  const body = encodeValue(vr, value);
  const long = LONG_VRS.has(vr);
  const head = new Uint8Array(long ? 12 : 8);
  const view = new DataView(head.buffer);
  view.setUint16(0, tag[0], true);
  view.setUint16(2, tag[1], true);
  head[4] = vr.charCodeAt(0);
  head[5] = vr.charCodeAt(1);
  if (long) view.setUint32(8, undefinedLength ? 0xffffffff : body.length, true);
  else view.setUint16(6, body.length, true);
  return concatBytes([head, body]);
}

function uint16(value: number): Uint8Array {
  return new Uint8Array([value & 0xff, value >> 8]);
}

/** Bytes of a Part 10 file: 128-byte preamble, "DICM", file meta group, then the data set. */
export function part10(
  elements: Element[],
  meta: { sopClassUid: string; sopInstanceUid: string; transferSyntax?: string },
): Uint8Array {
  const metaElements = concatBytes([
    encodeElement({ tag: [0x0002, 0x0001], vr: "OB", value: new Uint8Array([0, 1]) }),
    encodeElement({ tag: [0x0002, 0x0002], vr: "UI", value: meta.sopClassUid }),
    encodeElement({ tag: [0x0002, 0x0003], vr: "UI", value: meta.sopInstanceUid }),
    encodeElement({
      tag: [0x0002, 0x0010],
      vr: "UI",
      value: meta.transferSyntax ?? EXPLICIT_VR_LITTLE_ENDIAN,
    }),
  ]);
  const groupLength = new Uint8Array(4);
  new DataView(groupLength.buffer).setUint32(0, metaElements.length, true);
  const sorted = [...elements].sort((a, b) => a.tag[0] - b.tag[0] || a.tag[1] - b.tag[1]);
  return concatBytes([
    new Uint8Array(128),
    new TextEncoder().encode("DICM"),
    encodeElement({ tag: [0x0002, 0x0000], vr: "UL", value: groupLength }),
    metaElements,
    ...sorted.map(encodeElement),
  ]);
}

/**
 * Everything of an instance but its pixel data and the sample format
 * (samples per pixel, photometric interpretation, bits): patient, study,
 * series, geometry, spacing and window.
 */
export function instanceElements(
  options: DicomFixtureOptions,
  sopInstanceUid: string,
  frames: number,
): Element[] {
  const text = (group: number, element: number, vr: string, value: string | undefined) =>
    value === undefined ? [] : [{ tag: [group, element] as [number, number], vr, value }];
  const decimal = (values: number[] | undefined) => values?.map((v) => String(v)).join("\\");
  return [
    ...text(0x0008, 0x0016, "UI", SECONDARY_CAPTURE_SOP_CLASS),
    ...text(0x0008, 0x0018, "UI", sopInstanceUid),
    ...text(0x0008, 0x0020, "DA", options.studyDate ?? "20261120"),
    ...text(0x0008, 0x0060, "CS", options.modality ?? "CT"),
    ...text(0x0008, 0x1030, "LO", options.studyDescription ?? "CBCT maxilla"),
    ...text(0x0008, 0x103e, "LO", options.seriesDescription ?? "Axial"),
    ...text(0x0010, 0x0010, "PN", options.patientName ?? "Test^Patient"),
    ...text(0x0010, 0x0020, "LO", options.patientId ?? "P-000001"),
    ...text(0x0020, 0x000d, "UI", options.studyInstanceUid ?? newUid()),
    ...text(0x0020, 0x000e, "UI", options.seriesInstanceUid ?? newUid()),
    ...text(0x0020, 0x0011, "IS", String(options.seriesNumber ?? 1)),
    ...text(0x0020, 0x0013, "IS", String(options.instanceNumber ?? 1)),
    ...(frames > 1 ? text(0x0028, 0x0008, "IS", String(frames)) : []),
    { tag: [0x0028, 0x0010], vr: "US", value: uint16(options.rows ?? 32) },
    { tag: [0x0028, 0x0011], vr: "US", value: uint16(options.columns ?? 32) },
    ...text(0x0028, 0x0030, "DS", decimal(options.pixelSpacing)),
    ...text(0x0018, 0x1164, "DS", decimal(options.imagerPixelSpacing)),
    ...text(0x0028, 0x1050, "DS", options.windowCenter?.toString()),
    ...text(0x0028, 0x1051, "DS", options.windowWidth?.toString()),
  ];
}

/** Samples per pixel, photometric interpretation and bits allocated/stored/high, unsigned. */
export function sampleFormat(
  samples: number,
  photometric: string,
  bitsAllocated: number,
  bitsStored = bitsAllocated,
): Element[] {
  return [
    { tag: [0x0028, 0x0002], vr: "US", value: uint16(samples) },
    { tag: [0x0028, 0x0004], vr: "CS", value: photometric },
    ...(samples > 1
      ? [{ tag: [0x0028, 0x0006] as [number, number], vr: "US", value: uint16(0) }]
      : []),
    { tag: [0x0028, 0x0100], vr: "US", value: uint16(bitsAllocated) },
    { tag: [0x0028, 0x0101], vr: "US", value: uint16(bitsStored) },
    { tag: [0x0028, 0x0102], vr: "US", value: uint16(bitsStored - 1) },
    { tag: [0x0028, 0x0103], vr: "US", value: uint16(0) },
  ];
}

/** One image instance (one or more frames of 16-bit unsigned samples). */
export function dicomFile(options: DicomFixtureOptions = {}): Uint8Array {
  const rows = options.rows ?? 32;
  const columns = options.columns ?? 32;
  const frames = options.frames ?? 1;
  const sopInstanceUid = options.sopInstanceUid ?? newUid();
  const pixel = options.pixel ?? ((x, y) => ((x + y) * 4096) / (rows + columns));
  const pixels = new Uint8Array(rows * columns * frames * 2);
  const samples = new DataView(pixels.buffer);
  let offset = 0;
  for (let f = 0; f < frames; f++) {
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < columns; x++) {
        samples.setUint16(offset, Math.max(0, Math.min(65535, Math.round(pixel(x, y, f)))), true);
        offset += 2;
      }
    }
  }
  const elements: Element[] = [
    ...instanceElements({ ...options, rows, columns }, sopInstanceUid, frames),
    ...sampleFormat(1, "MONOCHROME2", 16),
    { tag: [0x7fe0, 0x0010], vr: "OW", value: pixels },
  ];
  return part10(elements, { sopClassUid: SECONDARY_CAPTURE_SOP_CLASS, sopInstanceUid });
}

/**
 * `count` slices of one series (one study), instance numbers 1…count; each
 * slice's pixels differ so that a viewer can tell them apart.
 */
export function dicomSeriesFiles(count: number, options: DicomFixtureOptions = {}): Uint8Array[] {
  const shared = {
    ...options,
    studyInstanceUid: options.studyInstanceUid ?? newUid(),
    seriesInstanceUid: options.seriesInstanceUid ?? newUid(),
  };
  return Array.from({ length: count }, (_, i) =>
    dicomFile({
      ...shared,
      sopInstanceUid: undefined,
      instanceNumber: i + 1,
      pixel: options.pixel
        ? (x, y, f) => options.pixel!(x, y, f + i)
        : (x, y) => ((x + y + i * 8) % 512) * 8,
    }));
}

/** Starts like DICOM (preamble and "DICM") but stops in the middle of an element. */
export function truncatedDicom(): Uint8Array {
  const whole = dicomFile();
  return whole.slice(0, 200);
}

/** Arbitrary bytes that are not DICOM at all. */
export function notDicom(text = "this is a text file, not an image\n"): Uint8Array {
  return new TextEncoder().encode(text);
}
