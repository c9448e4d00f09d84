import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../../../support/assert.ts";
import type { CookieJar } from "../../../support/cookie-jar.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../../../support/test-app.ts";
import { appointments } from "../../../../lib/db/schema.ts";
import { addDays } from "../../../../lib/calendar/calendar-dates.ts";
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
const OWNER = "owner@demo-dental.test";
const OTHER_OWNER = "owner@second-smile.test";

interface AppointmentBody {
  id: string;
  patientId: string;
  patientName: string;
  doctorId: string;
  operatoryId: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  type: string;
  colorTag: string;
  status: string;
  notes: string | null;
}

testOnEachDatabase("appointments API", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicFixture(db, "demo-dental");
  const other = await clinicFixture(db, "second-smile");
  const doctorId = await userId(db, DOCTOR);
  const ownerId = await userId(db, OWNER);
  const ali = await createPatient(db, demo.id, "Ali Raza");
  const sana = await createPatient(db, demo.id, "Sana Iqbal");
  const kamran = await createPatient(db, other.id, "Kamran Shah");
  const [room1, room2, room3] = demo.operatoryIds;
  // The cases below each take a later week; the last one lists them all.
  const firstMonday = freshMonday();

  const body = (startsAt: string, overrides: Record<string, unknown> = {}) => ({
    patientId: ali,
    doctorId,
    operatoryId: room1,
    startsAt,
    durationMinutes: 30,
    type: "Check-up",
    colorTag: "teal",
    ...overrides,
  });

  async function book(app: TestApp, jar: CookieJar, payload: unknown): Promise<AppointmentBody> {
    const res = await app.json("POST", "/api/v1/appointments", payload, { jar });
    assertEquals(res.status, 201, await res.clone().text());
    return (await res.json()).appointment;
  }

  await step("every appointment route needs a session", async (app) => {
    const id = crypto.randomUUID();
    const routes: [string, string, unknown?][] = [
      ["GET", "/api/v1/appointments?from=2030-01-07&to=2030-01-14"],
      ["POST", "/api/v1/appointments", body(karachi("2030-01-07", "09:00"))],
      ["GET", `/api/v1/appointments/${id}`],
      ["PATCH", `/api/v1/appointments/${id}`, { durationMinutes: 45 }],
      ["POST", `/api/v1/appointments/${id}/status`, { status: "confirmed" }],
      ["GET", "/api/v1/appointments/settings/hours"],
      ["PUT", "/api/v1/appointments/settings/hours", { hours: [] }],
      ["GET", "/api/v1/appointments/settings/closed-dates"],
      ["POST", "/api/v1/appointments/settings/closed-dates", { date: "2030-01-01", reason: "x" }],
      ["DELETE", "/api/v1/appointments/settings/closed-dates/2030-01-01"],
    ];
    for (const [method, path, payload] of routes) {
      const res = await app.json(method, path, payload);
      assertEquals(res.status, 401, `${method} ${path}`);
      assertEquals((await res.json()).code, "UNAUTHENTICATED");
    }
  });

  await step("a booking answers 201 with the time on the clinic's clock", async (app) => {
    const { jar } = await app.login(RECEPTION);
    const monday = freshMonday();
    const created = await book(app, jar, body(karachi(monday, "09:00"), { notes: "First visit" }));
    assertEquals(created.startsAt, `${monday}T09:00:00+05:00`);
    assertEquals(created.endsAt, `${monday}T09:30:00+05:00`);
    assertEquals(
      [created.patientId, created.patientName, created.doctorId, created.operatoryId],
      [ali, "Ali Raza", doctorId, room1],
    );
    assertEquals([created.status, created.colorTag, created.notes], [
      "scheduled",
      "teal",
      "First visit",
    ]);
    const [stored] = await db.select().from(appointments).where(eq(appointments.id, created.id));
    assertEquals(stored.startsAt.toISOString(), `${monday}T04:00:00.000Z`, "09:00 PKT is 04:00Z");

    // The same instant sent in UTC comes back on the clinic's clock.
    const utc = await book(
      app,
      jar,
      body(`${monday}T05:00:00Z`, { patientId: sana, colorTag: undefined }),
    );
    assertEquals(utc.startsAt, `${monday}T10:00:00+05:00`);
    assertEquals(utc.colorTag, "teal", "teal unless told otherwise");

    const res = await app.json("GET", `/api/v1/appointments/${created.id}`, undefined, { jar });
    assertEquals(res.status, 200);
    assertEquals((await res.json()).appointment, created);
  });

  await step("an API client books with the doctor it found in the staff list", async (app) => {
    const { jar } = await app.login(RECEPTION);
    const staff = await app.json("GET", "/api/v1/staff", undefined, { jar });
    assertEquals(staff.status, 200);
    const { members } = await staff.json();
    const doctor = members.find((m: { email: string }) => m.email === DOCTOR);
    assertEquals(doctor.role, "doctor");
    assert(doctor.userId !== doctor.id, "the person's id, not the membership's");
    const rooms = await app.json("GET", "/api/v1/operatories", undefined, { jar });
    const [room] = (await rooms.json()).operatories;

    const monday = freshMonday();
    const created = await book(
      app,
      jar,
      body(karachi(monday, "09:00"), { doctorId: doctor.userId, operatoryId: room.id }),
    );
    assertEquals(created.doctorId, doctor.userId);
    const listed = await app.json(
      "GET",
      `/api/v1/appointments?from=${monday}&to=${addDays(monday, 1)}&doctorId=${doctor.userId}`,
      undefined,
      { jar },
    );
    const ids = (await listed.json()).appointments.map((a: { id: string }) => a.id);
    assertEquals(ids, [created.id]);
  });

  await step("the week query lists the week's appointments with names", async (app) => {
    const { jar } = await app.login(NURSE);
    const { jar: desk } = await app.login(RECEPTION);
    const monday = freshMonday();
    const a = await book(app, desk, body(karachi(monday, "09:00")));
    const b = await book(
      app,
      desk,
      body(karachi(addDays(monday, 2), "11:00"), { doctorId: ownerId, operatoryId: room2 }),
    );
    await book(app, desk, body(karachi(addDays(monday, 7), "09:00")));
    const week = `from=${monday}&to=${addDays(monday, 7)}`;
    const res = await app.json("GET", `/api/v1/appointments?${week}`, undefined, { jar });
    assertEquals(res.status, 200);
    const json = await res.json();
    assertEquals(json.timeZone, "Asia/Karachi");
    assertEquals(json.from, `${monday}T00:00:00+05:00`);
    assertEquals(json.appointments.map((x: AppointmentBody) => x.id), [a.id, b.id]);
    assertEquals(json.appointments[1].doctorName, "Dr. Ayesha Khan");
    assertEquals(json.appointments[1].operatoryName, "Operatory 2");

    const filtered = await app.json(
      "GET",
      `/api/v1/appointments?${week}&doctorId=${ownerId}`,
      undefined,
      { jar },
    );
    assertEquals((await filtered.json()).appointments.map((x: AppointmentBody) => x.id), [b.id]);
    const byRoom = await app.json(
      "GET",
      `/api/v1/appointments?${week}&operatoryId=${room1}`,
      undefined,
      { jar },
    );
    assertEquals((await byRoom.json()).appointments.map((x: AppointmentBody) => x.id), [a.id]);

    const bad: [string, RegExp][] = [
      [`to=${monday}`, /from is required/],
      [`from=${monday}&to=${monday}`, /to must be after from/],
      [`from=${monday}&to=${addDays(monday, 90)}`, /at most 62 days/],
      [`from=monday&to=${monday}`, /from must be YYYY-MM-DD or ISO 8601/],
    ];
    for (const [query, message] of bad) {
      const r = await app.json("GET", `/api/v1/appointments?${query}`, undefined, { jar });
      assertEquals(r.status, 400, query);
      assertMatch((await r.json()).error, message);
    }
  });

  await step("double booking a doctor or an operatory is 409 naming the booking", async (app) => {
    const { jar } = await app.login(RECEPTION);
    const monday = freshMonday();
    const first = await book(app, jar, body(karachi(monday, "10:00"), { durationMinutes: 60 }));

    const doctorClash = await app.json(
      "POST",
      "/api/v1/appointments",
      body(karachi(monday, "10:30"), { patientId: sana, operatoryId: room2 }),
      { jar },
    );
    assertEquals(doctorClash.status, 409);
    const doctorJson = await doctorClash.json();
    assertEquals([doctorJson.code, doctorJson.conflictingAppointmentId, doctorJson.conflictsOn], [
      "CONFLICT",
      first.id,
      "doctor",
    ]);
    assertMatch(
      doctorJson.error,
      /Dr\. Bilal Ahmed is already booked with Ali Raza on .*10:00–11:00/,
    );

    const roomClash = await app.json(
      "POST",
      "/api/v1/appointments",
      body(karachi(monday, "10:45"), { patientId: sana, doctorId: ownerId }),
      { jar },
    );
    assertEquals(roomClash.status, 409);
    const roomJson = await roomClash.json();
    assertEquals([roomJson.conflictingAppointmentId, roomJson.conflictsOn], [
      first.id,
      "operatory",
    ]);
    assertMatch(roomJson.error, /Operatory 1 is already booked for Ali Raza/);

    // Back to back on both sides is fine.
    await book(app, jar, body(karachi(monday, "09:30"), { patientId: sana }));
    await book(app, jar, body(karachi(monday, "11:00"), { patientId: sana }));
  });

  await step("ten receptionists booking the same slot at once: exactly one wins", async (app) => {
    const { jar } = await app.login(RECEPTION);
    const monday = freshMonday();
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        app.json(
          "POST",
          "/api/v1/appointments",
          // Half clash on the doctor, half on the operatory as well.
          body(karachi(monday, "12:00"), { operatoryId: i % 2 ? room1 : room3 }),
          { jar },
        )),
    );
    const statuses = responses.map((r) => r.status).sort();
    assertEquals(statuses, [201, ...Array(9).fill(409)]);
    const winner = await responses.find((r) => r.status === 201)!.json();
    for (const res of responses.filter((r) => r.status === 409)) {
      const json = await res.json();
      assertEquals([json.code, json.conflictingAppointmentId], [
        "CONFLICT",
        winner.appointment.id,
      ]);
    }
    const listed = await app.json(
      "GET",
      `/api/v1/appointments?from=${monday}&to=${addDays(monday, 1)}`,
      undefined,
      { jar },
    );
    assertEquals((await listed.json()).appointments.length, 1);
  });

  await step("closed time is 422 unless overridden by someone who manages hours", async (app) => {
    const { jar } = await app.login(RECEPTION);
    const { jar: doctor } = await app.login(DOCTOR);
    const sunday = addDays(freshMonday(), -1);
    const closed = await app.json("POST", "/api/v1/appointments", body(karachi(sunday, "10:00")), {
      jar,
    });
    assertEquals(closed.status, 422);
    const json = await closed.json();
    assertEquals([json.code, json.canOverride], ["CLOSED", true]);
    assertMatch(json.error, /The clinic is closed on Sundays\. Send allowClosed: true/);

    const refused = await app.json(
      "POST",
      "/api/v1/appointments",
      body(karachi(sunday, "10:00"), { allowClosed: true }),
      { jar: doctor },
    );
    assertEquals(refused.status, 403);
    assertEquals((await refused.json()).permission, "appointments.hours.manage");

    const overridden = await book(
      app,
      jar,
      body(karachi(sunday, "10:00"), { allowClosed: true }),
    );
    assertEquals(overridden.startsAt, `${sunday}T10:00:00+05:00`);
  });

  await step("status moves follow the rules and cancelling needs its permission", async (app) => {
    const { jar } = await app.login(RECEPTION);
    const { jar: nurse } = await app.login(NURSE);
    const monday = freshMonday();
    const visit = await book(app, jar, body(karachi(monday, "09:00")));
    const path = `/api/v1/appointments/${visit.id}/status`;

    const confirm = await app.json("POST", path, { status: "confirmed" }, { jar: nurse });
    assertEquals(confirm.status, 200);
    assertEquals((await confirm.json()).appointment.status, "confirmed");

    const skip = await app.json("POST", path, { status: "completed" }, { jar: nurse });
    assertEquals(skip.status, 409);
    const skipJson = await skip.json();
    assertEquals([skipJson.code, skipJson.from, skipJson.to], [
      "INVALID_TRANSITION",
      "confirmed",
      "completed",
    ]);
    assertMatch(skipJson.error, /confirmed appointment cannot become completed/);

    const cancel = await app.json("POST", path, { status: "cancelled" }, { jar: nurse });
    assertEquals(cancel.status, 403);
    assertEquals(await cancel.json(), {
      error: 'You do not have permission "appointments.cancel"',
      code: "FORBIDDEN",
      permission: "appointments.cancel",
    });

    const cancelled = await app.json("POST", path, { status: "cancelled" }, { jar });
    assertEquals(cancelled.status, 200);
    const again = await app.json("POST", path, { status: "confirmed" }, { jar });
    assertEquals(again.status, 409);
    assertMatch((await again.json()).error, /cancelled appointment is final/);

    for (const payload of [{ status: "done" }, {}, { status: "confirmed", extra: 1 }]) {
      const res = await app.json("POST", path, payload, { jar });
      assertEquals(res.status, 400, JSON.stringify(payload));
    }
  });

  await step(
    "a visit is started, completed or missed only from its day (TOO_EARLY)",
    async (app) => {
      const { jar } = await app.login(RECEPTION);
      const future = await book(app, jar, body(karachi(freshMonday(), "10:30")));
      const path = `/api/v1/appointments/${future.id}/status`;
      for (const status of ["in_progress", "no_show"]) {
        const early = await app.json("POST", path, { status }, { jar });
        assertEquals(early.status, 422);
        const json = await early.json();
        assertEquals([json.code, json.to], ["TOO_EARLY", status]);
        assertMatch(json.error, /^Too early/);
      }
      const [row] = await db.select().from(appointments).where(eq(appointments.id, future.id));
      assertEquals(row.status, "scheduled", "a refused move changes nothing");
      const confirm = await app.json("POST", path, { status: "confirmed" }, { jar });
      assertEquals(confirm.status, 200, "confirming ahead of time is what it is for");
      await confirm.body?.cancel();

      // 2024-01-08 was a Monday: long past, so every move is on time.
      const past = await book(app, jar, body(karachi("2024-01-08", "10:30")));
      for (const status of ["in_progress", "completed"]) {
        const res = await app.json("POST", `/api/v1/appointments/${past.id}/status`, { status }, {
          jar,
        });
        assertEquals(res.status, 200);
        assertEquals((await res.json()).appointment.status, status);
      }
      const missed = await book(app, jar, body(karachi("2024-01-08", "11:30")));
      const noShow = await app.json("POST", `/api/v1/appointments/${missed.id}/status`, {
        status: "no_show",
      }, { jar });
      assertEquals(noShow.status, 200);
      await noShow.body?.cancel();
    },
  );

  await step("PATCH reschedules, with conflict and permission checks", async (app) => {
    const { jar } = await app.login(RECEPTION);
    const { jar: nurse } = await app.login(NURSE);
    const monday = freshMonday();
    const moving = await book(app, jar, body(karachi(monday, "09:00")));
    const blocker = await book(app, jar, body(karachi(monday, "10:00"), { patientId: sana }));
    const path = `/api/v1/appointments/${moving.id}`;

    const moved = await app.json(
      "PATCH",
      path,
      { startsAt: karachi(monday, "14:15"), durationMinutes: 45, colorTag: "amber" },
      { jar },
    );
    assertEquals(moved.status, 200);
    const json = (await moved.json()).appointment;
    assertEquals([json.startsAt, json.durationMinutes, json.colorTag], [
      `${monday}T14:15:00+05:00`,
      45,
      "amber",
    ]);

    const clash = await app.json("PATCH", path, { startsAt: karachi(monday, "10:15") }, { jar });
    assertEquals(clash.status, 409);
    assertEquals((await clash.json()).conflictingAppointmentId, blocker.id);

    const late = await app.json("PATCH", path, { startsAt: karachi(monday, "17:45") }, { jar });
    assertEquals(late.status, 422);
    assertEquals((await late.json()).code, "CLOSED");

    const forbidden = await app.json("PATCH", path, { durationMinutes: 60 }, { jar: nurse });
    assertEquals(forbidden.status, 403);
    assertEquals((await forbidden.json()).permission, "appointments.edit");

    const empty = await app.json("PATCH", path, {}, { jar });
    assertEquals(empty.status, 400);
    assertMatch((await empty.json()).error, /Send the fields to change/);
  });

  await step("another clinic's appointment is not found, and its ids book nothing", async (
    app,
  ) => {
    const { jar } = await app.login(RECEPTION);
    const { jar: theirs } = await app.login(OTHER_OWNER);
    const monday = freshMonday();
    const ours = await book(app, jar, body(karachi(monday, "09:00")));
    const attempts: [string, string, unknown?][] = [
      ["GET", `/api/v1/appointments/${ours.id}`],
      ["PATCH", `/api/v1/appointments/${ours.id}`, { durationMinutes: 60 }],
      ["POST", `/api/v1/appointments/${ours.id}/status`, { status: "confirmed" }],
      ["GET", `/api/v1/appointments/not-a-uuid`],
    ];
    for (const [method, path, payload] of attempts) {
      const res = await app.json(method, path, payload, { jar: theirs });
      assertEquals(res.status, 404, `${method} ${path}`);
      assertEquals((await res.json()).code, "NOT_FOUND");
    }
    const listed = await app.json(
      "GET",
      `/api/v1/appointments?from=${monday}&to=${addDays(monday, 1)}`,
      undefined,
      { jar: theirs },
    );
    assertEquals((await listed.json()).appointments, []);

    // Second Smile booking with Demo Dental's patient, doctor or room.
    const theirOwner = await userId(db, OTHER_OWNER);
    const theirBody = (overrides: Record<string, unknown>) =>
      body(karachi(monday, "11:00"), {
        patientId: kamran,
        doctorId: theirOwner,
        operatoryId: other.operatoryIds[0],
        ...overrides,
      });
    for (
      const [field, value] of [["patientId", ali], ["doctorId", doctorId], ["operatoryId", room1]]
    ) {
      const res = await app.json("POST", "/api/v1/appointments", theirBody({ [field]: value }), {
        jar: theirs,
      });
      assertEquals(res.status, 404, field);
      const json = await res.json();
      assertEquals([json.code, json.field], ["NOT_FOUND", field]);
    }
    await book(app, theirs, theirBody({}));
    const unchanged = await app.json("GET", `/api/v1/appointments/${ours.id}`, undefined, { jar });
    assertEquals((await unchanged.json()).appointment.status, "scheduled");
  });

  await step("members without the permission are refused by name", async (app) => {
    const { jar: nurse } = await app.login(NURSE);
    const monday = freshMonday();
    const cases: [string, string, unknown, string][] = [
      ["POST", "/api/v1/appointments", body(karachi(monday, "09:00")), "appointments.create"],
      ["PUT", "/api/v1/appointments/settings/hours", { hours: [] }, "appointments.hours.manage"],
      [
        "POST",
        "/api/v1/appointments/settings/closed-dates",
        { date: monday, reason: "Holiday" },
        "appointments.hours.manage",
      ],
      [
        "DELETE",
        `/api/v1/appointments/settings/closed-dates/${monday}`,
        undefined,
        "appointments.hours.manage",
      ],
    ];
    for (const [method, path, payload, permission] of cases) {
      const res = await app.json(method, path, payload, { jar: nurse });
      assertEquals(res.status, 403, `${method} ${path}`);
      assertEquals(await res.json(), {
        error: `You do not have permission "${permission}"`,
        code: "FORBIDDEN",
        permission,
      });
    }
    const listed = await app.json(
      "GET",
      `/api/v1/appointments?from=${monday}&to=${addDays(monday, 1)}`,
      undefined,
      { jar: nurse },
    );
    assertEquals(listed.status, 200, "nurses see the book");
  });

  await step("malformed bodies are 400 naming the field, other types 415", async (app) => {
    const { jar } = await app.login(RECEPTION);
    const monday = freshMonday();
    const slot = karachi(monday, "09:00");
    const cases: [Record<string, unknown>, RegExp][] = [
      [body(`${monday} 09:00`), /startsAt: Use ISO 8601 with an offset/],
      [body(`${monday}T09:00:00`), /startsAt: Use ISO 8601 with an offset/],
      [body("tomorrow"), /startsAt/],
      [body(`${monday}T09:00:30+05:00`), /startsAt: Times are whole minutes/],
      [body(`2030-02-30T09:00:00+05:00`), /startsAt/],
      [body(slot, { durationMinutes: 0 }), /durationMinutes: An appointment lasts at least 5/],
      [body(slot, { durationMinutes: 481 }), /durationMinutes: An appointment lasts at most 480/],
      [body(slot, { durationMinutes: 12.5 }), /durationMinutes/],
      [body(slot, { durationMinutes: "30" }), /durationMinutes/],
      [body(slot, { colorTag: "pink" }), /colorTag: colorTag is one of teal, blue, violet/],
      [body(slot, { type: "  " }), /type: type is required/],
      [body(slot, { patientId: "42" }), /patientId/],
      [body(slot, { doctor: doctorId }), /doctor/],
    ];
    for (const [payload, message] of cases) {
      const res = await app.json("POST", "/api/v1/appointments", payload, { jar });
      assertEquals(res.status, 400, JSON.stringify(payload));
      const json = await res.json();
      assertEquals(json.code, "VALIDATION_FAILED");
      assertMatch(json.error, message);
    }
    const notJson = await app.json("POST", "/api/v1/appointments", "{not json", { jar });
    assertEquals(notJson.status, 400);
    const text = await app.request("/api/v1/appointments", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify(body(slot)),
      jar,
    });
    assertEquals(text.status, 415);
    const nothing = await app.json(
      "GET",
      `/api/v1/appointments?from=${monday}&to=${addDays(monday, 1)}`,
      undefined,
      { jar },
    );
    assertEquals((await nothing.json()).appointments, [], "nothing malformed was booked");
  });

  await step("working hours: read by staff, replaced by the front desk", async (app) => {
    const { jar: nurse } = await app.login(NURSE);
    const { jar } = await app.login(RECEPTION);
    const res = await app.json("GET", "/api/v1/appointments/settings/hours", undefined, {
      jar: nurse,
    });
    assertEquals(res.status, 200);
    const { timeZone, hours } = await res.json();
    assertEquals(timeZone, "Asia/Karachi");
    assertEquals(hours[0], {
      weekday: 0,
      name: "Sunday",
      open: false,
      opensAt: null,
      closesAt: null,
    });
    assertEquals(hours[1], {
      weekday: 1,
      name: "Monday",
      open: true,
      opensAt: "09:00",
      closesAt: "18:00",
    });
    const original = hours.filter((h: { open: boolean }) => h.open)
      .map(({ weekday, opensAt, closesAt }: Record<string, unknown>) => ({
        weekday,
        opensAt,
        closesAt,
      }));

    const bad: unknown[] = [
      { hours: [{ weekday: 7, opensAt: "09:00", closesAt: "18:00" }] },
      { hours: [{ weekday: 1, opensAt: "9am", closesAt: "18:00" }] },
      { hours: [{ weekday: 1, opensAt: "18:00", closesAt: "09:00" }] },
      {
        hours: [{ weekday: 1, opensAt: "09:00", closesAt: "13:00" }, {
          weekday: 1,
          opensAt: "14:00",
          closesAt: "18:00",
        }],
      },
    ];
    for (const payload of bad) {
      const r = await app.json("PUT", "/api/v1/appointments/settings/hours", payload, { jar });
      assertEquals(r.status, 400, JSON.stringify(payload));
    }

    const monday = freshMonday();
    try {
      const set = await app.json("PUT", "/api/v1/appointments/settings/hours", {
        hours: [{ weekday: 1, opensAt: "08:00", closesAt: "12:00" }],
      }, { jar });
      assertEquals(set.status, 200);
      const week = (await set.json()).hours.filter((h: { open: boolean }) => h.open);
      assertEquals(week.map((h: { name: string }) => h.name), ["Monday"]);
      await book(app, jar, body(karachi(monday, "08:00")));
      const tuesday = await app.json(
        "POST",
        "/api/v1/appointments",
        body(karachi(addDays(monday, 1), "10:00")),
        { jar },
      );
      assertEquals(tuesday.status, 422, "Tuesday is closed now");
      assertMatch((await tuesday.json()).error, /closed on Tuesdays/);
    } finally {
      const restore = await app.json("PUT", "/api/v1/appointments/settings/hours", {
        hours: original,
      }, { jar });
      assertEquals(restore.status, 200);
    }
  });

  await step("closed dates: added, listed, refused twice, removed", async (app) => {
    const { jar } = await app.login(RECEPTION);
    const { jar: theirs } = await app.login(OTHER_OWNER);
    const monday = freshMonday();
    const path = "/api/v1/appointments/settings/closed-dates";
    const added = await app.json("POST", path, { date: monday, reason: "Eid ul-Fitr" }, { jar });
    assertEquals(added.status, 201);
    assertEquals((await added.json()).closedDate, { date: monday, reason: "Eid ul-Fitr" });
    const twice = await app.json("POST", path, { date: monday, reason: "Again" }, { jar });
    assertEquals(twice.status, 409);
    assertEquals((await twice.json()).code, "DUPLICATE");

    const listed = await app.json("GET", `${path}?from=${monday}&to=${monday}`, undefined, { jar });
    assertEquals((await listed.json()).closedDates, [{ date: monday, reason: "Eid ul-Fitr" }]);
    const theirList = await app.json("GET", `${path}?from=${monday}&to=${monday}`, undefined, {
      jar: theirs,
    });
    assertEquals((await theirList.json()).closedDates, [], "another clinic's holidays are its own");

    const closed = await app.json("POST", "/api/v1/appointments", body(karachi(monday, "10:00")), {
      jar,
    });
    assertEquals(closed.status, 422);
    assertMatch((await closed.json()).error, /closed on Mon .* \(Eid ul-Fitr\)/);

    const notTheirs = await app.json("DELETE", `${path}/${monday}`, undefined, { jar: theirs });
    assertEquals(notTheirs.status, 404);
    for (
      const payload of [{ date: "2030-13-01", reason: "x" }, { date: monday }, {
        date: monday,
        reason: "",
      }]
    ) {
      const res = await app.json("POST", path, payload, { jar });
      assertEquals(res.status, 400, JSON.stringify(payload));
    }
    assertEquals((await app.json("GET", `${path}?from=soon`, undefined, { jar })).status, 400);

    const removed = await app.json("DELETE", `${path}/${monday}`, undefined, { jar });
    assertEquals(removed.status, 200);
    assertEquals((await app.json("DELETE", `${path}/${monday}`, undefined, { jar })).status, 404);
    assertEquals((await app.json("DELETE", `${path}/someday`, undefined, { jar })).status, 404);
    await book(app, jar, body(karachi(monday, "10:00")));
  });

  await step("every listed appointment is in this clinic", async (app) => {
    const { jar } = await app.login(OWNER);
    const res = await app.json(
      "GET",
      `/api/v1/appointments?from=${firstMonday}&to=${addDays(firstMonday, 60)}`,
      undefined,
      { jar },
    );
    const { appointments: listed } = await res.json();
    assert(listed.length > 10);
    const rows = await db.select({ id: appointments.id, clinicId: appointments.clinicId })
      .from(appointments);
    const clinicOf = new Map(rows.map((r) => [r.id, r.clinicId]));
    assert(listed.every((a: AppointmentBody) => clinicOf.get(a.id) === demo.id));
  });
});
