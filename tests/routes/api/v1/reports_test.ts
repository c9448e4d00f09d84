/**
 * Ruby reports and action items over HTTP: generating and reading reports,
 * the history newest first and never changed, the PDF (A4, the headline
 * figures, page numbers), and every route against no session, another
 * clinic, a missing permission or module, and a malformed body. Demo Dental
 * (Pro) gets the AI reports module switched on for this file.
 */
import { eq } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { assert, assertEquals, assertRejects } from "../../../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../../../support/test-app.ts";
import { pdfText } from "../../../support/pdf-text.ts";
import { clinicModules, rubyReports } from "../../../../lib/db/schema.ts";
import { clinicFixture, createPatient, userId } from "../../../lib/appointments/fixtures.ts";
import { generateReport } from "../../../../lib/reports/reports.ts";
import { appointments } from "../../../../lib/db/schema.ts";

const OWNER = "owner@demo-dental.test";

testOnEachDatabase("Ruby reports API", async (t, database) => {
  const step = appSteps(t, database);
  const { db } = database;
  const demo = await clinicFixture(db, "demo-dental");
  const other = await clinicFixture(db, "second-smile");
  await db.insert(clinicModules).values([
    { clinicId: demo.id, moduleKey: "ai_reports", isEnabled: true },
    { clinicId: other.id, moduleKey: "ai_reports", isEnabled: true },
  ]);
  const theirs = await generateReport({ db, text: null }, {
    clinicId: other.id,
    actorId: null,
    input: {},
    now: new Date(),
  });
  const count = async () =>
    (await db.select({ id: rubyReports.id }).from(rubyReports)
      .where(eq(rubyReports.clinicId, demo.id))).length;

  await step("without a session every route answers 401", async (app) => {
    for (
      const [method, path] of [
        ["GET", "/api/v1/reports/ruby"],
        ["POST", "/api/v1/reports/ruby"],
        ["GET", `/api/v1/reports/ruby/${theirs.id}`],
        ["GET", `/api/v1/reports/ruby/${theirs.id}/pdf`],
        ["GET", "/api/v1/action-items"],
      ]
    ) {
      const res = await app.json(method, path, method === "POST" ? {} : undefined);
      assertEquals(res.status, 401, `${method} ${path}`);
      await res.body?.cancel();
    }
  });

  let generated = "";
  await step(
    "the owner generates a report for the last 30 days; it opens first in the history",
    async (app) => {
      const { jar } = await app.login(OWNER);
      const before = await count();
      const res = await app.json("POST", "/api/v1/reports/ruby", {}, { jar });
      assertEquals(res.status, 201);
      const { report } = await res.json();
      generated = report.id;
      assertEquals(report.figures.current.period.days, 30);
      assertEquals(report.figures.previous.period.days, 30);
      assertEquals(report.narrative.label, "Generated from the figures");
      assertEquals(await count(), before + 1);
      const history = await (await app.request("/api/v1/reports/ruby", { jar })).json();
      assertEquals(history.reports[0].id, generated);
      const one = await (await app.request(`/api/v1/reports/ruby/${generated}`, { jar })).json();
      assertEquals(one.report.figures, report.figures);
    },
  );

  await step("a malformed or impossible period is a 400 that stores nothing", async (app) => {
    const { jar } = await app.login(OWNER);
    const before = await count();
    for (
      const body of [
        "not json",
        { from: "2026-13-01", to: "2026-13-05" },
        { from: "2026-11-01" },
        { from: "2026-11-20", to: "2026-11-01" },
        { from: "2024-01-01", to: "2026-11-01" },
        { from: "2099-01-01", to: "2099-01-02" },
        { from: "2026-11-01", to: "2026-11-02", extra: true },
      ]
    ) {
      const res = await app.json("POST", "/api/v1/reports/ruby", body, { jar });
      assertEquals(res.status, 400, JSON.stringify(body));
      assert((await res.json()).error, "a message says why");
    }
    assertEquals(await count(), before);
  });

  await step("another clinic's report is not found, like a missing one", async (app) => {
    const { jar } = await app.login(OWNER);
    for (
      const path of [
        `/api/v1/reports/ruby/${theirs.id}`,
        `/api/v1/reports/ruby/${theirs.id}/pdf`,
        "/api/v1/reports/ruby/not-a-report",
        `/reports/${theirs.id}`,
      ]
    ) {
      const res = await app.request(path, { jar });
      assertEquals(res.status, 404, path);
      await res.body?.cancel();
    }
    const history = await (await app.request("/api/v1/reports/ruby", { jar })).json();
    assert(!history.reports.some((r: { id: string }) => r.id === theirs.id));
  });

  await step("each route needs its permission, and the clinic the module", async (app) => {
    const nurse = (await app.login("nurse@demo-dental.test")).jar;
    const doctor = (await app.login("doctor@demo-dental.test")).jar;
    const reception = (await app.login("reception@demo-dental.test")).jar;
    const expect = async (jar: typeof nurse, method: string, path: string, permission: string) => {
      const res = await app.json(method, path, method === "POST" ? {} : undefined, { jar });
      assertEquals(res.status, 403, `${method} ${path}`);
      assertEquals((await res.json()).permission, permission);
    };
    await expect(nurse, "GET", "/api/v1/reports/ruby", "ai.reports.view");
    await expect(reception, "GET", `/api/v1/reports/ruby/${generated}`, "ai.reports.view");
    await expect(doctor, "POST", "/api/v1/reports/ruby", "ai.reports.generate");
    await expect(doctor, "GET", `/api/v1/reports/ruby/${generated}/pdf`, "ai.reports.export");
    await expect(nurse, "GET", "/api/v1/action-items", "ai.action_items.view");
    // The doctor reads reports and sees action items on Pro's defaults.
    assertEquals((await app.request("/api/v1/reports/ruby", { jar: doctor })).status, 200);
    // ... but only the sections their reports permissions open: no revenue, patients or stock.
    const cut = (await (await app.request(`/api/v1/reports/ruby/${generated}`, { jar: doctor }))
      .json()).report;
    assertEquals(cut.sections.sort(), ["appointments", "clinical"]);
    assertEquals(Object.keys(cut.figures.current).sort(), [
      "lab",
      "period",
      "throughput",
      "utilisation",
    ]);
    assertEquals(cut.figures.lowStock, undefined);
    assertEquals((await app.request("/api/v1/action-items", { jar: reception })).status, 200);
    // A clinic without the module: Second Smile's free plan, module switched off again.
    await db.delete(clinicModules).where(eq(clinicModules.clinicId, other.id));
    const { jar: theirOwner } = await app.login("owner@second-smile.test");
    const res = await app.request("/api/v1/reports/ruby", { jar: theirOwner });
    assertEquals(res.status, 403);
    assertEquals((await res.json()).code, "MODULE_DISABLED");
  });

  await step("the history is newest first and a stored report never changes", async (app) => {
    const { jar } = await app.login(OWNER);
    const older = await (await app.request(`/api/v1/reports/ruby/${generated}`, { jar })).json();
    // New data after the first report: a visit today.
    const patientId = await createPatient(db, demo.id, "Late Addition");
    await db.insert(appointments).values({
      clinicId: demo.id,
      patientId,
      doctorId: await userId(db, "doctor@demo-dental.test"),
      operatoryId: demo.operatoryIds[0],
      startsAt: new Date(Date.now() - 3 * 3_600_000),
      durationMinutes: 30,
      type: "Check-up",
      status: "completed",
    });
    const res = await app.json("POST", "/api/v1/reports/ruby", {}, { jar });
    const newer = (await res.json()).report;
    assertEquals(
      newer.figures.current.throughput.booked,
      older.report.figures.current.throughput.booked + 1,
    );
    const again = await (await app.request(`/api/v1/reports/ruby/${generated}`, { jar })).json();
    assertEquals(again.report, older.report, "the old report says what it said then");
    const history = (await (await app.request("/api/v1/reports/ruby", { jar })).json()).reports;
    assertEquals(history[0].id, newer.id);
    const times = history.map((r: { generatedAt: string }) => r.generatedAt);
    assertEquals(times, [...times].sort().reverse());
    await assertRejects(() =>
      db.update(rubyReports).set({ periodStart: "2020-01-01" }).where(
        eq(rubyReports.id, generated),
      )
    );
    await assertRejects(() => db.delete(rubyReports).where(eq(rubyReports.id, generated)));
  });

  await step("the PDF is A4, numbered, and holds the headline figures", async (app) => {
    const { jar } = await app.login(OWNER);
    const report = (await (await app.request(`/api/v1/reports/ruby/${generated}`, { jar })).json())
      .report;
    const res = await app.request(`/api/v1/reports/ruby/${generated}/pdf`, { jar });
    assertEquals(res.status, 200);
    assertEquals(res.headers.get("content-type"), "application/pdf");
    assert(res.headers.get("content-disposition")!.startsWith("attachment;"));
    const bytes = new Uint8Array(await res.arrayBuffer());
    const doc = await PDFDocument.load(bytes);
    for (const page of doc.getPages()) {
      const { width, height } = page.getSize();
      assertEquals([Math.round(width), Math.round(height)], [595, 842]);
    }
    const text = (await pdfText(bytes)).join("\n");
    const t = report.figures.current.throughput;
    assert(text.includes("OdontoX"), "branding");
    assert(text.includes("Demo Dental"), "the clinic");
    assert(text.includes("Appointments booked"), "the headline table");
    assert(text.includes(String(t.booked)), "booked count");
    assert(text.includes(t.noShowRate === null ? "-" : `${t.noShowRate}%`), "no-show rate");
    assert(text.includes(`Page 1 of ${doc.getPageCount()}`), "page numbers");
    await Deno.writeFile("/tmp/ruby-report-test.pdf", bytes);
  });
});
