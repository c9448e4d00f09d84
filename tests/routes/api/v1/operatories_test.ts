import { assert, assertEquals, assertMatch } from "../../../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../../../support/test-app.ts";
import {
  clinicFixture,
  createPatient,
  freshMonday,
  karachi,
  userId,
} from "../../../lib/appointments/fixtures.ts";

interface OperatoryBody {
  id: string;
  name: string;
  active: boolean;
}

testOnEachDatabase("operatories API", async (t, database) => {
  const step = appSteps(t, database);
  const other = await clinicFixture(database.db, "second-smile");

  await step("every operatory route needs a session", async (app) => {
    const routes: [string, string, unknown?][] = [
      ["GET", "/api/v1/operatories"],
      ["POST", "/api/v1/operatories", { name: "Operatory 4" }],
      ["PATCH", `/api/v1/operatories/${crypto.randomUUID()}`, { active: false }],
    ];
    for (const [method, path, payload] of routes) {
      const res = await app.json(method, path, payload);
      assertEquals(res.status, 401, `${method} ${path}`);
    }
  });

  await step("staff see the clinic's operatories, and only theirs", async (app) => {
    const { jar } = await app.login("nurse@demo-dental.test");
    const res = await app.json("GET", "/api/v1/operatories", undefined, { jar });
    assertEquals(res.status, 200);
    const { operatories } = await res.json();
    assertEquals(operatories.map((o: OperatoryBody) => [o.name, o.active]), [
      ["Operatory 1", true],
      ["Operatory 2", true],
      ["Operatory 3", true],
    ]);
    const theirIds = new Set(other.operatoryIds);
    assert(!operatories.some((o: OperatoryBody) => theirIds.has(o.id)));
  });

  await step("the owner adds and renames operatories; names are unique", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const created = await app.json("POST", "/api/v1/operatories", { name: " Surgery " }, { jar });
    assertEquals(created.status, 201);
    const { operatory } = await created.json();
    assertEquals([operatory.name, operatory.active], ["Surgery", true]);

    const twice = await app.json("POST", "/api/v1/operatories", { name: "surgery" }, { jar });
    assertEquals(twice.status, 409);
    assertEquals(await twice.json(), {
      error: 'There is already an operatory named "surgery"',
      code: "DUPLICATE",
    });
    const renameClash = await app.json(
      "PATCH",
      `/api/v1/operatories/${operatory.id}`,
      { name: "OPERATORY 1" },
      { jar },
    );
    assertEquals(renameClash.status, 409);

    const renamed = await app.json(
      "PATCH",
      `/api/v1/operatories/${operatory.id}`,
      { name: "Surgery suite" },
      { jar },
    );
    assertEquals(renamed.status, 200);
    assertEquals((await renamed.json()).operatory.name, "Surgery suite");
  });

  await step("an operatory out of use takes no new bookings", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const { operatory } = await (await app.json(
      "POST",
      "/api/v1/operatories",
      { name: "Spare room" },
      { jar },
    )).json();
    const off = await app.json(
      "PATCH",
      `/api/v1/operatories/${operatory.id}`,
      { active: false },
      { jar },
    );
    assertEquals((await off.json()).operatory.active, false);
    const demo = await clinicFixture(database.db, "demo-dental");
    const patientId = await createPatient(database.db, demo.id, "Nadia Hussain");
    const res = await app.json("POST", "/api/v1/appointments", {
      patientId,
      doctorId: await userId(database.db, "doctor@demo-dental.test"),
      operatoryId: operatory.id,
      startsAt: karachi(freshMonday(), "09:00"),
      durationMinutes: 30,
      type: "Check-up",
    }, { jar });
    assertEquals(res.status, 400);
    const json = await res.json();
    assertEquals(json.field, "operatoryId");
    assertMatch(json.error, /Spare room is not in use/);
  });

  await step("managing operatories needs its permission", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const cases: [string, string, unknown][] = [
      ["POST", "/api/v1/operatories", { name: "Operatory 9" }],
      ["PATCH", `/api/v1/operatories/${crypto.randomUUID()}`, { active: false }],
    ];
    for (const [method, path, payload] of cases) {
      const res = await app.json(method, path, payload, { jar });
      assertEquals(res.status, 403, `${method} ${path}`);
      assertEquals(await res.json(), {
        error: 'You do not have permission "appointments.operatories.manage"',
        code: "FORBIDDEN",
        permission: "appointments.operatories.manage",
      });
    }
  });

  await step("another clinic's operatory is not found", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    for (const id of [other.operatoryIds[0], "room-1"]) {
      const res = await app.json("PATCH", `/api/v1/operatories/${id}`, { active: false }, { jar });
      assertEquals(res.status, 404, id);
    }
    const { jar: theirs } = await app.login("owner@second-smile.test");
    const list = await (await app.json("GET", "/api/v1/operatories", undefined, { jar: theirs }))
      .json();
    assert(list.operatories.every((o: OperatoryBody) => o.active), "theirs are untouched");
  });

  await step("malformed bodies are 400, other types 415", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const id = (await clinicFixture(database.db, "demo-dental")).operatoryIds[0];
    const cases: [string, string, unknown][] = [
      ["POST", "/api/v1/operatories", {}],
      ["POST", "/api/v1/operatories", { name: "   " }],
      ["POST", "/api/v1/operatories", { name: "x".repeat(81) }],
      ["POST", "/api/v1/operatories", { name: "Room", floor: 2 }],
      ["PATCH", `/api/v1/operatories/${id}`, {}],
      ["PATCH", `/api/v1/operatories/${id}`, { active: "no" }],
    ];
    for (const [method, path, payload] of cases) {
      const res = await app.json(method, path, payload, { jar });
      assertEquals(res.status, 400, JSON.stringify(payload));
    }
    const text = await app.request("/api/v1/operatories", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: '{"name":"Room"}',
      jar,
    });
    assertEquals(text.status, 415);
  });
});
