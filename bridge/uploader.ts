/**
 * One upload attempt: the file streamed from disk as the raw request body to
 * `POST /api/v1/bridge/captures`, never held whole in memory, with the
 * SHA-256 the bridge computed so the server can refuse a file that changed
 * (or was damaged) on the way. The answer is classified for the agent: done,
 * retry later, or a problem a person has to fix (the key).
 */
import type { QueueEntry } from "./queue.ts";

export type UploadOutcome =
  | {
    kind: "accepted";
    captureId: string;
    patientId: string | null;
    status: string;
    duplicate: boolean;
  }
  /** 401/403: the device key is wrong, regenerated or revoked. The capture stays queued. */
  | { kind: "unauthorized"; httpStatus: number; code: string; message: string }
  /** 400 SHA256_MISMATCH: the bytes changed since they were hashed; hash them again. */
  | { kind: "sha-mismatch"; message: string }
  /** The file is gone from the watched folder. */
  | { kind: "vanished"; message: string }
  /** Offline, timeouts, 5xx, 429 and anything else: try again after a backoff. */
  | { kind: "retry"; httpStatus: number | null; message: string };

export interface UploadOptions {
  serverUrl: string;
  apiKey: string;
  category?: string;
  /** Where the bytes are read from (the queue's copy); default `entry.path`. */
  filePath?: string;
  /** Called as bytes leave, with the running total. */
  onProgress?: (sentBytes: number, totalBytes: number) => void;
  /** Aborts when no byte moved and no answer came for this long. */
  stallTimeoutMs?: number;
  signal?: AbortSignal;
}

export async function uploadCapture(
  entry: QueueEntry,
  options: UploadOptions,
): Promise<UploadOutcome> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(options.filePath ?? entry.path, { read: true });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return { kind: "vanished", message: `${entry.fileName} is no longer in the watched folder` };
    }
    return { kind: "retry", httpStatus: null, message: `cannot read ${entry.fileName}: ${error}` };
  }

  const controller = new AbortController();
  const stallMs = options.stallTimeoutMs ?? 120_000;
  let stallTimer = setTimeout(() => controller.abort(new Error("upload stalled")), stallMs);
  const touch = () => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => controller.abort(new Error("upload stalled")), stallMs);
  };
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onAbort, { once: true });

  let sent = 0;
  const body = file.readable.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, streamController) {
        sent += chunk.byteLength;
        touch();
        options.onProgress?.(sent, entry.size);
        streamController.enqueue(chunk);
      },
    }),
  );

  const headers: Record<string, string> = {
    "Authorization": `Bearer ${options.apiKey}`,
    "Content-Type": "application/octet-stream",
    "X-File-Name": headerSafeName(entry.fileName),
    "X-Captured-At": entry.capturedAt,
    "X-Content-SHA256": entry.sha256,
  };
  if (options.category) headers["X-Capture-Category"] = options.category;

  let response: Response;
  try {
    response = await fetch(`${options.serverUrl}/api/v1/bridge/captures`, {
      method: "POST",
      headers,
      body,
      signal: controller.signal,
    });
  } catch (error) {
    clearTimeout(stallTimer);
    options.signal?.removeEventListener("abort", onAbort);
    const reason = controller.signal.aborted ? controller.signal.reason : error;
    return { kind: "retry", httpStatus: null, message: `server unreachable: ${describe(reason)}` };
  }

  try {
    const payload = await response.json().catch(() => null) as Record<string, unknown> | null;
    const code = typeof payload?.code === "string" ? payload.code : "";
    const message = typeof payload?.error === "string" ? payload.error : response.statusText;
    if ((response.status === 200 || response.status === 201) && typeof payload?.id === "string") {
      return {
        kind: "accepted",
        captureId: payload.id,
        patientId: typeof payload.patientId === "string" ? payload.patientId : null,
        status: typeof payload.status === "string" ? payload.status : "",
        duplicate: payload.duplicate === true || response.status === 200,
      };
    }
    if (response.status === 401 || response.status === 403) {
      return { kind: "unauthorized", httpStatus: response.status, code, message };
    }
    if (response.status === 400 && code === "SHA256_MISMATCH") {
      return { kind: "sha-mismatch", message };
    }
    return {
      kind: "retry",
      httpStatus: response.status,
      message: `server answered ${response.status}${code ? ` ${code}` : ""}: ${message}`,
    };
  } catch (error) {
    return { kind: "retry", httpStatus: null, message: `upload interrupted: ${describe(error)}` };
  } finally {
    clearTimeout(stallTimer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}

/** A readable explanation for a 401/403 code, shown on the console and the status page. */
export function explainKeyProblem(code: string, httpStatus: number): string {
  switch (code) {
    case "INVALID_DEVICE_KEY":
      return "the server does not know this device key; copy the current key from Settings → Bridge Devices into the config";
    case "DEVICE_REVOKED":
      return "this device was revoked in Settings → Bridge Devices; register it again and put the new key in the config";
    case "MODULE_DISABLED":
      return "the clinic's plan does not include the X-Ray Bridge module";
    default:
      return `the server refused the device key (${httpStatus}${code ? ` ${code}` : ""})`;
  }
}

/**
 * Header values must be Latin-1: a plain ASCII name goes as it is (so the
 * server's filename pattern sees it unchanged); anything else is
 * percent-encoded rather than mangled.
 */
export function headerSafeName(fileName: string): string {
  return /^[\x20-\x7e]*$/.test(fileName) ? fileName : encodeURIComponent(fileName);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
