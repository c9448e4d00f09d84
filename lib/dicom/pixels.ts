/**
 * The middle frame of a DICOM image as 8-bit pixels, for a thumbnail:
 * native (uncompressed) transfer syntaxes only; a compressed instance has no
 * thumbnail and the radiology tab shows a placeholder for it.
 */
import dicomParser from "dicom-parser";
import { hasPart10Preamble } from "./header.ts";

export interface Raster {
  width: number;
  height: number;
  /** 1 (grey) or 3 (RGB) bytes per pixel, row by row. */
  channels: 1 | 3;
  data: Uint8Array;
}

const NATIVE = new Set(["1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2"]);

function firstNumber(dataSet: dicomParser.DataSet, tag: string): number | null {
  const value = dataSet.floatString(tag, 0);
  return value !== undefined && Number.isFinite(value) ? value : null;
}

/** Renders the middle frame windowed to 8 bits, or null when this server cannot decode it. */
export function dicomMiddleFrame(bytes: Uint8Array): Raster | null {
  if (!hasPart10Preamble(bytes)) return null;
  let dataSet: dicomParser.DataSet;
  try {
    dataSet = dicomParser.parseDicom(bytes);
  } catch {
    return null;
  }
  const syntax = dataSet.string("x00020010")?.replace(/\0/g, "").trim() ?? "1.2.840.10008.1.2";
  const pixels = dataSet.elements.x7fe00010;
  if (!NATIVE.has(syntax) || !pixels || pixels.encapsulatedPixelData) return null;
  const height = dataSet.uint16("x00280010") ?? 0;
  const width = dataSet.uint16("x00280011") ?? 0;
  const samples = dataSet.uint16("x00280002") ?? 1;
  const bitsAllocated = dataSet.uint16("x00280100") ?? 16;
  const signed = dataSet.uint16("x00280103") === 1;
  const planar = dataSet.uint16("x00280006") === 1;
  const photometric = dataSet.string("x00280004")?.trim() ?? "MONOCHROME2";
  const frames = Math.max(1, dataSet.intString("x00280008") ?? 1);
  const bytesPerSample = bitsAllocated / 8;
  if (!width || !height || (samples !== 1 && samples !== 3)) return null;
  if (bytesPerSample !== 1 && bytesPerSample !== 2) return null;
  const frameBytes = width * height * samples * bytesPerSample;
  const frame = Math.floor(frames / 2);
  const offset = pixels.dataOffset + frame * frameBytes;
  if (offset + frameBytes > bytes.length) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, frameBytes);
  const littleEndian = syntax !== "1.2.840.10008.1.2.2";

  if (samples === 3) {
    if (bytesPerSample !== 1) return null;
    const data = new Uint8Array(width * height * 3);
    const plane = width * height;
    for (let i = 0; i < plane; i++) {
      for (let c = 0; c < 3; c++) {
        data[i * 3 + c] = view.getUint8(planar ? c * plane + i : i * 3 + c);
      }
    }
    return { width, height, channels: 3, data };
  }

  const count = width * height;
  const values = new Float32Array(count);
  const slope = firstNumber(dataSet, "x00281053") ?? 1;
  const intercept = firstNumber(dataSet, "x00281052") ?? 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < count; i++) {
    const raw = bytesPerSample === 1
      ? (signed ? view.getInt8(i) : view.getUint8(i))
      : (signed ? view.getInt16(i * 2, littleEndian) : view.getUint16(i * 2, littleEndian));
    const value = raw * slope + intercept;
    values[i] = value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  // The window the modality chose shows what it meant to show; without one, the full range.
  const center = firstNumber(dataSet, "x00281050");
  const widthOfWindow = firstNumber(dataSet, "x00281051");
  const low = center !== null && widthOfWindow && widthOfWindow > 1
    ? center - widthOfWindow / 2
    : min;
  const high = center !== null && widthOfWindow && widthOfWindow > 1
    ? center + widthOfWindow / 2
    : max;
  const scale = high > low ? 255 / (high - low) : 0;
  const invert = photometric === "MONOCHROME1";
  const data = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const level = Math.max(0, Math.min(255, Math.round((values[i] - low) * scale)));
    data[i] = invert ? 255 - level : level;
  }
  return { width, height, channels: 1, data };
}
