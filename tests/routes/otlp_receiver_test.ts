import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import { clinics, errorLogs } from "../../lib/db/schema.ts";
import { denoLogsExport, typicalExport } from "../lib/observability/otlp-fixtures.ts";

const TOKEN = "otlp-test-token-0123456789";
const ENV = { OTLP_INGEST_TOKEN: TOKEN };
const JSON_HEADERS = { "content-type": "application/json", authorization: `Bearer ${TOKEN}` };

testOnEachDatabase("OTLP logs receiver", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const [demo] = await db.select().from(clinics).where(eq(clinics.slug, "demo-dental"));
  const count = async () => (await db.select({ id: errorLogs.id }).from(errorLogs)).length;
  const before = await count();

  await step(
    "a real Deno export is stored: WARN and above, with route, clinic, trace, release",
    async (app) => {
      const res = await app.request("/otlp/v1/logs", {
        method: "POST",
        noOrigin: true,
        headers: JSON_HEADERS,
        body: JSON.stringify(typicalExport(demo.id)),
      });
      assertEquals(res.status, 200);
      assertEquals(await res.json(), {});
      const rows = await db.select().from(errorLogs).where(
        eq(errorLogs.traceId, "5b8efff798038103d269b633813fc60c"),
      );
      assertEquals(rows.length, 1);
      const [error] = rows;
      assertEquals(error.severityNumber, 17);
      assertEquals(error.message, "GET /api/v1/patients/:id failed: Error: connection reset");
      assertEquals(error.route, "/api/v1/patients/:id");
      assertEquals(error.clinicId, demo.id);
      assertEquals(error.release, "odontox@1.4.0");
      assertEquals(error.serviceName, "odontox");
      assertEquals(error.spanId, "00f067aa0ba902b7");
      assertMatch(error.stack ?? "", /at listPatients/);
      assertEquals(error.attributes["process.runtime.name"], "deno");
      assertEquals(error.attributes["http.request.method"], "GET");
      assertEquals(await count(), before + 2, "the ERROR and the WARN; the INFO line is dropped");
    },
    ENV,
  );

  await step("a wrong or missing token is 401 and stores nothing", async (app) => {
    const stored = await count();
    for (const authorization of ["Bearer wrong-token", ""]) {
      const res = await app.request("/otlp/v1/logs", {
        method: "POST",
        noOrigin: true,
        headers: { "content-type": "application/json", authorization },
        body: JSON.stringify(typicalExport(demo.id)),
      });
      assertEquals(res.status, 401);
      assertEquals((await res.json()).code, "UNAUTHORIZED");
    }
    assertEquals(await count(), stored);
  }, ENV);

  await step("a malformed body is 400 and stores nothing", async (app) => {
    const stored = await count();
    const bodies = [
      "{not json",
      JSON.stringify({ resourceLogs: "nope" }),
      JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ severityNumber: 99 }] }] }] }),
      JSON.stringify({ hello: "world" }),
    ];
    for (const body of bodies) {
      const res = await app.request("/otlp/v1/logs", {
        method: "POST",
        noOrigin: true,
        headers: JSON_HEADERS,
        body,
      });
      assertEquals(res.status, 400, body);
      assertEquals((await res.json()).code, "BAD_REQUEST");
    }
    assertEquals(await count(), stored);
  }, ENV);

  await step("protobuf is refused with a hint; gzip JSON is accepted", async (app) => {
    const proto = await app.request("/otlp/v1/logs", {
      method: "POST",
      noOrigin: true,
      headers: { ...JSON_HEADERS, "content-type": "application/x-protobuf" },
      body: new Uint8Array([1, 2, 3]),
    });
    assertEquals(proto.status, 415);
    assertMatch((await proto.json()).error, /http\/json/);
    const body = JSON.stringify(denoLogsExport([
      { severityNumber: 21, severityText: "FATAL", body: "gzipped fatal\n" },
    ]));
    const gzipped = await new Response(
      new Blob([body]).stream().pipeThrough(new CompressionStream("gzip")),
    ).arrayBuffer();
    const res = await app.request("/otlp/v1/logs", {
      method: "POST",
      noOrigin: true,
      headers: { ...JSON_HEADERS, "content-encoding": "gzip" },
      body: gzipped,
    });
    assertEquals(res.status, 200);
    const rows = await db.select().from(errorLogs).where(eq(errorLogs.message, "gzipped fatal"));
    assertEquals(rows.length, 1);
    assertEquals(rows[0].severityText, "FATAL");
  }, ENV);

  await step("without OTLP_INGEST_TOKEN the receiver is off: 404, nothing stored", async (app) => {
    const stored = await count();
    const res = await app.request("/otlp/v1/logs", {
      method: "POST",
      noOrigin: true,
      headers: JSON_HEADERS,
      body: JSON.stringify(typicalExport(demo.id)),
    });
    assertEquals(res.status, 404);
    assertEquals(await count(), stored);
  });

  await step("personal data in a record is scrubbed before it is stored", async (app) => {
    const res = await app.request("/otlp/v1/logs", {
      method: "POST",
      noOrigin: true,
      headers: JSON_HEADERS,
      body: JSON.stringify(denoLogsExport([{
        severityNumber: 17,
        severityText: "ERROR",
        body: "insert failed for ali.khan@example.com (+92 300 1234567) " +
          "with Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl\n",
        attributes: [
          { key: "http.request.header.cookie", value: { stringValue: "odx_access=abc" } },
          { key: "patient.phone", value: { stringValue: "03001234567" } },
          { key: "note", value: { stringValue: "call 0300-1234567 about token=s3cr3tvalue" } },
        ],
      }])),
    });
    assertEquals(res.status, 200);
    const [row] = await db.select().from(errorLogs).where(eq(errorLogs.severityNumber, 17))
      .orderBy(errorLogs.receivedAt).then((rows) =>
        rows.filter((r) => r.message.startsWith("insert failed"))
      );
    assert(row, "the record is stored");
    const stored = JSON.stringify(row);
    for (const secret of ["ali.khan", "1234567", "eyJhbGci", "odx_access=abc", "s3cr3tvalue"]) {
      assert(!stored.includes(secret), `${secret} is not stored: ${stored}`);
    }
    assertMatch(row.message, /\[email\]/);
    assertMatch(row.message, /\[phone\]/);
    assertEquals(row.attributes["http.request.header.cookie"], "[redacted]");
  }, ENV);
});
