/**
 * The real server (`deno run -A main.ts`) as a child process, for browser
 * tests: a free loopback port, a fresh temporary data directory (embedded
 * PGlite holding the demo accounts), and its output kept so a failed start
 * says why. `stop()` kills it and removes the directory.
 *
 * Migrating and seeding took most of a server's start, so a new data
 * directory starts as a copy of the seeded database the DB tests use
 * (tests/support/seeded-template.ts), written out before the server opens
 * it; `freshDatabase` leaves it empty, for the server's own first run.
 *
 * @example
 * ```ts
 * const server = await startServerProcess({ env: { ACCESS_TOKEN_TTL_SECONDS: "10" } });
 * try {
 *   await fetch(`${server.url}/api/v1/health`);
 * } finally {
 *   await server.stop();
 * }
 * ```
 */
import { join } from "node:path";
import { seededPgliteDump } from "./seeded-template.ts";
import { extractTar } from "./tar-extract.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

export interface ServerProcess {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  /** The server's process id (benchmarks read its memory from /proc). */
  pid: number;
  dataDir: string;
  /** Everything the server printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Kills the process and removes the data directory; safe to call twice. */
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /** Extra environment for the server; wins over the defaults below. */
  env?: Record<string, string>;
  /** How long to wait for `GET /api/v1/health` to answer 200. */
  startTimeoutMs?: number;
  /**
   * Reuse this data directory (a restart of an earlier server); `stop()` then
   * keeps it, and the caller removes it.
   */
  dataDir?: string;
  /** Listen on this port (a restart at the same address); a free one otherwise. */
  port?: number;
  /** Start on an empty database, migrated and seeded by the server itself as on a first run. */
  freshDatabase?: boolean;
}

/** The key servers encrypt with unless a test sets its own; the DB tests' too, so one copy serves both. */
export const SERVER_ENCRYPTION_KEY = "test-encryption-key-0123456789abcdef0123456789";

/** A new data directory holding a copy of the seeded database made with `encryptionKey`. */
async function seedDataDir(dataDir: string, encryptionKey: string): Promise<void> {
  await extractTar(await seededPgliteDump(encryptionKey), join(dataDir, "pg"));
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

/** A loopback port nothing listens on right now. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startServerProcess(
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const ownsDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? await Deno.makeTempDir({ prefix: "odontox-e2e-" });
  const port = options.port ?? freePort();
  const url = `http://127.0.0.1:${port}`;
  const encryptionKey = options.env?.ENCRYPTION_KEY ?? SERVER_ENCRYPTION_KEY;
  const seeds = (options.env?.SEED_DEMO_DATA ?? "true") === "true" && !options.env?.DATABASE_URL;
  if (seeds && !options.freshDatabase && !(await exists(join(dataDir, "pg")))) {
    await seedDataDir(dataDir, encryptionKey);
  }

  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: ROOT,
    env: {
      PORT: String(port),
      APP_URL: url,
      LISTEN_HOST: "127.0.0.1",
      APP_ENV: "test",
      DATA_DIR: dataDir,
      KV_PATH: join(dataDir, "kv.sqlite3"),
      // Never a developer's real database, whatever the shell exports.
      DATABASE_URL: "",
      SEED_DEMO_DATA: "true",
      ENCRYPTION_KEY: encryptionKey,
      NO_COLOR: "1",
      ...options.env,
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();

  const { output, drained } = collectOutput(child);

  const state: { exited: Deno.CommandStatus | null } = { exited: null };
  const status = child.status.then((s) => {
    state.exited = s;
  });

  let stopped: Promise<void> | undefined;
  const stop = () =>
    stopped ??= (async () => {
      if (!state.exited) {
        try {
          child.kill("SIGTERM");
        } catch {
          // Already gone.
        }
        const timeout = delay(5_000).then(() => "timeout" as const);
        if ((await Promise.race([status, timeout])) === "timeout") {
          try {
            child.kill("SIGKILL");
          } catch {
            // Already gone.
          }
          await status;
        }
      }
      await drained;
      if (ownsDataDir) await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    })();

  const server: ServerProcess = { url, port, pid: child.pid, dataDir, output, stop };

  // Generous: a first run migrates and seeds before it is healthy, slow on a loaded CI machine.
  const deadline = Date.now() + (options.startTimeoutMs ?? 180_000);
  try {
    while (true) {
      if (state.exited) {
        throw new Error(`server exited with code ${state.exited.code} before it was healthy`);
      }
      if (Date.now() > deadline) throw new Error("server did not become healthy in time");
      try {
        const response = await fetch(`${url}/api/v1/health`);
        await response.body?.cancel();
        if (response.status === 200) return server;
      } catch {
        // Not listening yet.
      }
      await delay(100);
    }
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output()}`);
  }
}

/**
 * Everything a child writes to stdout and stderr, as text so far; `drained`
 * resolves when both streams have closed.
 */
export function collectOutput(child: Deno.ChildProcess) {
  let text = "";
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
    text += decoder.decode();
  };
  const drained = Promise.all([drain(child.stdout), drain(child.stderr)]).then(() => {}, () => {});
  return { output: () => text, drained };
}
