/**
 * The desk's one-click actions on the Today dashboard: "Mark confirmed"
 * (POST /dashboard/appointments/:id/confirm) and "Send reminder"
 * (POST /dashboard/appointments/:id/reminder). Who may post, what another
 * clinic's or a malformed id answers, what the desk sees afterwards, and that
 * a reminder sent twice in a row is queued once.
 */
import { and, eq, like } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import type { CookieJar } from "../support/cookie-jar.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import { activityLog, appointments, emailOutbox, roleTemplates } from "../../lib/db/schema.ts";
import { planDefaultPermissions } from "../../lib/permissions/role-defaults.ts";
import { reminderKeyPrefix } from "../../lib/appointments/reminders.ts";
import { userId } from "../lib/appointments/fixtures.ts";
import { listed, panel, setUpToday } from "./today-fixtures.ts";

const RECEPTION = "reception@demo-dental.test";
const NURSE = "nurse@demo-dental.test";
const OTHER_OWNER = "owner@second-smile.test";

const confirmPath = (id: string) => `/dashboard/appointments/${id}/confirm`;
const reminderPath = (id: string) => `/dashboard/appointments/${id}/reminder`;

function post(app: TestApp, path: string, jar?: CookieJar) {
  return app.request(path, { method: "POST", jar, body: new FormData() });
}

