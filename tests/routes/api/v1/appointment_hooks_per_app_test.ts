/**
 * What follows a booking (the patient's email with its answer links) is
 * decided by the app that took the booking. Tests, and any process that
 * serves two configurations, build several apps over one database: each
 * must send links to its own address, and only once.
 */
import { eq } from "drizzle-orm";
import { assert, assertEquals } from "../../../support/assert.ts";
import { startTestApp, testOnEachDatabase } from "../../../support/test-app.ts";
import { emailOutbox, patients } from "../../../../lib/db/schema.ts";
import {
  clinicFixture,
  createPatient,
  freshMonday,
  karachi,
  userId,
} from "../../../lib/appointments/fixtures.ts";

const FIRST_URL = "http://first.odontox.test";
const SECOND_URL = "http://second.odontox.test";

testOnEachDatabase(
  "each app's appointment listeners use its own configuration",
  async (t, database) => {
    const { db } = database;
    const demo = await clinicFixture(db, "demo-dental");
    const doctorId = await userId(db, "doctor@demo-dental.test");
    const first = await startTestApp(database, { APP_URL: FIRST_URL });
    const second = await startTestApp(database, { APP_URL: SECOND_URL });
    try {
      await t.step(
        "a booking through the second app emails the second app's links, once",
        async () => {
          const patientId = await createPatient(db, demo.id, "Farah Two-Apps");
          const address = `farah.${patientId.slice(0, 8)}@example.com`;
          await db.update(patients).set({ email: address }).where(eq(patients.id, patientId));

          const { jar } = await second.login("reception@demo-dental.test");
          const booked = await second.json("POST", "/api/v1/appointments", {
            patientId,
            doctorId,
            operatoryId: demo.operatoryIds[0],
            startsAt: karachi(freshMonday(), "10:00"),
            durationMinutes: 30,
            type: "Check-up",
          }, { jar });
          assertEquals(booked.status, 201, await booked.clone().text());

          const mail = await db.select().from(emailOutbox).where(
            eq(emailOutbox.toAddress, address),
          );
          assertEquals(mail.map((m) => m.kind), ["appointment.scheduled"]);
          const body = `${mail[0].text}\n${mail[0].html}`;
          assert(
            body.includes(`${SECOND_URL}/appointment/respond?token=`),
            "the confirm and cancel links point at the app that took the booking",
          );
          assert(!body.includes(FIRST_URL), "nothing in the email points at the other app");
        },
      );
    } finally {
      await first.close();
      await second.close();
    }
  },
);
