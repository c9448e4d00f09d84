/**
 * The session runtime in a real browser against the real server: Chromium
 * (playwright-core) drives `deno run -A main.ts` on a loopback port, with
 * access tokens short enough that a refresh falls due a few seconds after a
 * page loads. Every test opens its own browser context (its own cookies,
 * localStorage and BroadcastChannel scope) and signs in as its own demo user,
 * so one test's sign-out never touches another's session.
 *
 * Nothing leaves 127.0.0.1: the browser resolves no host names at all.
 */
import type { BrowserContext, Page, Request } from "playwright-core";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import type { ServerProcess } from "../support/server-process.ts";
import { shareServerAndBrowser } from "../support/browser.ts";

/** A refresh falls due 3–4 s after each token is issued (the expiry has whole-second precision). */
const ACCESS_TOKEN_TTL_SECONDS = 10;
const REFRESH_LEAD_SECONDS = 6;
const PASSWORD = "demo-password";
/** Set by the init script once the page's SessionRuntime has opened its channel. */
const RUNTIME_FLAG = "__odxSessionRuntimeStarted";

const rig = shareServerAndBrowser({
  env: {
    ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TOKEN_TTL_SECONDS),
    SESSION_REFRESH_LEAD_SECONDS: String(REFRESH_LEAD_SECONDS),
  },
});

function app(): ServerProcess {
  if (!rig.server) throw new Error("the server did not start (see beforeAll)");
  return rig.server;
}

/**
 * Runs `fn` with a fresh browser context and closes it afterwards. A failure
 * carries the end of the server's output.
 */
async function inBrowser(fn: (context: BrowserContext) => Promise<void>): Promise<void> {
  if (!rig.browser) throw new Error("the browser did not start (see beforeAll)");
  const context = await rig.browser.newContext();
  context.setDefaultTimeout(10_000);
  // Observe, without changing, the moment each page's SessionRuntime effect runs: it opens the
  // `odontox-session` BroadcastChannel first thing.
  await context.addInitScript(({ flag }) => {
    const Native = globalThis.BroadcastChannel;
    globalThis.BroadcastChannel = class extends Native {
      constructor(name: string) {
        super(name);
        if (name === "odontox-session") Reflect.set(globalThis, flag, true);
      }
    };
  }, { flag: RUNTIME_FLAG });
  try {
    await fn(context);
  } catch (error) {
    const tail = app().output().slice(-3_000);
    (error as Error).message += `\n--- server output (tail) ---\n${tail}`;
    throw error;
  } finally {
    await context.close();
  }
}

