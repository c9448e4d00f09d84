/**
 * A handful of error log records for the demo platform, so the superadmin's
 * Error logs page shows what an export looks like: a repeated server error,
 * a failed job, warnings, one fatal.
 */
import type { Db } from "../db/client.ts";
import { storeErrorRecords } from "./error-log-store.ts";
import type { ParsedLogRecord } from "./otlp-logs.ts";
import { APP_VERSION } from "./release.ts";

const MINUTE = 60_000;

export async function seedDemoErrorLogs(
  db: Db,
  clinicIds: Map<string, string>,
  now = new Date(),
): Promise<number> {
  const demo = clinicIds.get("demo-dental") ?? null;
  const release = `odontox@${APP_VERSION}`;
  const resource = {
    "service.name": "odontox",
    "service.version": release,
    "process.runtime.name": "deno",
    "telemetry.sdk.name": "deno-opentelemetry",
  };
  const record = (minutesAgo: number, fields: Partial<ParsedLogRecord>): ParsedLogRecord => ({
    occurredAt: new Date(now.getTime() - minutesAgo * MINUTE),
    severityNumber: 17,
    severityText: "ERROR",
    message: "",
    stack: null,
    serviceName: "odontox",
    release,
    route: null,
    clinicId: null,
    traceId: null,
    spanId: null,
    attributes: { ...resource, "log.iostream": "stderr" },
    ...fields,
  });
  const stack = [
    "    at PostgresError (file:///app/lib/db/client.ts:88:11)",
    "    at async listPatients (file:///app/lib/patients/queries.ts:41:18)",
    "    at async file:///app/routes/api/v1/patients.ts:52:20",
  ].join("\n");
  const dbTimeout =
    "GET /api/v1/patients failed: Error: canceling statement due to statement timeout";
  const records = [
    ...[12, 95, 260].map((ago, i) =>
      record(ago, {
        message: dbTimeout,
        stack,
        route: "/api/v1/patients",
        clinicId: demo,
        traceId: `4bf92f3577b34da6a3ce929d0e0e47${String(36 + i)}`,
        spanId: "00f067aa0ba902b7",
        attributes: { ...resource, "log.iostream": "stderr", "http.request.method": "GET" },
      })
    ),
    record(40, {
      message: "job whatsapp-outbox failed: TypeError: fetch failed",
      stack: "    at async deliverWhatsappOutbox (file:///app/lib/whatsapp/sender.ts:120:7)",
      attributes: { ...resource, "log.iostream": "stderr", "job.name": "whatsapp-outbox" },
    }),
    record(70, {
      severityNumber: 13,
      severityText: "WARN",
      message: "email outbox: message 3 of 6 deferred (SMTP 451 try again later)",
    }),
    record(180, {
      severityNumber: 13,
      severityText: "WARN",
      message: "bridge upload retried: capture checksum mismatch",
      route: "/api/v1/bridge/captures",
      clinicId: demo,
    }),
    record(60 * 26, {
      severityNumber: 21,
      severityText: "FATAL",
      message: "Event hub lost its LISTEN connection; reconnecting",
    }),
  ];
  return await storeErrorRecords(db, records, now);
}
