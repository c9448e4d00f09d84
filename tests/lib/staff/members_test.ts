import { and, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch, assertRejects } from "../../support/assert.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import type { Db } from "../../../lib/db/client.ts";
import {
  activityLog,
  clinicMembers,
  clinics,
  roleTemplates,
  type StaffRole,
  users,
} from "../../../lib/db/schema.ts";
import { AppError } from "../../../lib/errors.ts";
import { loadAccess } from "../../../lib/permissions/access.ts";
import { planDefaultPermissions } from "../../../lib/permissions/role-defaults.ts";
import { SessionStore } from "../../../lib/auth/sessions.ts";
import {
  changeRole,
  endClinicSessions,
  getMember,
  listMembers,
  memberPermissions,
  setMemberPermissions,
  setStatus,
} from "../../../lib/staff/members.ts";

const failsWith = (status: number, code: string) => (error: Error) =>
  error instanceof AppError && error.status === status && error.code === code;

async function clinicIdOf(db: Db, slug: string): Promise<string> {
  return (await db.select({ id: clinics.id }).from(clinics).where(eq(clinics.slug, slug)))[0].id;
}

async function memberOf(db: Db, email: string) {
  const [row] = await db
    .select({ id: clinicMembers.id, userId: users.id, clinicId: clinicMembers.clinicId })
    .from(clinicMembers).innerJoin(users, eq(users.id, clinicMembers.userId))
    .where(eq(users.email, email));
  return row;
}

/** A fresh member, so steps that change people leave the demo staff alone. */
async function addMember(db: Db, clinicId: string, role: StaffRole, email: string) {
  const [user] = await db.insert(users)
    .values({ email, name: email.split("@")[0], passwordHash: "x" })
    .returning({ id: users.id });
  const [member] = await db.insert(clinicMembers)
    .values({ clinicId, userId: user.id, role })
    .returning({ id: clinicMembers.id });
  return { memberId: member.id, userId: user.id };
}

