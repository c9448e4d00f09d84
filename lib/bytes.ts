/** Byte-array helpers shared by the file formats the server writes and reads (PNG, DICOM, ZIP). */

/** Joins byte arrays into one; a single part is returned as it is, uncopied. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
