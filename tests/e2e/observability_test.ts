/**
 * Error monitoring end to end, on the real server process: Deno's own
 * OpenTelemetry export feeding the app's OTLP receiver and the Error logs
 * page, and browser-side Sentry in Chromium reporting to a local ingest.
 */
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { launchBrowser, signInWithBrowser } from "../support/browser.ts";
import { freePort, startServerProcess } from "../support/server-process.ts";
import { startSentryIngest } from "../support/sentry-ingest.ts";
import { buildIslandsIfStale } from "../../lib/islands/build.ts";

const TOKEN = "e2e-otlp-token-0123456789abcdef";
const PHONE = "+923331234567";
const EMAIL = "sana.mirza@example.com";

Deno.test({
  name: "error monitoring: OTLP export to the Error logs page, Sentry from an island",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await buildIslandsIfStale();
    const ingest = startSentryIngest();
    const port = freePort();
    const server = await startServerProcess({
      port,
      startTimeoutMs: 240_000,
      env: {
        OTLP_INGEST_TOKEN: TOKEN,
        OTEL_DENO: "true",
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}/otlp`,
        OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer ${TOKEN}`,
        OTEL_SERVICE_NAME: "odontox",
        OTEL_RESOURCE_ATTRIBUTES: "service.version=e2e-release",
        SENTRY_DSN: ingest.dsn(8),
        SENTRY_BROWSER_DSN: ingest.dsn(9),
        SENTRY_RELEASE: "e2e-release",
      },
    });
    const browser = await launchBrowser();
    try {
      await t.step("a browser error and a failed API call from an island arrive", async () => {
        const context = await browser.newContext();
        context.setDefaultTimeout(20_000);
        const page = await context.newPage();
        await signInWithBrowser(page, server.url, "owner@demo-dental.test");
        assertEquals(await page.locator("script[data-sentry-dsn]").count(), 1);
        assertEquals(
          await page.locator("script[data-sentry-dsn]").getAttribute("data-sentry-release"),
          "e2e-release",
        );
        await page.evaluate(() => {
          setTimeout(() => {
            throw new Error("island exploded");
          });
        });
        const thrown = await waitForEvent(
          ingest,
          "9",
          (e) => exceptionText(e).includes("island exploded"),
        );
        assertEquals(thrown.release, "e2e-release");
        assertEquals(thrown.environment, "test");

        await page.route(
          "**/api/v1/notifications**",
          (route) => route.fulfill({ status: 503, body: "{}" }),
        );
        await page.evaluate(() => fetch("/api/v1/notifications").catch(() => {}));
        const failed = await waitForEvent(
          ingest,
          "9",
          (e) => /status code: 503/i.test(exceptionText(e)),
        );
        assertEquals(failed.release, "e2e-release");
        assert(!JSON.stringify(failed).includes("odx_"), "no cookie in the report");
        await context.close();
      });

      await t.step("island-free pages carry no script, even with the browser DSN set", async () => {
        const res = await fetch(`${server.url}/appointment/respond?token=not-a-real-token`);
        const html = await res.text();
        assert(!html.includes("<script"), "the respond page is script-free");
        const login = await (await fetch(`${server.url}/no-such-page`)).text();
        assert(!login.includes("data-sentry-dsn"));
      });

      await t.step(
        "the server's own warnings reach the Error logs page, without personal data",
        async () => {
          // Error paths carrying personal data and secrets in what they send.
          await fetch(`${server.url}/otlp/v1/logs?phone=${encodeURIComponent(PHONE)}`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${EMAIL}` },
            body: JSON.stringify({ resourceLogs: [] }),
          }).then((r) => r.body?.cancel());
          await fetch(`${server.url}/api/v1/auth/login`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ email: EMAIL, password: PHONE }),
          }).then((r) => r.body?.cancel());
          await fetch(`${server.url}/appointment/respond?token=${encodeURIComponent(EMAIL)}`)
            .then((r) => r.body?.cancel());

          const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
          context.setDefaultTimeout(20_000);
          const page = await context.newPage();
          await signInWithBrowser(page, server.url, "superadmin@odontox.test");
          let html = "";
          for (let attempt = 0; attempt < 60; attempt++) {
            await page.goto(`${server.url}/admin/errors?range=1h`);
            html = await page.content();
            if (html.includes("OTLP logs export refused")) break;
            await page.waitForTimeout(500);
          }
          assertMatch(html, /OTLP logs export refused/);
          const group = page.locator("[data-error-group]", { hasText: "OTLP logs export refused" });
          await group.locator("a").click();
          await page.waitForURL(/\/admin\/errors\/[0-9a-f-]{36}$/);
          const detail = await page.content();
          assertMatch(detail, /e2e-release/);
          assertMatch(detail, /deno-opentelemetry/);
          for (const secret of [PHONE, "3331234567", EMAIL, TOKEN]) {
            assert(!html.includes(secret) && !detail.includes(secret), `${secret} is not stored`);
          }
          await context.close();
        },
      );
    } finally {
      await browser.close();
      await server.stop();
      await ingest.close();
    }
  },
});

type Event = Record<string, unknown> & { release?: string; environment?: string };

function exceptionText(event: Event): string {
  const values = (event.exception as { values?: { value?: string }[] } | undefined)?.values ?? [];
  return values.map((v) => v.value ?? "").join(" ") + " " + String(event.message ?? "");
}

async function waitForEvent(
  ingest: ReturnType<typeof startSentryIngest>,
  project: string,
  match: (event: Event) => boolean,
): Promise<Event> {
  for (let seen = 1;; seen++) {
    await ingest.waitForEvents(seen);
    const found = ingest.envelopes().filter((e) => e.project === project)
      .flatMap((e) => e.items.filter((i) => i.type === "event").map((i) => i.payload as Event))
      .find(match);
    if (found) return found;
  }
}
