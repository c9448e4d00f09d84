/**
 * Sentry's `beforeSend` for server and browser: an event keeps the user's id
 * and nothing else about them, no headers, cookies or request bodies, and
 * every text it carries is scrubbed. Browser-safe (islands use it too).
 */
import { scrubText } from "./scrub.ts";

/** The parts of a Sentry event this touches (the SDKs' own type is wider). */
export interface ScrubbableEvent {
  message?: string;
  user?: { id?: string | number; [key: string]: unknown } | null;
  request?: {
    url?: string;
    headers?: Record<string, string>;
    cookies?: unknown;
    data?: unknown;
    query_string?: unknown;
    [key: string]: unknown;
  };
  exception?: { values?: { value?: string; [key: string]: unknown }[] };
  breadcrumbs?: { message?: string; data?: Record<string, unknown>; [key: string]: unknown }[];
  extra?: Record<string, unknown>;
  tags?: Record<string, unknown>;
  contexts?: Record<string, unknown>;
  [key: string]: unknown;
}

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubText(value);
  if (depth > 6 || !value || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, scrubDeep(v, depth + 1)]),
  );
}

/** Only the path of a URL: its query string can hold a token. */
function pathOnly(url: string): string {
  try {
    const parsed = new URL(url, "http://x");
    return scrubText(url.startsWith("http") ? parsed.origin + parsed.pathname : parsed.pathname);
  } catch {
    return "[url]";
  }
}

export function scrubSentryEvent<E extends ScrubbableEvent>(event: E): E {
  if (event.user) event.user = event.user.id === undefined ? null : { id: String(event.user.id) };
  if (event.request) {
    const { method, url } = event.request;
    event.request = { ...(method ? { method } : {}), ...(url ? { url: pathOnly(url) } : {}) };
  }
  if (event.message) event.message = scrubText(event.message);
  for (const value of event.exception?.values ?? []) {
    if (value.value) value.value = scrubText(value.value);
    // Source lines around each frame travel with it; scrub them like any text.
    const stacktrace = value.stacktrace as { frames?: Record<string, unknown>[] } | undefined;
    for (const frame of stacktrace?.frames ?? []) {
      for (const key of ["context_line", "pre_context", "post_context", "vars"]) {
        if (frame[key] !== undefined) frame[key] = scrubDeep(frame[key]);
      }
    }
  }
  if (event.breadcrumbs) {
    event.breadcrumbs = event.breadcrumbs.map((crumb) => ({
      ...crumb,
      ...(crumb.message ? { message: scrubText(crumb.message) } : {}),
      ...(crumb.data ? { data: scrubDeep(crumb.data) as Record<string, unknown> } : {}),
    }));
  }
  if (event.extra) event.extra = scrubDeep(event.extra) as Record<string, unknown>;
  if (event.tags) event.tags = scrubDeep(event.tags) as Record<string, unknown>;
  return event;
}
