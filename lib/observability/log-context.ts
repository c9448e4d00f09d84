/**
 * The request or job a server log line is about, written into the line
 * itself. Deno's OpenTelemetry exports `console` calls as log records whose
 * body is the printed text, without attributes of the caller's choosing; so
 * the error handler and the job runner end their line with
 * `[route=/api/v1/patients/:id method=GET clinic=<uuid> user=<uuid>]`, and the
 * OTLP receiver reads it back into the record's route and clinic.
 *
 * Only ids and route patterns go in: never a concrete path (it can hold a
 * respond or shared-link token), an email or a phone number.
 *
 * @example
 * ```ts
 * console.error(withLogContext("request failed", { route: "/api/v1/patients", method: "GET" }), error);
 * readLogContext("request failed [route=/api/v1/patients method=GET]");
 * // { message: "request failed", context: { route: "/api/v1/patients", method: "GET" } }
 * ```
 */
import { scrubText } from "./scrub.ts";

export interface LogContext {
  /** The matched route pattern (`/api/v1/patients/:id`), never the concrete path. */
  route?: string;
  method?: string;
  clinic?: string;
  user?: string;
  /** A cron job's name, for a failed job. */
  job?: string;
}

const KEYS = ["route", "method", "clinic", "user", "job"] as const;
const TRAILER = /\s*\[((?:(?:route|method|clinic|user|job)=[^\s\]]+\s?)+)\]\s*$/;

/** `message [route=… clinic=…]`, with the keys that have a value. */
export function withLogContext(message: string, context: LogContext): string {
  const pairs = KEYS.flatMap((key) => {
    const value = context[key]?.replace(/[\s\]]+/g, "_");
    return value ? [`${key}=${value}`] : [];
  });
  return pairs.length ? `${message} [${pairs.join(" ")}]` : message;
}

/** Splits a line written by `withLogContext` back into its message and context. */
export function readLogContext(line: string): { message: string; context: LogContext } {
  const match = line.match(TRAILER);
  if (!match) return { message: line, context: {} };
  const context: LogContext = {};
  for (const pair of match[1].trim().split(/\s+/)) {
    const [key, value] = pair.split("=", 2) as [typeof KEYS[number], string];
    context[key] = value;
  }
  return { message: line.slice(0, match.index).trimEnd(), context };
}

/**
 * One log entry for a failure: `message: Error: what [route=…]` on the first
 * line (the receiver's message and context), the error's stack frames below.
 * The text is scrubbed here, at the source: a driver's error can quote the
 * row it choked on.
 */
export function describeFailure(message: string, error: unknown, context: LogContext): string {
  const err = error instanceof Error ? error : new Error(String(error));
  const what = `${err.name}: ${err.message}`.replace(/\s*\n\s*/g, " ");
  const frames = (err.stack ?? "").split("\n").filter((line) => /^\s+at\s/.test(line));
  const first = withLogContext(`${message}: ${scrubText(what)}`, context);
  return [first, ...frames.map(scrubText)].join("\n");
}
