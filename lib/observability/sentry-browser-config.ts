/**
 * What a page needs to start browser-side Sentry: the DSN for the browser
 * (`SENTRY_BROWSER_DSN`), and the server's release and environment, so both
 * sides' reports line up. Absent when no browser DSN is configured: the page
 * then loads no monitoring script at all.
 */
import type { Config } from "../config.ts";
import { releaseName } from "./release.ts";

export interface BrowserMonitoring {
  dsn: string;
  release: string;
  environment: string;
}

export function browserMonitoring(config: Config): BrowserMonitoring | undefined {
  const { sentryBrowserDsn, sentryRelease, appEnv } = config.observability ?? {};
  if (!sentryBrowserDsn) return undefined;
  return {
    dsn: sentryBrowserDsn,
    release: releaseName(sentryRelease ?? null),
    environment: appEnv,
  };
}

/** The origin the browser sends its reports to, for the Content-Security-Policy. */
export function dsnOrigin(dsn: string | null): string[] {
  if (!dsn) return [];
  try {
    return [new URL(dsn).origin];
  } catch {
    return [];
  }
}
