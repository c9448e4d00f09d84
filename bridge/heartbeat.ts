/**
 * The heartbeat tells the server the device is alive (Settings → Bridge
 * Devices shows "last seen" and the version) and tells the bridge whether its
 * key still works, before any capture has to find out.
 */
import { BRIDGE_VERSION } from "./version.ts";

export type HeartbeatOutcome =
  | { kind: "ok"; deviceName: string; clinicName: string }
  | { kind: "unauthorized"; httpStatus: number; code: string; message: string }
  | { kind: "failed"; message: string };

export async function sendHeartbeat(
  options: {
    serverUrl: string;
    apiKey: string;
    queueLength: number;
    lastError?: { message: string; at: string };
    intervalSeconds?: number;
  },
): Promise<HeartbeatOutcome> {
  let response: Response;
  try {
    response = await fetch(`${options.serverUrl}/api/v1/bridge/heartbeat`, {
      method: "POST",
      headers: { "Authorization": `Bearer ${options.apiKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        version: BRIDGE_VERSION,
        queueLength: options.queueLength,
        ...(options.lastError
          ? {
            lastError: options.lastError.message.slice(0, 500),
            lastErrorAt: options.lastError.at,
          }
          : {}),
        ...(options.intervalSeconds ? { heartbeatIntervalSeconds: options.intervalSeconds } : {}),
      }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    return { kind: "failed", message: `server unreachable: ${(error as Error).message}` };
  }
  const payload = await response.json().catch(() => null) as Record<string, unknown> | null;
  const code = typeof payload?.code === "string" ? payload.code : "";
  const message = typeof payload?.error === "string" ? payload.error : response.statusText;
  if (response.status === 200) {
    return {
      kind: "ok",
      deviceName: String(payload?.deviceName ?? ""),
      clinicName: String(payload?.clinicName ?? ""),
    };
  }
  if (response.status === 401 || response.status === 403) {
    return { kind: "unauthorized", httpStatus: response.status, code, message };
  }
  return { kind: "failed", message: `heartbeat answered ${response.status}: ${message}` };
}
