import { and, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../../../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../../../support/test-app.ts";
import { activityLog, clinicalNotes } from "../../../../lib/db/schema.ts";
import { bookAppointment } from "../../../../lib/appointments/booking.ts";
import {
  clinicFixture,
  createPatient,
  freshMonday,
  karachi,
  userId,
} from "../../../lib/appointments/fixtures.ts";

const RECEPTION = "reception@demo-dental.test";
const NURSE = "nurse@demo-dental.test";
const DOCTOR = "doctor@demo-dental.test";
const OTHER_OWNER = "owner@second-smile.test";

interface NoteBody {
  id: string;
  patientId: string;
  appointmentId: string | null;
  authorName: string;
  body: string;
  createdAt: string;
}

testOnEachDatabase("clinical API", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicFixture(db, "demo-dental");
  const other = await clinicFixture(db, "second-smile");
  const patientId = await createPatient(db, demo.id, "Hina Shahid");
  const theirPatient = await createPatient(db, other.id, "Kamran Akmal");
  const notesPath = `/api/v1/clinical/patients/${patientId}/notes`;
  const chartPath = `/api/v1/clinical/patients/${patientId}/chart`;

  await step("no session is 401 on every route", async (app) => {
    const id = crypto.randomUUID();
    for (
      const [method, path] of [
        ["GET", notesPath],
        ["POST", notesPath],
        ["PATCH", `/api/v1/clinical/notes/${id}`],
        ["DELETE", `/api/v1/clinical/notes/${id}`],
        ["GET", chartPath],
        ["POST", `${chartPath}/entries`],
        ["DELETE", `/api/v1/clinical/chart/entries/${id}`],
      ]
    ) {
      const res = await app.json(method, path, method === "GET" ? undefined : {});
      assertEquals(res.status, 401, `${method} ${path}`);
      await res.body?.cancel();
    }
  });

  await step("reception may not read notes: 403 naming the permission", async (app) => {
    const { jar } = await app.login(RECEPTION);
    const res = await app.json("GET", notesPath, undefined, { jar });
    assertEquals(res.status, 403);
    const json = await res.json();
    assertEquals(json.code, "FORBIDDEN");
    assertEquals(json.permission, "clinical.notes.view");
    const chart = await app.json("GET", chartPath, undefined, { jar });
    assertEquals((await chart.json()).permission, "clinical.chart.view");
  });

  await step("a doctor writes a note and reads it back, newest first", async (app) => {
    const { jar } = await app.login(DOCTOR);
    const first = await app.json("POST", notesPath, { body: "Sensitive to cold on 26." }, { jar });
    assertEquals(first.status, 201);
    const note: NoteBody = await first.json();
    assertEquals(note.authorName, "Dr. Bilal Ahmed");
    assertMatch(note.createdAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+05:00$/);
    await app.json("POST", notesPath, { body: "Review in two weeks." }, { jar });
    const list = await app.json("GET", notesPath, undefined, { jar });
    const { notes } = await list.json() as { notes: NoteBody[] };
    assertEquals(notes.map((n) => n.body), ["Review in two weeks.", "Sensitive to cold on 26."]);

    const [logged] = await db.select().from(activityLog).where(and(
      eq(activityLog.action, "clinical.note_added"),
      eq(activityLog.entityId, patientId),
    )).limit(1);
    assert(logged, "the activity log records the note");
    assert(!JSON.stringify(logged.details).includes("Sensitive"), "without its text");
  });

  await step("a note attaches to the patient's own appointment only", async (app) => {
    const { jar } = await app.login(DOCTOR);
    const visit = await bookAppointment(app.deps, {
      clinicId: demo.id,
      actorId: await userId(db, RECEPTION),
      patientId,
      doctorId: await userId(db, DOCTOR),
      operatoryId: demo.operatoryIds[0],
      startsAt: new Date(karachi(freshMonday(), "10:00")),
      durationMinutes: 30,
      type: "Check-up",
    });
    const res = await app.json("POST", notesPath, {
      body: "Seen at the visit.",
      appointmentId: visit.id,
    }, { jar });
    assertEquals(res.status, 201);
    assertEquals((await res.json()).appointmentId, visit.id);
    const someoneElse = await createPatient(db, demo.id, "Nadia Jamil");
    const wrong = await app.json("POST", `/api/v1/clinical/patients/${someoneElse}/notes`, {
      body: "Wrong visit.",
      appointmentId: visit.id,
    }, { jar });
    assertEquals(wrong.status, 400);
    await wrong.body?.cancel();
  });

  await step("a nurse writes and edits her own note but may not delete it", async (app) => {
    const { jar } = await app.login(NURSE);
    const res = await app.json("POST", notesPath, { body: "BP 120/80." }, { jar });
    assertEquals(res.status, 201);
    const note: NoteBody = await res.json();
    const edited = await app.json(
      "PATCH",
      `/api/v1/clinical/notes/${note.id}`,
      { body: "BP 125/80." },
      { jar },
    );
    assertEquals(edited.status, 200);
    assertEquals((await edited.json()).body, "BP 125/80.");
    const deleted = await app.json("DELETE", `/api/v1/clinical/notes/${note.id}`, undefined, {
      jar,
    });
    assertEquals(deleted.status, 403);
    assertEquals((await deleted.json()).permission, "clinical.notes.delete");

    // Someone else's note needs clinical.notes.edit, which a nurse lacks.
    const doctor = (await app.login(DOCTOR)).jar;
    const theirs: NoteBody = await (await app.json("POST", notesPath, { body: "Doctor's." }, {
      jar: doctor,
    })).json();
    const refused = await app.json("PATCH", `/api/v1/clinical/notes/${theirs.id}`, {
      body: "Changed by the nurse",
    }, { jar });
    assertEquals(refused.status, 403);
    assertEquals((await refused.json()).permission, "clinical.notes.edit");

    const gone = await app.json("DELETE", `/api/v1/clinical/notes/${note.id}`, undefined, {
      jar: doctor,
    });
    assertEquals(gone.status, 204);
    const [row] = await db.select().from(clinicalNotes).where(eq(clinicalNotes.id, note.id));
    assert(row.deletedAt, "deleting keeps the row, stamped");
    const { notes } = await (await app.json("GET", notesPath, undefined, { jar })).json();
    assert(!notes.some((n: NoteBody) => n.id === note.id), "a deleted note is not listed");
  });

  await step("another clinic's patient and note answer 404", async (app) => {
    const { jar } = await app.login(OTHER_OWNER);
    const doctor = (await app.login(DOCTOR)).jar;
    const ours: NoteBody = await (await app.json("POST", notesPath, { body: "Ours." }, {
      jar: doctor,
    })).json();
    for (
      const [method, path, body] of [
        ["GET", notesPath, undefined],
        ["POST", notesPath, { body: "Not mine" }],
        ["PATCH", `/api/v1/clinical/notes/${ours.id}`, { body: "Not mine" }],
        ["DELETE", `/api/v1/clinical/notes/${ours.id}`, undefined],
        ["GET", chartPath, undefined],
        ["POST", `${chartPath}/entries`, {
          tooth: "11",
          kind: "condition",
          code: "caries",
          recordedOn: "2026-11-21",
        }],
      ] as const
    ) {
      const res = await app.json(method, path, body, { jar });
      assertEquals(res.status, 404, `${method} ${path}`);
      await res.body?.cancel();
    }
    const mine = await app.json(
      "GET",
      `/api/v1/clinical/patients/${theirPatient}/notes`,
      undefined,
      {
        jar: doctor,
      },
    );
    assertEquals(mine.status, 404);
    await mine.body?.cancel();
  });

  await step("malformed note bodies are 400, other types 415", async (app) => {
    const { jar } = await app.login(DOCTOR);
    for (
      const payload of [{}, { body: "   " }, { body: "x".repeat(5001) }, { body: 42 }, {
        body: "ok",
        appointmentId: "nope",
      }, { body: "ok", extra: 1 }]
    ) {
      const res = await app.json("POST", notesPath, payload, { jar });
      assertEquals(res.status, 400, JSON.stringify(payload).slice(0, 80));
      assertEquals((await res.json()).code, "VALIDATION_FAILED");
    }
    const text = await app.request(notesPath, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ body: "x" }),
      jar,
    });
    assertEquals(text.status, 415);
    await text.body?.cancel();
  });

  await step(
    "chart entries: strict FDI teeth, codes per kind, permission per kind",
    async (app) => {
      const { jar } = await app.login(DOCTOR);
      const entry = (tooth: string, extra: Record<string, unknown> = {}) => ({
        tooth,
        kind: "condition",
        code: "caries",
        recordedOn: "2026-11-21",
        ...extra,
      });
      for (const tooth of ["19", "56", "10", "90", "1", "111"]) {
        const res = await app.json("POST", `${chartPath}/entries`, entry(tooth), { jar });
        assertEquals(res.status, 400, tooth);
        assertMatch((await res.json()).error, new RegExp(`Tooth "${tooth}"`));
      }
      for (
        const bad of [
          entry("11", { surface: "X" }),
          entry("11", { kind: "wish" }),
          entry("11", { code: "extraction" }),
          entry("11", { recordedOn: "21/11/2026" }),
        ]
      ) {
        const res = await app.json("POST", `${chartPath}/entries`, bad, { jar });
        assertEquals(res.status, 400, JSON.stringify(bad));
        await res.body?.cancel();
      }
      const caries = await app.json("POST", `${chartPath}/entries`, entry("36", { surface: "O" }), {
        jar,
      });
      assertEquals(caries.status, 201);
      const extraction = await app.json("POST", `${chartPath}/entries`, {
        tooth: "55",
        kind: "procedure",
        code: "extraction",
        recordedOn: "2026-11-21",
      }, { jar });
      assertEquals(extraction.status, 201);
      const chart = await (await app.json("GET", chartPath, undefined, { jar })).json();
      assertEquals(chart.teeth, { "36": "caries", "55": "missing" });
      assertEquals(chart.entries.length, 2);

      // A nurse records procedures but not conditions.
      const nurse = (await app.login(NURSE)).jar;
      const condition = await app.json("POST", `${chartPath}/entries`, entry("21"), { jar: nurse });
      assertEquals(condition.status, 403);
      assertEquals((await condition.json()).permission, "clinical.chart.edit");
      const scaling = await app.json("POST", `${chartPath}/entries`, {
        tooth: "21",
        kind: "procedure",
        code: "scaling",
        recordedOn: "2026-11-21",
      }, { jar: nurse });
      assertEquals(scaling.status, 201);
      const removeCaries = await app.json(
        "DELETE",
        `/api/v1/clinical/chart/entries/${(await caries.json()).id}`,
        undefined,
        { jar: nurse },
      );
      assertEquals(removeCaries.status, 403);
      await removeCaries.body?.cancel();
      const removed = await app.json(
        "DELETE",
        `/api/v1/clinical/chart/entries/${(await scaling.json()).id}`,
        undefined,
        { jar: nurse },
      );
      assertEquals(removed.status, 204);
    },
  );

  await step(
    "the chart keeps its history: a removed entry still shows on earlier dates",
    async (app) => {
      const { jar } = await app.login(DOCTOR);
      const historyPatient = await createPatient(db, demo.id, "Sana Mir");
      const path = `/api/v1/clinical/patients/${historyPatient}/chart`;
      const add = async (tooth: string, recordedOn: string) => {
        const res = await app.json("POST", `${path}/entries`, {
          tooth,
          surface: "M",
          kind: "condition",
          code: "caries",
          recordedOn,
        }, { jar });
        assertEquals(res.status, 201);
        return (await res.json()).id as string;
      };
      const early = await add("16", "2026-01-10");
      await add("26", "2026-03-10");
      const gone = await app.json("DELETE", `/api/v1/clinical/chart/entries/${early}`, undefined, {
        jar,
      });
      assertEquals(gone.status, 204);
      const teethOn = async (query: string) => {
        const res = await app.json("GET", `${path}${query}`, undefined, { jar });
        assertEquals(res.status, 200);
        return Object.keys((await res.json()).teeth).sort();
      };
      assertEquals(await teethOn(""), ["26"]);
      assertEquals(await teethOn("?asOf=2026-01-09"), []);
      assertEquals(await teethOn("?asOf=2026-02-01"), ["16"]);
      assertEquals(await teethOn("?asOf=2026-03-10"), ["16", "26"]);
      const bad = await app.json("GET", `${path}?asOf=yesterday`, undefined, { jar });
      assertEquals(bad.status, 400);
      await bad.body?.cancel();
      // Removing it twice is a 404: it is gone from the chart as it stands.
      const again = await app.json("DELETE", `/api/v1/clinical/chart/entries/${early}`, undefined, {
        jar,
      });
      assertEquals(again.status, 404);
      await again.body?.cancel();
    },
  );

  await step(
    "a planned entry needs chart.edit; an entry links to the patient's own visit",
    async (app) => {
      const { jar } = await app.login(DOCTOR);
      const visit = await bookAppointment(app.deps, {
        clinicId: demo.id,
        actorId: await userId(db, RECEPTION),
        patientId,
        doctorId: await userId(db, DOCTOR),
        operatoryId: demo.operatoryIds[0],
        startsAt: new Date(karachi(freshMonday(), "12:00")),
        durationMinutes: 30,
        type: "Filling",
      });
      const done = await app.json("POST", `${chartPath}/entries`, {
        tooth: "24",
        surface: "D",
        kind: "procedure",
        code: "filling_placed",
        recordedOn: "2026-11-20",
        appointmentId: visit.id,
      }, { jar });
      assertEquals(done.status, 201);
      assertEquals((await done.json()).appointmentId, visit.id);
      const theirVisit = await app.json("POST", `${chartPath}/entries`, {
        tooth: "24",
        kind: "planned",
        code: "crown_placed",
        recordedOn: "2026-11-20",
        appointmentId: crypto.randomUUID(),
      }, { jar });
      assertEquals(theirVisit.status, 404);
      await theirVisit.body?.cancel();
      const nurse = (await app.login(NURSE)).jar;
      const planned = await app.json("POST", `${chartPath}/entries`, {
        tooth: "24",
        kind: "planned",
        code: "crown_placed",
        recordedOn: "2026-11-20",
      }, { jar: nurse });
      assertEquals(planned.status, 403);
      assertEquals((await planned.json()).permission, "clinical.chart.edit");
    },
  );
});
