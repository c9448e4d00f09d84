/**
 * Each hot page declares how many SQL statements one warm request may send;
 * a change that adds a query to a page fails here until the budget is raised
 * on purpose. Counted through the test database's statement log, with the
 * signed-in principal already in the instance's cache (the common case: a
 * member clicking around), so the figures are the page's own queries.
 */
import { assert, assertEquals } from "../support/assert.ts";
import { startTestApp, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import { countStatements } from "../support/statements.ts";
import type { CookieJar } from "../support/cookie-jar.ts";
import { eq } from "drizzle-orm";
import { appointments, clinics } from "../../lib/db/schema.ts";

interface Budget {
  page: string;
  who: string;
  path: (ids: { patientId: string; appointmentId: string }) => string;
  statements: number;
}

const BUDGETS: Budget[] = [
  // The day's book, and the plan, team, activity and new-patient count in one.
  { page: "dashboard (owner)", who: "owner", path: () => "/dashboard", statements: 2 },
  { page: "dashboard (reception)", who: "reception", path: () => "/dashboard", statements: 3 },
  { page: "dashboard (doctor)", who: "doctor", path: () => "/dashboard", statements: 3 },
  // Six with the lab module: the "lab case may not be back" flags are one query, run beside the rest.
  { page: "week calendar", who: "reception", path: () => "/calendar?view=week", statements: 6 },
  { page: "patient list", who: "reception", path: () => "/patients", statements: 2 },
  {
    page: "patient detail",
    who: "doctor",
    path: ({ patientId }) => `/patients/${patientId}`,
    statements: 2,
  },
  {
    page: "radiology tab",
    who: "doctor",
    path: ({ patientId }) => `/patients/${patientId}?tab=radiology`,
    statements: 3,
  },
  {
    page: "appointment detail",
    who: "doctor",
    path: ({ appointmentId }) => `/appointments/${appointmentId}`,
    // Its lab cases are one more read; the lab's working-day clock only when it has any.
    statements: 7,
  },
];

const MEASURE = Deno.env.get("MEASURE_STATEMENTS") === "1";

testOnEachDatabase("SQL statements per page", async (t, database) => {
  const app: TestApp = await startTestApp(database);
  try {
    await app.deps.principals.ready();
    const jars = new Map<string, CookieJar>();
    for (const who of ["owner", "reception", "doctor"]) {
      jars.set(who, (await app.login(`${who}@demo-dental.test`)).jar);
    }
    const [appointment] = await database.db
      .select({ id: appointments.id, patientId: appointments.patientId })
      .from(appointments).innerJoin(clinics, eq(clinics.id, appointments.clinicId))
      .where(eq(clinics.slug, "demo-dental")).limit(1);
    assert(appointment, "the demo clinic has appointments");
    const ids = { patientId: appointment.patientId, appointmentId: appointment.id };

    for (const budget of BUDGETS) {
      await t.step(`${budget.page}: at most ${budget.statements}`, async () => {
        const jar = jars.get(budget.who)!;
        const path = budget.path(ids);
        // The first request warms the principal cache and the page's CSS.
        assertEquals((await app.request(path, { jar })).status, 200);
        const { result, statements } = await countStatements(database, async () => {
          const response = await app.request(path, { jar });
          await response.arrayBuffer();
          return response;
        });
        assertEquals(result.status, 200);
        if (MEASURE) console.log(`${budget.page}: ${statements.length}`);
        assert(
          statements.length <= budget.statements,
          `${budget.page} sent ${statements.length} statements, budget ${budget.statements}:\n` +
            statements.join("\n"),
        );
      });
    }
  } finally {
    await app.close();
  }
});
