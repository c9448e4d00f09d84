/**
 * Reads an OTLP/HTTP JSON logs export (`ExportLogsServiceRequest`: resourceLogs
 * → scopeLogs → logRecords) into flat records, keeping those of severity WARN
 * (severityNumber 13) and above. The JSON mapping of OTLP writes 64-bit
 * integers as strings and trace ids as hex; both forms of each are accepted.
 */
import { z } from "zod";
import { readLogContext } from "./log-context.ts";
import { severityName } from "./severity.ts";

/** OTLP's severity numbers: 13–16 WARN, 17–20 ERROR, 21–24 FATAL. */
export const SEVERITY_WARN = 13;

export interface ParsedLogRecord {
  occurredAt: Date;
  severityNumber: number;
  severityText: string;
  message: string;
  stack: string | null;
  serviceName: string | null;
  release: string | null;
  route: string | null;
  /** As written by the sender; the store keeps it only when it names a clinic. */
  clinicId: string | null;
  traceId: string | null;
  spanId: string | null;
  /** Resource and record attributes, flattened (`a.b` keys), values as text. */
  attributes: Record<string, string>;
}

const keyValues = z.array(z.object({ key: z.string(), value: z.unknown().optional() }));
const nanos = z.union([z.string().regex(/^\d{1,20}$/), z.number().nonnegative()]).optional();

const exportRequest = z.object({
  resourceLogs: z.array(z.object({
    resource: z.object({ attributes: keyValues.optional() }).optional(),
    scopeLogs: z.array(z.object({
      scope: z.object({ name: z.string().optional() }).optional(),
      logRecords: z.array(z.object({
        timeUnixNano: nanos,
        observedTimeUnixNano: nanos,
        // The protobuf JSON mapping may also spell an enum by name (`SEVERITY_NUMBER_ERROR`).
        severityNumber: z.union([z.number().int().min(0).max(24), z.string()]).optional(),
        severityText: z.string().optional(),
        body: z.unknown().optional(),
        attributes: keyValues.optional(),
        traceId: z.string().optional(),
        spanId: z.string().optional(),
      })).optional(),
    })).optional(),
  })),
});

export class OtlpPayloadError extends Error {
  override name = "OtlpPayloadError";
}

/** An OTLP `AnyValue` as text: strings as they are, everything else as compact JSON. */
export function anyValueText(value: unknown): string {
  if (!value || typeof value !== "object") return value === undefined ? "" : String(value);
  const v = value as Record<string, unknown>;
  if (typeof v.stringValue === "string") return v.stringValue;
  if ("boolValue" in v) return String(v.boolValue);
  if ("intValue" in v) return String(v.intValue);
  if ("doubleValue" in v) return String(v.doubleValue);
  if ("bytesValue" in v) return String(v.bytesValue);
  if (v.arrayValue && typeof v.arrayValue === "object") {
    const values = (v.arrayValue as { values?: unknown[] }).values ?? [];
    return JSON.stringify(values.map(anyValueText));
  }
  if (v.kvlistValue && typeof v.kvlistValue === "object") {
    const values = (v.kvlistValue as { values?: { key: string; value?: unknown }[] }).values ?? [];
    return JSON.stringify(Object.fromEntries(values.map((kv) => [kv.key, anyValueText(kv.value)])));
  }
  return "";
}

function flatten(list: z.infer<typeof keyValues> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of list ?? []) out[key] = anyValueText(value);
  return out;
}

function severityOf(number: number | string | undefined, text: string | undefined): number {
  if (typeof number === "number" && number > 0) return number;
  const upper = (typeof number === "string" ? number.replace(/^SEVERITY_NUMBER_/, "") : text ?? "")
    .toUpperCase();
  if (upper.startsWith("FATAL") || upper === "CRITICAL") return 21;
  if (upper.startsWith("ERR")) return 17;
  if (upper.startsWith("WARN")) return 13;
  return 0;
}

function instant(nano: string | number | undefined): Date | null {
  if (nano === undefined || nano === "" || nano === "0" || nano === 0) return null;
  const ms = Number(BigInt(typeof nano === "number" ? Math.trunc(nano) : nano) / 1_000_000n);
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Hex ids; an all-zero or empty id means "no trace". */
function hexId(id: string | undefined, length: number): string | null {
  if (!id || !new RegExp(`^[0-9a-fA-F]{${length}}$`).test(id) || /^0+$/.test(id)) return null;
  return id.toLowerCase();
}

/**
 * The body's first line is the message (with the server's context trailer
 * read off); frames below it are the stack, unless the record carries the
 * semantic-convention `exception.*` attributes.
 */
function messageAndStack(body: string, attributes: Record<string, string>) {
  const lines = body.replace(/\s+$/, "").split("\n");
  const firstFrame = lines.findIndex((line, i) => i > 0 && /^\s+at\s/.test(line));
  const head = (firstFrame === -1 ? lines : lines.slice(0, firstFrame)).join(" ").trim();
  const frames = firstFrame === -1 ? [] : lines.slice(firstFrame);
  const { message, context } = readLogContext(head);
  const fallback = [attributes["exception.type"], attributes["exception.message"]]
    .filter(Boolean).join(": ");
  return {
    message: (message || fallback || "(empty log record)").slice(0, 2000),
    stack: (attributes["exception.stacktrace"] || frames.join("\n") || null)?.slice(0, 16_000) ??
      null,
    context,
  };
}

/**
 * The WARN-and-above records of an export request; throws `OtlpPayloadError`
 * when the JSON is not OTLP's shape.
 */
export function parseOtlpLogs(payload: unknown, receivedAt: Date): ParsedLogRecord[] {
  const parsed = exportRequest.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new OtlpPayloadError(
      `Not an OTLP logs export: ${issue.path.join(".") || "body"}: ${issue.message}`,
    );
  }
  const records: ParsedLogRecord[] = [];
  for (const resourceLogs of parsed.data.resourceLogs) {
    const resource = flatten(resourceLogs.resource?.attributes);
    for (const scopeLogs of resourceLogs.scopeLogs ?? []) {
      for (const record of scopeLogs.logRecords ?? []) {
        const severityNumber = severityOf(record.severityNumber, record.severityText);
        if (severityNumber < SEVERITY_WARN) continue;
        const own = flatten(record.attributes);
        const attributes = { ...resource, ...own };
        const { message, stack, context } = messageAndStack(anyValueText(record.body), attributes);
        if (context.method) attributes["http.request.method"] = context.method;
        if (context.user) attributes["user.id"] = context.user;
        if (context.job) attributes["job.name"] = context.job;
        records.push({
          occurredAt: instant(record.timeUnixNano) ?? instant(record.observedTimeUnixNano) ??
            receivedAt,
          severityNumber,
          severityText: record.severityText || severityName(severityNumber),
          message,
          stack,
          serviceName: resource["service.name"] || null,
          release: own["service.version"] || resource["service.version"] ||
            own["release"] || resource["deployment.release"] || null,
          route: own["http.route"] || context.route || null,
          clinicId: own["clinic.id"] || context.clinic || null,
          traceId: hexId(record.traceId, 32),
          spanId: hexId(record.spanId, 16),
          attributes,
        });
      }
    }
  }
  return records;
}
