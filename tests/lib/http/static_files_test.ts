/**
 * Static files as a browser gets them: cached for good when the name carries
 * a content hash, revalidated otherwise, compressed when the type gains from
 * it and the client accepts it, never when the bytes are a range.
 */
import { join } from "node:path";
import { assert, assertEquals } from "../../support/assert.ts";
import { chooseEncoding, isContentHashed, StaticFiles } from "../../../lib/http/static-files.ts";
import { staticRoutes } from "../../../routes/static.ts";
import { readManifest } from "../../../lib/islands/manifest.ts";

const IMMUTABLE = "public, max-age=31536000, immutable";

/** Text that compresses well, past the compression threshold. */
const SCRIPT = "export const greet = (name) => `Hello, ${name}!`;\n".repeat(200);
const PNG = crypto.getRandomValues(new Uint8Array(4096));

async function decoded(response: Response): Promise<string> {
  const encoding = response.headers.get("content-encoding");
  const body = response.body!;
  if (!encoding) return await new Response(body).text();
  const format = (encoding === "br" ? "brotli" : encoding) as CompressionFormat;
  return await new Response(body.pipeThrough(new DecompressionStream(format))).text();
}

function get(path: string, headers: Record<string, string> = {}) {
  return new Request(`http://localhost/static/${path}`, { headers });
}

