import { eq } from "drizzle-orm";
import { assert, assertEquals } from "../../support/assert.ts";
import { startTestApp, testOnEachDatabase } from "../../support/test-app.ts";
import { clinics } from "../../../lib/db/schema.ts";
import { requirePermission } from "../../../lib/permissions/route-policy.ts";
import {
  flushServerMonitoring,
  startServerMonitoring,
} from "../../../lib/observability/sentry-server.ts";
import { runJobReportingFailure } from "../../../lib/observability/failed-jobs.ts";
import { startSentryIngest } from "../../support/sentry-ingest.ts";

const PHONE = "+923001234567";
const EMAIL = "ayesha.patient@example.com";

testOnEachDatabase("Sentry on the server", async (t, database) => {
  const ingest = startSentryIngest();
  startServerMonitoring({ dsn: ingest.dsn(42), release: "rel-2026.12", environment: "staging" });
  const [demo] = await database.db.select().from(clinics).where(eq(clinics.slug, "demo-dental"));
  const app = await startTestApp(database);
  // A failing handler behind the real guards and the one error handler: the kind of
  // error a database driver raises, quoting the row it choked on.
  app.app.get("/api/v1/patients-broken/:id", requirePermission("patients.view"), () => {
    throw new Error(`duplicate key value violates unique constraint: (${PHONE}, ${EMAIL})`);
  });
  const originalError = console.error;
  const logged: string[] = [];
  console.error = (...args: unknown[]) => logged.push(args.map(String).join(" "));
  try {
    const { jar, body } = await app.login("owner@demo-dental.test");

    await t.step(
      "an induced server error arrives once, tagged, without personal data",
      async () => {
        ingest.clear();
        const res = await app.request(`/api/v1/patients-broken/${crypto.randomUUID()}`, { jar });
        assertEquals(res.status, 500);
        assertEquals((await res.json()).code, "INTERNAL");
        await flushServerMonitoring();
        const events = await ingest.waitForEvents(1);
        assertEquals(events.length, 1, "reported once");
        const [event] = events as {
          release: string;
          environment: string;
          tags: Record<string, string>;
          user: Record<string, unknown>;
        }[];
        assertEquals(event.release, "rel-2026.12");
        assertEquals(event.environment, "staging");
        assertEquals(event.tags.route, "/api/v1/patients-broken/:id");
        assertEquals(event.tags.clinic_id, demo.id);
        assertEquals(event.user, { id: body.user.id });
        const raw = ingest.envelopes().map((e) => e.raw).join("\n");
        for (const secret of [PHONE, "3001234567", EMAIL, body.accessToken, "owner@demo-dental"]) {
          assert(!raw.includes(secret), `the report does not carry ${secret}`);
        }
        assert(!/odx_[a-z]+=/i.test(raw), "no cookies");
        // The same failure was logged (and so exported over OTLP), scrubbed at the source.
        const line = logged.find((l) => l.includes("/api/v1/patients-broken/:id failed"));
        assert(line, "the error handler logged the failure");
        assert(line.includes(`clinic=${demo.id}`), "with the clinic");
        assert(!line.includes(PHONE) && !line.includes(EMAIL), "without personal data");
      },
    );

    await t.step("a 404 or a 400 sends nothing", async () => {
      ingest.clear();
      const missing = await app.request(`/api/v1/patients/${crypto.randomUUID()}`, { jar });
      assertEquals(missing.status, 404);
      const bad = await app.json("POST", "/api/v1/patients", { firstName: 42 }, { jar });
      assertEquals(bad.status, 400);
      const page = await app.request("/no-such-page", { jar });
      assertEquals(page.status, 404);
      await flushServerMonitoring();
      assertEquals(ingest.events(), []);
    });

    await t.step("a failed job is reported with its name", async () => {
      ingest.clear();
      await runJobReportingFailure({
        name: "email-outbox",
        schedule: "* * * * *",
        run: () => Promise.reject(new Error(`SMTP refused ${EMAIL}`)),
      }, new Date());
      await flushServerMonitoring();
      const [event] = await ingest.waitForEvents(1) as { tags: Record<string, string> }[];
      assertEquals(event.tags.job, "email-outbox");
      assert(!JSON.stringify(event).includes(EMAIL));
    });
  } finally {
    console.error = originalError;
    await app.close();
    await ingest.close();
  }
});
