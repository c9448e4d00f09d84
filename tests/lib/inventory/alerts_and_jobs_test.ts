import { and, eq, like, sql } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../../support/assert.ts";
import { testConfig, testOnEachDatabase } from "../../support/test-app.ts";
import type { Db } from "../../../lib/db/client.ts";
import {
  clinics,
  emailOutbox,
  events,
  inventoryAlerts,
  notifications,
} from "../../../lib/db/schema.ts";
import { recordMovement } from "../../../lib/inventory/movements.ts";
import type { MovementInput } from "../../../lib/inventory/schemas.ts";
import {
  endOfDayDedupeKey,
  sendInventoryEndOfDay,
} from "../../../lib/jobs/inventory-end-of-day.ts";
import { saveSection } from "../../../lib/settings/sections.ts";
import { clinicId, testItem, userId } from "./fixtures.ts";

const receive = (quantity: number, at?: string): [MovementInput, Date | undefined] => [
  {
    kind: "receive",
    quantity,
    lotNumber: null,
    expiresOn: null,
    supplierId: null,
    costMinor: null,
    note: null,
  },
  at ? new Date(at) : undefined,
];
const consume = (quantity: number, at?: string): [MovementInput, Date | undefined] => [
  { kind: "consume", quantity, appointmentId: null, note: null },
  at ? new Date(at) : undefined,
];

async function lowStockEmails(db: Db, itemId: string) {
  const alerts = await db.select({ id: inventoryAlerts.id }).from(inventoryAlerts)
    .where(eq(inventoryAlerts.itemId, itemId));
  const keys = alerts.map((a) => `inventory.low_stock:${a.id}`);
  if (!keys.length) return [];
  return (await db.select().from(emailOutbox).where(eq(emailOutbox.kind, "inventory.low_stock")))
    .filter((m) => keys.includes(m.dedupeKey!));
}

const silent = () => {};

