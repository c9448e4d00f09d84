/**
 * What the bridge is doing, for a person at the chairside PC: the status page
 * on 127.0.0.1 (never on the network: it names files and patients' capture
 * times) and its JSON twin at `/status.json`.
 */
import { BRIDGE_VERSION } from "./version.ts";

export interface BridgeStatus {
  version: string;
  startedAt: string;
  watchDir: string;
  serverUrl: string;
  /** "uploading", "idle", "offline" (server unreachable) or "key-problem" (401/403). */
  state: "idle" | "uploading" | "offline" | "key-problem";
  queueLength: number;
  acknowledgedTotal: number;
  currentUpload: { fileName: string; sentBytes: number; totalBytes: number } | null;
  lastUpload: {
    fileName: string;
    at: string;
    captureId: string;
    patientId: string | null;
    status: string;
    duplicate: boolean;
  } | null;
  /** `retryAt`: when the upload that failed is tried again, if it will be. */
  lastError: { message: string; at: string; retryAt: string | null } | null;
  server: { deviceName: string; clinicName: string; lastHeartbeatAt: string } | null;
}

export function initialStatus(watchDir: string, serverUrl: string): BridgeStatus {
  return {
    version: BRIDGE_VERSION,
    startedAt: new Date().toISOString(),
    watchDir,
    serverUrl,
    state: "idle",
    queueLength: 0,
    acknowledgedTotal: 0,
    currentUpload: null,
    lastUpload: null,
    lastError: null,
    server: null,
  };
}

/** Serves the page on 127.0.0.1 only. */
export function serveStatusPage(
  port: number,
  read: () => BridgeStatus,
  signal?: AbortSignal,
): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve({ hostname: "127.0.0.1", port, signal, onListen: () => {} }, (request) => {
    const { pathname } = new URL(request.url);
    // A web page could rebind its own host name to 127.0.0.1 and read file names (which carry
    // MRNs) from here; only requests addressed to the loopback by name are answered.
    const host = request.headers.get("host") ?? "";
    if (!/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i.test(host)) {
      return new Response("Forbidden", { status: 403 });
    }
    if (request.method !== "GET") return new Response("Method not allowed", { status: 405 });
    if (pathname === "/status.json") {
      return Response.json(read(), { headers: { "Cache-Control": "no-store" } });
    }
    if (pathname === "/") {
      return new Response(renderStatusPage(read()), {
        headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
      });
    }
    return new Response("Not found", { status: 404 });
  });
}

const STATE_LABELS: Record<BridgeStatus["state"], string> = {
  idle: "Watching — all captures uploaded",
  uploading: "Uploading",
  offline: "Server unreachable — captures wait in the queue",
  "key-problem": "Device key refused — captures wait in the queue",
};

function stateLabel(status: BridgeStatus): string {
  if (status.state === "idle" && status.queueLength > 0) {
    return `Watching — ${status.queueLength} capture(s) waiting for their next try`;
  }
  return STATE_LABELS[status.state];
}

export function renderStatusPage(status: BridgeStatus): string {
  const upload = status.currentUpload;
  const last = status.lastUpload;
  const error = status.lastError;
  const rows: [string, string][] = [
    ["Waiting to upload", String(status.queueLength)],
    [
      "Uploading now",
      upload ? `${upload.fileName} — ${percent(upload.sentBytes, upload.totalBytes)}` : "—",
    ],
    [
      "Last upload",
      last
        ? `${last.fileName} at ${localTime(last.at)}${
          last.duplicate ? " (already on the server)" : ""
        }, ${last.status === "assigned" ? "filed to the patient" : "in Unassigned captures"}`
        : "none yet",
    ],
    [
      "Last error",
      error
        ? `${error.message} (${localTime(error.at)}${
          error.retryAt ? `; next try ${localTime(error.retryAt)}` : ""
        })`
        : "none",
    ],
    [
      "Device",
      status.server
        ? `${status.server.deviceName} at ${status.server.clinicName} (checked ${
          localTime(status.server.lastHeartbeatAt)
        })`
        : "not confirmed by the server",
    ],
    ["Watched folder", status.watchDir],
    ["Server", status.serverUrl],
    ["Uploaded since install", String(status.acknowledgedTotal)],
    ["Version", status.version],
  ];
  const problem = status.state === "offline" || status.state === "key-problem";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>OdontoX Bridge</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:46rem;padding:0 1rem;color:#1e293b}
h1{font-size:1.3rem}.state{padding:.6rem .9rem;border-radius:.5rem;background:${
    problem ? "#fef2f2;color:#991b1b" : "#f0fdf4;color:#166534"
  }}
table{border-collapse:collapse;width:100%;margin-top:1rem}th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid #e2e8f0;vertical-align:top}
th{width:12rem;color:#475569;font-weight:600}td{overflow-wrap:anywhere}
@media (max-width:600px){th,td{display:block;width:auto}th{border-bottom:0;padding-bottom:0}}
</style></head><body>
<h1>OdontoX Bridge</h1>
<p class="state">${escapeHtml(stateLabel(status))}${
    status.lastError && problem ? `: ${escapeHtml(status.lastError.message)}` : ""
  }</p>
<table>${
    rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("")
  }</table>
<p><a href="/status.json">status.json</a></p>
</body></html>`;
}

/** The chairside PC's own clock and time zone: what the person looking at it reads. */
function localTime(iso: string): string {
  return new Date(iso).toLocaleString();
}

export function percent(sent: number, total: number): string {
  return `${total > 0 ? Math.floor((sent / total) * 100) : 100}% of ${formatBytes(total)}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