testOnEachDatabase("staff members", async (t, database) => {
  const { db } = database;
  const clinicId = await clinicIdOf(db, "demo-dental");
  const otherClinicId = await clinicIdOf(db, "second-smile");
  const owner = await memberOf(db, "owner@demo-dental.test");
  const otherOwner = await memberOf(db, "owner@second-smile.test");
  const actorId = owner.userId;

  await t.step("the team list shows the clinic's own members, owner first", async () => {
    const signedIn = new Date("2026-11-30T08:00:00Z");
    await db.update(users).set({ lastLoginAt: signedIn })
      .where(eq(users.email, "nurse@demo-dental.test"));
    const members = await listMembers(db, clinicId);
    assertEquals(members.map((m) => m.role), ["owner", "doctor", "nurse", "reception"]);
    assert(!members.some((m) => m.email.endsWith("second-smile.test")), "own clinic only");
    const nurse = members.find((m) => m.email === "nurse@demo-dental.test")!;
    assertEquals(nurse.lastLoginAt?.toISOString(), signedIn.toISOString());
    assertEquals(nurse.hasOverride, false);
    assertEquals(nurse.status, "active");
  });

  await t.step("another clinic's member is not found, like a missing one", async () => {
    for (const memberId of [otherOwner.id, crypto.randomUUID(), "not-a-uuid"]) {
      await assertRejects(() => getMember(db, clinicId, memberId), failsWith(404, "NOT_FOUND"));
      await assertRejects(
        () => changeRole(db, { clinicId, memberId, role: "nurse", actorId }),
        failsWith(404, "NOT_FOUND"),
      );
      await assertRejects(
        () => setStatus(db, { clinicId, memberId, status: "deactivated", actorId }),
        failsWith(404, "NOT_FOUND"),
      );
      await assertRejects(
        () => setMemberPermissions(db, { clinicId, memberId, permissions: null, actorId }),
        failsWith(404, "NOT_FOUND"),
      );
    }
  });

  await t.step("the owner keeps their role, status and every permission", async () => {
    const owned = { clinicId, memberId: owner.id, actorId: crypto.randomUUID() };
    const role = await assertRejects(
      () => changeRole(db, { ...owned, role: "doctor" }),
      failsWith(400, "BAD_REQUEST"),
    );
    assertMatch(role.message, /owner/);
    await assertRejects(
      () => setStatus(db, { ...owned, status: "deactivated" }),
      failsWith(400, "BAD_REQUEST"),
    );
    await assertRejects(
      () => setMemberPermissions(db, { ...owned, permissions: ["staff.view"] }),
      failsWith(400, "BAD_REQUEST"),
    );
    const { memberId } = await addMember(db, clinicId, "admin", "admin-x@example.com");
    const promote = await assertRejects(
      () => changeRole(db, { clinicId, memberId, role: "owner", actorId }),
      failsWith(400, "BAD_REQUEST"),
    );
    assertMatch(promote.message, /owner/);
  });

  await t.step("a role change is recorded in the activity log", async () => {
    const { memberId } = await addMember(db, clinicId, "nurse", "promoted@example.com");
    const member = await changeRole(db, { clinicId, memberId, role: "doctor", actorId });
    assertEquals(member.role, "doctor");
    assertEquals((await getMember(db, clinicId, memberId)).role, "doctor");
    const [entry] = await db.select().from(activityLog).where(and(
      eq(activityLog.action, "staff.role_changed"),
      eq(activityLog.entityId, memberId),
    ));
    assertEquals(entry.details, { email: "promoted@example.com", from: "nurse", to: "doctor" });
    assertEquals(entry.actorUserId, actorId);
  });

  await t.step("nobody changes their own role, status or permissions", async () => {
    const self = await addMember(db, clinicId, "admin", "self@example.com");
    const input = { clinicId, memberId: self.memberId, actorId: self.userId };
    await assertRejects(
      () => changeRole(db, { ...input, role: "reception" }),
      failsWith(400, "OWN_ACCOUNT"),
    );
    await assertRejects(
      () => setStatus(db, { ...input, status: "deactivated" }),
      failsWith(400, "OWN_ACCOUNT"),
    );
    await assertRejects(
      () => setMemberPermissions(db, { ...input, permissions: [] }),
      failsWith(400, "OWN_ACCOUNT"),
    );
  });

  await t.step("a deactivated member loses access until reactivated", async () => {
    const { memberId, userId } = await addMember(db, clinicId, "doctor", "leaver@example.com");
    assert(await loadAccess(db, userId, clinicId), "access while active");
    const off = await setStatus(db, { clinicId, memberId, status: "deactivated", actorId });
    assertEquals(off.status, "deactivated");
    assertEquals(await loadAccess(db, userId, clinicId), null);
    const on = await setStatus(db, { clinicId, memberId, status: "active", actorId });
    assertEquals(on.status, "active");
    assert(await loadAccess(db, userId, clinicId), "access again");
    const actions = (await db.select().from(activityLog).where(eq(activityLog.entityId, memberId)))
      .map((e) => e.action);
    assertEquals(actions.sort(), ["staff.deactivated", "staff.reactivated"]);
  });

  await t.step("individual permissions: unknown keys are refused by name", async () => {
    const { memberId } = await addMember(db, clinicId, "nurse", "keys@example.com");
    const error = await assertRejects(
      () =>
        setMemberPermissions(db, {
          clinicId,
          memberId,
          permissions: ["patients.view", "patients.fly"],
          actorId,
        }),
      failsWith(400, "BAD_REQUEST"),
    );
    assertMatch(error.message, /"patients\.fly"/);
    assertEquals((await getMember(db, clinicId, memberId)).hasOverride, false);
  });

  await t.step(
    "a member with an override keeps it when the role template changes",
    async () => {
      const custom = await addMember(db, clinicId, "doctor", "custom@example.com");
      const plain = await addMember(db, clinicId, "doctor", "plain@example.com");
      await setMemberPermissions(db, {
        clinicId,
        memberId: custom.memberId,
        permissions: ["patients.view", "appointments.view"],
        actorId,
      });
      const [row] = await db.select().from(clinicMembers)
        .where(eq(clinicMembers.id, custom.memberId));
      assertEquals(row.permissionsOverrideBy, actorId);
      await db.insert(roleTemplates).values({
        clinicId,
        role: "doctor",
        permissions: ["appointments.view", "staff.view"],
      });
      try {
        const customAccess = await loadAccess(db, custom.userId, clinicId);
        assertEquals([...customAccess!.permissions].sort(), [
          "appointments.view",
          "patients.view",
        ]);
        const plainAccess = await loadAccess(db, plain.userId, clinicId);
        assertEquals([...plainAccess!.permissions].sort(), ["appointments.view", "staff.view"]);

        const view = await memberPermissions(db, clinicId, custom.memberId);
        assertEquals(view.override, ["appointments.view", "patients.view"]);
        assertEquals(view.template.sort(), ["appointments.view", "staff.view"]);

        // Clearing the override puts the member back on the template.
        await setMemberPermissions(db, {
          clinicId,
          memberId: custom.memberId,
          permissions: null,
          actorId,
        });
        const cleared = await memberPermissions(db, clinicId, custom.memberId);
        assertEquals(cleared.override, null);
        assertEquals(cleared.effective.sort(), ["appointments.view", "staff.view"]);
      } finally {
        await db.delete(roleTemplates).where(eq(roleTemplates.clinicId, clinicId));
      }
    },
  );

  await t.step("a member's permissions view separates what the plan cannot give", async () => {
    const nurse = await memberOf(db, "nurse@demo-dental.test");
    const view = await memberPermissions(db, clinicId, nurse.id);
    assertEquals(view.override, null);
    assertEquals(view.effective, view.template);
    assertEquals(
      view.template,
      planDefaultPermissions("pro", "nurse").filter((k) => !view.unavailable.includes(k)),
    );
    // Demo Dental is on Pro: WhatsApp is an add-on and AI reports are Pro+.
    assert(view.unavailable.includes("whatsapp.view"));
    assert(view.unavailable.includes("ai.reports.generate"));
    assert(!view.unavailable.includes("lab.cases.view"));
    const ownerView = await memberPermissions(db, clinicId, owner.id);
    assertEquals(ownerView.override, null);
    assert(ownerView.effective.includes("staff.permissions.edit"));
  });

  await t.step("ending a member's sessions leaves their other clinic's alone", async () => {
    const kv = await Deno.openKv(":memory:");
    try {
      const sessions = new SessionStore(kv, { refreshTtlSeconds: 3600 });
      const client = { userAgent: "test", ip: "203.0.113.9" };
      const userId = crypto.randomUUID();
      const here = await sessions.create({ userId, clinicId, ...client });
      const there = await sessions.create({ userId, clinicId: otherClinicId, ...client });
      const another = await sessions.create({ userId: actorId, clinicId, ...client });
      assertEquals(await endClinicSessions(sessions, userId, clinicId), 1);
      assertEquals(await sessions.get(here.session.id), null);
      assert(await sessions.get(there.session.id), "other clinic's session stays");
      assert(await sessions.get(another.session.id), "other users' sessions stay");
    } finally {
      kv.close();
    }
  });
});
