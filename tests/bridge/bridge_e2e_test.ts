/**
 * The bridge program and the server as real processes: files written into the
 * watched folder become captures of the right patient, a live-event client
 * hears about each, and neither a server outage nor a bridge killed mid-upload
 * loses or doubles one.
 */
import { join } from "node:path";
import { startServerProcess } from "../support/server-process.ts";
import {
  api,
  type BridgeProcess,
  firstPatient,
  type LiveEvent,
  LiveEventClient,
  registerDevice,
  signInForToken,
  startBridge,
} from "../support/bridge-process.ts";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";

const OWNER = "owner@demo-dental.test";
const e2e = { sanitizeOps: false, sanitizeResources: false };

interface CaptureRow {
  id: string;
  patientId: string | null;
  capturedAt: string;
}

/** A distinct small "X-ray": random bytes, so every file has its own SHA-256. */
function xray(bytes = 2_048): Uint8Array {
  const image = new Uint8Array(bytes);
  for (let offset = 0; offset < bytes; offset += 65_536) {
    crypto.getRandomValues(image.subarray(offset, Math.min(bytes, offset + 65_536)));
  }
  return image;
}

/** Writes the way sensor software does: into the folder, in two pieces. */
async function writeCapture(path: string, bytes: Uint8Array) {
  const half = Math.floor(bytes.length / 2);
  await Deno.writeFile(path, bytes.subarray(0, half));
  await Deno.writeFile(path, bytes.subarray(half), { append: true });
}

async function allCaptures(url: string, token: string): Promise<CaptureRow[]> {
  const assigned = await api<{ captures: CaptureRow[] }>(
    url,
    token,
    "/api/v1/captures?status=assigned",
  );
  const unassigned = await api<{ captures: CaptureRow[] }>(
    url,
    token,
    "/api/v1/captures?status=unassigned",
  );
  return [...assigned.captures, ...unassigned.captures];
}

const captured = (events: LiveEvent[]) => events.filter((e) => e.type === "xray.captured");

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

