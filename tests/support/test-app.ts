/**
 * The whole app wired to a test database and an in-memory KV, driven by
 * calling its handler with a `Request`: no port, no network.
 */
import { createApp } from "../../main.ts";
import { loadConfig } from "../../lib/config.ts";
import type { Config } from "../../lib/config.ts";
import type { Database } from "../../lib/db/client.ts";
import type { AppDeps } from "../../lib/http/app-env.ts";
import { type Backend, BACKENDS } from "./databases.ts";
import { CookieJar } from "./cookie-jar.ts";
import { LocalObjectStore } from "../../lib/storage/local-store.ts";
import { createDeps } from "../../lib/app-deps.ts";
import { SERVER_ENCRYPTION_KEY } from "./server-process.ts";

export const ORIGIN = "http://localhost:8000";
export const TEST_SECRETS = {
  ENCRYPTION_KEY: SERVER_ENCRYPTION_KEY,
  JWT_SECRET: "test-jwt-secret-0123456789abcdef0123456789abcd",
};

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    APP_ENV: "test",
    DATA_DIR: "/nonexistent-test-data-dir",
    KV_PATH: ":memory:",
    APP_URL: ORIGIN,
    ...TEST_SECRETS,
    ...overrides,
  });
}

/** A migrated and seeded database per backend, shared by the tests of one file. */
export class SharedDatabase {
  #opened?: Promise<Database>;
  constructor(readonly backend: Backend) {}

  get(): Promise<Database> {
    this.#opened ??= (async () => {
      return await this.backend.openSeeded(TEST_SECRETS.ENCRYPTION_KEY);
    })();
    return this.#opened;
  }

  async close(): Promise<void> {
    if (this.#opened) await (await this.#opened).close();
  }
}

export interface TestApp {
  deps: AppDeps;
  /** The Hono app itself, for a test that must add a route before the first request. */
  app: ReturnType<typeof createApp>;
  /** Sends a request as a same-origin browser would, from `ip`. */
  request(path: string, init?: TestRequestInit): Promise<Response>;
  json(method: string, path: string, body?: unknown, init?: TestRequestInit): Promise<Response>;
  /** Signs in through the API; the jar then holds the session cookies. */
  login(email: string, password?: string): Promise<{ jar: CookieJar; body: LoginBody }>;
  close(): Promise<void>;
}

export interface TestRequestInit extends RequestInit {
  /** Client address the app sees; a fixed documentation address by default. */
  ip?: string;
  jar?: CookieJar;
  /** Send no `Origin` header (by default a same-origin one is added, as browsers do on POST). */
  noOrigin?: boolean;
}

/** The claims of an access token, read without verifying it. */
export function claimsOf(token: string): { sub: string; sid: string; cid: string | null } {
  const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  return JSON.parse(atob(payload));
}

export interface LoginBody {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  user: { id: string; email: string; name: string; isSuperadmin: boolean };
}

export async function startTestApp(
  database: Database,
  overrides: Record<string, string> = {},
): Promise<TestApp> {
  const storageDir = await Deno.makeTempDir({ prefix: "odx-test-storage-" });
  // The config's KV_PATH is `:memory:`: each app gets a KV of its own.
  const deps = await createDeps(testConfig(overrides), {
    database,
    storage: new LocalObjectStore(storageDir),
  });
  // Closed on close() even if a test swaps `deps.kv` for another app's.
  const { kv } = deps;
  const app = createApp(deps);

  const request: TestApp["request"] = async (path, init = {}) => {
    const { ip = "203.0.113.7", jar, noOrigin, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (!noOrigin && !headers.has("origin") && !headers.has("sec-fetch-site")) {
      headers.set("origin", ORIGIN);
    }
    if (jar && jar.cookies.size && !headers.has("cookie")) headers.set("cookie", jar.header());
    const response = await app.fetch(new Request(new URL(path, ORIGIN), { ...rest, headers }), {
      remoteAddr: { transport: "tcp", hostname: ip, port: 40000 },
    });
    jar?.store(response);
    return response;
  };

  const json: TestApp["json"] = (method, path, body, init = {}) => {
    const headers = new Headers(init.headers);
    if (body !== undefined && !headers.has("content-type")) {
      headers.set("content-type", "application/json");
    }
    return request(path, {
      ...init,
      method,
      headers,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  };

  return {
    deps,
    app,
    request,
    json,
    async login(email, password = "demo-password") {
      const jar = new CookieJar();
      const response = await json("POST", "/api/v1/auth/login", { email, password }, { jar });
      if (response.status !== 200) {
        throw new Error(`login ${email} failed: ${response.status} ${await response.text()}`);
      }
      return { jar, body: await response.json() };
    },
    async close() {
      await deps.events.close();
      kv.close();
      await Deno.remove(storageDir, { recursive: true });
    },
  };
}

/**
 * Registers one step per case, each with a fresh app (and KV) over the
 * file's shared, seeded database.
 *
 * @example
 * ```ts
 * const step = appSteps(t, db);
 * await step("health answers", async (app) => { ... });
 * ```
 */
export function appSteps(t: Deno.TestContext, database: Database) {
  return (name: string, fn: (app: TestApp) => Promise<void>, env?: Record<string, string>) =>
    t.step(name, async () => {
      const app = await startTestApp(database, env);
      try {
        await fn(app);
      } finally {
        await app.close();
      }
    });
}

/**
 * Registers one test per database backend; `fn` gets the backend's migrated,
 * seeded database, which is closed (and on Postgres dropped) afterwards.
 *
 * @example
 * ```ts
 * testOnEachDatabase("staff API", async (t, database) => {
 *   const step = appSteps(t, database);
 *   await step("lists the team", async (app) => { ... });
 * });
 * ```
 */
export function testOnEachDatabase(
  name: string,
  fn: (t: Deno.TestContext, database: Database, backend: Backend) => Promise<void>,
): void {
  for (const backend of BACKENDS) {
    Deno.test({
      name: `${name} [${backend.name}]`,
      // postgres.js keeps its pool open between the steps of a test.
      sanitizeResources: false,
      sanitizeOps: false,
      async fn(t) {
        const shared = new SharedDatabase(backend);
        try {
          await fn(t, await shared.get(), backend);
        } finally {
          await shared.close();
        }
      },
    });
  }
}