testOnEachDatabase("inventory alerts and the end-of-day email", async (t, database) => {
  const db = database.db;
  const clinic = await clinicId(db, "demo-dental");
  const nurse = await userId(db, "nurse@demo-dental.test");
  const owner = await userId(db, "owner@demo-dental.test");
  const move = (itemId: string, [movement, now]: [MovementInput, Date | undefined]) =>
    recordMovement(db, {
      clinicId: clinic,
      itemId,
      actorId: nurse,
      movement,
      now,
      appUrl: "http://localhost:8000",
    });

  await t.step("dropping to the threshold emails the owner once until restocked", async () => {
    const item = await testItem(db, clinic, { reorderThreshold: 5 });
    await move(item.id, receive(10));
    assertEquals((await lowStockEmails(db, item.id)).length, 0, "above threshold: no alert");

    await move(item.id, consume(5));
    const [first] = await lowStockEmails(db, item.id);
    assertEquals(first.toAddress, "owner@demo-dental.test");
    assertMatch(first.subject, new RegExp(`Low stock: ${item.name}`));
    assertMatch(first.text, /On hand: +5 boxes/);
    const [alert] = await db.select().from(inventoryAlerts)
      .where(eq(inventoryAlerts.itemId, item.id));
    assert(alert.emailSentAt, "email_sent_at records the send");

    await move(item.id, consume(2));
    await move(item.id, consume(3));
    assertEquals((await lowStockEmails(db, item.id)).length, 1, "further drops send nothing");

    await move(item.id, receive(20));
    const resolved = await db.select().from(inventoryAlerts)
      .where(eq(inventoryAlerts.itemId, item.id));
    assert(resolved.every((a) => a.resolvedAt), "replenishing above the threshold resolves it");
    await move(item.id, consume(16));
    const emails = await lowStockEmails(db, item.id);
    assertEquals(emails.length, 2, "a new drop after a restock is a second email");
    assertMatch(emails.map((e) => e.subject).join("|"), /Low stock/);
  });

  await t.step("staff who see inventory hear of it in the bell and live", async () => {
    const item = await testItem(db, clinic, { reorderThreshold: 1 });
    await move(item.id, receive(2));
    await move(item.id, consume(2));
    const bell = await db.select().from(notifications).where(and(
      eq(notifications.kind, "inventory.low_stock"),
      eq(notifications.link, `/inventory/items/${item.id}`),
    ));
    const told = new Set(bell.map((n) => n.userId));
    assert(told.has(nurse) && told.has(owner), "nurse and owner are told");
    assertEquals(bell[0].title, `Out of stock: ${item.name}`);
    const [live] = await db.select().from(events).where(and(
      eq(events.type, "inventory.low_stock"),
      sql`${events.data}->>'itemId' = ${item.id}`,
    ));
    assertEquals(live.permission, "inventory.items.view");
  });

  await t.step("an owner who turned the alert email off gets none", async () => {
    await saveSection(db, {
      clinicId: clinic,
      section: "notifications",
      actorId: owner,
      values: {
        appointmentBookedEmail: true,
        appointmentCancelledInApp: true,
        labCaseUpdatesInApp: true,
        endOfDayEmail: true,
        lowStockEmail: false,
        reminderLeadHours: 24,
      },
    });
    try {
      const item = await testItem(db, clinic, { reorderThreshold: 3 });
      await move(item.id, receive(4));
      await move(item.id, consume(2));
      assertEquals((await lowStockEmails(db, item.id)).length, 0);
      const [alert] = await db.select().from(inventoryAlerts)
        .where(eq(inventoryAlerts.itemId, item.id));
      assertEquals(alert.emailSentAt, null, "the alert is open, but no email was sent");
    } finally {
      await saveSection(db, {
        clinicId: clinic,
        section: "notifications",
        actorId: owner,
        values: {
          appointmentBookedEmail: true,
          appointmentCancelledInApp: true,
          labCaseUpdatesInApp: true,
          endOfDayEmail: true,
          lowStockEmail: true,
          reminderLeadHours: 24,
        },
      });
    }
  });

  await t.step("the end-of-day email counts the clinic's day, across the UTC date", async () => {
    // Karachi is UTC+5: the clinic's 5 March 2030 runs from 4 March 19:00 to 5 March 19:00 UTC.
    const item = await testItem(db, clinic, { name: "EOD gauze swabs", reorderThreshold: 2 });
    await move(item.id, receive(30, "2030-03-01T05:00:00Z"));
    await move(item.id, consume(4, "2030-03-04T18:30:00Z")); // 23:30 on the 4th: yesterday
    await move(item.id, consume(3, "2030-03-04T19:30:00Z")); // 00:30 on the 5th
    await move(item.id, consume(2, "2030-03-05T10:00:00Z")); // 15:00 on the 5th
    await move(item.id, receive(6, "2030-03-05T06:00:00Z"));
    const now = new Date("2030-03-05T11:00:00Z");
    const config = testConfig();

    const first = await sendInventoryEndOfDay({ db, config }, now, silent);
    assert(first.queued >= 1);
    const [mail] = await db.select().from(emailOutbox)
      .where(eq(emailOutbox.dedupeKey, endOfDayDedupeKey(clinic, "2030-03-05")));
    assertEquals(mail.toAddress, "owner@demo-dental.test");
    assertMatch(mail.subject, /Inventory summary for Tue 5 Mar 2030/);
    assertMatch(
      mail.text,
      /\nEOD gauze swabs: +5 boxes/,
      "used today: 3 + 2, not the 4 of the evening before",
    );
    assertMatch(mail.text, /Today: EOD gauze swabs: +6 boxes/);
    assertMatch(mail.text, /http:\/\/localhost:8000\/inventory\/reorder/);

    const again = await sendInventoryEndOfDay({ db, config }, now, silent);
    assertEquals(again.queued, 0, "a second run the same day queues nothing");
    const sent = await db.select().from(emailOutbox).where(
      like(emailOutbox.dedupeKey, `inventory.end_of_day:${clinic}:2030-03-05`),
    );
    assertEquals(sent.length, 1);
  });

  await t.step("clinics without the module or an owner email are skipped", async () => {
    const smile = await clinicId(db, "second-smile");
    const [noEmail] = await db.insert(clinics).values({
      name: "No Email Dental",
      slug: `no-email-${crypto.randomUUID().slice(0, 8)}`,
      ownerEmail: "",
      planId: "pro",
    }).returning({ id: clinics.id });
    await sendInventoryEndOfDay(
      { db, config: testConfig() },
      new Date("2030-03-06T11:00:00Z"),
      silent,
    );
    const keys = (await db.select({ key: emailOutbox.dedupeKey }).from(emailOutbox)
      .where(like(emailOutbox.dedupeKey, "inventory.end_of_day:%:2030-03-06"))).map((r) => r.key);
    // Other demo clinics on a plan with the module get theirs too; these two must not.
    assert(keys.includes(endOfDayDedupeKey(clinic, "2030-03-06")));
    assert(!keys.includes(endOfDayDedupeKey(smile, "2030-03-06")), "Free plan: no module");
    assert(!keys.includes(endOfDayDedupeKey(noEmail.id, "2030-03-06")));
  });
});
