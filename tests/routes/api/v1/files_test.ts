import jpeg from "jpeg-js";
import UTIF from "utif";
import { and, eq } from "drizzle-orm";
import { assert, assertEquals } from "../../../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../../../support/test-app.ts";
import { clinicFixture } from "../../../lib/appointments/fixtures.ts";
import { dicomFile } from "../../../support/dicom-fixtures.ts";
import { roleTemplates, storedFiles } from "../../../../lib/db/schema.ts";
import { saveFile, type StoredFile } from "../../../../lib/storage/files.ts";
import { decodePng, encodePng } from "../../../../lib/radiology/png.ts";
import type { ObjectStore } from "../../../../lib/storage/object-store.ts";
import type { Db } from "../../../../lib/db/client.ts";

const BYTES = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);

function store(db: Db, storage: ObjectStore, clinicId: string, body: Uint8Array, type: string) {
  return saveFile(db, storage, {
    clinicId,
    body,
    contentType: type,
    originalName: "Röntgen 1.png",
  });
}

/** A 24-bit BMP, as older sensor software writes it. */
function bmp(width: number, height: number, pixel: (x: number, y: number) => number): Uint8Array {
  const stride = Math.ceil((width * 3) / 4) * 4;
  const bytes = new Uint8Array(54 + stride * height);
  const view = new DataView(bytes.buffer);
  bytes.set([0x42, 0x4d]);
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = 54 + (height - 1 - y) * stride + x * 3;
      bytes.fill(pixel(x, y), at, at + 3);
    }
  }
  return bytes;
}

