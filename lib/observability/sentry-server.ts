/**
 * Server-side Sentry (`@sentry/deno`), on only when `SENTRY_DSN` is set.
 * `main.ts` starts it with the server; the one error handler reports 5xx
 * failures and the job runner failed jobs through `reportServerError`, which
 * does nothing while it is off.
 *
 * Sentry's SDK keeps one client per process (its global hub), so this module
 * holds whether it was started rather than threading a client through every
 * caller.
 *
 * @example
 * ```ts
 * startServerMonitoring({ dsn, release: releaseName(null), environment: "production" });
 * reportServerError(error, { route: "/api/v1/patients/:id", clinic: clinicId, user: userId });
 * ```
 */
import * as Sentry from "@sentry/deno";
import type { LogContext } from "./log-context.ts";
import { type ScrubbableEvent, scrubSentryEvent } from "./sentry-event-scrub.ts";

export interface ServerMonitoringOptions {
  dsn: string;
  release: string;
  /** `APP_ENV`. */
  environment: string;
}

let started = false;

export function startServerMonitoring(options: ServerMonitoringOptions): void {
  Sentry.init({
    dsn: options.dsn,
    release: options.release,
    environment: options.environment,
    // Never the IP, cookies or headers; the user is identified by id alone.
    sendDefaultPii: false,
    // Errors only: no performance tracing is sent.
    tracesSampleRate: 0,
    beforeSend: (event) =>
      scrubSentryEvent(event as unknown as ScrubbableEvent) as unknown as typeof event,
    beforeBreadcrumb: (crumb) =>
      // Console breadcrumbs repeat log lines; the error itself carries what matters.
      crumb.category === "console" ? null : crumb,
  });
  started = true;
}

export function serverMonitoringStarted(): boolean {
  return started;
}

/** Reports a failure with its route, clinic and user ids as tags; a no-op when Sentry is off. */
export function reportServerError(error: unknown, context: LogContext): void {
  if (!started) return;
  Sentry.withScope((scope) => {
    if (context.route) scope.setTag("route", context.route);
    if (context.method) scope.setTag("http.method", context.method);
    if (context.clinic) scope.setTag("clinic_id", context.clinic);
    if (context.job) scope.setTag("job", context.job);
    scope.setUser(context.user ? { id: context.user } : null);
    Sentry.captureException(error);
  });
}

/** Waits until queued reports are sent (tests, and before the process exits). */
export async function flushServerMonitoring(timeoutMs = 2000): Promise<boolean> {
  return started ? await Sentry.flush(timeoutMs) : true;
}