testOnEachDatabase("Today dashboard desk actions", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const day = await setUpToday(db);
  const a = day.appointment;

  const statusOf = async (id: string) =>
    (await db.select({ status: appointments.status }).from(appointments)
      .where(eq(appointments.id, id)))[0].status;
  const reminders = (id: string) =>
    db.select().from(emailOutbox).where(and(
      eq(emailOutbox.kind, "appointment.reminder"),
      like(emailOutbox.dedupeKey, `${reminderKeyPrefix(id)}%`),
    ));

  await step("without a session both actions send the visitor to sign in", async (app) => {
    for (const path of [confirmPath(a.bilal), reminderPath(a.bilal)]) {
      const res = await post(app, path);
      assertEquals(res.status, 303, path);
      assertMatch(res.headers.get("location")!, /^\/login/, path);
    }
    assertEquals(await statusOf(a.bilal), "scheduled");
    assertEquals((await reminders(a.bilal)).length, 0);
  });

  await step("a member without the permission is refused and nothing changes", async (app) => {
    // Nurses change statuses but do not manage bookings: no reminders.
    const nurse = await app.login(NURSE);
    const refused = await post(app, reminderPath(a.bilal), nurse.jar);
    assertEquals(refused.status, 403);
    await refused.body?.cancel();
    assertEquals((await reminders(a.bilal)).length, 0);

    await db.insert(roleTemplates).values({
      clinicId: day.clinicId,
      role: "reception",
      permissions: planDefaultPermissions("pro", "reception")
        .filter((key) => key !== "appointments.status.update"),
    });
    try {
      const reception = await app.login(RECEPTION);
      const res = await post(app, confirmPath(a.bilal), reception.jar);
      assertEquals(res.status, 403);
      await res.body?.cancel();
      assertEquals(await statusOf(a.bilal), "scheduled");
    } finally {
      await db.delete(roleTemplates).where(
        and(eq(roleTemplates.clinicId, day.clinicId), eq(roleTemplates.role, "reception")),
      );
    }
  });

  await step("another clinic's appointment and a malformed id answer 404", async (app) => {
    const other = await app.login(OTHER_OWNER);
    for (const path of [confirmPath(a.bilal), reminderPath(a.bilal)]) {
      const res = await post(app, path, other.jar);
      assertEquals(res.status, 404, path);
      await res.body?.cancel();
    }
    assertEquals(await statusOf(a.bilal), "scheduled");
    assertEquals((await reminders(a.bilal)).length, 0);
    const reception = await app.login(RECEPTION);
    for (const path of [confirmPath("not-an-id"), reminderPath("12345")]) {
      const res = await post(app, path, reception.jar);
      assertEquals(res.status, 404, path);
      await res.body?.cancel();
    }
  });

  await step(
    "Send reminder queues the reminder with confirm and cancel links, once within 15 minutes",
    async (app) => {
      const { jar } = await app.login(RECEPTION);
      const res = await post(app, reminderPath(a.tariq), jar);
      assertEquals(res.status, 303);
      const back = res.headers.get("location")!;
      assertEquals(back, `/dashboard?notice=reminder-sent&appointment=${a.tariq}`);
      const sent = await reminders(a.tariq);
      assertEquals(sent.length, 1);
      assertEquals(sent[0].toAddress, "tariq@patients.example.com");
      assertMatch(sent[0].subject, /^Reminder: your appointment at Demo Dental/);
      assertMatch(sent[0].text, /\/appointment\/respond\?token=/);

      const html = await (await app.request(back, { jar })).text();
      assertMatch(html, /Reminder emailed to Tariq Tomorrow\./);
      const row = panel(html, "unconfirmed");
      assertMatch(row.slice(row.indexOf(a.tariq)), /Reminder sent \d\d:\d\d/);

      const again = await post(app, reminderPath(a.tariq), jar);
      assertEquals(again.status, 303);
      const notice = again.headers.get("location")!;
      assertEquals(notice, `/dashboard?notice=reminder-recent&appointment=${a.tariq}`);
      assertEquals((await reminders(a.tariq)).length, 1, "the second click queued nothing");
      assertMatch(
        await (await app.request(notice, { jar })).text(),
        /A reminder already went to Tariq Tomorrow in the last 15 minutes/,
      );
    },
  );

  await step("two clicks at once queue one reminder", async (app) => {
    const { jar } = await app.login(RECEPTION);
    const [first, second] = await Promise.all([
      post(app, reminderPath(a.bilal), jar),
      post(app, reminderPath(a.bilal), jar),
    ]);
    assertEquals(
      [first.headers.get("location"), second.headers.get("location")].sort(),
      [
        `/dashboard?notice=reminder-recent&appointment=${a.bilal}`,
        `/dashboard?notice=reminder-sent&appointment=${a.bilal}`,
      ],
    );
    assertEquals((await reminders(a.bilal)).length, 1);
  });

  await step(
    "a reminder that cannot go out re-shows the dashboard with the reason",
    async (app) => {
      const { jar } = await app.login(RECEPTION);
      const noEmail = await post(app, reminderPath(a.zara), jar);
      assertEquals(noEmail.status, 422);
      assertMatch(await noEmail.text(), /Zara NoEmail has no email address on file/);
      const cancelled = await post(app, reminderPath(a.cyrus), jar);
      assertEquals(cancelled.status, 409);
      const html = await cancelled.text();
      assertMatch(html, /Cyrus Cancelled's appointment is cancelled; no reminder was sent\./);
      assertMatch(html, /data-panel="unconfirmed"/, "the dashboard itself, with its panels");
      assertEquals((await reminders(a.zara)).length + (await reminders(a.cyrus)).length, 0);
    },
  );

  await step(
    "Mark confirmed confirms, records who did it, and the visit leaves the unconfirmed list",
    async (app) => {
      const { jar } = await app.login(RECEPTION);
      const before = await (await app.request("/dashboard", { jar })).text();
      assert(listed(before, "unconfirmed").includes(a.zara));
      const res = await post(app, confirmPath(a.zara), jar);
      assertEquals(res.status, 303);
      const back = res.headers.get("location")!;
      assertEquals(back, `/dashboard?notice=confirmed&appointment=${a.zara}`);
      assertEquals(await statusOf(a.zara), "confirmed");
      const [entry] = await db.select().from(activityLog).where(and(
        eq(activityLog.entityId, a.zara),
        eq(activityLog.action, "appointments.status_changed"),
      ));
      assertEquals(entry.actorUserId, await userId(db, RECEPTION));
      assertEquals(entry.details, { from: "scheduled", to: "confirmed" });

      const html = await (await app.request(back, { jar })).text();
      assertMatch(html, /Zara NoEmail's appointment is confirmed\./);
      assert(!listed(html, "unconfirmed").includes(a.zara), "no longer unconfirmed");
      const arrival = panel(html, "arrivals");
      assertMatch(arrival.slice(arrival.indexOf(a.zara)), /data-status="confirmed"/);
    },
  );

  await step("confirming twice tells the desk it is already confirmed", async (app) => {
    const { jar } = await app.login(RECEPTION);
    const res = await post(app, confirmPath(a.zara), jar);
    assertEquals(res.status, 409);
    assertMatch(await res.text(), /The appointment is already confirmed/);
  });
});
