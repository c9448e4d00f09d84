import { and, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch, assertRejects } from "../../support/assert.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import type { Db } from "../../../lib/db/client.ts";
import { activityLog, appointments, clinicClosedDates } from "../../../lib/db/schema.ts";
import { AppError } from "../../../lib/errors.ts";
import {
  bookAppointment,
  type BookingInput,
  updateAppointment,
} from "../../../lib/appointments/booking.ts";
import { setAppointmentStatus } from "../../../lib/appointments/status-changes.ts";
import { listAppointments } from "../../../lib/appointments/queries.ts";
import { createDomainHooks } from "../../../lib/events/domain-hooks.ts";
import { addDays } from "../../../lib/calendar/calendar-dates.ts";
import { clinicFixture, createPatient, freshMonday, karachi, userId } from "./fixtures.ts";

const at = (date: string, time: string) => new Date(karachi(date, time));

function appError(status: number, code: string) {
  return (error: Error) =>
    error instanceof AppError && error.status === status && error.code === code;
}

async function activityOf(db: Db, appointmentId: string) {
  return await db.select().from(activityLog).where(and(
    eq(activityLog.entityType, "appointment"),
    eq(activityLog.entityId, appointmentId),
  )).orderBy(activityLog.id);
}

testOnEachDatabase("booking appointments", async (t, database) => {
  const db = database.db;
  const hooks = createDomainHooks();
  const deps = { db, hooks };
  const demo = await clinicFixture(db, "demo-dental");
  const other = await clinicFixture(db, "second-smile");
  const owner = await userId(db, "owner@demo-dental.test");
  const doctor = await userId(db, "doctor@demo-dental.test");
  const nurse = await userId(db, "nurse@demo-dental.test");
  const reception = await userId(db, "reception@demo-dental.test");
  const ali = await createPatient(db, demo.id, "Ali Raza");
  const sana = await createPatient(db, demo.id, "Sana Iqbal");
  const [room1, room2] = demo.operatoryIds;

  const booking = (overrides: Partial<BookingInput> & { startsAt: Date }): BookingInput => ({
    clinicId: demo.id,
    actorId: reception,
    patientId: ali,
    doctorId: doctor,
    operatoryId: room1,
    durationMinutes: 30,
    type: "Check-up",
    ...overrides,
  });

  await t.step("the seed gives each clinic three operatories", () => {
    assertEquals(demo.operatoryIds.length, 3);
    assertEquals(other.operatoryIds.length, 3);
    return Promise.resolve();
  });

  await t.step(
    "a booking is stored, logged and announced inside its transaction",
    async () => {
      const monday = freshMonday();
      const seen: string[] = [];
      const unsubscribe = hooks.on(
        "appointment.scheduled",
        async ({ appointment, actorId, timeZone }, tx) => {
          const [row] = await tx.select({ id: appointments.id }).from(appointments)
            .where(eq(appointments.id, appointment.id));
          seen.push(`${row?.id === appointment.id} ${actorId === reception} ${timeZone}`);
        },
      );
      try {
        const appointment = await bookAppointment(
          deps,
          booking({ startsAt: at(monday, "09:00"), colorTag: "violet", notes: "Bring X-rays" }),
        );
        assertEquals(appointment.startsAt.toISOString(), `${monday}T04:00:00.000Z`);
        assertEquals(appointment.status, "scheduled");
        assertEquals(appointment.colorTag, "violet");
        assertEquals(seen, ["true true Asia/Karachi"], "the listener saw the row in its tx");
        const [created] = await activityOf(db, appointment.id);
        assertEquals(created.action, "appointments.created");
        assertEquals(created.actorUserId, reception);
        assertEquals(created.details.startsAt, karachi(monday, "09:00"));
      } finally {
        unsubscribe();
      }
    },
  );

  await t.step("a listener that throws undoes the booking", async () => {
    const monday = freshMonday();
    const unsubscribe = hooks.on(
      "appointment.scheduled",
      () => Promise.reject(new Error("outbox is down")),
    );
    try {
      await assertRejects(
        () => bookAppointment(deps, booking({ startsAt: at(monday, "10:00") })),
        (e) => e.message === "outbox is down",
      );
    } finally {
      unsubscribe();
    }
    const rows = await listAppointments(db, demo.id, {
      from: at(monday, "00:00"),
      to: at(addDays(monday, 1), "00:00"),
    });
    assertEquals(rows, []);
  });

  await t.step(
    "a doctor booked for overlapping time is a conflict naming the booking",
    async () => {
      const monday = freshMonday();
      const first = await bookAppointment(deps, booking({ startsAt: at(monday, "09:00") }));
      const error = await assertRejects(
        () =>
          bookAppointment(
            deps,
            booking({ startsAt: at(monday, "09:15"), patientId: sana, operatoryId: room2 }),
          ),
        appError(409, "CONFLICT"),
      ) as AppError;
      assertEquals(error.extra.conflictingAppointmentId, first.id);
      assertEquals(error.extra.conflictsOn, "doctor");
      assertMatch(error.message, /Dr\. Bilal Ahmed is already booked with Ali Raza/);
      assertMatch(error.message, /Mon \d+ \w+ 2030, 09:00–09:30/);
      assert(error.message.includes(first.id));
    },
  );

  await t.step("an operatory in use is a conflict even for another doctor", async () => {
    const monday = freshMonday();
    const first = await bookAppointment(
      deps,
      booking({ startsAt: at(monday, "11:00"), durationMinutes: 60 }),
    );
    const error = await assertRejects(
      () =>
        bookAppointment(
          deps,
          booking({ startsAt: at(monday, "11:45"), doctorId: owner, patientId: sana }),
        ),
      appError(409, "CONFLICT"),
    ) as AppError;
    assertEquals(error.extra.conflictingAppointmentId, first.id);
    assertEquals(error.extra.conflictsOn, "operatory");
    assertMatch(error.message, /^Operatory 1 is already booked for Ali Raza on .*11:00–12:00/);
  });

  await t.step("back-to-back appointments do not overlap", async () => {
    const monday = freshMonday();
    await bookAppointment(deps, booking({ startsAt: at(monday, "09:00") }));
    const next = await bookAppointment(
      deps,
      booking({ startsAt: at(monday, "09:30"), patientId: sana }),
    );
    const before = await bookAppointment(
      deps,
      booking({ startsAt: at(monday, "08:45"), durationMinutes: 15, patientId: sana }),
    ).catch((e) => e);
    // 08:45 is before opening: closed time, not a conflict.
    assert(before instanceof AppError && before.code === "CLOSED");
    assertEquals(next.status, "scheduled");
  });

  await t.step("a cancelled or no-show appointment frees its slot", async () => {
    const monday = freshMonday();
    const first = await bookAppointment(deps, booking({ startsAt: at(monday, "14:00") }));
    await setAppointmentStatus(deps, {
      clinicId: demo.id,
      appointmentId: first.id,
      status: "cancelled",
      actorId: reception,
    });
    const second = await bookAppointment(
      deps,
      booking({ startsAt: at(monday, "14:00"), patientId: sana }),
    );
    await setAppointmentStatus(deps, {
      clinicId: demo.id,
      appointmentId: second.id,
      status: "no_show",
      actorId: reception,
      now: at(monday, "14:20"),
    });
    await bookAppointment(deps, booking({ startsAt: at(monday, "14:00") }));
  });

  await t.step("closed time needs an override, and the override its permission", async () => {
    const monday = freshMonday();
    const sunday = addDays(monday, -1);
    const cases: [Date, RegExp][] = [
      [at(sunday, "10:00"), /The clinic is closed on Sundays/],
      [at(monday, "17:45"), /17:45–18:15 is outside working hours \(Monday 09:00–18:00\)/],
      [at(monday, "08:00"), /outside working hours/],
    ];
    for (const [startsAt, message] of cases) {
      const error = await assertRejects(
        () => bookAppointment(deps, booking({ startsAt })),
        appError(422, "CLOSED"),
      );
      assertMatch(error.message, message);
    }
    await db.insert(clinicClosedDates).values({
      clinicId: demo.id,
      date: addDays(monday, 1),
      reason: "Staff training",
    });
    const holiday = await assertRejects(
      () => bookAppointment(deps, booking({ startsAt: at(addDays(monday, 1), "10:00") })),
      appError(422, "CLOSED"),
    );
    assertMatch(holiday.message, /closed on Tue \d+ \w+ 2030 \(Staff training\)/);

    const refused = await assertRejects(
      () => bookAppointment(deps, booking({ startsAt: at(sunday, "10:00"), allowClosed: true })),
      appError(403, "FORBIDDEN"),
    ) as AppError;
    assertEquals(refused.extra.permission, "appointments.hours.manage");
    const booked = await bookAppointment(
      deps,
      booking({ startsAt: at(sunday, "10:00"), allowClosed: true, mayOverrideClosed: true }),
    );
    const [created] = await activityOf(db, booked.id);
    assertEquals(created.details.allowClosed, true);
    // Ending exactly at closing time is inside the hours.
    await bookAppointment(deps, booking({ startsAt: at(monday, "17:30") }));
  });

  await t.step("a reschedule is checked, logged with from and to, and announced", async () => {
    const monday = freshMonday();
    const moving = await bookAppointment(deps, booking({ startsAt: at(monday, "09:00") }));
    const blocker = await bookAppointment(
      deps,
      booking({ startsAt: at(monday, "10:00"), patientId: sana }),
    );
    const events: string[] = [];
    const unsubscribe = hooks.on("appointment.rescheduled", ({ appointment, previous }) => {
      events.push(`${previous.startsAt.toISOString()} → ${appointment.startsAt.toISOString()}`);
      return Promise.resolve();
    });
    try {
      const clash = await assertRejects(
        () =>
          updateAppointment(deps, {
            clinicId: demo.id,
            appointmentId: moving.id,
            actorId: reception,
            changes: { startsAt: at(monday, "10:15") },
          }),
        appError(409, "CONFLICT"),
      ) as AppError;
      assertEquals(clash.extra.conflictingAppointmentId, blocker.id);

      // Longer, in its own slot: it does not conflict with itself.
      const longer = await updateAppointment(deps, {
        clinicId: demo.id,
        appointmentId: moving.id,
        actorId: reception,
        changes: { durationMinutes: 60, colorTag: "rose" },
      });
      assertEquals([longer.durationMinutes, longer.colorTag], [60, "rose"]);
      const moved = await updateAppointment(deps, {
        clinicId: demo.id,
        appointmentId: moving.id,
        actorId: reception,
        changes: { startsAt: at(monday, "11:00"), operatoryId: room2 },
      });
      assertEquals(moved.startsAt.toISOString(), `${monday}T06:00:00.000Z`);
      assertEquals(events, [
        `${monday}T04:00:00.000Z → ${monday}T04:00:00.000Z`,
        `${monday}T04:00:00.000Z → ${monday}T06:00:00.000Z`,
      ]);
      const log = await activityOf(db, moving.id);
      assertEquals(log.map((e) => e.action), [
        "appointments.created",
        "appointments.rescheduled",
        "appointments.updated",
        "appointments.rescheduled",
      ]);
      assertEquals(log[3].details.from, {
        startsAt: karachi(monday, "09:00"),
        durationMinutes: 60,
        doctorId: doctor,
        operatoryId: room1,
      });
      assertEquals((log[3].details.to as { startsAt: string }).startsAt, karachi(monday, "11:00"));
      assertEquals(log[2].details, { fields: ["colorTag"] });

      const unchanged = await updateAppointment(deps, {
        clinicId: demo.id,
        appointmentId: moving.id,
        actorId: reception,
        changes: { startsAt: at(monday, "11:00") },
      });
      assertEquals(unchanged.updatedAt, moved.updatedAt, "nothing to change, nothing written");
      assertEquals((await activityOf(db, moving.id)).length, 4);
    } finally {
      unsubscribe();
    }
  });

  await t.step("a final appointment can no longer be moved", async () => {
    const monday = freshMonday();
    const done = await bookAppointment(deps, booking({ startsAt: at(monday, "09:00") }));
    for (const status of ["in_progress", "completed"] as const) {
      await setAppointmentStatus(deps, {
        clinicId: demo.id,
        appointmentId: done.id,
        status,
        actorId: doctor,
        now: at(monday, "09:05"),
      });
    }
    const error = await assertRejects(
      () =>
        updateAppointment(deps, {
          clinicId: demo.id,
          appointmentId: done.id,
          actorId: reception,
          changes: { startsAt: at(monday, "12:00") },
        }),
      appError(409, "INVALID_STATE"),
    );
    assertMatch(error.message, /completed appointment can no longer be moved/);
    const noted = await updateAppointment(deps, {
      clinicId: demo.id,
      appointmentId: done.id,
      actorId: doctor,
      changes: { notes: "Healed well" },
    });
    assertEquals(noted.notes, "Healed well", "notes can still be added");
  });

  await t.step("status changes follow the allowed moves and are logged from → to", async () => {
    const monday = freshMonday();
    const visit = await bookAppointment(deps, booking({ startsAt: at(monday, "09:00") }));
    const changes: string[] = [];
    const unsubscribe = hooks.on("appointment.status_changed", ({ from, to, actorId }) => {
      changes.push(`${from}>${to} by ${actorId === nurse ? "nurse" : actorId}`);
      return Promise.resolve();
    });
    try {
      const refused = await assertRejects(
        () =>
          setAppointmentStatus(deps, {
            clinicId: demo.id,
            appointmentId: visit.id,
            status: "completed",
            actorId: nurse,
          }),
        appError(409, "INVALID_TRANSITION"),
      );
      assertMatch(refused.message, /scheduled appointment cannot become completed/);
      for (const status of ["confirmed", "in_progress", "completed"] as const) {
        await setAppointmentStatus(deps, {
          clinicId: demo.id,
          appointmentId: visit.id,
          status,
          actorId: nurse,
          now: at(monday, "08:55"),
        });
      }
      await assertRejects(
        () =>
          setAppointmentStatus(deps, {
            clinicId: demo.id,
            appointmentId: visit.id,
            status: "cancelled",
            actorId: nurse,
          }),
        appError(409, "INVALID_TRANSITION"),
      );
    } finally {
      unsubscribe();
    }
    assertEquals(changes, [
      "scheduled>confirmed by nurse",
      "confirmed>in_progress by nurse",
      "in_progress>completed by nurse",
    ]);
    const log = await activityOf(db, visit.id);
    assertEquals(
      log.filter((e) => e.action === "appointments.status_changed").map((e) => e.details),
      [
        { from: "scheduled", to: "confirmed" },
        { from: "confirmed", to: "in_progress" },
        { from: "in_progress", to: "completed" },
      ],
    );
  });

  await t.step("another clinic's patient, doctor or operatory is not found", async () => {
    const monday = freshMonday();
    const theirPatient = await createPatient(db, other.id, "Kamran Shah");
    const theirOwner = await userId(db, "owner@second-smile.test");
    const cases: [Partial<BookingInput>, string][] = [
      [{ patientId: theirPatient }, "patientId"],
      [{ doctorId: theirOwner }, "doctorId"],
      [{ operatoryId: other.operatoryIds[0] }, "operatoryId"],
    ];
    for (const [override, field] of cases) {
      const error = await assertRejects(
        () => bookAppointment(deps, booking({ startsAt: at(monday, "09:00"), ...override })),
        appError(404, "NOT_FOUND"),
      ) as AppError;
      assertEquals(error.extra.field, field);
    }
    const notDoctor = await assertRejects(
      () => bookAppointment(deps, booking({ startsAt: at(monday, "09:00"), doctorId: nurse })),
      appError(400, "BAD_REQUEST"),
    );
    assertEquals(
      notDoctor.message,
      "Hina Malik is not a doctor; appointments are booked with a doctor",
    );
    const ours = await bookAppointment(deps, booking({ startsAt: at(monday, "12:00") }));
    await assertRejects(
      () =>
        setAppointmentStatus(deps, {
          clinicId: other.id,
          appointmentId: ours.id,
          status: "confirmed",
          actorId: theirOwner,
        }),
      appError(404, "NOT_FOUND"),
    );
  });

  await t.step("the range query returns what overlaps the range, with names", async () => {
    const monday = freshMonday();
    const tuesday = addDays(monday, 1);
    const late = await bookAppointment(
      deps,
      booking({ startsAt: at(monday, "17:00"), durationMinutes: 60 }),
    );
    const early = await bookAppointment(deps, booking({ startsAt: at(tuesday, "09:00") }));
    const owners = await bookAppointment(
      deps,
      booking({ startsAt: at(tuesday, "09:00"), doctorId: owner, operatoryId: room2 }),
    );
    const tuesdayRows = await listAppointments(db, demo.id, {
      from: at(tuesday, "00:00"),
      to: at(addDays(tuesday, 1), "00:00"),
    });
    assertEquals(tuesdayRows.map((r) => r.id).sort(), [early.id, owners.id].sort());
    assertEquals(tuesdayRows[0].patientName, "Ali Raza");
    assertEquals(tuesdayRows[0].patientMrn.startsWith("T-"), true);
    const overlapping = await listAppointments(db, demo.id, {
      from: at(monday, "17:30"),
      to: at(monday, "18:30"),
    });
    assertEquals(overlapping.map((r) => r.id), [late.id], "started before the range, still on");
    const after = await listAppointments(db, demo.id, {
      from: at(monday, "18:00"),
      to: at(monday, "19:00"),
    });
    assertEquals(after, [], "ended exactly when the range starts");
    const byDoctor = await listAppointments(db, demo.id, {
      from: at(tuesday, "00:00"),
      to: at(addDays(tuesday, 1), "00:00"),
      doctorId: owner,
    });
    assertEquals(byDoctor.map((r) => [r.id, r.doctorName, r.operatoryName]), [
      [owners.id, "Dr. Ayesha Khan", "Operatory 2"],
    ]);
    const elsewhere = await listAppointments(db, other.id, {
      from: at(tuesday, "00:00"),
      to: at(addDays(tuesday, 1), "00:00"),
    });
    assertEquals(elsewhere, [], "another clinic sees none of them");
  });
});
