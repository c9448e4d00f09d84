import { count, eq } from "drizzle-orm";
import { assert, assertEquals } from "../../../support/assert.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../../../support/test-app.ts";
import type { CookieJar } from "../../../support/cookie-jar.ts";
import { clinicFixture, createPatient, userId } from "../../../lib/appointments/fixtures.ts";
import { newUid } from "../../../support/dicom-fixtures.ts";
import {
  burntPixel,
  enableDicomAi,
  qualitySeries,
  uploadSeries,
} from "../../../support/dicom-analysis.ts";
import type { Db } from "../../../../lib/db/client.ts";
import { dicomAiTermsAcceptances, dicomAnalyses, patients } from "../../../../lib/db/schema.ts";
import { processPendingAnalyses } from "../../../../lib/dicom/analysis/worker.ts";
import { AI_TERMS } from "../../../../lib/dicom/analysis/terms.ts";
import { setClinicLimit } from "../../../../lib/dicom/analysis/usage-monitor.ts";
import { sampleEvenly } from "../../../../lib/dicom/analysis/slices.ts";

const OWNER = "owner@demo-dental.test";
const NURSE = "nurse@demo-dental.test";
const OTHER_OWNER = "owner@second-smile.test";

async function mrnOf(db: Db, patientId: string): Promise<string> {
  const [row] = await db.select({ mrn: patients.mrn }).from(patients)
    .where(eq(patients.id, patientId));
  return row.mrn;
}

function submit(app: TestApp, jar: CookieJar | undefined, body: unknown) {
  return app.json("POST", "/api/v1/dicom-ai/analyses", body, { jar });
}

async function analysisCount(db: Db, clinicId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(dicomAnalyses)
    .where(eq(dicomAnalyses.clinicId, clinicId));
  return row.n;
}

function run(app: TestApp) {
  const { db, kv, storage, config } = app.deps;
  return processPendingAnalyses({ db, kv, storage, ai: config.ai });
}

async function usage(app: TestApp, jar: CookieJar) {
  return (await (await app.request("/api/v1/dicom-ai/usage", { jar })).json()).usage;
}

/** A local server speaking the chat-completions protocol, answering with `answer`. */
function chatServer(answer: (hit: number) => Response | Promise<Response>) {
  const bodies: string[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    bodies.push(await req.text());
    return await answer(bodies.length);
  });
  return { bodies, server, url: `http://127.0.0.1:${server.addr.port}/v1` };
}

/** Storage is per step: a step that runs analyses uploads its own series. */
async function upload(
  app: TestApp,
  jar: CookieJar,
  patientId: string,
  count: number,
  options: Parameters<typeof qualitySeries>[1],
): Promise<string> {
  const uid = newUid();
  return await uploadSeries(
    app,
    jar,
    patientId,
    qualitySeries(count, { ...options, seriesInstanceUid: uid }),
    uid,
  );
}

const chat = (content: string) =>
  Response.json({ choices: [{ message: { role: "assistant", content } }] });

