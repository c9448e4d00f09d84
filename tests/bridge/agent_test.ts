/**
 * The bridge's agent in-process against a local HTTP server playing OdontoX:
 * how it reacts to a server that fails, then recovers, and to a body the
 * server says does not match its SHA-256.
 */
import { join } from "node:path";
import { createHash } from "node:crypto";
import { BridgeAgent } from "../../bridge/agent.ts";
import { type BridgeConfigInput, parseConfig } from "../../bridge/config.ts";
import { createLogger } from "../../bridge/log.ts";
import { assert, assertEquals } from "../support/assert.ts";

type Answer = (sha: string, body: Uint8Array) => Response;

async function withAgent(
  answer: Answer,
  fn: (watchDir: string, agent: BridgeAgent, received: string[], stateDir: string) => Promise<void>,
  overrides: Partial<BridgeConfigInput> = {},
) {
  const received: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const body = new Uint8Array(await req.arrayBuffer());
    if (new URL(req.url).pathname === "/api/v1/bridge/heartbeat") {
      return Response.json({ ok: true, deviceName: "Fake", clinicName: "Clinic" });
    }
    const sha = req.headers.get("x-content-sha256") ?? "";
    received.push(sha);
    return answer(sha, body);
  });
  const root = await Deno.makeTempDir({ prefix: "bridge-agent-" });
  const watchDir = join(root, "watch");
  await Deno.mkdir(watchDir);
  const config = parseConfig({
    serverUrl: `http://127.0.0.1:${server.addr.port}`,
    apiKey: "odxb_" + "a".repeat(43),
    watchDir,
    stateDir: join(root, "state"),
    stabilityWaitMs: 50,
    stabilityPollMs: 10,
    backoffInitialMs: 20,
    backoffMaxMs: 100,
    statusPort: 0,
    ...overrides,
  });
  await Deno.mkdir(config.stateDir);
  const agent = await BridgeAgent.create(config, createLogger(config.stateDir, { console: false }));
  try {
    await agent.start();
    await fn(watchDir, agent, received, config.stateDir);
  } finally {
    await agent.stop();
    await server.shutdown();
    await Deno.remove(root, { recursive: true });
  }
}

async function until(condition: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const accepted = (sha: string) =>
  Response.json({ id: `cap-${sha.slice(0, 6)}`, patientId: null, status: "unassigned" }, {
    status: 201,
  });

Deno.test("captures wait out a failing server and go once it recovers, each acknowledged once", async () => {
  let failures = 0;
  await withAgent((sha) => {
    if (failures++ < 3) {
      return Response.json({ error: "busy", code: "UNAVAILABLE" }, { status: 503 });
    }
    return accepted(sha);
  }, async (watchDir, agent, received) => {
    const files = [1, 2, 3].map(() => crypto.getRandomValues(new Uint8Array(500)));
    for (const [i, bytes] of files.entries()) {
      await Deno.writeFile(join(watchDir, `${i}.dcm`), bytes);
    }
    await until(() => agent.status.acknowledgedTotal === 3);
    assertEquals(agent.status.queueLength, 0);
    // Three failed attempts, then each file exactly once.
    assertEquals(received.length, 6);
    assertEquals(new Set(received.slice(3)), new Set(files.map(sha256)));
  });
});

Deno.test("a SHA-256 mismatch makes the bridge read the file again and resend it", async () => {
  let mismatches = 0;
  await withAgent((sha, body) => {
    if (mismatches++ === 0 || sha !== sha256(body)) {
      return Response.json({ error: "mismatch", code: "SHA256_MISMATCH" }, { status: 400 });
    }
    return accepted(sha);
  }, async (watchDir, agent, received) => {
    const bytes = crypto.getRandomValues(new Uint8Array(800));
    await Deno.writeFile(join(watchDir, "scan.dcm"), bytes);
    await until(() => agent.status.acknowledgedTotal === 1);
    assertEquals(received, [sha256(bytes), sha256(bytes)]);
    assertEquals(
      agent.status.lastError?.message,
      "scan.dcm did not match its SHA-256 on the server",
    );
  });
});

Deno.test("a file rewritten after it was queued: the queued version and the new one both arrive", async () => {
  let first = true;
  await withAgent((sha) => {
    if (first) {
      first = false;
      return Response.json({ error: "busy", code: "UNAVAILABLE" }, { status: 503 });
    }
    return accepted(sha);
  }, async (watchDir, agent, received) => {
    const path = join(watchDir, "scan.dcm");
    const original = crypto.getRandomValues(new Uint8Array(300));
    await Deno.writeFile(path, original);
    await until(() => received.length === 1);
    const replaced = crypto.getRandomValues(new Uint8Array(400));
    await Deno.writeFile(path, replaced);
    await until(() => agent.status.acknowledgedTotal === 2 && agent.status.queueLength === 0);
    assertEquals(new Set(received.slice(1)), new Set([sha256(original), sha256(replaced)]));
  });
});

Deno.test("a capture whose original is deleted while the server is down still arrives", async () => {
  let down = true;
  const bodies = new Map<string, Uint8Array>();
  await withAgent((sha, body) => {
    if (down) return Response.json({ error: "down", code: "UNAVAILABLE" }, { status: 503 });
    bodies.set(sha, body);
    return accepted(sha);
  }, async (watchDir, agent, received, stateDir) => {
    const bytes = crypto.getRandomValues(new Uint8Array(5_000));
    const path = join(watchDir, "P-0001_scan.dcm");
    await Deno.writeFile(path, bytes);
    await until(() => agent.status.queueLength === 1 && received.length >= 1);
    // The sensor software moves its export away before the server is back.
    await Deno.remove(path);
    assertEquals([...Deno.readDirSync(join(stateDir, "files"))].length, 1);
    down = false;
    await until(() => agent.status.acknowledgedTotal === 1, 15_000);
    assertEquals(bodies.get(sha256(bytes)), bytes);
    assertEquals(agent.status.queueLength, 0);
    // Acknowledged: the queue's copy is gone too.
    assertEquals([...Deno.readDirSync(join(stateDir, "files"))], []);
  });
});

Deno.test("past maxQueueBytes a capture is queued without a copy, with a clear warning", async () => {
  await withAgent(
    () => Response.json({ error: "down", code: "UNAVAILABLE" }, { status: 503 }),
    async (watchDir, agent, _received, stateDir) => {
      await Deno.writeFile(
        join(watchDir, "big.dcm"),
        crypto.getRandomValues(new Uint8Array(2_000)),
      );
      await until(() => agent.status.queueLength === 1);
      assertEquals([...Deno.readDirSync(join(stateDir, "files"))], []);
      const log = await Deno.readTextFile(join(stateDir, "bridge.log"));
      assert(log.includes("the queue's copies fill maxQueueBytes (1000 B)"), log);
    },
    { maxQueueBytes: 1_000 },
  );
});