const isLogin = (url: URL) => url.pathname === "/login";
const isDashboard = (url: URL) => url.pathname === "/dashboard";

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${app().url}/login`);
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(isDashboard);
}

/** Waits until the page's SessionRuntime island is hydrated and its timer scheduled. */
async function sessionRuntimeStarted(page: Page): Promise<void> {
  await page.waitForFunction((flag) => Reflect.get(globalThis, flag) === true, RUNTIME_FLAG, {
    timeout: 5_000,
  });
}

/** One signed-in user in two tabs of one browser, both on the dashboard with a live runtime. */
async function twoTabs(context: BrowserContext, email: string): Promise<[Page, Page]> {
  const first = await context.newPage();
  await signIn(first, email);
  const second = await context.newPage();
  await second.goto(`${app().url}/dashboard`);
  assert(isDashboard(new URL(second.url())), `second tab is on ${second.url()}`);
  await Promise.all([sessionRuntimeStarted(first), sessionRuntimeStarted(second)]);
  return [first, second];
}

/** Every POST to /api/v1/auth/refresh from any tab of the context, and the first of them. */
function watchRefreshes(context: BrowserContext) {
  const requests: Request[] = [];
  const first = Promise.withResolvers<{ request: Request; at: number }>();
  context.on("request", (request) => {
    if (
      request.method() === "POST" && new URL(request.url()).pathname === "/api/v1/auth/refresh"
    ) {
      requests.push(request);
      first.resolve({ request, at: Date.now() });
    }
  });
  return { requests, first: first.promise };
}

/** What GET /api/v1/me answers inside the page, with the page's own cookies. */
function me(page: Page): Promise<{ status: number; expiresAt: string | null }> {
  return page.evaluate(async () => {
    const response = await fetch("/api/v1/me");
    const body = response.ok ? await response.json() : null;
    return { status: response.status, expiresAt: body?.session?.expiresAt ?? null };
  });
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const E2E = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  ...E2E,
  name: "signing in shows the dashboard",
  fn: () =>
    inBrowser(async (context) => {
      const page = await context.newPage();
      await signIn(page, "owner@demo-dental.test");

      assertEquals(await page.title(), "Dashboard · OdontoX");
      assertMatch(await page.locator("h1").innerText(), /Dr\. Ayesha Khan/);
      assertMatch(await page.locator("main").innerText(), /Demo Dental/);
      assertMatch(await page.locator("aside").innerText(), /Demo Dental[\s\S]*Dr\. Ayesha Khan/);

      const cookies = await context.cookies();
      for (const name of ["odx_at", "odx_rt"]) {
        const cookie = cookies.find((c) => c.name === name);
        assert(cookie, `${name} cookie is set`);
        assert(cookie.httpOnly, `${name} is HttpOnly`);
      }
      assertEquals((await me(page)).status, 200);
    }),
});

Deno.test({
  ...E2E,
  name: "two tabs share one refresh",
  fn: () =>
    inBrowser(async (context) => {
      const refreshes = watchRefreshes(context);
      const [first, second] = await twoTabs(context, "reception@demo-dental.test");
      assertEquals(
        refreshes.requests.length,
        0,
        "both tabs were running before a refresh fell due",
      );

      const { request, at } = await within(
        refreshes.first,
        (ACCESS_TOKEN_TTL_SECONDS - REFRESH_LEAD_SECONDS + 3) * 1000,
        "the first refresh",
      );
      const response = await request.response();
      assert(response, "the refresh was answered");
      assertEquals(response.status(), 200);
      const { expiresAt } = await response.json() as { expiresAt: string };
      const nextDue = Date.parse(expiresAt) - REFRESH_LEAD_SECONDS * 1000;

      // A second tab refreshing on its own would do it right after the first, as soon as it got
      // the lock; give it ample time, but stop well before the next refresh is due.
      await delay(Math.min(2_000, nextDue - 500 - Date.now()));
      assert(Date.now() < nextDue, "checked before the next refresh was due");
      assertEquals(
        refreshes.requests.map((r) => r.url()),
        [request.url()],
        "exactly one refresh for two tabs",
      );
      assert(Date.now() - at >= 1_000, "watched for at least a second after the refresh");

      // Both tabs carry the refreshed session.
      for (const page of [first, second]) {
        assertEquals(await me(page), { status: 200, expiresAt });
      }
      await second.reload();
      assert(isDashboard(new URL(second.url())), `reloaded tab is on ${second.url()}`);
      assertEquals(refreshes.requests.length, 1);
    }),
});

Deno.test({
  ...E2E,
  name: "a revoked session sends every tab to /login",
  fn: () =>
    inBrowser(async (context) => {
      const email = "doctor@demo-dental.test";
      const refreshes = watchRefreshes(context);
      const tabs = await twoTabs(context, email);

      // Sign in over the API as the same user and end all of that user's sessions.
      const login = await fetch(`${app().url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password: PASSWORD }),
      });
      assertEquals(login.status, 200);
      const { accessToken } = await login.json() as { accessToken: string };
      const revoke = await fetch(`${app().url}/api/v1/auth/logout-all`, {
        method: "POST",
        headers: { authorization: `Bearer ${accessToken}` },
      });
      assertEquals(revoke.status, 200);
      assertEquals(await revoke.json(), { ok: true, revoked: 2 });

      // The browser still holds its cookies, but they no longer open anything.
      assertEquals((await me(tabs[1])).status, 401);
      assertEquals(refreshes.requests.length, 0, "revoked before the refresh fell due");

      // The next scheduled refresh is refused, and every tab goes to the sign-in page.
      await Promise.all(tabs.map((page) => page.waitForURL(isLogin, { timeout: 15_000 })));
      for (const page of tabs) {
        const url = new URL(page.url());
        assertEquals(url.searchParams.get("reason"), "session-ended");
        assertEquals(url.searchParams.get("next"), "/dashboard");
        assertMatch(await page.locator("body").innerText(), /Your session has ended/);
        assertEquals((await me(page)).status, 401);
      }
      assert(refreshes.requests.length >= 1, "a refresh was attempted");
      for (const request of refreshes.requests) {
        assertEquals((await request.response())?.status(), 401);
      }
    }),
});

/** Signs out in the first of two tabs; returns the paths the second tab then showed, in order. */
async function signOutInFirstTab(
  context: BrowserContext,
  email: string,
): Promise<{ first: Page; second: Page; secondNavigations: string[] }> {
  const [first, second] = await twoTabs(context, email);
  const secondNavigations: string[] = [];
  second.on("framenavigated", (frame) => {
    if (frame === second.mainFrame()) secondNavigations.push(new URL(frame.url()).pathname);
  });
  await first.getByRole("button", { name: "Sign out" }).click();
  await first.waitForURL(isLogin);
  assertEquals(new URL(first.url()).searchParams.get("reason"), "signed-out");
  return { first, second, secondNavigations };
}

Deno.test({
  ...E2E,
  name: "signing out in one tab signs out the other",
  fn: () =>
    inBrowser(async (context) => {
      const { first, second } = await signOutInFirstTab(context, "nurse@demo-dental.test");
      await second.waitForURL(isLogin, { timeout: 15_000 });
      for (const page of [first, second]) {
        await page.locator("#email").waitFor();
        assertEquals((await me(page)).status, 401);
      }
    }),
});

Deno.test({
  ...E2E,
  name: "signing out in one tab sends the other straight to /login",
  fn: () =>
    inBrowser(async (context) => {
      const refreshes = watchRefreshes(context);
      const { second, secondNavigations } = await signOutInFirstTab(
        context,
        "owner@second-smile.test",
      );
      await second.waitForURL(isLogin, { timeout: 2_000 });
      await second.locator("#email").waitFor();
      assertEquals(secondNavigations, ["/login"], "never back on the dashboard");
      assertEquals(refreshes.requests.length, 0, "no refresh was needed to notice");
    }),
});