testOnEachDatabase("DICOM AI analysis API", async (t, database) => {
  const step = appSteps(t, database);
  const db = database.db;
  const demo = await clinicFixture(db, "demo-dental");
  const other = await clinicFixture(db, "second-smile");
  const patientId = await createPatient(db, demo.id, "Ayesha Khan");
  const mrn = await mrnOf(db, patientId);
  let seriesId = "";

  await step("every route needs a session", async (app) => {
    const routes: [string, string, unknown?][] = [
      ["GET", "/api/v1/dicom-ai/terms"],
      ["POST", "/api/v1/dicom-ai/terms", { version: AI_TERMS.version }],
      ["GET", "/api/v1/dicom-ai/usage"],
      ["POST", "/api/v1/dicom-ai/analyses", { seriesId: crypto.randomUUID() }],
      ["GET", `/api/v1/dicom-ai/analyses?seriesId=${crypto.randomUUID()}`],
      ["GET", `/api/v1/dicom-ai/analyses/${crypto.randomUUID()}`],
      ["GET", "/api/v1/admin/dicom-usage"],
      ["PUT", `/api/v1/admin/dicom-usage/${demo.id}`, { monthlyLimit: 5 }],
    ];
    for (const [method, path, body] of routes) {
      const res = await app.json(method, path, body);
      assertEquals(res.status, 401, `${method} ${path}`);
    }
  });

  await step("without the module every route answers 403 naming it", async (app) => {
    const { jar } = await app.login(OWNER);
    seriesId = await upload(app, jar, patientId, 2, { mrn, pixelSpacing: [0.2, 0.2] });
    for (
      const [method, path, body] of [
        ["GET", "/api/v1/dicom-ai/terms"],
        ["POST", "/api/v1/dicom-ai/analyses", { seriesId }],
        ["GET", "/api/v1/dicom-ai/usage"],
      ] as [string, string, unknown?][]
    ) {
      const res = await app.json(method, path, body, { jar });
      assertEquals(res.status, 403, path);
      const json = await res.json();
      assertEquals([json.code, json.module], ["MODULE_DISABLED", "dicom_ai"]);
    }
    await enableDicomAi(db, demo.id);
  });

  await step("until the clinic accepts the terms, a submission answers 403", async (app) => {
    const { jar } = await app.login(OWNER);
    const refused = await submit(app, jar, { seriesId });
    assertEquals(refused.status, 403);
    assertEquals((await refused.json()).code, "AI_TERMS_NOT_ACCEPTED");
    assertEquals((await usage(app, jar)).used, 0, "a refusal spends nothing");

    const terms = await (await app.request("/api/v1/dicom-ai/terms", { jar })).json();
    assertEquals([terms.terms.version, terms.acceptance], [AI_TERMS.version, null]);

    const stale = await app.json("POST", "/api/v1/dicom-ai/terms", { version: "2020-01-01" }, {
      jar,
    });
    assertEquals(stale.status, 400);
    const accepted = await app.json("POST", "/api/v1/dicom-ai/terms", {
      version: AI_TERMS.version,
    }, { jar });
    assertEquals(accepted.status, 201);
    assertEquals((await accepted.json()).acceptance.version, AI_TERMS.version);
    const [row] = await db.select().from(dicomAiTermsAcceptances)
      .where(eq(dicomAiTermsAcceptances.clinicId, demo.id));
    assertEquals(row.acceptedBy, await userId(db, OWNER));
  });

  await step("a member without the analyse permission gets 403", async (app) => {
    const { jar } = await app.login(NURSE);
    const res = await submit(app, jar, { seriesId });
    assertEquals(res.status, 403);
    assertEquals((await res.json()).permission, "radiology.dicom.analyze");
    const terms = await app.json("POST", "/api/v1/dicom-ai/terms", { version: AI_TERMS.version }, {
      jar,
    });
    assertEquals(terms.status, 403);
  });

  await step("malformed bodies answer 400 and queue nothing", async (app) => {
    const { jar } = await app.login(OWNER);
    const before = await analysisCount(db, demo.id);
    for (
      const body of [
        {},
        { seriesId: 5 },
        { seriesId, captureId: seriesId },
        { seriesId, x: 1 },
        "[]",
      ]
    ) {
      const res = await submit(app, jar, body);
      assertEquals(res.status, 400, JSON.stringify(body));
    }
    const notJson = await app.request("/api/v1/dicom-ai/analyses", {
      method: "POST",
      body: "seriesId=1",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      jar,
    });
    assertEquals(notJson.status, 415);
    assertEquals(await analysisCount(db, demo.id), before);
    assertEquals((await usage(app, jar)).used, 0);
  });

  await step("another clinic's series reads as missing", async (app) => {
    await enableDicomAi(db, other.id);
    const { jar } = await app.login(OTHER_OWNER);
    await app.json("POST", "/api/v1/dicom-ai/terms", { version: AI_TERMS.version }, { jar });
    for (const id of [seriesId, crypto.randomUUID(), "not-a-uuid"]) {
      const res = await submit(app, jar, { seriesId: id });
      assertEquals(res.status, 404, id);
    }
    const list = await app.request(`/api/v1/dicom-ai/analyses?seriesId=${seriesId}`, { jar });
    assertEquals((await list.json()).analyses, []);
    assertEquals(await analysisCount(db, other.id), 0);
    await enableDicomAi(db, other.id, false);
  });

  await step(
    "a submission answers 202 at once; the worker stores the local review",
    async (app) => {
      const { jar } = await app.login(OWNER);
      const burnt = { mrn, pixelSpacing: [0.2, 0.2] as [number, number], pixel: burntPixel };
      const res = await submit(app, jar, {
        seriesId: await upload(app, jar, patientId, 4, burnt),
      });
      assertEquals(res.status, 202);
      const body = await res.json();
      assertEquals(body.analysis.status, "queued");
      assertEquals([body.usage.used, body.usage.limit], [1, 50]);

      assertEquals(await run(app), { completed: 1, failed: 0 });
      assertEquals(await run(app), { completed: 0, failed: 0 }, "it never runs twice");
      const read = await app.request(`/api/v1/dicom-ai/analyses/${body.analysis.id}`, { jar });
      const { analysis } = await read.json();
      assertEquals(analysis.status, "completed");
      assertEquals(analysis.result.provider, "local");
      assertEquals(analysis.result.slicesReviewed, [1, 2, 3, 4]);
      assertEquals(analysis.result.findings[0].title, "Overexposed");
      assertEquals((await usage(app, jar)).used, 1);

      const other = await app.login(OTHER_OWNER);
      const hidden = await app.request(`/api/v1/dicom-ai/analyses/${body.analysis.id}`, {
        jar: other.jar,
      });
      assertEquals(hidden.status, 403, "the other clinic has no module (and would get 404)");
    },
  );

  await step(
    "the provider gets the sampled slices in order and no patient identifiers",
    async (app) => {
      const stand = chatServer(() =>
        chat(JSON.stringify({
          summary: "Periapical radiolucency at 36.",
          findings: [{
            title: "Radiolucency",
            severity: "moderate",
            region: "mandible",
            teeth: [36],
            slices: [8],
            confidence: 0.7,
            detail: "Well-defined radiolucency at the apex of 36.",
          }],
        }))
      );
      try {
        const ai = { ...app.deps.config.ai, provider: "openai" as const, baseUrl: stand.url };
        const { jar } = await app.login(OWNER);
        const seriesId = await upload(app, jar, patientId, 20, {
          mrn,
          pixelSpacing: [0.2, 0.2],
          patientName: "Khan^Ayesha",
        });
        const res = await submit(app, jar, { seriesId });
        assertEquals(res.status, 202);
        const { db, kv, storage } = app.deps;
        assertEquals(await processPendingAnalyses({ db, kv, storage, ai }), {
          completed: 1,
          failed: 0,
        });
        assertEquals(stand.bodies.length, 1);
        const sent = JSON.parse(stand.bodies[0]);
        const content = sent.messages[1].content as { type: string; text?: string }[];
        const expected = sampleEvenly(20, 16).map((i) => i + 1);
        assertEquals(content.filter((p) => p.type === "image_url").length, 16);
        assertEquals(
          content.filter((p) => p.text?.startsWith("Slice ")).map((p) => Number(p.text!.slice(6))),
          expected,
        );
        assertEquals(sent.response_format.type, "json_schema");
        const { analysis } = await (await app.request(
          `/api/v1/dicom-ai/analyses/${(await res.json()).analysis.id}`,
          { jar },
        )).json();
        assertEquals(analysis.result.findings[0].teeth, [36]);
        assertEquals(analysis.result.slicesReviewed, expected);
        // The tooth the finding names is marked on the patient's dental chart.
        const chart = await (await app.request(`/patients/${patientId}?tab=chart`, { jar }))
          .text();
        assert(
          /aria-label="Tooth 36 · [^"]*1 AI finding \(highest: moderate\)"/.test(chart),
          "tooth 36 carries the badge",
        );
        assert(!/aria-label="Tooth 46 · [^"]*AI finding/.test(chart), "tooth 46 does not");
        assert(chart.includes("AI finding"), "the chart's legend names the badge");
        for (const identifier of [mrn, "Ayesha", "Khan", patientId, seriesId, demo.id]) {
          assert(!stand.bodies[0].includes(identifier), `the request carries ${identifier}`);
        }
      } finally {
        await stand.server.shutdown();
      }
    },
  );

  await step("a malformed answer fails the analysis with a message and refunds", async (app) => {
    const stand = chatServer(() =>
      chat(JSON.stringify({ summary: "ok", findings: [{ title: "x" }] }))
    );
    try {
      const ai = { ...app.deps.config.ai, provider: "openai" as const, baseUrl: stand.url };
      const { jar } = await app.login(OWNER);
      const before = (await usage(app, jar)).used;
      const seriesId = await upload(app, jar, patientId, 2, { mrn });
      const res = await submit(app, jar, { seriesId });
      assertEquals((await res.json()).usage.used, before + 1);
      const { db, kv, storage } = app.deps;
      assertEquals(await processPendingAnalyses({ db, kv, storage, ai }), {
        completed: 0,
        failed: 1,
      });
      const [row] = await db.select().from(dicomAnalyses)
        .where(eq(dicomAnalyses.status, "failed"));
      assert(row.error!.startsWith("The AI provider's answer is not valid findings (findings.0."));
      assertEquals(stand.bodies.length, 1, "a malformed answer is not retried");
      assertEquals((await usage(app, jar)).used, before);
    } finally {
      await stand.server.shutdown();
    }
  });

  await step(
    "a provider that times out is retried, then the analysis fails and refunds",
    async (app) => {
      const stand = chatServer(async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return chat("{}");
      });
      try {
        const ai = {
          ...app.deps.config.ai,
          provider: "openai" as const,
          baseUrl: stand.url,
          timeoutMs: 50,
          retryBaseMs: 1,
          maxAttempts: 3,
        };
        const { jar } = await app.login(OWNER);
        const before = (await usage(app, jar)).used;
        const seriesId = await upload(app, jar, patientId, 2, { mrn });
        const { analysis } = await (await submit(app, jar, { seriesId })).json();
        const { db, kv, storage } = app.deps;
        assertEquals(await processPendingAnalyses({ db, kv, storage, ai }), {
          completed: 0,
          failed: 1,
        });
        assertEquals(stand.bodies.length, 3);
        const read = await (await app.request(`/api/v1/dicom-ai/analyses/${analysis.id}`, { jar }))
          .json();
        assertEquals(read.analysis.status, "failed");
        assertEquals(
          read.analysis.error,
          "The AI provider did not answer within 0.05 s (after 3 attempts)",
        );
        assertEquals((await usage(app, jar)).used, before);
      } finally {
        await stand.server.shutdown();
      }
    },
  );

  await step("20 parallel submissions with 3 units left: exactly 3 accepted", async (app) => {
    const { jar } = await app.login(OWNER);
    const used = (await usage(app, jar)).used;
    await setClinicLimit(db, {
      clinicId: demo.id,
      monthlyLimit: used + 3,
      actorId: await userId(db, "superadmin@odontox.test"),
    });
    // Twenty different series: a series already waiting would be answered with its analysis.
    const series = [];
    for (let i = 0; i < 20; i++) series.push(await upload(app, jar, patientId, 1, { mrn }));
    const before = await analysisCount(db, demo.id);
    const responses = await Promise.all(series.map((id) => submit(app, jar, { seriesId: id })));
    const statuses = responses.map((r) => r.status);
    assertEquals(statuses.filter((s) => s === 202).length, 3);
    assertEquals(statuses.filter((s) => s === 429).length, 17);
    const refusal = await responses.find((r) => r.status === 429)!.json();
    assertEquals(refusal.code, "QUOTA_EXCEEDED");
    assertEquals([refusal.limit, refusal.used], [used + 3, used + 3]);
    assert(!Number.isNaN(Date.parse(refusal.resetsAt)));
    assertEquals(await analysisCount(db, demo.id), before + 3);
  });

  await step("a superadmin raising the limit lets the next submission through", async (app) => {
    const { jar } = await app.login(OWNER);
    await setClinicLimit(db, {
      clinicId: demo.id,
      monthlyLimit: 1,
      actorId: await userId(db, "superadmin@odontox.test"),
    });
    const fresh = () => upload(app, jar, patientId, 1, { mrn });
    assertEquals((await submit(app, jar, { seriesId: await fresh() })).status, 202);
    assertEquals((await submit(app, jar, { seriesId: await fresh() })).status, 429);
    const admin = await app.login("superadmin@odontox.test");
    const list = await (await app.request("/api/v1/admin/dicom-usage", { jar: admin.jar })).json();
    const row = list.clinics.find((c: { clinicId: string }) => c.clinicId === demo.id);
    assertEquals(row.fraction, 1);
    const forbidden = await app.json("PUT", `/api/v1/admin/dicom-usage/${demo.id}`, {
      monthlyLimit: 100,
    }, { jar });
    assertEquals(forbidden.status, 403);
    const bad = await app.json("PUT", `/api/v1/admin/dicom-usage/${demo.id}`, {
      monthlyLimit: -1,
    }, { jar: admin.jar });
    assertEquals(bad.status, 400);
    const missing = await app.json("PUT", `/api/v1/admin/dicom-usage/${crypto.randomUUID()}`, {
      monthlyLimit: 10,
    }, { jar: admin.jar });
    assertEquals(missing.status, 404);
    const raised = await app.json("PUT", `/api/v1/admin/dicom-usage/${demo.id}`, {
      monthlyLimit: row.limit + 1,
    }, { jar: admin.jar });
    assertEquals(raised.status, 200);
    assertEquals((await raised.json()).clinic.limit, row.limit + 1);
    assertEquals((await submit(app, jar, { seriesId: await fresh() })).status, 202);
  });

  await step(
    "submitting a series whose analysis still waits returns that analysis and costs nothing",
    async (app) => {
      const { jar } = await app.login(OWNER);
      await setClinicLimit(db, {
        clinicId: demo.id,
        monthlyLimit: 1000,
        actorId: await userId(db, "superadmin@odontox.test"),
      });
      const waiting = await upload(app, jar, patientId, 1, { mrn });
      const first = await submit(app, jar, { seriesId: waiting });
      assertEquals(first.status, 202);
      const queued = await first.json();
      const [again, twice] = await Promise.all([
        submit(app, jar, { seriesId: waiting }),
        submit(app, jar, { seriesId: waiting }),
      ]);
      for (const res of [again, twice]) {
        assertEquals(res.status, 200);
        const body = await res.json();
        assertEquals(body.analysis.id, queued.analysis.id);
        assertEquals(body.alreadyPending, true);
        assertEquals(body.usage.used, queued.usage.used, "no unit taken");
      }
      const rows = await db.select({ id: dicomAnalyses.id }).from(dicomAnalyses)
        .where(eq(dicomAnalyses.seriesId, waiting));
      assertEquals(rows.length, 1);
      await run(app);
      const before = (await usage(app, jar)).used;
      const afterwards = await submit(app, jar, { seriesId: waiting });
      assertEquals(afterwards.status, 202, "once done, the series can be analysed again");
      assertEquals((await afterwards.json()).usage.used, before + 1);
    },
  );

  await step("a new terms version asks the clinic again", async (app) => {
    await db.update(dicomAiTermsAcceptances).set({ termsVersion: "2000-01-01" })
      .where(eq(dicomAiTermsAcceptances.clinicId, demo.id));
    const { jar } = await app.login(OWNER);
    const res = await submit(app, jar, { seriesId });
    assertEquals(res.status, 403);
    assertEquals((await res.json()).code, "AI_TERMS_NOT_ACCEPTED");
  });
});
