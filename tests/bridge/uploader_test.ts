/**
 * The uploader against a local HTTP server that plays the OdontoX API: what
 * goes on the wire, and how each answer is classified.
 */
import { join } from "node:path";
import { createHash } from "node:crypto";
import type { QueueEntry } from "../../bridge/queue.ts";
import { uploadCapture } from "../../bridge/uploader.ts";
import { sendHeartbeat } from "../../bridge/heartbeat.ts";
import { assert, assertEquals } from "../support/assert.ts";

const KEY = "odxb_" + "k".repeat(43);

interface Seen {
  path: string;
  headers: Headers;
  body: Uint8Array;
}

async function withFakeServer(
  respond: (request: Request, body: Uint8Array) => Response,
  fn: (url: string, seen: Seen[], dir: string) => Promise<void>,
) {
  const seen: Seen[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const body = new Uint8Array(await req.arrayBuffer());
    seen.push({ path: new URL(req.url).pathname, headers: new Headers(req.headers), body });
    return respond(req, body);
  });
  const dir = await Deno.makeTempDir({ prefix: "bridge-upload-" });
  try {
    await fn(`http://127.0.0.1:${server.addr.port}`, seen, dir);
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
}

async function capture(dir: string, name: string, bytes: Uint8Array): Promise<QueueEntry> {
  const path = join(dir, name);
  await Deno.writeFile(path, bytes);
  const info = await Deno.stat(path);
  return {
    sha256: createHash("sha256").update(bytes).digest("hex"),
    path,
    fileName: name,
    size: bytes.length,
    mtimeMs: info.mtime!.getTime(),
    capturedAt: info.mtime!.toISOString(),
    enqueuedAt: new Date().toISOString(),
    attempts: 0,
    nextAttemptAt: 0,
  };
}

const json = (status: number, body: unknown) => Response.json(body, { status });

Deno.test("a capture is streamed with its name, capture time, SHA-256 and progress", () =>
  withFakeServer(
    () => json(201, { id: "cap-1", patientId: "pat-1", status: "assigned", duplicate: false }),
    async (url, seen, dir) => {
      const bytes = crypto.getRandomValues(new Uint8Array(60_000));
      const entry = await capture(dir, "P-000001_bw.dcm", bytes);
      const progress: number[] = [];
      const outcome = await uploadCapture(entry, {
        serverUrl: url,
        apiKey: KEY,
        category: "bitewing",
        onProgress: (sent) => progress.push(sent),
      });
      assertEquals(outcome, {
        kind: "accepted",
        captureId: "cap-1",
        patientId: "pat-1",
        status: "assigned",
        duplicate: false,
      });
      const [{ path, headers, body }] = seen;
      assertEquals(path, "/api/v1/bridge/captures");
      assertEquals(headers.get("authorization"), `Bearer ${KEY}`);
      assertEquals(headers.get("x-file-name"), "P-000001_bw.dcm");
      assertEquals(headers.get("x-captured-at"), entry.capturedAt);
      assertEquals(headers.get("x-content-sha256"), entry.sha256);
      assertEquals(body, bytes);
      assertEquals(progress.at(-1), 60_000);
    },
  ));

Deno.test("a retry the server already has counts as delivered", () =>
  withFakeServer(
    () => json(200, { id: "cap-1", patientId: null, status: "unassigned", duplicate: true }),
    async (url, _seen, dir) => {
      const entry = await capture(dir, "a.dcm", new Uint8Array([1, 2, 3]));
      const outcome = await uploadCapture(entry, { serverUrl: url, apiKey: KEY });
      assertEquals(outcome.kind === "accepted" && outcome.duplicate, true);
    },
  ));

Deno.test("refused keys, SHA mismatches and server errors are told apart", async () => {
  const answers = [
    json(401, { error: "Unknown device key", code: "INVALID_DEVICE_KEY" }),
    json(403, { error: "Revoked", code: "DEVICE_REVOKED" }),
    json(400, { error: "mismatch", code: "SHA256_MISMATCH" }),
    json(503, { error: "Starting", code: "UNAVAILABLE" }),
    json(413, { error: "Too large", code: "PAYLOAD_TOO_LARGE" }),
  ];
  await withFakeServer(() => answers.shift()!, async (url, _seen, dir) => {
    const entry = await capture(dir, "a.dcm", new Uint8Array([1, 2, 3]));
    const kinds = [];
    for (let i = 0; i < 5; i++) {
      const outcome = await uploadCapture(entry, { serverUrl: url, apiKey: KEY });
      kinds.push(outcome.kind === "retry" ? `retry ${outcome.httpStatus}` : outcome.kind);
    }
    assertEquals(kinds, ["unauthorized", "unauthorized", "sha-mismatch", "retry 503", "retry 413"]);
  });
});

Deno.test("an unreachable server and a deleted file are reported, not thrown", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const entry = await capture(dir, "a.dcm", new Uint8Array([1]));
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (listener.addr as Deno.NetAddr).port;
    listener.close();
    const offline = await uploadCapture(entry, {
      serverUrl: `http://127.0.0.1:${port}`,
      apiKey: KEY,
    });
    assertEquals(offline.kind, "retry");
    assert(offline.kind === "retry" && /server unreachable/.test(offline.message));
    await Deno.remove(entry.path);
    const gone = await uploadCapture(entry, { serverUrl: `http://127.0.0.1:${port}`, apiKey: KEY });
    assertEquals(gone.kind, "vanished");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the heartbeat reports version and queue length and learns the device's name", () =>
  withFakeServer(
    () => json(200, { ok: true, deviceName: "Op 1 sensor", clinicName: "Demo Dental" }),
    async (url, seen) => {
      const outcome = await sendHeartbeat({ serverUrl: url, apiKey: KEY, queueLength: 4 });
      assertEquals(outcome, { kind: "ok", deviceName: "Op 1 sensor", clinicName: "Demo Dental" });
      const sent = JSON.parse(new TextDecoder().decode(seen[0].body));
      assertEquals(seen[0].path, "/api/v1/bridge/heartbeat");
      assertEquals(sent.queueLength, 4);
      assert(typeof sent.version === "string");
    },
  ));
