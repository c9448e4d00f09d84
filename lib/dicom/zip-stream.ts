/**
 * Reads a ZIP archive from a stream, entry by entry, without holding the
 * archive in memory: the request body is fed to fflate's streaming `Unzip` in
 * small slices and each finished entry is handed to the caller before more
 * of the body is read.
 *
 * An uploaded archive is hostile until proven otherwise. Names that climb out
 * of the archive (`../`, absolute paths), archives inside the archive, too
 * many entries and too many inflated bytes refuse the whole upload. The byte
 * limit is enforced while inflating, by counting what comes out, so a zip
 * bomb is stopped after at most one slice's worth of output past the limit,
 * whatever its headers claim.
 */
import { Unzip, type UnzipFile, UnzipInflate } from "fflate";
import { AppError } from "../errors.ts";
import { concatBytes } from "../bytes.ts";

export interface ZipLimits {
  /** Files in the archive (directories not counted). */
  maxEntries: number;
  /** Inflated bytes of all entries together. */
  maxBytes: number;
  /** Inflated bytes of one entry, which is kept in memory until it is complete. */
  maxEntryBytes: number;
}

export type ZipEntry =
  | { name: string; bytes: Uint8Array; skipped?: undefined }
  | { name: string; bytes?: undefined; skipped: string };

/**
 * Compressed bytes pushed at once: bounds what one push can inflate before the
 * byte count is checked (deflate expands at most about 1:1032).
 */
const SLICE = 16 * 1024;

const SYSTEM_FILE = /(^|[/\\])(__MACOSX[/\\]|\.DS_Store$|Thumbs\.db$|desktop\.ini$)/i;
const ARCHIVE_EXTENSION = /\.(zip|jar|7z|rar|tar|tgz|gz|bz2|xz|zst)$/i;

export function refuseZip(status: 400 | 413, code: string, message: string): AppError {
  return new AppError(status, code, message);
}

/** Why an entry name is unsafe to take from an archive, or null when it is fine. */
export function unsafeEntryName(name: string): string | null {
  if (name.includes("\0")) return "contains a NUL character";
  if (/^([/\\]|[A-Za-z]:)/.test(name)) return "is an absolute path";
  if (name.split(/[/\\]/).includes("..")) return "climbs out of the archive (..)";
  return null;
}

function isZipMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b &&
    ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

/**
 * Calls `onEntry` for every file of the archive in `body`, in archive order,
 * awaiting it before reading further. Throws an `AppError` (400/413) when the
 * archive must be refused; entries that cannot be read (an unsupported
 * compression method, damaged data) are passed on as skipped.
 */
export async function forEachZipEntry(
  body: ReadableStream<Uint8Array>,
  limits: ZipLimits,
  onEntry: (entry: ZipEntry) => Promise<void>,
): Promise<{ entries: number; bytes: number }> {
  const ready: ZipEntry[] = [];
  let failure: AppError | null = null;
  let entries = 0;
  let total = 0;
  const fail = (error: AppError, file?: UnzipFile) => {
    failure ??= error;
    file?.terminate();
  };

  const unzip = new Unzip((file) => {
    if (failure) return;
    const name = file.name;
    if (name.endsWith("/") || name.endsWith("\\")) return; // a directory entry
    const unsafe = unsafeEntryName(name);
    if (unsafe) {
      return fail(refuseZip(400, "ZIP_UNSAFE_PATH", `The entry "${name}" ${unsafe}`));
    }
    if (ARCHIVE_EXTENSION.test(name)) {
      return fail(refuseZip(
        400,
        "ZIP_NESTED_ARCHIVE",
        `The archive contains another archive ("${name}"); extract it and upload its files`,
      ));
    }
    if (++entries > limits.maxEntries) {
      return fail(refuseZip(
        413,
        "ZIP_TOO_MANY_ENTRIES",
        `The archive holds more than ${limits.maxEntries} files; split it into smaller archives`,
      ));
    }
    // Finder's resource forks and the desktop's index files are not the user's content.
    if (SYSTEM_FILE.test(name)) return;
    if (file.compression !== 0 && file.compression !== 8) {
      ready.push({ name, skipped: `compressed with an unsupported method (${file.compression})` });
      return;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (error, data, final) => {
      if (failure) return;
      if (error) {
        ready.push({ name, skipped: `damaged entry (${error.message})` });
        return;
      }
      size += data.length;
      total += data.length;
      if (total > limits.maxBytes) {
        return fail(
          refuseZip(
            413,
            "ZIP_TOO_LARGE",
            `The archive inflates to more than ${formatBytes(limits.maxBytes)}`,
          ),
          file,
        );
      }
      if (size > limits.maxEntryBytes) {
        return fail(
          refuseZip(
            413,
            "ZIP_ENTRY_TOO_LARGE",
            `The entry "${name}" inflates to more than ${formatBytes(limits.maxEntryBytes)}`,
          ),
          file,
        );
      }
      if (data.length) chunks.push(data);
      if (!final) return;
      const bytes = concatBytes(chunks);
      if (isZipMagic(bytes)) {
        return fail(refuseZip(
          400,
          "ZIP_NESTED_ARCHIVE",
          `The archive contains another archive ("${name}"); extract it and upload its files`,
        ));
      }
      ready.push({ name, bytes });
    };
    file.start();
  });
  unzip.register(UnzipInflate);

  const reader = body.getReader();
  let first = true;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      const chunk = value ?? new Uint8Array(0);
      if (first && !done) {
        first = false;
        if (chunk.length >= 4 && !isZipMagic(chunk)) {
          throw refuseZip(400, "NOT_A_ZIP", "The upload is not a ZIP archive");
        }
      }
      for (let offset = 0; offset < chunk.length || (done && offset === 0); offset += SLICE) {
        const end = Math.min(offset + SLICE, chunk.length);
        try {
          unzip.push(chunk.subarray(offset, end), done && end === chunk.length);
        } catch (error) {
          fail(
            refuseZip(400, "ZIP_DAMAGED", `The archive is damaged (${(error as Error).message})`),
          );
        }
        if (failure) throw failure;
        while (ready.length) await onEntry(ready.shift()!);
        if (done) break;
      }
      if (done) break;
    }
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  }
  if (first) throw refuseZip(400, "NOT_A_ZIP", "The upload is empty");
  return { entries, bytes: total };
}

export function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}
