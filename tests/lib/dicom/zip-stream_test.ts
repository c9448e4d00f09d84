import { strToU8, zipSync } from "fflate";
import { assert, assertEquals, assertRejects } from "../../support/assert.ts";
import { AppError } from "../../../lib/errors.ts";
import { forEachZipEntry, unsafeEntryName, type ZipEntry } from "../../../lib/dicom/zip-stream.ts";

const LIMITS = { maxEntries: 10, maxBytes: 1024 * 1024, maxEntryBytes: 512 * 1024 };

/** The archive as a network would deliver it: in small chunks. */
function chunked(bytes: Uint8Array, size = 1000): ReadableStream<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.slice(i, i + size));
  return ReadableStream.from(chunks);
}

async function entries(zip: Uint8Array, limits = LIMITS): Promise<ZipEntry[]> {
  const seen: ZipEntry[] = [];
  await forEachZipEntry(chunked(zip), limits, (entry) => {
    seen.push(entry);
    return Promise.resolve();
  });
  return seen;
}

async function refusal(zip: Uint8Array, limits = LIMITS): Promise<[number, string, string]> {
  const error = await assertRejects(() => entries(zip, limits), (e) => e instanceof AppError);
  const appError = error as AppError;
  return [appError.status, appError.code, appError.message];
}

Deno.test("entries come out in archive order with their bytes; directories and system files are left out", async () => {
  const zip = zipSync({
    "study/": {},
    "study/a.dcm": strToU8("first"),
    "study/b.dcm": [strToU8("second ".repeat(1000)), { level: 9 }],
    "c.dcm": [strToU8("stored"), { level: 0 }],
    "__MACOSX/study/._a.dcm": strToU8("resource fork"),
    "study/.DS_Store": strToU8("finder"),
    "Thumbs.db": strToU8("explorer"),
  });
  const seen = await entries(zip);
  assertEquals(seen.map((e) => e.name), ["study/a.dcm", "study/b.dcm", "c.dcm"]);
  assertEquals(new TextDecoder().decode(seen[1].bytes!), "second ".repeat(1000));
  assertEquals(new TextDecoder().decode(seen[2].bytes!), "stored");
});

Deno.test("names that climb out of the archive refuse it", async () => {
  assertEquals(unsafeEntryName("../../etc/passwd"), "climbs out of the archive (..)");
  assertEquals(unsafeEntryName("a\\..\\b.dcm"), "climbs out of the archive (..)");
  assertEquals(unsafeEntryName("/etc/passwd"), "is an absolute path");
  assertEquals(unsafeEntryName("C:/x.dcm"), "is an absolute path");
  assertEquals(unsafeEntryName("study/..hidden/a.dcm"), null);
  const [status, code, message] = await refusal(
    zipSync({ "ok.dcm": strToU8("x"), "../evil.dcm": strToU8("y") }),
  );
  assertEquals([status, code], [400, "ZIP_UNSAFE_PATH"]);
  assertEquals(message, 'The entry "../evil.dcm" climbs out of the archive (..)');
});

Deno.test("an archive inside the archive refuses it, by name or by content", async () => {
  const inner = zipSync({ "a.dcm": strToU8("x") });
  assertEquals((await refusal(zipSync({ "inner.zip": inner })))[1], "ZIP_NESTED_ARCHIVE");
  assertEquals((await refusal(zipSync({ "inner.dcm": inner })))[1], "ZIP_NESTED_ARCHIVE");
});

Deno.test("more entries than allowed refuse the archive", async () => {
  const files = Object.fromEntries(
    Array.from({ length: 4 }, (_, i) => [`${i}.dcm`, strToU8(`file ${i}`)]),
  );
  assertEquals((await entries(zipSync(files), { ...LIMITS, maxEntries: 4 })).length, 4);
  const [status, code, message] = await refusal(zipSync(files), { ...LIMITS, maxEntries: 3 });
  assertEquals([status, code, message], [
    413,
    "ZIP_TOO_MANY_ENTRIES",
    "The archive holds more than 3 files; split it into smaller archives",
  ]);
});

Deno.test("a zip bomb is stopped while inflating, long before it is inflated", async () => {
  // 16 MiB of zeros compress to about 16 KiB.
  const bomb = zipSync({ "bomb.dcm": [new Uint8Array(16 * 1024 * 1024), { level: 9 }] });
  assert(bomb.length < 50_000);
  let inflated = 0;
  const error = await assertRejects(() =>
    forEachZipEntry(
      chunked(bomb),
      { ...LIMITS, maxBytes: 1024 * 1024, maxEntryBytes: 1e9 },
      (e) => {
        inflated += e.bytes?.length ?? 0;
        return Promise.resolve();
      },
    )
  ) as AppError;
  assertEquals([error.status, error.code], [413, "ZIP_TOO_LARGE"]);
  assertEquals(error.message, "The archive inflates to more than 1 MiB");
  assertEquals(inflated, 0);
});

Deno.test("an entry larger than one file may be refuses the archive", async () => {
  const zip = zipSync({ "big.dcm": new Uint8Array(600 * 1024) });
  assertEquals((await refusal(zip))[1], "ZIP_ENTRY_TOO_LARGE");
});

Deno.test("bytes that are not a ZIP, or nothing at all, are refused", async () => {
  assertEquals(await refusal(strToU8("hello, not a zip")), [
    400,
    "NOT_A_ZIP",
    "The upload is not a ZIP archive",
  ]);
  assertEquals((await refusal(new Uint8Array(0)))[1], "NOT_A_ZIP");
});
