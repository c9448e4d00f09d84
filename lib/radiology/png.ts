/**
 * PNG in both directions with fflate's zlib: encoding the thumbnails this
 * server makes, and decoding the non-interlaced PNGs sensors write (grey or
 * colour, 1–16 bits). An interlaced PNG is not decoded (no thumbnail).
 */
import { unzlibSync, zlibSync } from "fflate";
import type { Raster } from "../dicom/pixels.ts";
import { concatBytes } from "../bytes.ts";

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

export function isPng(bytes: Uint8Array): boolean {
  return SIGNATURE.every((b, i) => bytes[i] === b);
}

/** An 8-bit grey or RGB PNG of `raster`. */
export function encodePng(raster: Raster): Uint8Array {
  const { width, height, channels, data } = raster;
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8;
  header[9] = channels === 1 ? 0 : 2;
  const stride = width * channels;
  const filtered = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    // Filter "Up" (2): thumbnails are smooth, and it is one subtraction per byte.
    const row = y * (stride + 1);
    filtered[row] = y ? 2 : 0;
    for (let x = 0; x < stride; x++) {
      const value = data[y * stride + x];
      filtered[row + 1 + x] = y ? (value - data[(y - 1) * stride + x]) & 0xff : value;
    }
  }
  const parts = [
    new Uint8Array(SIGNATURE),
    chunk("IHDR", header),
    chunk("IDAT", zlibSync(filtered, { level: 6 })),
    chunk("IEND", new Uint8Array(0)),
  ];
  return concatBytes(parts);
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Decodes a non-interlaced PNG to 8-bit grey or RGB (alpha dropped), or null. */
export function decodePng(bytes: Uint8Array): Raster | null {
  if (!isPng(bytes)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let width = 0, height = 0, depth = 0, colorType = 0, interlace = 0;
  let palette: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  while (offset + 8 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      depth = data[8];
      colorType = data[9];
      interlace = data[12];
    } else if (type === "PLTE") palette = data;
    else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") break;
    offset += 12 + length;
  }
  const channels = CHANNELS[colorType];
  if (!width || !height || !channels || interlace || !idat.length) return null;
  if (width * height > 100_000_000) return null;
  let raw: Uint8Array;
  try {
    const joined = new Uint8Array(idat.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of idat) {
      joined.set(part, at);
      at += part.length;
    }
    raw = unzlibSync(joined);
  } catch {
    return null;
  }
  const bitsPerPixel = channels * depth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const step = Math.max(1, bitsPerPixel >> 3);
  if (raw.length < (stride + 1) * height) return null;
  const lines = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const source = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const line = lines.subarray(y * stride, (y + 1) * stride);
    const previous = y ? lines.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= step ? line[x - step] : 0;
      const b = previous[x];
      const c = x >= step ? previous[x - step] : 0;
      const predictor = filter === 1
        ? a
        : filter === 2
        ? b
        : filter === 3
        ? (a + b) >> 1
        : filter === 4
        ? paeth(a, b, c)
        : 0;
      line[x] = (source[x] + predictor) & 0xff;
    }
  }
  const sample = (y: number, index: number): number => {
    const line = y * stride;
    if (depth === 16) return lines[line + index * 2];
    if (depth === 8) return lines[line + index];
    const bit = index * depth;
    const value = (lines[line + (bit >> 3)] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
    return colorType === 3 ? value : Math.round((value * 255) / ((1 << depth) - 1));
  };
  const grey = colorType === 0 || colorType === 4;
  const out = new Uint8Array(width * height * (grey ? 1 : 3));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (grey) out[p] = sample(y, x * channels);
      else if (colorType === 3) {
        const entry = sample(y, x) * 3;
        out[p * 3] = palette?.[entry] ?? 0;
        out[p * 3 + 1] = palette?.[entry + 1] ?? 0;
        out[p * 3 + 2] = palette?.[entry + 2] ?? 0;
      } else {
        for (let c = 0; c < 3; c++) out[p * 3 + c] = sample(y, x * channels + c);
      }
    }
  }
  return { width, height, channels: grey ? 1 : 3, data: out };
}