Deno.test("static files", async (t) => {
  const root = await Deno.makeTempDir({ prefix: "odx-static-" });
  await Deno.mkdir(join(root, "islands"));
  await Deno.writeTextFile(join(root, "islands", "Widget-0123456789ab.js"), SCRIPT);
  await Deno.writeTextFile(join(root, "islands", "manifest.json"), JSON.stringify({ a: SCRIPT }));
  await Deno.writeTextFile(join(root, "app.js"), SCRIPT);
  await Deno.writeFile(join(root, "photo.png"), PNG);
  await Deno.writeTextFile(join(root, "tiny.svg"), "<svg/>");
  const files = new StaticFiles(root);

  try {
    await t.step("a content-hashed bundle is cached for a year, brotli when accepted", async () => {
      const response = (await files.serve(
        get("islands/Widget-0123456789ab.js", { "accept-encoding": "gzip, deflate, br" }),
        "islands/Widget-0123456789ab.js",
      ))!;
      assertEquals(response.status, 200);
      assertEquals(response.headers.get("cache-control"), IMMUTABLE);
      assertEquals(response.headers.get("content-encoding"), "br");
      assertEquals(response.headers.get("vary"), "Accept-Encoding");
      assertEquals(response.headers.get("content-type"), "text/javascript; charset=utf-8");
      assert(Number(response.headers.get("content-length")) < SCRIPT.length / 10, "it shrank");
      assertEquals(await decoded(response), SCRIPT);
    });

    await t.step("gzip when the client prefers it or takes nothing else", async () => {
      for (const accept of ["gzip", "br;q=0, gzip", "gzip;q=1, br;q=0.5"]) {
        const response =
          (await files.serve(get("app.js", { "accept-encoding": accept }), "app.js"))!;
        assertEquals(response.headers.get("content-encoding"), "gzip", accept);
        assertEquals(await decoded(response), SCRIPT);
      }
    });

    await t.step("the bytes as stored when the client accepts no compression", async () => {
      for (const accept of [undefined, "identity", "br;q=0, gzip;q=0"]) {
        const headers: Record<string, string> = accept ? { "accept-encoding": accept } : {};
        const response = (await files.serve(get("app.js", headers), "app.js"))!;
        assertEquals(response.headers.get("content-encoding"), null, String(accept));
        assertEquals(response.headers.get("vary"), "Accept-Encoding");
        assertEquals(Number(response.headers.get("content-length")), SCRIPT.length);
        assertEquals(await response.text(), SCRIPT);
      }
    });

    await t.step("a file without a hash is cached briefly and revalidated by ETag", async () => {
      const first = (await files.serve(get("app.js", { "accept-encoding": "gzip" }), "app.js"))!;
      assertEquals(first.headers.get("cache-control"), "public, max-age=300");
      const etag = first.headers.get("etag")!;
      assert(/^".+-gzip"$/.test(etag), etag);
      await first.body?.cancel();
      const again = (await files.serve(
        get("app.js", { "accept-encoding": "gzip", "if-none-match": etag }),
        "app.js",
      ))!;
      assertEquals(again.status, 304);
      assertEquals(again.body, null);
      assertEquals(again.headers.get("etag"), etag);
      const otherEncoding = (await files.serve(
        get("app.js", { "accept-encoding": "br", "if-none-match": etag }),
        "app.js",
      ))!;
      assertEquals(otherEncoding.status, 200, "other bytes, other tag");
      await otherEncoding.body?.cancel();
      const manifest = (await files.serve(get("islands/manifest.json"), "islands/manifest.json"))!;
      assertEquals(manifest.headers.get("cache-control"), "public, max-age=300");
      await manifest.body?.cancel();
    });

    await t.step("an image or a tiny file is never compressed", async () => {
      const png =
        (await files.serve(get("photo.png", { "accept-encoding": "br, gzip" }), "photo.png"))!;
      assertEquals(png.headers.get("content-encoding"), null);
      assertEquals(png.headers.get("vary"), null);
      assertEquals(new Uint8Array(await png.arrayBuffer()), PNG);
      const svg = (await files.serve(get("tiny.svg", { "accept-encoding": "br" }), "tiny.svg"))!;
      assertEquals(svg.headers.get("content-encoding"), null);
      assertEquals(await svg.text(), "<svg/>");
    });

    await t.step("a range is served as stored bytes, never compressed", async () => {
      const response = (await files.serve(
        get("app.js", { "accept-encoding": "br, gzip", range: "bytes=10-19" }),
        "app.js",
      ))!;
      assertEquals(response.status, 206);
      assertEquals(response.headers.get("content-encoding"), null);
      assertEquals(response.headers.get("content-range"), `bytes 10-19/${SCRIPT.length}`);
      assertEquals(await response.text(), SCRIPT.slice(10, 20));
      const tail = (await files.serve(get("photo.png", { range: "bytes=-100" }), "photo.png"))!;
      assertEquals(tail.status, 206);
      assertEquals(new Uint8Array(await tail.arrayBuffer()), PNG.slice(-100));
      const beyond = (await files.serve(get("photo.png", { range: "bytes=5000-" }), "photo.png"))!;
      assertEquals(beyond.status, 416);
      assertEquals(beyond.headers.get("content-range"), "bytes */4096");
    });

    await t.step("nothing outside the folder, and no folder, is served", async () => {
      for (const path of ["../etc/passwd", "islands", "islands/../../x", "missing.js", "a\0b"]) {
        assertEquals(await files.serve(get("x"), path), null, path);
      }
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("static route serves the built island bundles", async () => {
  const manifest = readManifest();
  assert(manifest, "run `deno task build` first");
  const path = manifest.islands.SessionRuntime;
  const response = await staticRoutes.request(path, { headers: { "accept-encoding": "gzip" } });
  assertEquals(response.status, 200);
  assertEquals(response.headers.get("cache-control"), IMMUTABLE);
  assertEquals(response.headers.get("content-encoding"), "gzip");
  const onDisk = await Deno.readTextFile(new URL(`../../..${path}`, import.meta.url));
  assertEquals(await decoded(response), onDisk);
  assertEquals((await staticRoutes.request("/static/..%2F..%2Fdeno.json")).status, 404);
  assertEquals((await staticRoutes.request("/static/%E0%A4%A")).status, 404);
});

Deno.test("which names carry a content hash", () => {
  assert(isContentHashed("islands/WeekCalendar-103426584bf8.js"));
  assert(isContentHashed("islands/chunk-FSRPMVAS.js"));
  assert(isContentHashed("islands/codecs-e2e43aa6342f/openjphjs.wasm"));
  assert(isContentHashed("fonts/inter-3f2a9c1b.woff2"));
  assert(!isContentHashed("islands/manifest.json"));
  assert(!isContentHashed("favicon.svg"));
  assert(!isContentHashed("fonts/inter.woff2"));
});

Deno.test("the encoding follows the client's preferences", () => {
  assertEquals(chooseEncoding("gzip, deflate, br, zstd"), "br");
  assertEquals(chooseEncoding("gzip"), "gzip");
  assertEquals(chooseEncoding("br;q=0.2, gzip;q=0.8"), "gzip");
  assertEquals(chooseEncoding("*"), "br");
  assertEquals(chooseEncoding("*;q=0, gzip"), "gzip");
  assertEquals(chooseEncoding("deflate"), null);
  assertEquals(chooseEncoding(""), null);
  assertEquals(chooseEncoding(null), null);
});
