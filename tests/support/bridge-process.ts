/**
 * The pieces an end-to-end bridge test (or the capture-latency benchmark)
 * needs around a real server process: a signed-in staff token, a registered
 * bridge device, the bridge program itself as a child process, and a live
 * event client that reads `GET /api/v1/events` with plain `fetch`.
 *
 * @example
 * ```ts
 * const server = await startServerProcess();
 * const token = await signInForToken(server.url, "owner@demo-dental.test");
 * const device = await registerDevice(server.url, token, { filenamePattern: "{mrn}_{any}" });
 * const bridge = await startBridge({ serverUrl: server.url, apiKey: device.apiKey });
 * const events = new LiveEventClient(server.url, token, ["xray.captured"]);
 * ```
 */
import { join } from "node:path";
import type { BridgeConfigInput } from "../../bridge/config.ts";
import { collectOutput, freePort } from "./server-process.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const DEMO_PASSWORD = "demo-password";

export async function signInForToken(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Origin": url },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  const body = await response.json();
  if (response.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(body)}`);
  return body.accessToken;
}

/** JSON API call as a signed-in member; throws with the answer on an unexpected status. */
export async function api<T = Record<string, unknown>>(
  url: string,
  token: string,
  path: string,
  init: { method?: string; body?: unknown; expect?: number } = {},
): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method: init.method ?? "GET",
    headers: {
      "Authorization": `Bearer ${token}`,
      "Origin": url,
      ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  if (response.status !== (init.expect ?? 200)) {
    throw new Error(`${init.method ?? "GET"} ${path} answered ${response.status}: ${text}`);
  }
  return text ? JSON.parse(text) : ({} as T);
}

export interface SeededPatient {
  id: string;
  mrn: string;
  fullName: string;
}

export async function firstPatient(url: string, token: string): Promise<SeededPatient> {
  const { patients } = await api<{ patients: SeededPatient[] }>(
    url,
    token,
    "/api/v1/patients?limit=1",
  );
  return patients[0];
}

/**
 * Registers a device in a new operatory of its own (no appointments there, so
 * a file the pattern does not match lands in Unassigned captures); answers
 * its one-time API key.
 */
export async function registerDevice(
  url: string,
  token: string,
  options: { name?: string; filenamePattern?: string; category?: string } = {},
): Promise<{ id: string; apiKey: string; operatoryId: string }> {
  const { operatory } = await api<{ operatory: { id: string } }>(
    url,
    token,
    "/api/v1/operatories",
    {
      method: "POST",
      expect: 201,
      body: { name: `Imaging ${crypto.randomUUID().slice(0, 6)}` },
    },
  );
  const operatoryId = operatory.id;
  const device = await api<{ id: string; apiKey: string }>(url, token, "/api/v1/bridge/devices", {
    method: "POST",
    expect: 201,
    body: { name: options.name ?? "Test sensor", operatoryId, ...options },
  });
  return { ...device, operatoryId };
}

export interface BridgeProcess {
  watchDir: string;
  stateDir: string;
  statusPort: number;
  output(): string;
  /** Resolves once the bridge printed a line matching `pattern` (after `from` characters of output). */
  waitForOutput(pattern: RegExp, timeoutMs?: number, from?: number): Promise<void>;
  status(): Promise<Record<string, unknown>>;
  /** SIGKILL: no chance to tidy up, like a power cut. */
  kill(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts `bridge/main.ts` with a config written to `stateDir` (new temporary
 * folders unless given, so a restart can reuse them) and waits until it has
 * finished its start-up scan.
 */
export async function startBridge(
  config: Partial<BridgeConfigInput> & { serverUrl: string; apiKey: string },
  options: { watchDir?: string; stateDir?: string } = {},
): Promise<BridgeProcess> {
  const watchDir = options.watchDir ?? await Deno.makeTempDir({ prefix: "bridge-watch-" });
  const stateDir = options.stateDir ?? await Deno.makeTempDir({ prefix: "bridge-state-" });
  const statusPort = config.statusPort ?? freePort();
  const configPath = join(stateDir, "bridge.config.json");
  await Deno.writeTextFile(
    configPath,
    JSON.stringify({
      watchDir,
      stateDir,
      stabilityWaitMs: 150,
      stabilityPollMs: 25,
      rescanIntervalMs: 2_000,
      heartbeatIntervalSeconds: 1,
      backoffInitialMs: 100,
      backoffMaxMs: 1_000,
      ...config,
      statusPort,
    }),
  );
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-write",
      "--allow-net",
      "--allow-env",
      "bridge/main.ts",
      "--config",
      configPath,
    ],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();

  const { output, drained } = collectOutput(child);
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });

  const waitForOutput = async (pattern: RegExp, timeoutMs = 20_000, from = 0) => {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(output().slice(from))) {
      if (exited) throw new Error(`bridge exited; output:\n${output()}`);
      if (Date.now() > deadline) {
        throw new Error(`bridge never printed ${pattern}; output:\n${output()}`);
      }
      await delay(20);
    }
  };

  const end = async (signal: Deno.Signal) => {
    if (!exited) {
      try {
        child.kill(signal);
      } catch {
        // Already gone.
      }
    }
    await status;
    await drained;
  };

  const bridge: BridgeProcess = {
    watchDir,
    stateDir,
    statusPort,
    output,
    waitForOutput,
    status: async () => {
      const response = await fetch(`http://127.0.0.1:${statusPort}/status.json`);
      return await response.json();
    },
    kill: () => end("SIGKILL"),
    stop: () => end("SIGTERM"),
  };
  try {
    await waitForOutput(/watching for new captures/);
  } catch (error) {
    await bridge.kill();
    throw error;
  }
  return bridge;
}