testOnEachDatabase("stored file streaming and thumbnails", async (t, database) => {
  const step = appSteps(t, database);
  const db = database.db;
  const demo = await clinicFixture(db, "demo-dental");
  const other = await clinicFixture(db, "second-smile");

  await step("the whole file streams with its type, validator and caching headers", async (app) => {
    const file = await store(db, app.deps.storage, demo.id, BYTES, "image/png");
    const { jar } = await app.login("nurse@demo-dental.test");
    const res = await app.request(`/api/v1/files/${file.id}/content`, { jar });
    assertEquals(res.status, 200);
    assertEquals(new Uint8Array(await res.arrayBuffer()), BYTES);
    assertEquals(res.headers.get("content-type"), "image/png");
    assertEquals(res.headers.get("content-length"), "1000");
    assertEquals(res.headers.get("accept-ranges"), "bytes");
    assertEquals(res.headers.get("etag"), `"${file.sha256}"`);
    assertEquals(res.headers.get("cache-control"), "private, max-age=86400");
    assertEquals(res.headers.get("content-disposition"), null);

    const cached = await app.request(`/api/v1/files/${file.id}/content`, {
      jar,
      headers: { "if-none-match": `W/"other", "${file.sha256}"` },
    });
    assertEquals(cached.status, 304);
    assertEquals(await cached.text(), "");
    assertEquals(cached.headers.get("etag"), `"${file.sha256}"`);
  });

  await step("byte ranges: first bytes, open-ended, suffix, and out of range", async (app) => {
    const file = await store(db, app.deps.storage, demo.id, BYTES, "application/dicom");
    const { jar } = await app.login("doctor@demo-dental.test");
    const get = (range: string, headers: Record<string, string> = {}) =>
      app.request(`/api/v1/files/${file.id}/content`, {
        jar,
        headers: { range, ...headers },
      });
    const cases: [string, number, string | null, Uint8Array][] = [
      ["bytes=0-9", 206, "bytes 0-9/1000", BYTES.slice(0, 10)],
      ["bytes=990-", 206, "bytes 990-999/1000", BYTES.slice(990)],
      ["bytes=-5", 206, "bytes 995-999/1000", BYTES.slice(995)],
      ["bytes=-5000", 206, "bytes 0-999/1000", BYTES],
      ["bytes=500-100000", 206, "bytes 500-999/1000", BYTES.slice(500)],
      // Several ranges, or nonsense, get the whole file (RFC 9110 lets a server ignore Range).
      ["bytes=0-1,5-6", 200, null, BYTES],
      ["lines=1-2", 200, null, BYTES],
    ];
    for (const [range, status, contentRange, body] of cases) {
      const res = await get(range);
      assertEquals(res.status, status, range);
      assertEquals(res.headers.get("content-range"), contentRange, range);
      assertEquals(new Uint8Array(await res.arrayBuffer()), body, range);
      if (status === 206) assertEquals(res.headers.get("content-length"), String(body.length));
    }
    for (const range of ["bytes=1000-", "bytes=5000-6000", "bytes=-0"]) {
      const res = await get(range);
      assertEquals(res.status, 416, range);
      assertEquals(res.headers.get("content-range"), "bytes */1000");
      await res.body?.cancel();
    }
    const stale = await get("bytes=0-9", { "if-range": '"stale"' });
    assertEquals(stale.status, 200);
    await stale.body?.cancel();
  });

  await step(
    "an uploaded page or SVG is sent as an attachment, never shown inline",
    async (app) => {
      const { jar } = await app.login("doctor@demo-dental.test");
      for (const type of ["text/html", "image/svg+xml"]) {
        const file = await store(db, app.deps.storage, demo.id, BYTES, type);
        const res = await app.request(`/api/v1/files/${file.id}/content`, { jar });
        assertEquals(res.status, 200);
        assertEquals(res.headers.get("x-content-type-options"), "nosniff");
        assert(res.headers.get("content-disposition")?.startsWith("attachment;"), type);
        await res.body?.cancel();
      }
    },
  );

  await step("?download=1 sends an attachment and needs the download permission", async (app) => {
    const file = await store(db, app.deps.storage, demo.id, BYTES, "image/png");
    const { jar } = await app.login("doctor@demo-dental.test");
    const res = await app.request(`/api/v1/files/${file.id}/content?download=1`, { jar });
    assertEquals(res.status, 200);
    assertEquals(
      res.headers.get("content-disposition"),
      `attachment; filename="R_ntgen 1.png"; filename*=UTF-8''R%C3%B6ntgen%201.png`,
    );
    await res.body?.cancel();

    // A nurse whose template allows viewing but not downloading.
    await db.insert(roleTemplates).values({
      clinicId: demo.id,
      role: "nurse",
      permissions: ["radiology.view"],
    });
    try {
      const nurse = (await app.login("nurse@demo-dental.test")).jar;
      const inline = await app.request(`/api/v1/files/${file.id}/content`, { jar: nurse });
      assertEquals(inline.status, 200);
      await inline.body?.cancel();
      const refused = await app.request(`/api/v1/files/${file.id}/content?download=1`, {
        jar: nurse,
      });
      assertEquals(refused.status, 403);
      assertEquals((await refused.json()).permission, "radiology.download");
    } finally {
      await db.delete(roleTemplates).where(
        and(eq(roleTemplates.clinicId, demo.id), eq(roleTemplates.role, "nurse")),
      );
    }
  });

  await step("another clinic's file, a missing file and a malformed id answer 404", async (app) => {
    const theirs = await store(db, app.deps.storage, other.id, BYTES, "image/png");
    const { jar } = await app.login("owner@demo-dental.test");
    for (
      const path of [
        `/api/v1/files/${theirs.id}/content`,
        `/api/v1/files/${theirs.id}/thumbnail`,
        `/api/v1/files/${crypto.randomUUID()}/content`,
        `/api/v1/files/not-a-uuid/content`,
        `/api/v1/files/not-a-uuid/thumbnail`,
      ]
    ) {
      const res = await app.request(path, { jar });
      assertEquals(res.status, 404, path);
      assertEquals((await res.json()).code, "NOT_FOUND");
    }
  });

  await step("no session is a 401; without radiology access a 403", async (app) => {
    const file = await store(db, app.deps.storage, demo.id, BYTES, "image/png");
    for (const path of [`/api/v1/files/${file.id}/content`, `/api/v1/files/${file.id}/thumbnail`]) {
      assertEquals((await app.request(path)).status, 401);
      const { jar } = await app.login("reception@demo-dental.test");
      const res = await app.request(path, { jar });
      assertEquals(res.status, 403);
      assertEquals((await res.json()).permission, "radiology.view");
    }
  });

  await step("a DICOM thumbnail is the windowed middle frame, made once and kept", async (app) => {
    // Frame 0 dark, frame 1 (the middle of 3) a left-to-right ramp, frame 2 bright.
    const file = await store(
      db,
      app.deps.storage,
      demo.id,
      dicomFile({
        rows: 600,
        columns: 300,
        frames: 3,
        windowCenter: 1000,
        windowWidth: 1000,
        pixel: (x, _y, f) => (f === 1 ? 500 + (x / 299) * 1000 : f === 0 ? 0 : 4000),
      }),
      "application/dicom",
    );
    const { jar } = await app.login("nurse@demo-dental.test");
    const res = await app.request(`/api/v1/files/${file.id}/thumbnail`, { jar });
    assertEquals(res.status, 200);
    assertEquals(res.headers.get("content-type"), "image/png");
    const png = decodePng(new Uint8Array(await res.arrayBuffer()))!;
    assertEquals([png.width, png.height, png.channels], [128, 256, 1]);
    const at = (x: number, y: number) => png.data[y * png.width + x];
    assert(at(0, 128) < 8, `left edge is black, got ${at(0, 128)}`);
    assert(at(127, 128) > 247, `right edge is white, got ${at(127, 128)}`);
    assert(Math.abs(at(64, 128) - 128) < 12, `middle is mid-grey, got ${at(64, 128)}`);

    const [row] = await db.select().from(storedFiles).where(eq(storedFiles.id, file.id));
    assertEquals(row.thumbnailKey, `${demo.id}/thumbnails/${file.id}.png`);
    const etag = res.headers.get("etag")!;
    const again = await app.request(`/api/v1/files/${file.id}/thumbnail`, {
      jar,
      headers: { "if-none-match": etag },
    });
    assertEquals(again.status, 304);
  });

  await step("PNG, JPEG, BMP and TIFF captures get thumbnails; other files a 404", async (app) => {
    const { jar } = await app.login("doctor@demo-dental.test");
    const ramp = (x: number) => Math.round((x / 511) * 255);
    const rgba = new Uint8Array(512 * 256 * 4);
    for (let i = 0; i < 512 * 256; i++) {
      rgba.fill(ramp(i % 512), i * 4, i * 4 + 3);
      rgba[i * 4 + 3] = 255;
    }
    const grey = new Uint8Array(512 * 256).map((_, i) => ramp(i % 512));
    const sources: [string, Uint8Array][] = [
      ["image/png", encodePng({ width: 512, height: 256, channels: 1, data: grey })],
      ["image/jpeg", jpeg.encode({ width: 512, height: 256, data: rgba }, 90).data],
      ["image/bmp", bmp(512, 256, (x) => ramp(x))],
      ["image/tiff", new Uint8Array(UTIF.encodeImage(rgba, 512, 256))],
    ];
    for (const [type, bytes] of sources) {
      const file: StoredFile = await store(db, app.deps.storage, demo.id, bytes, type);
      const res = await app.request(`/api/v1/files/${file.id}/thumbnail`, { jar });
      assertEquals(res.status, 200, type);
      const png = decodePng(new Uint8Array(await res.arrayBuffer()))!;
      assertEquals([png.width, png.height], [256, 128], type);
      const left = png.data[64 * png.width * png.channels];
      const right = png.data[(64 * png.width + 255) * png.channels];
      assert(left < 10 && right > 245, `${type}: ramp survives (${left} → ${right})`);
    }
    const text = await store(db, app.deps.storage, demo.id, BYTES, "text/plain");
    const res = await app.request(`/api/v1/files/${text.id}/thumbnail`, { jar });
    assertEquals(res.status, 404);
    assertEquals((await res.json()).error, "This file has no thumbnail");
  });
});
