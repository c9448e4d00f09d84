import { eq } from "drizzle-orm";
import { assert, assertEquals, assertRejects } from "../../support/assert.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import type { Db } from "../../../lib/db/client.ts";
import { clinicMembers, notifications, users } from "../../../lib/db/schema.ts";
import { AppError } from "../../../lib/errors.ts";
import {
  listForUser,
  markAllRead,
  markRead,
  unreadCount,
} from "../../../lib/notifications/inbox.ts";
import { notifyClinicStaff, notifyUsers } from "../../../lib/notifications/notify.ts";
import { planDefaultPermissions } from "../../../lib/permissions/role-defaults.ts";

async function member(db: Db, email: string) {
  const [row] = await db
    .select({ userId: users.id, clinicId: clinicMembers.clinicId, memberId: clinicMembers.id })
    .from(clinicMembers).innerJoin(users, eq(users.id, clinicMembers.userId))
    .where(eq(users.email, email));
  return row;
}

let sequence = 0;
// Kinds are dotted words (no digits), like activity-log actions.
const freshKind = () => `test.kind_${String.fromCharCode(97 + sequence++)}`;

async function recipientsOf(db: Db, kind: string): Promise<string[]> {
  const rows = await db.select({ email: users.email }).from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(eq(notifications.kind, kind));
  return rows.map((r) => r.email).sort();
}

const notFoundError = (error: Error) => error instanceof AppError && error.status === 404;

testOnEachDatabase("in-app notifications", async (t, database) => {
  const { db } = database;
  const owner = await member(db, "owner@demo-dental.test");
  const doctor = await member(db, "doctor@demo-dental.test");
  const nurse = await member(db, "nurse@demo-dental.test");
  const reception = await member(db, "reception@demo-dental.test");
  const otherOwner = await member(db, "owner@second-smile.test");
  const demo = owner.clinicId;

  await t.step("clinic staff are told by permission: who can act on it hears of it", async () => {
    const kind = freshKind();
    const created = await notifyClinicStaff(db, {
      clinicId: demo,
      permission: "appointments.create",
      kind,
      title: "New booking request",
      link: "/appointments",
    });
    const told = await recipientsOf(db, kind);
    assertEquals(created, told.length);
    for (
      const email of [
        "owner@demo-dental.test",
        "doctor@demo-dental.test",
        "reception@demo-dental.test",
      ]
    ) {
      assert(told.includes(email), `${email} holds appointments.create`);
    }
    assert(!told.includes("nurse@demo-dental.test"), "a nurse cannot book, so is not told");
    assert(!told.includes("owner@second-smile.test"), "never another clinic's staff");
  });

  await t.step(
    "the actor is left out, and so is anyone whose override withdrew the permission",
    async () => {
      const withoutCreate = planDefaultPermissions("pro", "doctor")
        .filter((key) => key !== "appointments.create");
      const withoutBell = planDefaultPermissions("pro", "doctor")
        .filter((key) => key !== "notifications.view");
      try {
        await db.update(clinicMembers).set({ permissionsOverride: withoutCreate })
          .where(eq(clinicMembers.id, doctor.memberId));
        const kind = freshKind();
        await notifyClinicStaff(db, {
          clinicId: demo,
          permission: "appointments.create",
          excludeUserIds: [reception.userId],
          kind,
          title: "Booked",
        });
        assertEquals(await recipientsOf(db, kind), ["owner@demo-dental.test"]);

        // Holding the permission is not enough without the bell to read it on.
        await db.update(clinicMembers).set({ permissionsOverride: withoutBell })
          .where(eq(clinicMembers.id, doctor.memberId));
        const bellKind = freshKind();
        await notifyClinicStaff(db, {
          clinicId: demo,
          permission: "appointments.create",
          kind: bellKind,
          title: "Booked",
        });
        assert(!(await recipientsOf(db, bellKind)).includes("doctor@demo-dental.test"));
      } finally {
        await db.update(clinicMembers).set({ permissionsOverride: null })
          .where(eq(clinicMembers.id, doctor.memberId));
      }
    },
  );

  await t.step("a notification made in a transaction that rolls back never appears", async () => {
    const kind = freshKind();
    await assertRejects(() =>
      db.transaction(async (tx) => {
        await notifyUsers(tx, { clinicId: demo, userIds: [nurse.userId], kind, title: "Lost" });
        throw new Error("the change failed");
      })
    );
    assertEquals(await recipientsOf(db, kind), []);
  });

  await t.step("links must stay inside the app", async () => {
    for (const link of ["https://evil.example/", "//evil.example/x", "/\\evil.example"]) {
      await assertRejects(
        () =>
          notifyUsers(db, {
            clinicId: demo,
            userIds: [nurse.userId],
            kind: freshKind(),
            title: "x",
            link,
          }),
        (error) => error instanceof TypeError,
        link,
      );
    }
  });

  await t.step("a member's list is theirs alone, newest first, with an unread count", async () => {
    const me = { clinicId: demo, userId: nurse.userId };
    const before = await unreadCount(db, me);
    for (const title of ["First", "Second", "Third"]) {
      await notifyUsers(db, { clinicId: demo, userIds: [nurse.userId], kind: freshKind(), title });
    }
    await notifyUsers(db, {
      clinicId: demo,
      userIds: [doctor.userId],
      kind: freshKind(),
      title: "Doctor's",
    });
    assertEquals(await unreadCount(db, me), before + 3);
    const list = await listForUser(db, me, { limit: 3 });
    assertEquals(list.map((n) => n.title), ["Third", "Second", "First"]);
    assert(!(await listForUser(db, me, { limit: 100 })).some((n) => n.title === "Doctor's"));
    const older = await listForUser(db, me, { limit: 2, before: list[1].seq });
    assertEquals(older[0]?.title, "First");
  });

  await t.step("marking read: one's own only; someone else's is not found", async () => {
    const me = { clinicId: demo, userId: nurse.userId };
    const [latest] = await listForUser(db, me, { limit: 1 });
    const unread = await unreadCount(db, me);
    const read = await markRead(db, { ...me, id: latest.id }, new Date("2026-11-21T10:00:00Z"));
    assertEquals(read.readAt?.toISOString(), "2026-11-21T10:00:00.000Z");
    assertEquals(await unreadCount(db, me), unread - 1);
    // Again: harmless, and the first read time stays.
    const again = await markRead(db, { ...me, id: latest.id }, new Date("2026-11-22T10:00:00Z"));
    assertEquals(again.readAt?.toISOString(), "2026-11-21T10:00:00.000Z");

    await assertRejects(
      () => markRead(db, { clinicId: demo, userId: doctor.userId, id: latest.id }),
      notFoundError,
    );
    await assertRejects(
      () => markRead(db, { clinicId: otherOwner.clinicId, userId: nurse.userId, id: latest.id }),
      notFoundError,
    );
    await assertRejects(() => markRead(db, { ...me, id: "not-a-uuid" }), notFoundError);
    await assertRejects(() => markRead(db, { ...me, id: crypto.randomUUID() }), notFoundError);
  });

  await t.step("mark all read clears one member's count and nobody else's", async () => {
    const me = { clinicId: demo, userId: nurse.userId };
    const doctorUnread = await unreadCount(db, { clinicId: demo, userId: doctor.userId });
    const marked = await markAllRead(db, me);
    assert(marked > 0);
    assertEquals(await unreadCount(db, me), 0);
    assertEquals(await markAllRead(db, me), 0);
    assert(doctorUnread > 0);
    assertEquals(await unreadCount(db, { clinicId: demo, userId: doctor.userId }), doctorUnread);
  });
});
