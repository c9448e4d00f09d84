import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import { clinics, errorLogs } from "../../lib/db/schema.ts";
import { storeErrorRecords } from "../../lib/observability/error-log-store.ts";
import type { ParsedLogRecord } from "../../lib/observability/otlp-logs.ts";
import { scheduledJobs } from "../../lib/jobs/schedule.ts";

const SUPERADMIN = "superadmin@odontox.test";
const HOUR = 3_600_000;

function record(fields: Partial<ParsedLogRecord> & { message: string }): ParsedLogRecord {
  return {
    occurredAt: new Date(),
    severityNumber: 17,
    severityText: "ERROR",
    stack: null,
    serviceName: "odontox",
    release: "rel-test",
    route: null,
    clinicId: null,
    traceId: null,
    spanId: null,
    attributes: {},
    ...fields,
  };
}

/** The messages of the listed groups, in page order. */
function listedMessages(html: string): string[] {
  return [...html.matchAll(/data-message="true">([^<]*)</g)].map((m) => m[1]);
}

testOnEachDatabase("Error logs pages", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const [demo] = await db.select().from(clinics).where(eq(clinics.slug, "demo-dental"));
  const now = new Date();
  await storeErrorRecords(db, [
    ...[1, 2, 3].map((h) =>
      record({
        message: "lookup timed out",
        occurredAt: new Date(now.getTime() - h * HOUR),
        route: "/api/v1/patients/:id",
        clinicId: demo.id,
        stack: "    at lookup (file:///app/lib/patients/queries.ts:10:3)",
        attributes: { "service.name": "odontox", "http.request.method": "GET" },
      })
    ),
    record({ message: "queue is filling up", severityNumber: 13, severityText: "WARN" }),
    record({
      message: "old failure from last week",
      occurredAt: new Date(now.getTime() - 5 * 24 * HOUR),
    }),
    record({ message: "ancient failure", occurredAt: new Date(now.getTime() - 40 * 24 * HOUR) }),
  ], now);
  const [latest] = await db.select().from(errorLogs).where(
    eq(errorLogs.message, "lookup timed out"),
  )
    .orderBy(errorLogs.occurredAt).then((rows) => rows.slice(-1));

  await step("no session: both pages send the browser to sign in", async (app) => {
    for (const path of ["/admin/errors", `/admin/errors/${latest.id}`]) {
      const res = await app.request(path, { redirect: "manual" });
      assertEquals(res.status, 303, path);
      assertMatch(res.headers.get("location") ?? "", /\/login/);
    }
  });

  await step("a clinic owner is refused both pages", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    for (const path of ["/admin/errors", `/admin/errors/${latest.id}`]) {
      const res = await app.request(path, { jar });
      assertEquals(res.status, 403, path);
      assert(!(await res.text()).includes("lookup timed out"));
    }
  });

  await step(
    "the superadmin sees messages grouped, newest first, with count and where",
    async (app) => {
      const { jar } = await app.login(SUPERADMIN);
      const res = await app.request("/admin/errors", { jar });
      assertEquals(res.status, 200);
      const html = await res.text();
      assertMatch(html, /href="\/admin\/errors" aria-current="page"/);
      const messages = listedMessages(html);
      assertEquals(
        messages.filter((m) => m === "lookup timed out").length,
        1,
        "one row per message",
      );
      assert(messages.indexOf("queue is filling up") < messages.indexOf("lookup timed out"));
      assert(messages.indexOf("lookup timed out") < messages.indexOf("old failure from last week"));
      assert(!messages.includes("ancient failure"), "outside the default 7 days");
      const row = html.slice(html.indexOf(`data-error-group="${latest.id}"`));
      assertMatch(row, /^data-error-group="[^"]+" data-count="3"/);
      assertMatch(row.slice(0, 2000), /Demo Dental/);
      assertMatch(row.slice(0, 2000), /\/api\/v1\/patients\/:id/);
      assertMatch(row.slice(0, 2000), /release rel-test/);
    },
  );

  await step("filters: severity, time range and text", async (app) => {
    const { jar } = await app.login(SUPERADMIN);
    const list = async (query: string) =>
      listedMessages(await (await app.request(`/admin/errors?${query}`, { jar })).text());
    const warnings = await list("severity=warn&range=24h");
    assert(warnings.includes("queue is filling up"));
    assert(!warnings.includes("lookup timed out"));
    assert(!(await list("severity=error")).includes("queue is filling up"));
    assertEquals(
      (await list("range=1h")).filter((m) => !m.startsWith("GET ")).includes("lookup timed out"),
      false,
      "the newest timeout was 1 hour and a bit ago",
    );
    assert((await list("range=30d")).includes("old failure from last week"));
    assertEquals(await list("q=TIMED%20out&range=30d"), ["lookup timed out"]);
    assertEquals(await list("q=%25&range=30d"), [], "% is matched literally");
    const bogus = await app.request("/admin/errors?severity=nonsense&range=forever", { jar });
    assertEquals(bogus.status, 200, "unknown filter values fall back to the defaults");
  });

  await step("a record's detail shows its attributes and stack", async (app) => {
    const { jar } = await app.login(SUPERADMIN);
    const res = await app.request(`/admin/errors/${latest.id}`, { jar });
    assertEquals(res.status, 200);
    const html = await res.text();
    assertMatch(html, /data-stack="true">\s*at lookup/);
    assertMatch(html, /http\.request\.method<\/th><td[^>]*>GET/);
    assertMatch(html, /Demo Dental/);
    assertEquals((await app.request("/admin/errors/not-a-uuid", { jar })).status, 404);
    const missing = await app.request(`/admin/errors/${crypto.randomUUID()}`, { jar });
    assertEquals(missing.status, 404);
  });

  await step("the retention job removes records older than 30 days, once", async (app) => {
    const job = scheduledJobs(() => Promise.resolve(app.deps))
      .find((j) => j.name === "error-logs-retention")!;
    assertEquals(await job.run(now), 1);
    assertEquals(await job.run(now), 0, "running again removes nothing more");
    const left = await db.select({ message: errorLogs.message }).from(errorLogs);
    assert(!left.some((r) => r.message === "ancient failure"));
    assert(left.some((r) => r.message === "old failure from last week"));
  });
});
