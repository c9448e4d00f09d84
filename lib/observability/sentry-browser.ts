/// <reference lib="dom" />
/**
 * Browser-side Sentry for pages with islands, bundled on its own
 * (`deno task build`) and loaded before the islands only when the server
 * renders the page with a browser DSN. Its settings come from the data
 * attributes of its own script element. Captures unhandled exceptions and
 * rejections, and every same-origin API call answered 5xx; 4xx answers are
 * the app telling the user something, not failures.
 */
import { httpClientIntegration, init } from "@sentry/browser";
import { type ScrubbableEvent, scrubSentryEvent } from "./sentry-event-scrub.ts";

export function startBrowserMonitoring(
  script = document.querySelector<HTMLScriptElement>("script[data-sentry-dsn]"),
): boolean {
  const { sentryDsn: dsn, sentryRelease: release, sentryEnvironment: environment } =
    script?.dataset ?? {};
  if (!dsn) return false;
  init({
    dsn,
    release,
    environment,
    sendDefaultPii: false,
    tracesSampleRate: 0,
    integrations: [
      httpClientIntegration({
        failedRequestStatusCodes: [[500, 599]],
        failedRequestTargets: [new RegExp(`^${location.origin.replace(/[.]/g, "\\.")}/api/`)],
      }),
    ],
    beforeSend: (event) =>
      scrubSentryEvent(event as unknown as ScrubbableEvent) as unknown as typeof event,
  });
  return true;
}
