/**
 * The Ruby report pages and the action items card, as a browser gets them:
 * the report with its charts and disclosures, "Generate report" through the
 * HTML form, the collapsed history, and the card on the dashboard whose
 * links open the pages that resolve each item. Demo Dental (Pro) gets the
 * AI reports module switched on for this file.
 */
import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import { countStatements } from "../support/statements.ts";
import { appointments, clinicModules, rubyReports } from "../../lib/db/schema.ts";
import { clinicFixture, createPatient, userId } from "../lib/appointments/fixtures.ts";

const OWNER = "owner@demo-dental.test";
const RECEPTION = "reception@demo-dental.test";

const form = (values: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(values).toString(),
});

testOnEachDatabase("Ruby report pages", async (t, database) => {
  const step = appSteps(t, database);
  const { db } = database;
  const demo = await clinicFixture(db, "demo-dental");
  await db.insert(clinicModules).values({
    clinicId: demo.id,
    moduleKey: "ai_reports",
    isEnabled: true,
  });
  const reports = async () =>
    await db.select({ id: rubyReports.id }).from(rubyReports)
      .where(eq(rubyReports.clinicId, demo.id));

  await step("the page shows the demo report with charts, disclosures and history", async (app) => {
    const { jar } = await app.login(OWNER);
    const res = await app.request("/reports", { jar });
    assertEquals(res.status, 200);
    const html = await res.text();
    assertMatch(html, /data-report="/);
    assertMatch(html, /Generated from the figures/);
    for (const chart of ["revenue", "throughput", "payment-methods"]) {
      assertMatch(html, new RegExp(`data-chart="${chart}"`));
    }
    assertMatch(html, /<svg[^>]*role="img"[^>]*aria-labelledby="chart-throughput-title/);
    assertMatch(html, /<title id="chart-throughput-title">Appointment throughput<\/title>/);
    assert((html.match(/data-disclosure/g) ?? []).length >= 8, "every figure shows its work");
    assertMatch(html, /What was counted/);
    assertMatch(html, /data-history-entry="/);
    assert(!/<details[^>]*open/.test(html), "history entries start collapsed");
    assertMatch(html, /data-island="PdfExport"|PdfExport/);
    assertMatch(html, /href="\/reports"[^>]*aria-current|aria-current[^>]*href="\/reports"/);
  });

  await step("Generate report posts the form and opens the new report", async (app) => {
    const { jar } = await app.login(OWNER);
    const before = (await reports()).length;
    const res = await app.request(
      "/reports",
      { ...form({ from: "2026-11-01", to: "2026-11-30" }), jar },
    );
    assertEquals(res.status, 303);
    const location = res.headers.get("location")!;
    assertMatch(location, /^\/reports\/[0-9a-f-]{36}\?notice=generated$/);
    assertEquals((await reports()).length, before + 1);
    const page = await (await app.request(location, { jar })).text();
    assertMatch(page, /Report generated\./);
    assertMatch(page, /1 Nov 2026 – 30 Nov 2026/);
  });

  await step(
    "a bad period re-renders the form with the message and stores nothing",
    async (app) => {
      const { jar } = await app.login(OWNER);
      const before = (await reports()).length;
      const res = await app.request(
        "/reports",
        { ...form({ from: "2026-11-30", to: "2026-11-01" }), jar },
      );
      assertEquals(res.status, 400);
      const html = await res.text();
      assertMatch(html, /The period must start before it ends\./);
      assertMatch(html, /value="2026-11-30"/);
      assertEquals((await reports()).length, before);
    },
  );

  await step("a doctor sees the sections their reports permissions open, no revenue", async (
    app,
  ) => {
    const { jar } = await app.login("doctor@demo-dental.test");
    const html = await (await app.request("/reports", { jar })).text();
    for (const shown of ["throughput", "utilisation", "lab"]) {
      assertMatch(html, new RegExp(`data-section="${shown}"`));
    }
    for (const hidden of ["billing", "patients", "inventory"]) {
      assert(!html.includes(`data-section="${hidden}"`), `no ${hidden} section`);
    }
    assert(!html.includes('data-chart="revenue"') && !html.includes('data-figure="invoiced"'));
    assertMatch(html, /Generated from the figures your role may see/);
    assert(!html.includes("The clinic invoiced"), "the narrative speaks of no money");
    const owner = (await app.login(OWNER)).jar;
    const full = await (await app.request("/reports", { jar: owner })).text();
    assertMatch(full, /data-section="billing"/);
    assertMatch(full, /The clinic invoiced/);
  });

  await step("who may not generate sees no form and cannot post it", async (app) => {
    const { jar } = await app.login("doctor@demo-dental.test");
    const html = await (await app.request("/reports", { jar })).text();
    assert(!html.includes("data-generate-report"), "no form that would be refused");
    assert(!html.includes("data-export-pdf"), "no export that would be refused");
    const res = await app.request("/reports", { ...form({}), jar });
    assertEquals(res.status, 403);
    const nurse = (await app.login("nurse@demo-dental.test")).jar;
    assertEquals((await app.request("/reports", { jar: nurse })).status, 403);
    const anonymous = await app.request("/reports");
    assertEquals(anonymous.status, 303);
  });

  await step("reception's dashboard lists action items whose links open", async (app) => {
    // A visit that ended an hour ago and was never closed out.
    const patientId = await createPatient(db, demo.id, "Stale Visit");
    const [stale] = await db.insert(appointments).values({
      clinicId: demo.id,
      patientId,
      doctorId: await userId(db, "doctor@demo-dental.test"),
      operatoryId: demo.operatoryIds[0],
      startsAt: new Date(Date.now() - 2 * 3_600_000),
      durationMinutes: 30,
      type: "Check-up",
      status: "confirmed",
    }).returning({ id: appointments.id });
    const { jar } = await app.login(RECEPTION);
    const html = await (await app.request("/dashboard", { jar })).text();
    assertMatch(html, /data-panel="action-items"/);
    const listed = async () =>
      (await (await app.request("/api/v1/action-items", { jar })).json()).items as {
        kind: string;
        href: string;
      }[];
    assert(
      (await listed()).some((i) =>
        i.kind === "appointment_stale" && i.href === `/appointments/${stale.id}`
      ),
      "the stale visit is an item linking to itself",
    );
    const hrefs = [...html.matchAll(/data-action-item="[^"]+"><a href="([^"]+)"/g)].map((m) =>
      m[1]
    );
    assert(hrefs.length > 0, "items listed");
    for (const href of hrefs) {
      const res = await app.request(href, { jar });
      assertEquals(res.status, 200, href);
      await res.body?.cancel();
    }
    // Closing the visit out removes its item.
    await db.update(appointments).set({ status: "completed" }).where(
      eq(appointments.id, stale.id),
    );
    assert(!(await listed()).some((i) => i.href === `/appointments/${stale.id}`));
  });

  await step("the card costs reception's dashboard one statement", async (app) => {
    await app.deps.principals.ready();
    const { jar } = await app.login(RECEPTION);
    assertEquals((await app.request("/dashboard", { jar })).status, 200);
    const { statements } = await countStatements(database, async () => {
      const res = await app.request("/dashboard", { jar });
      await res.arrayBuffer();
    });
    // The page's budget is 3 (page_statement_budgets_test.ts); the card is one UNION ALL.
    assert(statements.length <= 4, statements.join("\n"));
  });
});
