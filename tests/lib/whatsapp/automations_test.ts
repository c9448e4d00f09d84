/**
 * The automated WhatsApp messages against a local Graph stand-in: each goes
 * out once with the right template and parameters however often its job
 * runs; a clinic without the module or a number sends nothing; Meta's
 * answers branch as promised (retry, final failure, 131047, 131026, 190);
 * and a patient's quick-reply tap answers the appointment.
 */
import { and, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../../support/assert.ts";
import { testConfig, testOnEachDatabase } from "../../support/test-app.ts";
import {
  buttonFrom,
  graphError,
  GraphStandIn,
  webhookPayload,
} from "../../support/graph-stand-in.ts";
import type { Db } from "../../../lib/db/client.ts";
import {
  appointments,
  emailOutbox,
  notifications,
  patients,
  whatsappConnections,
  whatsappMessages,
  whatsappUnreachableNumbers,
} from "../../../lib/db/schema.ts";
import { encryptPhi, phiIndex } from "../../../lib/crypto/phi.ts";
import { verifyAppointmentToken } from "../../../lib/appointment-tokens.ts";
import { updateAppointment } from "../../../lib/appointments/booking.ts";
import { setAppointmentStatus } from "../../../lib/appointments/status-changes.ts";
import { sendDueReminders } from "../../../lib/jobs/appointment-reminders.ts";
import { registerWhatsappAutomations } from "../../../lib/whatsapp/appointment-hooks.ts";
import { registerAppointmentMessages } from "../../../lib/appointments/notifications.ts";
import { createDomainHooks } from "../../../lib/events/domain-hooks.ts";
import { sendMissedVisitFollowUps } from "../../../lib/whatsapp/automations.ts";
import { deliverWhatsappOutbox } from "../../../lib/whatsapp/sender.ts";
import { applyChange, changeValue } from "../../../lib/whatsapp/inbound.ts";
import { enqueueWhatsapp } from "../../../lib/whatsapp/outbox.ts";
import {
  bookDemoVisit,
  clinicFixture,
  createPatient,
  freshMonday,
  karachi,
  userId,
} from "../appointments/fixtures.ts";
import { clinicIdOf, connectClinic, DEMO_CREDENTIALS, resetWhatsapp } from "./fixtures.ts";
import { TEST_SECRETS } from "../../support/test-app.ts";

const KEY = TEST_SECRETS.ENCRYPTION_KEY;

async function patientWithWhatsapp(db: Db, clinicId: string, name: string, whatsapp: string) {
  const id = await createPatient(db, clinicId, name);
  await db.update(patients).set({
    whatsappPhoneEnc: await encryptPhi(KEY, whatsapp),
    whatsappPhoneHash: await phiIndex(KEY, whatsapp),
    phoneEnc: await encryptPhi(KEY, "+923009999999"),
    phoneHash: await phiIndex(KEY, "+923009999999"),
    email: `${id.slice(0, 8)}@example.com`,
  }).where(eq(patients.id, id));
  return id;
}

testOnEachDatabase("WhatsApp automations", async (t, database) => {
  const { db } = database;
  const hooks = createDomainHooks();
  registerWhatsappAutomations(hooks);
  const domain = { db, hooks };
  const standIn = new GraphStandIn();
  const config = testConfig({ WHATSAPP_GRAPH_BASE_URL: standIn.baseUrl });
  const delivery = { db, config, random: () => 0 };
  const demo = await clinicFixture(db, "demo-dental");
  const second = await clinicIdOf(db, "second-smile");
  const ownerId = await userId(db, "owner@demo-dental.test");
  const quiet = () => {};

  const templatesSent = () =>
    standIn.sends().map((r) => {
      const template = r.body?.template as {
        name: string;
        components: { type: string; parameters: { text?: string; payload?: string }[] }[];
      };
      return {
        to: r.body?.to,
        name: template?.name,
        params: template?.components.find((c) => c.type === "body")?.parameters.map((p) => p.text),
        buttons: template?.components.filter((c) => c.type === "button")
          .map((c) => c.parameters[0].payload),
      };
    });

  try {
    await t.step("each automation goes out once with its template and parameters", async () => {
      await resetWhatsapp(db, demo.id);
      await connectClinic(db, standIn, demo.id, DEMO_CREDENTIALS, ownerId);
      standIn.requests.length = 0;
      const patient = await patientWithWhatsapp(db, demo.id, "Sara Ali", "+923001112223");
      const monday = freshMonday();
      const booked = await bookDemoVisit(domain, demo, patient, monday, "10:30");
      const moved = await updateAppointment(domain, {
        clinicId: demo.id,
        appointmentId: booked.id,
        actorId: ownerId,
        changes: { startsAt: new Date(karachi(monday, "11:30")) },
      });
      const beforeVisit = new Date(moved.startsAt.getTime() - 3_600_000);
      await sendDueReminders({ db, config }, beforeVisit, quiet);
      await sendDueReminders({ db, config }, beforeVisit, quiet);
      const afterVisit = new Date(moved.startsAt.getTime() + 2 * 3_600_000);
      await setAppointmentStatus(domain, {
        clinicId: demo.id,
        appointmentId: booked.id,
        status: "no_show",
        actorId: ownerId,
        now: afterVisit,
      });
      await sendMissedVisitFollowUps({ db }, afterVisit, quiet);
      await sendMissedVisitFollowUps({ db }, afterVisit, quiet);
      const report = await deliverWhatsappOutbox(delivery, afterVisit);
      assertEquals(report, { sent: 4, retrying: 0, failed: 0 });
      assertEquals(await deliverWhatsappOutbox(delivery, afterVisit), {
        sent: 0,
        retrying: 0,
        failed: 0,
      });

      const sent = templatesSent();
      assertEquals(sent.map((s) => s.name), [
        "appointment_confirmation",
        "appointment_rescheduled",
        "appointment_reminder",
        "missed_appointment",
      ]);
      assert(sent.every((s) => s.to === "923001112223"), "to the WhatsApp number, not the phone");
      const [confirmation, reschedule, reminder, missed] = sent;
      assertEquals(confirmation.params!.slice(0, 5), [
        "Sara Ali",
        "Demo Dental",
        "Monday, " +
        new Intl.DateTimeFormat("en-GB", {
          day: "numeric",
          month: "long",
          year: "numeric",
          timeZone: "Asia/Karachi",
        }).format(booked.startsAt),
        "10:30 am Pakistan Standard Time",
        "Dr. Bilal Ahmed",
      ]);
      assertMatch(
        confirmation.params![5] ?? "",
        /^http:\/\/localhost:8000\/appointment\/respond\?token=/,
      );
      assertEquals(reschedule.params![3], "11:30 am Pakistan Standard Time");
      assertEquals(reschedule.buttons, []);
      assertEquals(reminder.params!.length, 7);
      assertEquals(missed.params!.length, 5);
      const [confirm, cancel] = confirmation.buttons!;
      const options = { encryptionKey: KEY, now: afterVisit };
      assertEquals((await verifyAppointmentToken(confirm, options)).action, "confirm");
      assertEquals((await verifyAppointmentToken(cancel, options)).appointmentId, booked.id);
    });

    await t.step("two senders running at once send each message once", async () => {
      standIn.requests.length = 0;
      const contact = "+923001230010";
      for (let i = 0; i < 6; i++) {
        await enqueueWhatsapp(db, {
          clinicId: demo.id,
          kind: "reply",
          contactPhoneEnc: await encryptPhi(KEY, contact),
          contactPhoneHash: await phiIndex(KEY, contact),
          body: `Message ${i}`,
        });
      }
      const now = new Date();
      const tiny = { ...delivery, batchSize: 2 };
      const reports = await Promise.all([
        deliverWhatsappOutbox(tiny, now),
        deliverWhatsappOutbox(tiny, now),
      ]);
      assertEquals(reports.reduce((sum, r) => sum + r.sent, 0), 6);
      const bodies = standIn.sends().map((r) => (r.body?.text as { body: string }).body).sort();
      assertEquals(bodies, [0, 1, 2, 3, 4, 5].map((i) => `Message ${i}`));
    });

    await t.step("a clinic without the module or without a number sends nothing", async () => {
      standIn.requests.length = 0;
      const secondClinic = await clinicFixture(db, "second-smile");
      const other = await patientWithWhatsapp(db, second, "Omar Farooq", "+923004445556");
      await bookDemoVisit(domain, secondClinic, other, freshMonday(), "10:00", {
        actorId: await userId(db, "owner@second-smile.test"),
        doctorId: await userId(db, "owner@second-smile.test"),
      });
      // Demo Dental keeps its credentials but loses the module.
      await db.update(whatsappConnections).set({ state: "connected" })
        .where(eq(whatsappConnections.clinicId, demo.id));
      const { setModule } = await import("./fixtures.ts");
      await setModule(db, demo.id, false);
      const patient = await patientWithWhatsapp(db, demo.id, "Module Off", "+923001230000");
      await bookDemoVisit(domain, demo, patient, freshMonday(), "09:00");
      await deliverWhatsappOutbox(delivery, new Date());
      assertEquals(standIn.requests.length, 0);
      await setModule(db, demo.id, true);
    });

    await t.step(
      "a Graph 500 is retried and then delivered once; a 400 fails for good",
      async () => {
        standIn.requests.length = 0;
        const patient = await patientWithWhatsapp(db, demo.id, "Retry Patient", "+923001230001");
        const booked = await bookDemoVisit(domain, demo, patient, freshMonday(), "12:00");
        standIn.sendScript.push(graphError(500, 1, "An unknown error occurred", "OAuthException"));
        const now = new Date();
        assertEquals(await deliverWhatsappOutbox(delivery, now), {
          sent: 0,
          retrying: 1,
          failed: 0,
        });
        const later = new Date(now.getTime() + 10 * 60_000);
        assertEquals(await deliverWhatsappOutbox(delivery, later), {
          sent: 1,
          retrying: 0,
          failed: 0,
        });
        const [row] = await db.select().from(whatsappMessages)
          .where(eq(whatsappMessages.appointmentId, booked.id));
        assertEquals([row.status, row.attempts], ["sent", 2]);
        assertEquals(row.trail.filter((e) => e.status === "attempt").length, 2);

        const invalid = await patientWithWhatsapp(db, demo.id, "Bad Param", "+923001230002");
        const second = await bookDemoVisit(domain, demo, invalid, freshMonday(), "12:00");
        standIn.sendScript.push(graphError(400, 100, "Invalid parameter"));
        assertEquals(await deliverWhatsappOutbox(delivery, later), {
          sent: 0,
          retrying: 0,
          failed: 1,
        });
        const farLater = new Date(later.getTime() + 24 * 3_600_000);
        assertEquals(await deliverWhatsappOutbox(delivery, farLater), {
          sent: 0,
          retrying: 0,
          failed: 0,
        });
        const [failed] = await db.select().from(whatsappMessages)
          .where(eq(whatsappMessages.appointmentId, second.id));
        assertEquals([failed.status, failed.errorCode, failed.attempts], ["failed", 100, 1]);
        assertEquals(standIn.sends().length, 3);
      },
    );

    await t.step("131047 sends the follow-up template instead of the reply", async () => {
      standIn.requests.length = 0;
      const contact = "+923001230003";
      const { id } = await enqueueWhatsapp(db, {
        clinicId: demo.id,
        kind: "reply",
        contactPhoneEnc: await encryptPhi(KEY, contact),
        contactPhoneHash: await phiIndex(KEY, contact),
        contactName: "Late Writer",
        body: "Sorry for the delay",
      });
      standIn.sendScript.push(
        graphError(400, 131047, "Re-engagement message", "Re-engagement message"),
      );
      const now = new Date();
      await deliverWhatsappOutbox(delivery, now);
      const [reply] = await db.select().from(whatsappMessages).where(eq(whatsappMessages.id, id!));
      assertEquals([reply.status, reply.errorCode], ["failed", 131047]);
      await deliverWhatsappOutbox(delivery, now);
      const sent = templatesSent();
      assertEquals(sent.length, 2);
      assertEquals([sent[1].name, sent[1].params], ["conversation_follow_up", [
        "Late Writer",
        "Demo Dental",
      ]]);
    });

    await t.step("131026 marks the number and falls back to email", async () => {
      const patient = await patientWithWhatsapp(db, demo.id, "Not On Whatsapp", "+923001230004");
      const visit = await bookDemoVisit(domain, demo, patient, freshMonday(), "15:00");
      await db.update(appointments).set({ status: "no_show" }).where(eq(appointments.id, visit.id));
      const after = new Date(visit.startsAt.getTime() + 3_600_000);
      await db.delete(whatsappMessages).where(eq(whatsappMessages.appointmentId, visit.id));
      await sendMissedVisitFollowUps({ db }, after, quiet);
      standIn.sendScript.push(
        graphError(400, 131026, "Message undeliverable", "Message undeliverable"),
      );
      await deliverWhatsappOutbox(delivery, after);
      const marked = await db.select().from(whatsappUnreachableNumbers).where(and(
        eq(whatsappUnreachableNumbers.clinicId, demo.id),
        eq(whatsappUnreachableNumbers.phoneHash, await phiIndex(KEY, "+923001230004")),
      ));
      assertEquals(marked.length, 1);
      const [{ email }] = await db.select({ email: patients.email }).from(patients)
        .where(eq(patients.id, patient));
      const mail = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, email!));
      assertEquals(mail.map((m) => m.kind), ["whatsapp.fallback"]);
      assertMatch(mail[0].text, /we missed you/);
    });

    await t.step("190 marks the connection failing and tells the admins once", async () => {
      const patient = await patientWithWhatsapp(db, demo.id, "Token Expired", "+923001230005");
      await bookDemoVisit(domain, demo, patient, freshMonday(), "16:00");
      const other = await patientWithWhatsapp(db, demo.id, "Token Expired Two", "+923001230006");
      await bookDemoVisit(domain, demo, other, freshMonday(), "16:00");
      standIn.sendScript.push(graphError(401, 190, "Error validating access token"));
      standIn.sendScript.push(graphError(401, 190, "Error validating access token"));
      const report = await deliverWhatsappOutbox(delivery, new Date());
      assertEquals(report.failed, 2);
      const [connection] = await db.select().from(whatsappConnections)
        .where(eq(whatsappConnections.clinicId, demo.id));
      assertEquals(connection.state, "failing");
      assert(connection.failingSince, "failing since is set");
      const told = await db.select().from(notifications).where(and(
        eq(notifications.clinicId, demo.id),
        eq(notifications.kind, "whatsapp.connection_failing"),
      ));
      assertEquals(told.length, 1, "the owner is told once");
      const mail = await db.select().from(emailOutbox).where(
        eq(emailOutbox.kind, "whatsapp.connection_failing"),
      );
      assertEquals(mail.map((m) => m.toAddress), ["owner@demo-dental.test"]);
    });

    await t.step("a Confirm tap confirms the appointment and the chat says so", async () => {
      // Staff hear of the answer as they do of an email-link answer, naming WhatsApp.
      registerAppointmentMessages(hooks, config);
      await db.update(whatsappConnections).set({ state: "connected" })
        .where(eq(whatsappConnections.clinicId, demo.id));
      standIn.requests.length = 0;
      const patient = await patientWithWhatsapp(db, demo.id, "Tapper", "+923001230007");
      const visit = await bookDemoVisit(domain, demo, patient, freshMonday(), "17:00");
      const now = new Date();
      await deliverWhatsappOutbox(delivery, now);
      const [confirm] = templatesSent()[0].buttons!;
      const value = changeValue.parse(
        webhookPayload(
          DEMO_CREDENTIALS.phoneNumberId,
          buttonFrom("923001230007", "wamid.tap.1", "Confirm", confirm ?? ""),
        )
          .entry[0].changes[0].value,
      );
      const context = { clinicId: demo.id, encryptionKey: KEY, now, hooks };
      await db.transaction(async (tx) => await applyChange(tx, context, value));
      await db.transaction(async (tx) => await applyChange(tx, context, value));
      const [after] = await db.select().from(appointments).where(eq(appointments.id, visit.id));
      assertEquals(after.status, "confirmed");
      const [tap] = await db.select().from(whatsappMessages).where(
        eq(whatsappMessages.wamid, "wamid.tap.1"),
      );
      assertEquals([tap.patientId, tap.appointmentId], [patient, visit.id]);
      const told = await db.select({ body: notifications.body }).from(notifications).where(and(
        eq(notifications.kind, "appointment.status_changed"),
        eq(notifications.link, `/appointments/${visit.id}`),
      ));
      assert(told.length > 0, "the clinic's staff are told");
      for (const { body } of told) assertMatch(body ?? "", /by the patient, from WhatsApp$/);
      await deliverWhatsappOutbox(delivery, now);
      const texts = standIn.sends().filter((r) => r.body?.type === "text");
      assertEquals(texts.length, 1, "one answer, though Meta delivered the tap twice");
      assertMatch(
        (texts[0].body!.text as { body: string }).body,
        /Thank you, Tapper\. Your appointment on .* is confirmed\./,
      );
    });
  } finally {
    await resetWhatsapp(db, demo.id);
    await resetWhatsapp(db, second);
    await standIn.close();
  }
});
