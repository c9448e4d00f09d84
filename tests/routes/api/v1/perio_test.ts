import { assert, assertEquals, assertMatch } from "../../../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../../../support/test-app.ts";
import { clinicFixture, createPatient } from "../../../lib/appointments/fixtures.ts";
import { PERIO_SITES, PERIO_TEETH } from "../../../../lib/perio/sites.ts";

const RECEPTION = "reception@demo-dental.test";
const NURSE = "nurse@demo-dental.test";
const DOCTOR = "doctor@demo-dental.test";
const OTHER_OWNER = "owner@second-smile.test";

/** A full mouth at `depth` mm everywhere, with 16's sites given their own depth. */
function fullMouth(depth: number, tooth16 = depth) {
  return PERIO_TEETH.all.flatMap((tooth) =>
    PERIO_SITES.map((site) => ({
      tooth,
      site,
      depth: tooth === "16" ? tooth16 : depth,
      recession: 0,
      bleeding: tooth === "16",
    }))
  );
}

testOnEachDatabase("perio API", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicFixture(db, "demo-dental");
  const other = await clinicFixture(db, "second-smile");
  const patientId = await createPatient(db, demo.id, "Rabia Anwar");
  const theirPatient = await createPatient(db, other.id, "Faisal Qureshi");
  const examsPath = `/api/v1/perio/patients/${patientId}/exams`;
  let firstExam = "";
  let secondExam = "";

  await step("no session is 401 on every route", async (app) => {
    const id = crypto.randomUUID();
    for (
      const [method, path] of [
        ["GET", examsPath],
        ["POST", examsPath],
        ["GET", `/api/v1/perio/exams/${id}`],
        ["GET", `/api/v1/perio/exams/${id}/worse?since=${id}`],
      ]
    ) {
      const res = await app.json(method, path, method === "GET" ? undefined : {});
      assertEquals(res.status, 401, `${method} ${path}`);
      await res.body?.cancel();
    }
  });

  await step("a doctor records two exams; summary, CAL and the worse sites follow", async (app) => {
    const { jar } = await app.login(DOCTOR);
    const first = await app.json("POST", examsPath, {
      examinedOn: "2026-06-01",
      teeth: [{ tooth: "18", missing: true }, { tooth: "36", mobility: 1, furcation: 2 }],
      sites: fullMouth(3).filter((s) => s.tooth !== "18").map((s) =>
        s.tooth === "36" && s.site === "MB" ? { ...s, recession: 2 } : s
      ),
    }, { jar });
    assertEquals(first.status, 201);
    const exam = await first.json();
    firstExam = exam.id;
    assertEquals(exam.summary.sites, 186);
    assertEquals(exam.summary.meanDepth, 3);
    assertEquals(exam.summary.deep4, 0);
    const mb36 = exam.sites.find((s: { tooth: string; site: string }) =>
      s.tooth === "36" && s.site === "MB"
    );
    assertEquals(mb36.attachment, 5);

    const second = await app.json("POST", examsPath, {
      examinedOn: "2026-12-01",
      sites: fullMouth(3, 6),
    }, { jar });
    assertEquals(second.status, 201);
    secondExam = (await second.json()).id;

    const worse = await app.json(
      "GET",
      `/api/v1/perio/exams/${secondExam}/worse?since=${firstExam}`,
      undefined,
      { jar },
    );
    assertEquals(worse.status, 200);
    const { sites } = await worse.json();
    assertEquals(sites.length, 6);
    assert(
      sites.every((s: { tooth: string; depthBefore: number; depthAfter: number }) =>
        s.tooth === "16" && s.depthBefore === 3 && s.depthAfter === 6
      ),
    );

    const list = await (await app.json("GET", examsPath, undefined, { jar })).json();
    assertEquals(list.exams.map((e: { id: string }) => e.id), [secondExam, firstExam]);
  });

  await step("reading needs chart.view, recording chart.edit", async (app) => {
    const reception = (await app.login(RECEPTION)).jar;
    const read = await app.json("GET", examsPath, undefined, { jar: reception });
    assertEquals(read.status, 403);
    assertEquals((await read.json()).permission, "clinical.chart.view");
    const nurse = (await app.login(NURSE)).jar;
    const readable = await app.json("GET", `/api/v1/perio/exams/${firstExam}`, undefined, {
      jar: nurse,
    });
    assertEquals(readable.status, 200);
    await readable.body?.cancel();
    const write = await app.json("POST", examsPath, {
      examinedOn: "2026-12-02",
      sites: fullMouth(2),
    }, { jar: nurse });
    assertEquals(write.status, 403);
    assertEquals((await write.json()).permission, "clinical.chart.edit");
  });

  await step("another clinic's patient and exams answer 404", async (app) => {
    const { jar } = await app.login(OTHER_OWNER);
    for (
      const [method, path, body] of [
        ["GET", examsPath, undefined],
        ["POST", examsPath, { examinedOn: "2026-12-02", sites: fullMouth(2) }],
        ["GET", `/api/v1/perio/exams/${firstExam}`, undefined],
        ["GET", `/api/v1/perio/exams/${secondExam}/worse?since=${firstExam}`, undefined],
      ] as const
    ) {
      const res = await app.json(method, path, body, { jar });
      assertEquals(res.status, 404, `${method} ${path}`);
      await res.body?.cancel();
    }
    // And their own patient's exams list is theirs alone: empty.
    const own = await app.json("GET", `/api/v1/perio/patients/${theirPatient}/exams`, undefined, {
      jar,
    });
    assertEquals((await own.json()).exams, []);
  });

  await step("malformed bodies are 400 and record nothing", async (app) => {
    const { jar } = await app.login(DOCTOR);
    const bad: [unknown, RegExp][] = [
      [{ examinedOn: "2026-12-02", sites: [] }, /Probe at least one site/],
      [{ examinedOn: "yesterday", sites: fullMouth(2) }, /YYYY-MM-DD/],
      [{ examinedOn: "2026-12-02", sites: [{ tooth: "19", site: "B", depth: 3 }] }, /FDI/],
      [{ examinedOn: "2026-12-02", sites: [{ tooth: "16", site: "X", depth: 3 }] }, /site/],
      [{ examinedOn: "2026-12-02", sites: [{ tooth: "16", site: "B", depth: 30 }] }, /depth/],
      [{ examinedOn: "2026-12-02", sites: fullMouth(2), extra: 1 }, /extra/i],
      [{
        examinedOn: "2026-12-02",
        sites: [{ tooth: "16", site: "B", depth: 3 }, { tooth: "16", site: "B", depth: 4 }],
      }, /given twice/],
      [{
        examinedOn: "2026-12-02",
        teeth: [{ tooth: "11", furcation: 2 }],
        sites: [{ tooth: "16", site: "B", depth: 3 }],
      }, /no furcation/],
      [{
        examinedOn: "2026-12-02",
        teeth: [{ tooth: "16", missing: true }],
        sites: [{ tooth: "16", site: "B", depth: 3 }],
      }, /missing/],
    ];
    for (const [body, message] of bad) {
      const res = await app.json("POST", examsPath, body, { jar });
      assertEquals(res.status, 400, JSON.stringify(body).slice(0, 80));
      assertMatch((await res.json()).error, message);
    }
    const notJson = await app.request(examsPath, {
      method: "POST",
      jar,
      headers: { "content-type": "text/plain" },
      body: "depth 3",
    });
    assertEquals(notJson.status, 415);
    await notJson.body?.cancel();
    const worse = await app.json("GET", `/api/v1/perio/exams/${secondExam}/worse`, undefined, {
      jar,
    });
    assertEquals(worse.status, 400);
    await worse.body?.cancel();
    const list = await (await app.json("GET", examsPath, undefined, { jar })).json();
    assertEquals(list.exams.length, 2, "nothing was recorded");
  });
});
