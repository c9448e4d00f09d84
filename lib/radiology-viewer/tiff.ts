/**
 * Baseline TIFF as X-ray sensors write it (uncompressed strips, 8- or 16-bit
 * grey, or 8-bit RGB) decoded to RGBA, because browsers other than Safari do
 * not display TIFF. 16-bit grey is stretched from its own min to max so a
 * 12-bit sensor image is not drawn nearly black. Compressed TIFF is refused
 * (the workstation then offers the download).
 */
export interface DecodedImage {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

export function decodeTiff(buffer: ArrayBuffer): DecodedImage {
  const view = new DataView(buffer);
  const order = view.getUint16(0);
  if (order !== 0x4949 && order !== 0x4d4d) throw new Error("not a TIFF file");
  const little = order === 0x4949;
  const u16 = (at: number) => view.getUint16(at, little);
  const u32 = (at: number) => view.getUint32(at, little);
  if (u16(2) !== 42) throw new Error("not a baseline TIFF file");

  const ifd = u32(4);
  const tags = new Map<number, number[]>();
  for (let i = 0; i < u16(ifd); i++) {
    const at = ifd + 2 + i * 12;
    const type = u16(at + 2);
    const count = u32(at + 4);
    const size = type === 3 ? 2 : 4;
    const start = count * size > 4 ? u32(at + 8) : at + 8;
    const values: number[] = [];
    for (let k = 0; k < count; k++) {
      values.push(type === 3 ? u16(start + k * 2) : u32(start + k * 4));
    }
    tags.set(u16(at), values);
  }
  const tag = (id: number, fallback?: number) => tags.get(id)?.[0] ?? fallback;
  const width = tag(256)!;
  const height = tag(257)!;
  const bits = tag(258, 1)!;
  const compression = tag(259, 1);
  const photometric = tag(262, 1);
  const samples = tag(277, 1)!;
  if (compression !== 1) throw new Error("compressed TIFF is not supported in the viewer");
  if (!(bits === 8 || bits === 16) || !(samples === 1 || samples === 3)) {
    throw new Error(`TIFF with ${samples}×${bits}-bit samples is not supported in the viewer`);
  }

  const offsets = tags.get(273) ?? [];
  const counts = tags.get(279) ?? [];
  const bytes = new Uint8Array(offsets.reduce((sum, _, i) => sum + counts[i], 0));
  let filled = 0;
  offsets.forEach((offset, i) => {
    bytes.set(new Uint8Array(buffer, offset, counts[i]), filled);
    filled += counts[i];
  });
  const raw = new DataView(bytes.buffer);
  const pixels = width * height;
  const sample = bits === 16
    ? (i: number) => raw.getUint16(i * 2, little)
    : (i: number) => bytes[i];

  let min = 0, max = 255;
  if (bits === 16) {
    min = Infinity;
    max = -Infinity;
    for (let i = 0; i < pixels * samples; i++) {
      const v = sample(i);
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const scale = 255 / Math.max(1, max - min);
  const rgba = new Uint8ClampedArray(pixels * 4);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) {
      let v = (sample(samples === 3 ? p * 3 + c : p) - min) * scale;
      if (samples === 1 && photometric === 0) v = 255 - v; // WhiteIsZero
      rgba[p * 4 + c] = v;
    }
    rgba[p * 4 + 3] = 255;
  }
  return { width, height, rgba };
}
