/**
 * Debian's Chromium driven by playwright-core, for the browser tests. The
 * browser resolves no host name but 127.0.0.1, so a test cannot reach out.
 */
import { type Browser, chromium, type Page, type Request } from "playwright-core";
import { buildIslandsIfStale } from "../../lib/islands/build.ts";
import {
  type ServerProcess,
  type ServerProcessOptions,
  startServerProcess,
} from "./server-process.ts";

export const CHROMIUM = Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ],
  });
}

/** Signs in through the login form and waits for the landing page. */
export async function signInWithBrowser(
  page: Page,
  baseUrl: string,
  email: string,
  password = "demo-password",
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Clinic staff land on /dashboard; platform staff are sent on to /admin.
  await page.waitForURL((url) => url.pathname === "/dashboard" || url.pathname === "/admin");
}

/**
 * One server process and one Chromium shared by the tests of a file: started
 * in `beforeAll`, stopped in `afterAll`. Read `rig.server` and `rig.browser`
 * inside a test.
 */
export function shareServerAndBrowser(options: ServerProcessOptions = {}) {
  const rig: { server?: ServerProcess; browser?: Browser } = {};
  Deno.test.beforeAll(async () => {
    await buildIslandsIfStale();
    rig.server = await startServerProcess(options);
    rig.browser = await launchBrowser().catch(async (error) => {
      await rig.server?.stop();
      throw error;
    });
  });
  Deno.test.afterAll(async () => {
    try {
      await rig.browser?.close();
    } finally {
      await rig.server?.stop();
    }
  });
  return rig;
}

/**
 * A page's requests in flight, to wait until what it loads and what its islands fetch on mount
 * have answered. Playwright's "networkidle" waits half a second of silence after every load,
 * which adds up over a crawl of a few hundred pages; this waits `quietMs` after the last request
 * ends. Live-event streams stay open by design and are not waited for.
 */
export function trackRequests(page: Page) {
  const inFlight = new Set<Request>();
  let lastChange = performance.now();
  const settle = (request: Request) => {
    if (inFlight.delete(request)) lastChange = performance.now();
  };
  page.on("request", (request) => {
    if (request.resourceType() === "eventsource") return;
    inFlight.add(request);
    lastChange = performance.now();
  });
  page.on("requestfinished", settle);
  page.on("requestfailed", settle);
  return {
    /** Resolves once the page has loaded and no request has been open for `quietMs`. */
    async quiet(quietMs = 150, timeoutMs = 15_000): Promise<void> {
      await page.waitForLoadState("load");
      const deadline = performance.now() + timeoutMs;
      while (inFlight.size > 0 || performance.now() - lastChange < quietMs) {
        if (performance.now() > deadline) {
          throw new Error(`still loading: ${[...inFlight].map((r) => r.url()).join(", ")}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}