Deno.test({
  name: "the bridge delivers every capture exactly once, through outages and crashes",
  ...e2e,
  fn: async (t) => {
    // One data directory and port for the whole run, so the server can be restarted in place.
    const dataDir = await Deno.makeTempDir({ prefix: "odontox-bridge-e2e-" });
    const port = freePort();
    let server = await startServerProcess({ dataDir, port });
    let bridge: BridgeProcess | undefined;
    const token = await signInForToken(server.url, OWNER);
    const events = new LiveEventClient(server.url, token, ["xray.captured"]);
    try {
      const patient = await firstPatient(server.url, token);
      const device = await registerDevice(server.url, token, { filenamePattern: "{mrn}_{any}" });
      bridge = await startBridge({ serverUrl: server.url, apiKey: device.apiKey });
      await events.connected;

      await t.step(
        "a capture named after a patient's MRN reaches that patient and is announced live",
        async () => {
          await writeCapture(join(bridge!.watchDir, `${patient.mrn}_bitewing-left.jpg`), xray());
          await writeCapture(join(bridge!.watchDir, "unknown-scan.jpg"), xray());
          await Deno.writeTextFile(join(bridge!.watchDir, "notes.txt"), "not an image");

          await events.waitFor((list) => captured(list).length >= 2);
          const byPatient = captured(events.events).find((e) => e.data.patientId === patient.id);
          assert(byPatient, `no event for ${patient.fullName}: ${JSON.stringify(events.events)}`);
          assertEquals(byPatient.data.patientName, patient.fullName);
          const unassigned = captured(events.events).find((e) => e.data.patientId === null);
          assert(
            unassigned,
            `the unmatched capture was not announced: ${JSON.stringify(events.events)}`,
          );

          const { capture } = await api<{ capture: Record<string, unknown> }>(
            server.url,
            token,
            `/api/v1/captures/${byPatient.data.captureId}`,
          );
          assertEquals(capture.patientId, patient.id);
          assertEquals(capture.operatoryId, device.operatoryId);
          assertEquals((await allCaptures(server.url, token)).length, 2);

          await until(() => bridge!.status(), (status) => status.queueLength === 0);
          const status = await bridge!.status();
          assertEquals((status.server as { deviceName: string }).deviceName, "Test sensor");
          const page = await fetch(`http://127.0.0.1:${bridge!.statusPort}/`).then((r) => r.text());
          assert(/Last upload<\/th><td>(unknown-scan|P-\d+_bitewing-left)\.jpg/.test(page), page);
          const log = await Deno.readTextFile(join(bridge!.stateDir, "bridge.log"));
          assert(
            /uploaded P-\d+_bitewing-left\.jpg in \d+ ms: filed to the patient/.test(log),
            log,
          );
        },
      );

      await t.step(
        "50 files written while the server is down, then deleted, all arrive once it is back, none twice",
        async () => {
          const existing = await allCaptures(server.url, token);
          const before = existing.length;
          const beforeIds = new Set(existing.map((c) => c.id));
          await server.stop();
          const names = Array.from({ length: 50 }, (_, i) => `${patient.mrn}_outage-${i}.jpg`);
          for (const name of names) await writeCapture(join(bridge!.watchDir, name), xray());

          const waiting = await until(() => bridge!.status(), (s) => s.queueLength === 50);
          assertEquals(waiting.state, "offline");
          assert(/server unreachable/.test((waiting.lastError as { message: string }).message));
          // The sensor software moves its exports away before the server is back: the
          // queue uploads its own copies.
          for (const name of names) await Deno.remove(join(bridge!.watchDir, name));

          server = await startServerProcess({ dataDir, port });
          await until(() => bridge!.status(), (s) => s.queueLength === 0, 60_000);
          const after = await allCaptures(server.url, token);
          assertEquals(after.length, before + 50);
          assertEquals(new Set(after.map((c) => c.id)).size, after.length);
          assertEquals(after.filter((c) => c.patientId === patient.id).length, 51);
          assertEquals(uploadedLines(await bridgeLog(bridge!), "_outage-"), 50);
          assertEquals([...Deno.readDirSync(join(bridge!.stateDir, "files"))], []);
          // The live client reconnected to the restarted server and heard of each one, once.
          const isOutage = (e: LiveEvent) =>
            after.some((c) => c.id === e.data.captureId) &&
            !beforeIds.has(String(e.data.captureId));
          await events.waitFor((list) => captured(list).filter(isOutage).length >= 50);
          const outageEvents = captured(events.events).filter(isOutage);
          assertEquals(new Set(outageEvents.map((e) => e.data.captureId)).size, 50);
          assertEquals(outageEvents.length, 50);
        },
      );

      await t.step(
        "a bridge killed mid-upload resends the file after a restart, and it arrives once",
        async () => {
          const before = (await allCaptures(server.url, token)).length;
          const mark = bridge!.output().length;
          const big = join(bridge!.watchDir, `${patient.mrn}_panoramic.dcm`);
          await Deno.writeFile(big, xray(96 * 1024 * 1024));
          await bridge!.waitForOutput(/panoramic\.dcm: \d0% of/, 60_000, mark);
          await bridge!.kill();
          // Captures keep coming while the bridge is down; the start-up scan must find them.
          for (let i = 0; i < 5; i++) {
            await writeCapture(
              join(bridge!.watchDir, `${patient.mrn}_while-down-${i}.jpg`),
              xray(),
            );
          }

          const { watchDir, stateDir } = bridge!;
          bridge = await startBridge({ serverUrl: server.url, apiKey: device.apiKey }, {
            watchDir,
            stateDir,
          });
          await bridge.waitForOutput(/1 capture\(s\) still queued from the last run/);
          await until(() => bridge!.status(), (s) => s.queueLength === 0, 60_000);
          const after = await allCaptures(server.url, token);
          assertEquals(after.length, before + 6);
          assertEquals(new Set(after.map((c) => c.id)).size, after.length);
          // Everything uploaded before the crash stays acknowledged: nothing of it is sent again.
          const log = await bridgeLog(bridge!);
          assertEquals(uploadedLines(log, "_outage-"), 50);
          assertEquals(uploadedLines(log, "_while-down-"), 5);
          assertEquals(uploadedLines(log, "_panoramic.dcm"), 1);
        },
      );

      await t.step(
        "a revoked key keeps captures queued with a clear error until a new key is set",
        async () => {
          await api(server.url, token, `/api/v1/bridge/devices/${device.id}`, { method: "DELETE" });
          const before = (await allCaptures(server.url, token)).length;
          await writeCapture(join(bridge!.watchDir, `${patient.mrn}_after-revoke.jpg`), xray());

          const refused = await until(
            () => bridge!.status(),
            (s) => s.state === "key-problem" && s.queueLength === 1,
          );
          assertMatch(
            (refused.lastError as { message: string }).message,
            /this device was revoked in Settings → Bridge Devices/,
          );
          const page = await fetch(`http://127.0.0.1:${bridge!.statusPort}/`).then((r) => r.text());
          assert(page.includes("Device key refused"), page);
          assertEquals((await allCaptures(server.url, token)).length, before);

          const replacement = await registerDevice(server.url, token, {
            filenamePattern: "{mrn}_{any}",
          });
          const { watchDir, stateDir } = bridge!;
          await bridge!.stop();
          bridge = await startBridge({ serverUrl: server.url, apiKey: replacement.apiKey }, {
            watchDir,
            stateDir,
          });
          await until(() => bridge!.status(), (s) => s.queueLength === 0);
          assertEquals((await allCaptures(server.url, token)).length, before + 1);
        },
      );
    } finally {
      await events.close();
      await bridge?.stop();
      await server.stop();
      for (const dir of [dataDir, bridge?.watchDir, bridge?.stateDir]) {
        if (dir) await Deno.remove(dir, { recursive: true }).catch(() => {});
      }
    }
  },
});

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function bridgeLog(bridge: BridgeProcess): Promise<string> {
  return await Deno.readTextFile(join(bridge.stateDir, "bridge.log"));
}

/** How many times the log says a file whose name contains `fragment` was uploaded. */
function uploadedLines(log: string, fragment: string): number {
  return log.split("\n").filter((line) => line.includes(" uploaded ") && line.includes(fragment))
    .length;
}
