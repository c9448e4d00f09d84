/**
 * Both ObjectStores keep the same promises: whole and ranged reads, replace
 * in one piece, missing keys read as null, bad keys fail loudly. Supabase
 * Storage is a local HTTP server speaking the Storage REST API.
 */
import { assert, assertEquals, assertRejects } from "../../support/assert.ts";
import { LocalObjectStore } from "../../../lib/storage/local-store.ts";
import { SupabaseObjectStore } from "../../../lib/storage/supabase-store.ts";
import { objectStoreFromConfig } from "../../../lib/storage/from-config.ts";
import type { ObjectStore } from "../../../lib/storage/object-store.ts";

const SERVICE_KEY = "service-role-test-key";

/** The part of Supabase Storage the store uses, in memory. */
function fakeStorage() {
  const objects = new Map<string, { bytes: Uint8Array<ArrayBuffer>; type: string }>();
  const buckets = new Set<string>();
  const seen: { method: string; streamed: boolean }[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    if (req.headers.get("authorization") !== `Bearer ${SERVICE_KEY}`) {
      return Response.json({ error: "unauthorized" }, { status: 401 });
    }
    const url = new URL(req.url);
    if (url.pathname === "/storage/v1/bucket" && req.method === "POST") {
      const { id } = await req.json();
      if (buckets.has(id)) {
        return Response.json({ message: "The resource already exists" }, { status: 409 });
      }
      buckets.add(id);
      return Response.json({ name: id });
    }
    const match = /^\/storage\/v1\/object\/(authenticated\/)?([^/]+)(?:\/(.+))?$/.exec(
      url.pathname,
    );
    if (!match) return new Response("no route", { status: 404 });
    const [, , bucket, rawKey] = match;
    if (!buckets.has(bucket)) return Response.json({ error: "Bucket not found" }, { status: 400 });
    if (req.method === "DELETE" && !rawKey) {
      const { prefixes } = await req.json();
      for (const key of prefixes) objects.delete(key);
      return Response.json([]);
    }
    const key = decodeURIComponent(rawKey ?? "");
    if (req.method === "POST") {
      seen.push({ method: "POST", streamed: !req.headers.has("content-length") });
      if (objects.has(key) && req.headers.get("x-upsert") !== "true") {
        return Response.json({ error: "Duplicate" }, { status: 409 });
      }
      const bytes = new Uint8Array(await req.arrayBuffer());
      objects.set(key, { bytes, type: req.headers.get("content-type") ?? "" });
      return Response.json({ Key: `${bucket}/${key}` });
    }
    const object = objects.get(key);
    if (!object) return Response.json({ error: "not_found" }, { status: 400 });
    const headers = {
      "content-type": object.type,
      etag: `"${object.bytes.length}-${object.bytes[0] ?? 0}"`,
      "accept-ranges": "bytes",
    };
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.get("range") ?? "");
    if (req.method === "HEAD") {
      return new Response(null, {
        headers: { ...headers, "content-length": String(object.bytes.length) },
      });
    }
    if (range) {
      const start = Number(range[1]);
      if (start >= object.bytes.length) return new Response(null, { status: 416 });
      const end = Math.min(Number(range[2]), object.bytes.length - 1);
      return new Response(object.bytes.slice(start, end + 1), {
        status: 206,
        headers: { ...headers, "content-range": `bytes ${start}-${end}/${object.bytes.length}` },
      });
    }
    return new Response(object.bytes, { headers });
  });
  return { server, objects, seen, url: `http://127.0.0.1:${server.addr.port}` };
}

const text = async (stream: ReadableStream<Uint8Array>) => await new Response(stream).text();

async function contract(store: ObjectStore) {
  const body = new TextEncoder().encode("0123456789abcdef");
  const put = await store.put(
    "clinic-1/files/a",
    ReadableStream.from([body.subarray(0, 8), body.subarray(8)]),
    {
      contentType: "image/png",
    },
  );
  assertEquals([put.size, put.contentType], [16, "image/png"]);
  assert(put.etag.startsWith('"'), "the ETag is quoted");
  const whole = (await store.get("clinic-1/files/a"))!;
  assertEquals([await text(whole.body), whole.range], ["0123456789abcdef", null]);
  const part = (await store.get("clinic-1/files/a", { start: 2, end: 5 }))!;
  assertEquals([await text(part.body), part.size, part.range], ["2345", 16, { start: 2, end: 5 }]);
  await assertRejects(
    () => store.get("clinic-1/files/a", { start: 10, end: 16 }),
    (e) => e instanceof RangeError,
  );

  await store.put("clinic-1/files/a", new TextEncoder().encode("new"), {
    contentType: "text/plain",
  });
  const replaced = (await store.head("clinic-1/files/a"))!;
  assertEquals([replaced.size, replaced.contentType], [3, "text/plain"]);

  assertEquals(await store.get("clinic-1/files/missing"), null);
  assertEquals(await store.head("clinic-1/files/missing"), null);
  await store.delete("clinic-1/files/a");
  await store.delete("clinic-1/files/a");
  assertEquals(await store.head("clinic-1/files/a"), null);
  for (const bad of ["../etc/passwd", "a//b", "/abs", "a/../b", "a b"]) {
    await assertRejects(() => store.put(bad, body, { contentType: "x/y" }), undefined, bad);
  }
}

Deno.test("LocalObjectStore keeps the ObjectStore promises", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await contract(new LocalObjectStore(dir));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("LocalObjectStore leaves no partial object when the body fails midway", async () => {
  const dir = await Deno.makeTempDir();
  const store = new LocalObjectStore(dir);
  try {
    await store.put("c/files/x", new TextEncoder().encode("old"), { contentType: "text/plain" });
    const failing = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("half of a new "));
        controller.error(new Error("connection lost"));
      },
    });
    await assertRejects(() => store.put("c/files/x", failing, { contentType: "text/plain" }));
    assertEquals(await text((await store.get("c/files/x"))!.body), "old");
    const names = [...Deno.readDirSync(`${dir}/c/files`)].map((e) => e.name).sort();
    assertEquals(names, ["x", "x.meta.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("SupabaseObjectStore keeps them over the Storage REST API, streaming uploads", async () => {
  const fake = fakeStorage();
  try {
    const store = objectStoreFromConfig({
      localDir: "/nonexistent",
      supabase: { url: fake.url, serviceRoleKey: SERVICE_KEY, bucket: "odontox" },
    });
    assert(store instanceof SupabaseObjectStore, "SUPABASE_URL picks Supabase Storage");
    await contract(store);
    assert(fake.seen.some((r) => r.streamed), "a stream body is sent without buffering it first");
    assertEquals(fake.objects.size, 0);
  } finally {
    await fake.server.shutdown();
  }
});

Deno.test("SupabaseObjectStore reports a refused key instead of pretending", async () => {
  const fake = fakeStorage();
  try {
    const store = new SupabaseObjectStore({ url: fake.url, serviceRoleKey: "wrong", bucket: "b" });
    await assertRejects(
      () => store.put("c/files/y", new Uint8Array([1]), { contentType: "x/y" }),
      (e) => /401/.test(e.message),
    );
  } finally {
    await fake.server.shutdown();
  }
});
