/**
 * OTLP/HTTP JSON logs exports as Deno 2.9's built-in exporter sends them
 * (`OTEL_DENO=true OTEL_EXPORTER_OTLP_PROTOCOL=http/json`): captured from a
 * real run, with the times and texts made parameters.
 */

export interface FixtureRecord {
  severityNumber: number;
  severityText: string;
  body: string;
  time?: Date;
  traceId?: string;
  spanId?: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
}

const nanos = (date: Date) => `${BigInt(date.getTime()) * 1_000_000n}`;

export function denoLogsExport(records: FixtureRecord[], release = "odontox@1.4.0") {
  return {
    resourceLogs: [{
      resource: {
        attributes: [
          { key: "telemetry.sdk.name", value: { stringValue: "deno-opentelemetry" } },
          { key: "service.version", value: { stringValue: release } },
          { key: "service.name", value: { stringValue: "odontox" } },
          { key: "process.runtime.name", value: { stringValue: "deno" } },
          { key: "process.runtime.version", value: { stringValue: "2.9.5" } },
          { key: "telemetry.sdk.language", value: { stringValue: "deno-rust" } },
          { key: "telemetry.sdk.version", value: { stringValue: "2.9.5-0.32.1" } },
        ],
        droppedAttributesCount: 0,
        entityRefs: [],
      },
      scopeLogs: [{
        scope: { name: "deno", version: "2.9.5", attributes: [], droppedAttributesCount: 0 },
        logRecords: records.map((r) => ({
          timeUnixNano: nanos(r.time ?? new Date()),
          observedTimeUnixNano: nanos(r.time ?? new Date()),
          severityNumber: r.severityNumber,
          severityText: r.severityText,
          body: { stringValue: r.body },
          attributes: [
            { key: "log.iostream", value: { stringValue: "stderr" } },
            ...(r.attributes ?? []),
          ],
          droppedAttributesCount: 0,
          flags: r.traceId ? 1 : 0,
          traceId: r.traceId ?? "",
          spanId: r.spanId ?? "",
          eventName: "",
        })),
        schemaUrl: "",
      }],
      schemaUrl: "",
    }],
  };
}

/** `console.error(...)` of the error handler, `console.warn`, and a `console.log` (INFO). */
export function typicalExport(clinicId: string, time = new Date()) {
  return denoLogsExport([
    {
      severityNumber: 17,
      severityText: "ERROR",
      time,
      body: `GET /api/v1/patients/:id failed: Error: connection reset ` +
        `[route=/api/v1/patients/:id method=GET clinic=${clinicId} user=${clinicId}]\n` +
        "    at listPatients (file:///app/lib/patients/queries.ts:41:18)\n",
      traceId: "5b8efff798038103d269b633813fc60c",
      spanId: "00f067aa0ba902b7",
    },
    { severityNumber: 13, severityText: "WARN", time, body: "disk almost full\n" },
    { severityNumber: 9, severityText: "INFO", time, body: "OdontoX listening\n" },
  ]);
}
