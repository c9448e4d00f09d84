/**
 * The OTLP/HTTP JSON logs receiver behind `POST /otlp/v1/logs`: a bearer
 * token, the JSON encoding only (Deno's exporter sends it with
 * `OTEL_EXPORTER_OTLP_PROTOCOL=http/json`), optional gzip, and WARN-and-above
 * records stored scrubbed.
 *
 * @example
 * ```ts
 * const { stored } = await receiveOtlpLogs(db, request, { token: config.otlpIngestToken, now });
 * ```
 */
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { storeErrorRecords } from "./error-log-store.ts";
import { OtlpPayloadError, parseOtlpLogs } from "./otlp-logs.ts";

/** One export batch; the Deno exporter sends far smaller ones. */
export const MAX_EXPORT_BYTES = 4 * 1024 * 1024;

export interface ReceiverOptions {
  /** `OTLP_INGEST_TOKEN`; null turns the receiver off. */
  token: string | null;
  now: Date;
}

/** Compares in constant time, so the answer's timing does not reveal the token. */
function sameToken(given: string, expected: string): boolean {
  const a = new TextEncoder().encode(given);
  const b = new TextEncoder().encode(expected);
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a[i] ?? 0) ^ b[i];
  return diff === 0;
}

async function readBody(request: Request): Promise<string> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_EXPORT_BYTES) {
    throw new AppError(413, "TOO_LARGE", "Export batch too large");
  }
  let stream = request.body;
  if (!stream) return "";
  const encoding = request.headers.get("content-encoding")?.toLowerCase();
  if (encoding === "gzip") stream = stream.pipeThrough(new DecompressionStream("gzip"));
  else if (encoding && encoding !== "identity") {
    throw new AppError(415, "UNSUPPORTED_ENCODING", `Content-Encoding ${encoding} not supported`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += chunk.length;
      if (size > MAX_EXPORT_BYTES) throw new AppError(413, "TOO_LARGE", "Export batch too large");
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(400, "BAD_REQUEST", "The body could not be decompressed");
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) bytes.set(chunk, (at += chunk.length) - chunk.length);
  return new TextDecoder().decode(bytes);
}

/** Authenticates, parses and stores one export request; throws `AppError` for every refusal. */
export async function receiveOtlpLogs(
  db: Db,
  request: Request,
  options: ReceiverOptions,
): Promise<{ stored: number }> {
  // Off unless configured: the endpoint then looks like any missing page.
  if (!options.token) throw new AppError(404, "NOT_FOUND", "Not found");
  const header = request.headers.get("authorization") ?? "";
  const given = header.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() ?? "";
  if (!given || !sameToken(given, options.token)) {
    throw new AppError(401, "UNAUTHORIZED", "A valid bearer token is required");
  }
  const type = request.headers.get("content-type")?.split(";")[0].trim().toLowerCase();
  if (type !== "application/json") {
    throw new AppError(
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      "Only OTLP/HTTP JSON is accepted: set OTEL_EXPORTER_OTLP_PROTOCOL=http/json",
    );
  }
  let payload: unknown;
  try {
    payload = JSON.parse(await readBody(request));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(400, "BAD_REQUEST", "The body is not JSON");
  }
  try {
    const records = parseOtlpLogs(payload, options.now);
    return { stored: await storeErrorRecords(db, records, options.now) };
  } catch (error) {
    if (error instanceof OtlpPayloadError) throw new AppError(400, "BAD_REQUEST", error.message);
    throw error;
  }
}
