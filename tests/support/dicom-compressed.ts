/**
 * Encapsulated (compressed) DICOM Part 10 files for tests: the pixel data is
 * an undefined-length (7FE0,0010) with an empty Basic Offset Table item, one
 * fragment per frame and a sequence delimiter, as PS3.5 §A.4 lays it out.
 *
 * The encoders are the ones the viewer decodes with, run here in Deno:
 * CharLS (`@cornerstonejs/codec-charls`) for JPEG-LS and OpenJPH
 * (`@cornerstonejs/codec-openjph`) for HTJ2K, both lossless, 16-bit grey.
 * JPEG baseline comes from `jpeg-js`, which writes only three-component
 * YCbCr JPEGs, so those files are YBR_FULL colour images of a grey picture
 * (libjpeg-turbo's own encoder in the codec package crashes in its wasm).
 *
 * @example
 * ```ts
 * const file = await compressedDicomFile("jpeg-ls", { rows: 64, columns: 64, pixel: (x, y) => x * 10 });
 * ```
 */
import CharLS from "@cornerstonejs/codec-charls/wasmjs";
import OpenJPH from "@cornerstonejs/codec-openjph/wasmjs";
import jpeg from "jpeg-js";
import {
  type DicomFixtureOptions,
  type Element,
  instanceElements,
  newUid,
  part10,
  sampleFormat,
  SECONDARY_CAPTURE_SOP_CLASS,
} from "./dicom-fixtures.ts";
import { concatBytes } from "../../lib/bytes.ts";

export const TRANSFER_SYNTAXES = {
  "jpeg-baseline": "1.2.840.10008.1.2.4.50",
  "jpeg-ls": "1.2.840.10008.1.2.4.80",
  "htj2k": "1.2.840.10008.1.2.4.201",
} as const;

export type Compression = keyof typeof TRANSFER_SYNTAXES;

interface FrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
  isUsingColorTransform?: boolean;
}

/** The emscripten encoders' shared shape: fill the decoded buffer, encode, read the encoded one. */
interface WasmEncoder {
  getDecodedBuffer(info: FrameInfo): Uint8Array;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete(): void;
}

type Factory = () => Promise<Record<string, new () => WasmEncoder>>;
let charls: ReturnType<Factory> | null = null;
let openjph: ReturnType<Factory> | null = null;

/** Sample values (0…255 for JPEG baseline, 0…4095 otherwise) of one frame, row by row. */
function frameSamples(
  options: DicomFixtureOptions,
  frame: number,
  max: number,
): Uint16Array {
  const rows = options.rows ?? 32;
  const columns = options.columns ?? 32;
  const pixel = options.pixel ?? ((x, y) => ((x + y) * max) / (rows + columns));
  const out = new Uint16Array(rows * columns);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      out[y * columns + x] = Math.max(0, Math.min(max, Math.round(pixel(x, y, frame))));
    }
  }
  return out;
}

async function encodeWasm(
  codec: Promise<Record<string, new () => WasmEncoder>>,
  className: string,
  samples: Uint16Array,
  info: FrameInfo,
): Promise<Uint8Array> {
  const encoder = new (await codec)[className]();
  try {
    const buffer = encoder.getDecodedBuffer(info);
    buffer.set(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
    encoder.encode();
    return encoder.getEncodedBuffer().slice();
  } finally {
    encoder.delete();
  }
}

async function encodeFrame(
  compression: Compression,
  samples: Uint16Array,
  width: number,
  height: number,
): Promise<Uint8Array> {
  const grey = { width, height, bitsPerSample: 16, componentCount: 1, isSigned: false };
  switch (compression) {
    case "jpeg-baseline": {
      const rgba = new Uint8Array(width * height * 4);
      samples.forEach((v, i) => rgba.set([v, v, v, 255], i * 4));
      return jpeg.encode({ data: rgba, width, height }, 95).data;
    }
    case "jpeg-ls":
      charls ??= (CharLS as unknown as Factory)();
      return await encodeWasm(charls, "JpegLSEncoder", samples, grey);
    case "htj2k":
      openjph ??= (OpenJPH as unknown as Factory)();
      return await encodeWasm(openjph, "HTJ2KEncoder", samples, {
        ...grey,
        isUsingColorTransform: false,
      });
  }
}

function item(body: Uint8Array): Uint8Array {
  // Fragments have even lengths; a JPEG stream may end with padding after EOI.
  const length = body.length + (body.length % 2);
  const out = new Uint8Array(8 + length);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0xfffe, true);
  view.setUint16(2, 0xe000, true);
  view.setUint32(4, length, true);
  out.set(body, 8);
  return out;
}

/** Items of encapsulated pixel data: empty offset table, one fragment per frame, delimiter. */
export function encapsulate(frames: Uint8Array[]): Uint8Array {
  const delimiter = new Uint8Array([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]);
  const parts = [item(new Uint8Array()), ...frames.map(item), delimiter];
  return concatBytes(parts);
}

/**
 * One compressed instance. `pixel` gives 0…255 for JPEG baseline (8 bits)
 * and 0…4095 for JPEG-LS and HTJ2K (12 bits stored in 16).
 */
export async function compressedDicomFile(
  compression: Compression,
  options: DicomFixtureOptions = {},
): Promise<Uint8Array> {
  const rows = options.rows ?? 32;
  const columns = options.columns ?? 32;
  const frameCount = options.frames ?? 1;
  const sopInstanceUid = options.sopInstanceUid ?? newUid();
  const eightBit = compression === "jpeg-baseline";
  const frames: Uint8Array[] = [];
  for (let f = 0; f < frameCount; f++) {
    const samples = frameSamples({ ...options, rows, columns }, f, eightBit ? 255 : 4095);
    frames.push(await encodeFrame(compression, samples, columns, rows));
  }
  const elements: Element[] = [
    ...instanceElements({ ...options, rows, columns }, sopInstanceUid, frameCount),
    ...(eightBit ? sampleFormat(3, "YBR_FULL", 8) : sampleFormat(1, "MONOCHROME2", 16, 12)),
    { tag: [0x7fe0, 0x0010], vr: "OB", value: encapsulate(frames), undefinedLength: true },
  ];
  return part10(elements, {
    sopClassUid: SECONDARY_CAPTURE_SOP_CLASS,
    sopInstanceUid,
    transferSyntax: TRANSFER_SYNTAXES[compression],
  });
}

/** `count` compressed slices of one series; slice `i` draws `pixel(x, y, i)`. */
export async function compressedSeriesFiles(
  compression: Compression,
  count: number,
  options: DicomFixtureOptions = {},
): Promise<Uint8Array[]> {
  const shared = {
    ...options,
    studyInstanceUid: options.studyInstanceUid ?? newUid(),
    seriesInstanceUid: options.seriesInstanceUid ?? newUid(),
    sopInstanceUid: undefined,
  };
  const files: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const pixel = options.pixel;
    files.push(
      await compressedDicomFile(compression, {
        ...shared,
        instanceNumber: i + 1,
        pixel: pixel ? (x, y, f) => pixel(x, y, f + i) : undefined,
      }),
    );
  }
  return files;
}
