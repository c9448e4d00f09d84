/**
 * DICOM pixels as 8-bit images: the middle frame for a thumbnail, and any
 * grey frame with its modality values for the AI analysis. Native
 * (uncompressed) transfer syntaxes only; a compressed instance has no
 * thumbnail (the radiology tab shows a placeholder) and cannot be analysed.
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

/** One grey frame in modality units (rescale slope and intercept applied). */
export interface GreyFrame {
  width: number;
  height: number;
  values: Float32Array;
  min: number;
  max: number;
  /** What the detector could record at all: 0…2^BitsStored−1 (signed: centred), rescaled. */
  storedRange: { low: number; high: number };
  /** The window the modality chose, else the frame's own range. */
  window: { low: number; high: number };
  /** MONOCHROME1: high values are dark. */
  invert: boolean;
}

const NATIVE = new Set(["1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2"]);

function firstNumber(dataSet: dicomParser.DataSet, tag: string): number | null {
  const value = dataSet.floatString(tag, 0);
  return value !== undefined && Number.isFinite(value) ? value : null;
}

interface NativePixels {
  dataSet: dicomParser.DataSet;
  bytes: Uint8Array;
  syntax: string;
  dataOffset: number;
  width: number;
  height: number;
  samples: number;
  bytesPerSample: number;
  frames: number;
}

function nativePixels(bytes: Uint8Array): NativePixels | null {
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
  const bytesPerSample = (dataSet.uint16("x00280100") ?? 16) / 8;
  const frames = Math.max(1, dataSet.intString("x00280008") ?? 1);
  if (!width || !height || (samples !== 1 && samples !== 3)) return null;
  if (bytesPerSample !== 1 && bytesPerSample !== 2) return null;
  return {
    dataSet,
    bytes,
    syntax,
    dataOffset: pixels.dataOffset,
    width,
    height,
    samples,
    bytesPerSample,
    frames,
  };
}

function frameView(p: NativePixels, frame: number): DataView | null {
  const frameBytes = p.width * p.height * p.samples * p.bytesPerSample;
  const offset = p.dataOffset + frame * frameBytes;
  if (frame < 0 || frame >= p.frames || offset + frameBytes > p.bytes.length) return null;
  return new DataView(p.bytes.buffer, p.bytes.byteOffset + offset, frameBytes);
}

function greyFrame(p: NativePixels, frame: number): GreyFrame | null {
  if (p.samples !== 1) return null;
  const view = frameView(p, frame);
  if (!view) return null;
  const { dataSet, width, height, bytesPerSample } = p;
  const signed = dataSet.uint16("x00280103") === 1;
  const littleEndian = p.syntax !== "1.2.840.10008.1.2.2";
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
  const bitsStored = Math.min(dataSet.uint16("x00280101") ?? bytesPerSample * 8, 16);
  const rawLow = signed ? -(2 ** (bitsStored - 1)) : 0;
  const rawHigh = signed ? 2 ** (bitsStored - 1) - 1 : 2 ** bitsStored - 1;
  const ends = [rawLow * slope + intercept, rawHigh * slope + intercept];
  // The window the modality chose shows what it meant to show; without one, the full range.
  const center = firstNumber(dataSet, "x00281050");
  const windowWidth = firstNumber(dataSet, "x00281051");
  const windowed = center !== null && windowWidth !== null && windowWidth > 1;
  return {
    width,
    height,
    values,
    min,
    max,
    storedRange: { low: Math.min(...ends), high: Math.max(...ends) },
    window: windowed
      ? { low: center - windowWidth / 2, high: center + windowWidth / 2 }
      : { low: min, high: max },
    invert: (dataSet.string("x00280004")?.trim() ?? "MONOCHROME2") === "MONOCHROME1",
  };
}

/** The frame's values through its window to 0…255 (inverted for MONOCHROME1). */
export function renderGreyFrame(frame: GreyFrame): Raster {
  const { low, high } = frame.window;
  const scale = high > low ? 255 / (high - low) : 0;
  const count = frame.width * frame.height;
  const data = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const level = Math.max(0, Math.min(255, Math.round((frame.values[i] - low) * scale)));
    data[i] = frame.invert ? 255 - level : level;
  }
  return { width: frame.width, height: frame.height, channels: 1, data };
}

/**
 * One frame's values of a grey instance (the middle one unless `frame` is
 * given), or null when this server cannot decode it.
 */
export function dicomGreyFrame(bytes: Uint8Array, frame?: number): GreyFrame | null {
  const pixels = nativePixels(bytes);
  if (!pixels || pixels.samples !== 1) return null;
  return greyFrame(pixels, frame ?? Math.floor(pixels.frames / 2));
}

/** Renders the middle frame windowed to 8 bits, or null when this server cannot decode it. */
export function dicomMiddleFrame(bytes: Uint8Array): Raster | null {
  const pixels = nativePixels(bytes);
  if (!pixels) return null;
  const frame = Math.floor(pixels.frames / 2);
  if (pixels.samples === 1) {
    const grey = greyFrame(pixels, frame);
    return grey && renderGreyFrame(grey);
  }
  if (pixels.bytesPerSample !== 1) return null;
  const view = frameView(pixels, frame);
  if (!view) return null;
  const { width, height } = pixels;
  const planar = pixels.dataSet.uint16("x00280006") === 1;
  const data = new Uint8Array(width * height * 3);
  const plane = width * height;
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) {
      data[i * 3 + c] = view.getUint8(planar ? c * plane + i : i * 3 + c);
    }
  }
  return { width, height, channels: 3, data };
}
