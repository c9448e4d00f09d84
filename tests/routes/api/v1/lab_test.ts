import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../../../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../../../support/test-app.ts";
import { clinicFixture, createPatient, userId } from "../../../lib/appointments/fixtures.ts";
import { createCase, createLab, dicomZip, pngBytes } from "../../../support/lab-fixtures.ts";
import { labCases, labs } from "../../../../lib/db/schema.ts";

testOnEachDatabase("lab cases API", async (t, database) => {
  const { db } = database;
  const step = appSteps(t, database);
  const demo = await clinicFixture(db, "demo-dental");
  const other = await clinicFixture(db, "second-smile");
  const doctorId = await userId(db, "doctor@demo-dental.test");
  const otherOwner = await userId(db, "owner@second-smile.test");
  const lab = await createLab(db, demo.id, doctorId, { name: "API Test Lab" });
  const patientId = await createPatient(db, demo.id, "Hina Baig");
  // Second Smile's data, written directly: its plan has no lab module, but its rows must stay its own.
  const theirLab = await createLab(db, other.id, otherOwner);
  const theirPatient = await createPatient(db, other.id, "Other Clinic Patient");
  const theirCase = await createCase(db, {
    clinicId: other.id,
    actorId: otherOwner,
    patientId: theirPatient,
    labId: theirLab.id,
  });
  const ourCase = await createCase(db, {
    clinicId: demo.id,
    actorId: doctorId,
    patientId,
    labId: lab.id,
    path: ["sent_to_lab"],
  });

  const routes = (caseId: string): [string, string, unknown?][] => [
    ["GET", "/api/v1/lab/cases"],
    ["POST", "/api/v1/lab/cases", { patientId, labId: lab.id, caseType: "crown" }],
    ["GET", `/api/v1/lab/cases/${caseId}`],
    ["PATCH", `/api/v1/lab/cases/${caseId}`, { shade: "A3" }],
    ["POST", `/api/v1/lab/cases/${caseId}/status`, { status: "received_by_lab" }],
    ["POST", `/api/v1/lab/cases/${caseId}/links`, {}],
    ["GET", "/api/v1/lab/labs"],
    ["POST", "/api/v1/lab/labs", { name: "New Lab", defaultTurnaroundDays: 5 }],
  ];

  await step("every lab route needs a session", async (app) => {
    for (const [method, path, body] of routes(ourCase.id)) {
      const res = await app.json(method, path, body);
      assertEquals(res.status, 401, `${method} ${path}`);
      await res.body?.cancel();
    }
    const upload = await app.request(`/api/v1/lab/cases/${ourCase.id}/attachments`, {
      method: "POST",
      headers: { "x-file-name": "a.png" },
      body: pngBytes(),
    });
    assertEquals(upload.status, 401);
    await upload.body?.cancel();
  });

  await step(
    "a clinic without the lab module is refused with the module's message",
    async (app) => {
      const { jar } = await app.login("owner@second-smile.test");
      for (const [method, path, body] of routes(theirCase.id)) {
        const res = await app.json(method, path, body, { jar });
        assertEquals(res.status, 403, `${method} ${path}`);
        assertEquals(await res.json(), {
          error: "Module 'lab' is not enabled for this clinic",
          code: "MODULE_DISABLED",
          module: "lab",
        });
      }
    },
  );

  await step(
    "another clinic's case, lab or patient answers 404 and changes nothing",
    async (app) => {
      const { jar } = await app.login("owner@demo-dental.test");
      for (
        const [method, path, body] of routes(theirCase.id).filter(([, p]) =>
          p.includes(theirCase.id)
        )
      ) {
        const res = await app.json(method, path, body, { jar });
        assertEquals(res.status, 404, `${method} ${path}`);
        await res.body?.cancel();
      }
      const upload = await app.request(`/api/v1/lab/cases/${theirCase.id}/attachments`, {
        jar,
        method: "POST",
        headers: { "x-file-name": "a.png" },
        body: pngBytes(),
      });
      assertEquals(upload.status, 404);
      await upload.body?.cancel();
      const [after] = await db.select().from(labCases).where(eq(labCases.id, theirCase.id));
      assertEquals([after.status, after.shade], ["draft", "A2"]);
      // Their lab or patient in our body is "not found" too.
      const withTheirLab = await app.json("POST", "/api/v1/lab/cases", {
        patientId,
        labId: theirLab.id,
        caseType: "crown",
      }, { jar });
      assertEquals([withTheirLab.status, (await withTheirLab.json()).field], [400, "labId"]);
      const withTheirPatient = await app.json("POST", "/api/v1/lab/cases", {
        patientId: theirPatient,
        labId: lab.id,
        caseType: "crown",
      }, { jar });
      assertEquals([withTheirPatient.status, (await withTheirPatient.json()).field], [
        400,
        "patientId",
      ]);
      const list = await (await app.request("/api/v1/lab/cases", { jar })).json();
      assert(!list.cases.some((c: { id: string }) => c.id === theirCase.id));
      const labsList = await (await app.request("/api/v1/lab/labs", { jar })).json();
      assert(!labsList.labs.some((l: { id: string }) => l.id === theirLab.id));
    },
  );

  await step("a member without the permission is refused, naming it", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const refused: [string, string, unknown, string][] = [
      [
        "POST",
        "/api/v1/lab/cases",
        { patientId, labId: lab.id, caseType: "crown" },
        "lab.cases.create",
      ],
      ["PATCH", `/api/v1/lab/cases/${ourCase.id}`, { shade: "B1" }, "lab.cases.edit"],
      [
        "POST",
        `/api/v1/lab/cases/${ourCase.id}/status`,
        { status: "received_by_lab" },
        "lab.cases.status.update",
      ],
      ["POST", `/api/v1/lab/cases/${ourCase.id}/links`, {}, "lab.cases.share"],
      ["POST", "/api/v1/lab/labs", { name: "X", defaultTurnaroundDays: 3 }, "lab.labs.manage"],
    ];
    for (const [method, path, body, permission] of refused) {
      const res = await app.json(method, path, body, { jar });
      assertEquals(res.status, 403, `${method} ${path}`);
      assertEquals((await res.json()).permission, permission);
    }
    const upload = await app.request(`/api/v1/lab/cases/${ourCase.id}/attachments`, {
      jar,
      method: "POST",
      headers: { "x-file-name": "a.png" },
      body: pngBytes(),
    });
    assertEquals([upload.status, (await upload.json()).permission], [403, "lab.files.upload"]);
    // Reception still sees the cases and the labs.
    assertEquals((await app.request(`/api/v1/lab/cases/${ourCase.id}`, { jar })).status, 200);
    assertEquals((await app.request("/api/v1/lab/labs", { jar })).status, 200);
  });

  await step("malformed bodies are 400s that change nothing", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const before = await db.select().from(labCases).where(eq(labCases.clinicId, demo.id));
    const labsBefore = await db.select().from(labs).where(eq(labs.clinicId, demo.id));
    const bad: [string, string, unknown][] = [
      ["POST", "/api/v1/lab/cases", { patientId, labId: lab.id, caseType: "spaceship" }],
      ["POST", "/api/v1/lab/cases", { patientId, labId: lab.id, caseType: "crown", teeth: [99] }],
      ["POST", "/api/v1/lab/cases", {
        patientId,
        labId: lab.id,
        caseType: "crown",
        dueDate: "2026-02-30",
      }],
      ["POST", "/api/v1/lab/cases", "{not json"],
      ["PATCH", `/api/v1/lab/cases/${ourCase.id}`, {}],
      ["PATCH", `/api/v1/lab/cases/${ourCase.id}`, { status: "fitted" }],
      ["POST", `/api/v1/lab/cases/${ourCase.id}/status`, { status: "teleported" }],
      ["POST", `/api/v1/lab/cases/${ourCase.id}/links`, { expiresOn: "soon" }],
      ["POST", "/api/v1/lab/labs", { name: "", defaultTurnaroundDays: 5 }],
      ["POST", "/api/v1/lab/labs", { name: "Phone Lab", defaultTurnaroundDays: 5, phone: "12" }],
      ["POST", "/api/v1/lab/labs", { name: "Slow Lab", defaultTurnaroundDays: 500 }],
    ];
    for (const [method, path, body] of bad) {
      const res = await app.json(method, path, body, { jar });
      assertEquals(res.status, 400, `${method} ${path} ${JSON.stringify(body)}`);
      await res.body?.cancel();
    }
    assertEquals(await db.select().from(labCases).where(eq(labCases.clinicId, demo.id)), before);
    assertEquals(
      (await db.select().from(labs).where(eq(labs.clinicId, demo.id))).length,
      labsBefore.length,
    );
  });

  await step(
    "staff create, edit and move a case; an illegal move is a 409 naming the allowed ones",
    async (app) => {
      const { jar } = await app.login("doctor@demo-dental.test");
      const created = await app.json("POST", "/api/v1/lab/cases", {
        patientId,
        labId: lab.id,
        caseType: "veneer",
        teeth: [21, 11],
        priority: "high",
        instructions: "Match the adjacent centrals",
      }, { jar });
      assertEquals(created.status, 201);
      const { case: kase } = await created.json();
      assertEquals([kase.status, kase.teeth, kase.labName, kase.caseNumber.startsWith("LC-")], [
        "draft",
        [11, 21],
        "API Test Lab",
        true,
      ]);
      assertMatch(kase.dueDate, /^\d{4}-\d{2}-\d{2}$/);
      const edited = await app.json("PATCH", `/api/v1/lab/cases/${kase.id}`, { shade: "BL2" }, {
        jar,
      });
      assertEquals((await edited.json()).case.shade, "BL2");
      const illegal = await app.json("POST", `/api/v1/lab/cases/${kase.id}/status`, {
        status: "shipped",
      }, { jar });
      assertEquals(illegal.status, 409);
      const refusal = await illegal.json();
      assertEquals([refusal.code, refusal.allowed], ["INVALID_TRANSITION", [
        "sent_to_lab",
        "cancelled",
      ]]);
      const moved = await app.json("POST", `/api/v1/lab/cases/${kase.id}/status`, {
        status: "sent_to_lab",
        note: "Courier at 5",
      }, { jar });
      const { case: after } = await moved.json();
      assertEquals(after.status, "sent_to_lab");
      assertEquals(after.timeline.at(-1).note, "Courier at 5");
    },
  );

  await step(
    "an upload names its file in X-File-Name; a retry is the same attachment",
    async (app) => {
      const { jar } = await app.login("doctor@demo-dental.test");
      const image = pngBytes();
      const send = () =>
        app.request(`/api/v1/lab/cases/${ourCase.id}/attachments`, {
          jar,
          method: "POST",
          headers: {
            "x-file-name": encodeURIComponent("مسکراہٹ shade.png"),
            "content-type": "image/png",
          },
          body: image,
        });
      const first = await send();
      assertEquals(first.status, 201);
      const again = await send();
      assertEquals([again.status, (await again.json()).duplicate], [200, true]);
      const { case: kase } = await (await app.request(`/api/v1/lab/cases/${ourCase.id}`, { jar }))
        .json();
      assertEquals(kase.attachments.map((a: { name: string }) => a.name), ["مسکراہٹ shade.png"]);
      const download = await app.request(
        `/api/v1/lab/cases/${ourCase.id}/attachments/${kase.attachments[0].id}/content?download=1`,
        { jar },
      );
      assertEquals(
        download.headers.get("content-disposition")?.includes("filename*=UTF-8''"),
        true,
      );
      assertEquals(new Uint8Array(await download.arrayBuffer()), image);
      const zip = await app.request(`/api/v1/lab/cases/${ourCase.id}/attachments`, {
        jar,
        method: "POST",
        headers: { "x-file-name": "study.zip" },
        body: dicomZip("X"),
      });
      const report = (await zip.json()).importReport;
      assertEquals([report.imported, report.skipped.length], [2, 1]);
      const noName = await app.request(`/api/v1/lab/cases/${ourCase.id}/attachments`, {
        jar,
        method: "POST",
        body: pngBytes(),
      });
      assertEquals(noName.status, 400);
      await noName.body?.cancel();
    },
  );

  await step("a shared link is created with its URL and can be revoked", async (app) => {
    const { jar } = await app.login("doctor@demo-dental.test");
    const res = await app.json("POST", `/api/v1/lab/cases/${ourCase.id}/links`, {}, { jar });
    assertEquals(res.status, 201);
    const { link } = await res.json();
    assertMatch(link.url, /^http:\/\/localhost:8000\/lab\/shared\/[\w-]+\.[\w-]+$/);
    const days = (new Date(link.expiresAt).getTime() - Date.now()) / 86_400_000;
    assert(days > 29.9 && days <= 30, `${days}`);
    const revoked = await app.json(
      "DELETE",
      `/api/v1/lab/cases/${ourCase.id}/links/${link.id}`,
      undefined,
      { jar },
    );
    assertEquals(revoked.status, 200);
    const { case: kase } = await (await app.request(`/api/v1/lab/cases/${ourCase.id}`, { jar }))
      .json();
    const listed = kase.links.find((l: { id: string }) => l.id === link.id);
    assertEquals(listed.active, false);
  });

  await step("CORS preflight is answered only for configured origins", async (app) => {
    const preflight = (origin: string) =>
      app.request(`/api/v1/lab/cases/${ourCase.id}/attachments`, {
        method: "OPTIONS",
        noOrigin: true,
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "x-file-name, content-type",
        },
      });
    const allowed = await preflight("https://lab-portal.example");
    assertEquals(allowed.status, 204);
    assertEquals(allowed.headers.get("access-control-allow-origin"), "https://lab-portal.example");
    assertMatch(allowed.headers.get("access-control-allow-headers") ?? "", /X-File-Name/);
    const stranger = await preflight("https://evil.example");
    assertEquals(stranger.headers.get("access-control-allow-origin"), null);
  }, { CORS_ORIGINS: "https://lab-portal.example" });

  await step("with no CORS_ORIGINS, no origin gets CORS headers", async (app) => {
    const res = await app.request("/api/v1/lab/labs", {
      method: "OPTIONS",
      noOrigin: true,
      headers: { origin: "https://lab-portal.example", "access-control-request-method": "GET" },
    });
    assertEquals(res.headers.get("access-control-allow-origin"), null);
  });
});
