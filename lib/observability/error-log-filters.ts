/** The Error logs page's filters, read from its query string. */
import { z } from "zod";

export const TIME_RANGES = {
  "1h": { label: "Last hour", ms: 3_600_000 },
  "24h": { label: "Last 24 hours", ms: 86_400_000 },
  "7d": { label: "Last 7 days", ms: 7 * 86_400_000 },
  "30d": { label: "Last 30 days", ms: 30 * 86_400_000 },
} as const;
export type TimeRange = keyof typeof TIME_RANGES;

export const SEVERITY_FILTERS = {
  all: "All severities",
  warn: "Warnings",
  error: "Errors",
  fatal: "Fatal",
} as const;
export type SeverityFilter = keyof typeof SEVERITY_FILTERS;

export interface ErrorLogFilters {
  severity: SeverityFilter;
  range: TimeRange;
  rangeMs: number;
  /** Text the message must contain (case-insensitive); empty for any. */
  q: string;
}

const query = z.object({
  severity: z.enum(Object.keys(SEVERITY_FILTERS) as [SeverityFilter]).catch("all"),
  range: z.enum(Object.keys(TIME_RANGES) as [TimeRange]).catch("7d"),
  q: z.string().trim().max(200).catch(""),
});

/** Unknown or missing values fall back to the defaults (all severities, last 7 days). */
export function readErrorLogFilters(params: Record<string, string | undefined>): ErrorLogFilters {
  const { severity, range, q } = query.parse({
    severity: params.severity ?? "all",
    range: params.range ?? "7d",
    q: params.q ?? "",
  });
  return { severity, range, rangeMs: TIME_RANGES[range].ms, q };
}
