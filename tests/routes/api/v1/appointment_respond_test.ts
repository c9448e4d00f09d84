import { and, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../../../support/assert.ts";
import {
  appSteps,
  TEST_SECRETS,
  type TestApp,
  testOnEachDatabase,
} from "../../../support/test-app.ts";
import { activityLog, users } from "../../../../lib/db/schema.ts";
import { verifyAppointmentToken } from "../../../../lib/appointment-tokens.ts";
import {
  bookVisit,
  linksIn,
  patientMail,
  snapshot,
  staffMessages,
  tokenFor,
} from "../../../lib/appointments/patient-response-fixtures.ts";
import { freshMonday, karachi } from "../../../lib/appointments/fixtures.ts";
import { encodePayload, independentToken } from "../../../support/appointment-token-oracle.ts";

const PATH = "/api/v1/appointments/respond";
const INVALID = { error: "Invalid token", code: "TOKEN_INVALID" };
const EXPIRED = { error: "Token expired", code: "TOKEN_EXPIRED" };

let ipSequence = 0;
/** A client address of its own, so a case's many requests stay under the rate limit. */
const freshIp = () => `198.51.100.${++ipSequence % 250 + 1}`;

function respond(app: TestApp, token: unknown, ip = freshIp()) {
  return app.json("POST", PATH, { token }, { ip });
}

testOnEachDatabase("patient respond API", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);

  await step("a confirm link confirms, logs it and tells the staff once", async (app) => {
    const visit = await bookVisit(app.deps, "Ayesha Siddiqui");
    const res = await respond(app, await tokenFor(visit.id, "confirm"));
    assertEquals(res.status, 200);
    assertEquals(res.headers.get("cache-control"), "no-store");
    assertEquals(await res.json(), {
      ok: true,
      status: "confirmed",
      patientName: "Ayesha Siddiqui",
      clinicName: "Demo Dental",
      appointmentDate: new Intl.DateTimeFormat("en-GB", {
        timeZone: "Asia/Karachi",
        weekday: "long",
        day: "numeric",
        month: "long",
        year: "numeric",
      }).format(new Date(karachi(visit.date, "12:00"))),
      appointmentTime: "10:30 am Pakistan Standard Time",
    });
    assertEquals((await snapshot(db, visit.id)).status, "confirmed");

    const [entry] = await db.select().from(activityLog).where(and(
      eq(activityLog.entityId, visit.id),
      eq(activityLog.action, "appointments.status_changed"),
    ));
    assertEquals(entry.actorUserId, null);
    assertEquals(entry.details, {
      from: "scheduled",
      to: "confirmed",
      via: "email_link",
      summary: "confirmed by the patient from the email link",
    });

    const { inApp, emails } = await staffMessages(db, visit.id);
    assert(inApp.length >= 3, "the clinic's staff who see appointments are told in the app");
    for (const n of inApp) {
      assertEquals(n.title, "Ayesha Siddiqui: confirmed");
      assertEquals(n.body, "Scheduled → Confirmed, by the patient, from the email link");
    }
    assertEquals(emails.map((m) => m.toAddress), [visit.doctorEmail]);
    assertMatch(emails[0].text, /by the patient, from the email link/);
    assert(!emails[0].html.includes("/appointment/respond"), "staff email carries no patient link");
  });

  await step("a repeated answer is 'already processed' and notifies no one again", async (app) => {
    const visit = await bookVisit(app.deps, "Imran Qureshi");
    const confirm = await tokenFor(visit.id, "confirm");
    assertEquals((await respond(app, confirm)).status, 200);
    const once = await snapshot(db, visit.id);

    for (const token of [confirm, await tokenFor(visit.id, "cancel")]) {
      const again = await respond(app, token);
      assertEquals(again.status, 200);
      assertEquals(await again.json(), {
        ok: true,
        alreadyProcessed: true,
        status: "confirmed",
        clinicName: "Demo Dental",
      });
    }
    assertEquals(await snapshot(db, visit.id), once);
  });

  await step("two clicks at the same moment change it once, one set of notices", async (app) => {
    const visit = await bookVisit(app.deps, "Saima Rauf");
    const token = await tokenFor(visit.id, "cancel");
    const answers = await Promise.all(
      [1, 2, 3].map(async () => await (await respond(app, token)).json()),
    );
    assertEquals(answers.filter((a) => a.alreadyProcessed).length, 2);
    assertEquals(answers.filter((a) => !a.alreadyProcessed).map((a) => a.status), ["cancelled"]);
    const { inApp, emails } = await staffMessages(db, visit.id);
    const [{ staff }] = await db.select({ staff: users.id }).from(users)
      .where(eq(users.email, "owner@demo-dental.test"));
    assertEquals(inApp.filter((n) => n.userId === staff).length, 1);
    assertEquals(emails.length, 1);
    const entries = await db.select().from(activityLog).where(and(
      eq(activityLog.entityId, visit.id),
      eq(activityLog.action, "appointments.status_changed"),
    ));
    assertEquals(entries.length, 1);
  });

  await step("a cancel link cancels, and the calendar shows it at once", async (app) => {
    const visit = await bookVisit(app.deps, "Kamran Butt");
    const res = await respond(app, await tokenFor(visit.id, "cancel"));
    assertEquals(res.status, 200);
    const body = await res.json();
    assertEquals([body.status, body.alreadyProcessed], ["cancelled", undefined]);

    const { jar } = await app.login("reception@demo-dental.test");
    const calendar = await app.json(
      "GET",
      `${"/api/v1/appointments"}?from=${visit.date}&to=${freshMonday()}`,
      undefined,
      { jar },
    );
    assertEquals(calendar.status, 200);
    const { appointments } = await calendar.json();
    const shown = appointments.find((a: { id: string }) => a.id === visit.id);
    assertEquals(shown?.status, "cancelled");
    const [entry] = await db.select().from(activityLog).where(and(
      eq(activityLog.entityId, visit.id),
      eq(activityLog.action, "appointments.status_changed"),
    ));
    assertEquals(entry.details.summary, "cancelled by the patient from the email link");
  });

  await step(
    "every bad token is refused with the documented answer and changes nothing",
    async (app) => {
      const visit = await bookVisit(app.deps, "Nadia Hussain");
      const before = await snapshot(db, visit.id);
      const genuine = await tokenFor(visit.id, "confirm");
      const [payload, mac] = genuine.split(".");
      const expires = Number(atob(payload.replace(/-/g, "+").replace(/_/g, "/")).split(":")[2]);
      const sign = (text: string) => signed(text, mac);
      const tampered = mac[3] === "A" ? "B" : "A";

      const cases: [string, unknown, number, unknown][] = [
        ["tampered payload", sign(`${crypto.randomUUID()}:confirm:${expires}`), 400, INVALID],
        ["swapped action", sign(`${visit.id}:cancel:${expires}`), 400, INVALID],
        ["later expiry", sign(`${visit.id}:confirm:${expires + 3600}`), 400, INVALID],
        ["tampered MAC", `${payload}.${mac.slice(0, 3)}${tampered}${mac.slice(4)}`, 400, INVALID],
        ["NaN expiry", await selfSigned(`${visit.id}:confirm:NaN`), 400, INVALID],
        ["float expiry", await selfSigned(`${visit.id}:confirm:${expires}.5`), 400, INVALID],
        ["signed expiry", await selfSigned(`${visit.id}:confirm:+${expires}`), 400, INVALID],
        ["overlong", genuine + "A".repeat(300), 400, INVALID],
        ["empty", "", 400, INVALID],
        ["non-base64url", `${payload}.${mac.slice(0, -1)}!`, 400, INVALID],
        ["padded", `${payload}.${mac}=`, 400, INVALID],
        [
          "expired",
          await tokenFor(visit.id, "confirm", new Date(Date.now() - 49 * 3600_000)),
          400,
          EXPIRED,
        ],
      ];
      for (const [name, token, status, body] of cases) {
        const res = await respond(app, token);
        assertEquals([name, res.status, await res.json()], [name, status, body]);
      }
      assertEquals(await snapshot(db, visit.id), before);
    },
  );

  await step("a genuine link to no appointment is a 404 and changes nothing", async (app) => {
    const visit = await bookVisit(app.deps, "Rabia Anwar");
    const before = await snapshot(db, visit.id);
    for (const id of [crypto.randomUUID(), "not-a-uuid"]) {
      const res = await respond(app, await selfSigned(`${id}:confirm:${future()}`));
      assertEquals(res.status, 404);
      assertEquals((await res.json()).code, "NOT_FOUND");
    }
    assertEquals(await snapshot(db, visit.id), before);
  });

  await step("malformed bodies are 400 or 415 and change nothing", async (app) => {
    const visit = await bookVisit(app.deps, "Tariq Jamil");
    const before = await snapshot(db, visit.id);
    const token = await tokenFor(visit.id, "confirm");
    const cases: [string, RequestInit, number][] = [
      ["no token", { body: "{}", headers: { "content-type": "application/json" } }, 400],
      ["token not a string", {
        body: JSON.stringify({ token: 42 }),
        headers: { "content-type": "application/json" },
      }, 400],
      ["not JSON", { body: "{token", headers: { "content-type": "application/json" } }, 400],
      ["form-encoded", {
        body: `token=${token}`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }, 415],
    ];
    for (const [name, init, status] of cases) {
      const res = await app.request(PATH, { ...init, method: "POST", ip: freshIp() });
      assertEquals([name, res.status], [name, status]);
      assert(typeof (await res.json()).error === "string", name);
    }
    assertEquals(await snapshot(db, visit.id), before);
  });

  await step("a staff session is neither needed nor used", async (app) => {
    const visit = await bookVisit(app.deps, "Hamza Iqbal");
    const { jar } = await app.login("doctor@demo-dental.test");
    const res = await app.json("POST", PATH, { token: await tokenFor(visit.id, "confirm") }, {
      jar,
      ip: freshIp(),
    });
    assertEquals(res.status, 200);
    const [entry] = await db.select().from(activityLog).where(and(
      eq(activityLog.entityId, visit.id),
      eq(activityLog.action, "appointments.status_changed"),
    ));
    assertEquals(entry.actorUserId, null, "recorded as the patient, not the signed-in doctor");
  });

  await step(
    "the 11th request a minute from one address is a 429 with Retry-After",
    async (app) => {
      const visit = await bookVisit(app.deps, "Farah Naz");
      const before = await snapshot(db, visit.id);
      const ip = "192.0.2.44";
      for (let i = 1; i <= 10; i++) {
        const res = await respond(app, `junk-${i}`, ip);
        assertEquals(res.status, 400, `request ${i}`);
        await res.body?.cancel();
      }
      const limited = await respond(app, await tokenFor(visit.id, "confirm"), ip);
      assertEquals(limited.status, 429);
      const retryAfter = Number(limited.headers.get("retry-after"));
      assert(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `${retryAfter}`);
      assertEquals((await limited.json()).code, "RATE_LIMITED");
      assertEquals(await snapshot(db, visit.id), before, "a limited request changes nothing");

      const elsewhere = await respond(app, await tokenFor(visit.id, "confirm"), "192.0.2.45");
      assertEquals(elsewhere.status, 200, "another address is not limited");
      await elsewhere.body?.cancel();
    },
  );

  await step("the limit is counted in KV, so it holds across app instances", async (app) => {
    const { startTestApp } = await import("../../../support/test-app.ts");
    const second = await startTestApp(database);
    try {
      // Two instances of the app over one KV, as two Deploy isolates share the managed KV.
      (second.deps as { kv: Deno.Kv }).kv = app.deps.kv;
      const ip = "192.0.2.60";
      for (let i = 1; i <= 10; i++) {
        const res = await respond(i % 2 ? app : second, "junk", ip);
        assertEquals(res.status, 400);
        await res.body?.cancel();
      }
      assertEquals((await respond(second, "junk", ip)).status, 429);
    } finally {
      await second.close().catch(() => {});
    }
  });

  await step("if notifying the staff fails, the change is undone with it", async (app) => {
    const visit = await bookVisit(app.deps, "Usman Ghani");
    const before = await snapshot(db, visit.id);
    const unsubscribe = app.deps.hooks.on("appointment.status_changed", () => {
      throw new Error("notification queue unavailable");
    });
    try {
      const res = await respond(app, await tokenFor(visit.id, "confirm"));
      assertEquals(res.status, 500);
      await res.body?.cancel();
    } finally {
      unsubscribe();
    }
    assertEquals(await snapshot(db, visit.id), before);
    const retry = await respond(app, await tokenFor(visit.id, "confirm"));
    assertEquals((await retry.json()).status, "confirmed", "the link still works afterwards");
  });

  await step("the patient's booking and reschedule emails carry working links", async (app) => {
    const visit = await bookVisit(app.deps, "Mehwish Tahir");
    const [booked] = await patientMail(db, visit.patientEmail);
    assertEquals(booked.kind, "appointment.scheduled");
    const links = linksIn(booked.text);
    assertMatch(links.confirm ?? "", /^http:\/\/localhost:8000\/appointment\/respond\?token=/);
    assertMatch(links.cancel ?? "", /^http:\/\/localhost:8000\/appointment\/respond\?token=/);
    assert(booked.html.includes(`href="${links.confirm}"`), "the green button links the token");
    const keys = { encryptionKey: TEST_SECRETS.ENCRYPTION_KEY };
    const confirm = await verifyAppointmentToken(
      new URL(links.confirm!).searchParams.get("token"),
      keys,
    );
    const cancel = await verifyAppointmentToken(
      new URL(links.cancel!).searchParams.get("token"),
      keys,
    );
    assertEquals([confirm.appointmentId, confirm.action], [visit.id, "confirm"]);
    assertEquals([cancel.appointmentId, cancel.action], [visit.id, "cancel"]);
    const hours = (confirm.expiresAt * 1000 - Date.now()) / 3600_000;
    assert(hours > 47.9 && hours <= 48, `valid for 48 hours (${hours})`);

    const { jar } = await app.login("reception@demo-dental.test");
    const moved = await app.json("PATCH", `/api/v1/appointments/${visit.id}`, {
      startsAt: karachi(visit.date, "12:00"),
    }, { jar });
    assertEquals(moved.status, 200, await moved.clone().text());
    const mail = await patientMail(db, visit.patientEmail);
    assertEquals(mail.map((m) => m.kind), ["appointment.scheduled", "appointment.rescheduled"]);
    const movedLinks = linksIn(mail[1].text);
    assert(movedLinks.confirm && movedLinks.cancel, "the reschedule email carries both links");

    const res = await respond(app, new URL(movedLinks.confirm).searchParams.get("token"));
    assertEquals((await res.json()).status, "confirmed");
    const { emails } = await staffMessages(db, visit.id);
    assert(emails.length > 0);
    for (const email of emails) {
      assert(!email.text.includes("/appointment/respond"), "staff email has no patient link");
    }
  });
});

/** A genuine token for any payload text, signed the documented way. */
const selfSigned = (payload: string) => independentToken(payload, TEST_SECRETS.ENCRYPTION_KEY);

/** Another payload under a MAC that belongs to a different one. */
function signed(payload: string, mac: string): string {
  return `${encodePayload(payload)}.${mac}`;
}

const future = () => Math.floor(Date.now() / 1000) + 3600;