export interface LiveEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
  /** `performance.now()` when the event's last line arrived. */
  receivedAt: number;
}

/**
 * A live-event subscriber that reads the SSE stream with `fetch`, the way a
 * browser's EventSource would: it reconnects with `Last-Event-ID` whenever
 * the server ends the stream.
 */
export class LiveEventClient {
  readonly events: LiveEvent[] = [];
  readonly #abort = new AbortController();
  readonly #done: Promise<void>;
  #lastId = "";
  #connected!: () => void;
  /** Resolves when the first stream is open. */
  readonly connected: Promise<void> = new Promise((resolve) => this.#connected = resolve);

  constructor(readonly url: string, readonly token: string, readonly types: string[] = []) {
    this.#done = this.#run();
  }

  async #run(): Promise<void> {
    while (!this.#abort.signal.aborted) {
      try {
        const query = this.types.length ? `?types=${this.types.join(",")}` : "";
        const response = await fetch(`${this.url}/api/v1/events${query}`, {
          headers: {
            "Authorization": `Bearer ${this.token}`,
            "Accept": "text/event-stream",
            ...(this.#lastId ? { "Last-Event-ID": this.#lastId } : {}),
          },
          signal: this.#abort.signal,
        });
        if (response.status !== 200 || !response.body) {
          await response.body?.cancel();
          await delay(200);
          continue;
        }
        this.#connected();
        await this.#read(response.body);
      } catch {
        if (this.#abort.signal.aborted) return;
        await delay(200);
      }
    }
  }

  async #read(body: ReadableStream<Uint8Array>) {
    let buffer = "";
    let event = { id: "", type: "message", data: [] as string[] };
    const decoder = new TextDecoder();
    for await (const chunk of body) {
      buffer += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, "");
        buffer = buffer.slice(newline + 1);
        if (line === "") {
          if (event.data.length) {
            if (event.id) this.#lastId = event.id;
            this.events.push({
              id: event.id,
              type: event.type,
              data: JSON.parse(event.data.join("\n")),
              receivedAt: performance.now(),
            });
          }
          event = { id: "", type: "message", data: [] };
        } else if (line.startsWith(":")) {
          continue;
        } else {
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
          if (field === "id") event.id = value;
          else if (field === "event") event.type = value;
          else if (field === "data") event.data.push(value);
        }
      }
    }
  }

  /** Waits until `predicate` holds for the collected events. */
  async waitFor(predicate: (events: LiveEvent[]) => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.events)) {
      if (Date.now() > deadline) {
        const last = JSON.stringify(this.events.slice(-5));
        throw new Error(`live events never matched; ${this.events.length} received, last: ${last}`);
      }
      await delay(10);
    }
  }

  async close(): Promise<void> {
    this.#abort.abort();
    await this.#done;
  }
}
