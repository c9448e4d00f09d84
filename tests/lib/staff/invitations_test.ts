import { and, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch, assertRejects } from "../../support/assert.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import type { Db } from "../../../lib/db/client.ts";
import {
  activityLog,
  clinicMembers,
  clinics,
  staffInvitations,
  users,
} from "../../../lib/db/schema.ts";
import { AppError } from "../../../lib/errors.ts";
import { hashPassword, verifyPassword } from "../../../lib/auth/passwords.ts";
import {
  acceptInvitation,
  INVITATION_TTL_MS,
  invitationLink,
  inviteMember,
  listOpenInvitations,
  listPlatformInvitations,
  previewInvitation,
  resendInvitation,
  revokeInvitation,
} from "../../../lib/staff/invitations.ts";

const failsWith = (status: number, code: string) => (error: Error) =>
  error instanceof AppError && error.status === status && error.code === code;

async function idOf(db: Db, table: "clinic" | "user", key: string): Promise<string> {
  const [row] = table === "clinic"
    ? await db.select({ id: clinics.id }).from(clinics).where(eq(clinics.slug, key))
    : await db.select({ id: users.id }).from(users).where(eq(users.email, key));
  return row.id;
}

testOnEachDatabase("staff invitations", async (t, database) => {
  const { db } = database;
  const clinicId = await idOf(db, "clinic", "demo-dental");
  const otherClinicId = await idOf(db, "clinic", "second-smile");
  const actorId = await idOf(db, "user", "owner@demo-dental.test");
  const now = new Date("2026-12-01T09:00:00Z");

  await t.step("an invitation stores only a hash of a 7-day link token", async () => {
    const { invitation, token } = await inviteMember(db, {
      clinicId,
      email: "  New.Doctor@Example.COM ",
      role: "doctor",
      actorId,
      now,
    });
    assertMatch(token, /^[A-Za-z0-9_-]{43}$/);
    assertEquals(invitation.email, "new.doctor@example.com");
    assertEquals(invitation.expiresAt.getTime() - now.getTime(), INVITATION_TTL_MS);
    const [row] = await db.select().from(staffInvitations)
      .where(eq(staffInvitations.id, invitation.id));
    assert(row.tokenHash !== token && !row.tokenHash.includes(token), "token never stored");
    assertEquals(
      invitationLink("https://app.example", token),
      `https://app.example/invite/${token}`,
    );
    const [logged] = await db.select().from(activityLog).where(and(
      eq(activityLog.action, "staff.invited"),
      eq(activityLog.entityId, invitation.id),
    ));
    assertEquals(logged.actorUserId, actorId);
    const open = await listOpenInvitations(db, clinicId);
    assert(open.some((i) => i.id === invitation.id), "listed as pending");
    assert(
      !(await listOpenInvitations(db, otherClinicId)).some((i) => i.id === invitation.id),
      "not another clinic's",
    );
  });

  await t.step("an active member or an open invitation cannot be invited again", async () => {
    const member = await assertRejects(
      () => inviteMember(db, { clinicId, email: "nurse@demo-dental.test", role: "nurse", actorId }),
      failsWith(409, "ALREADY_MEMBER"),
    );
    assertMatch(member.message, /already a member/);
    const again = await assertRejects(
      () => inviteMember(db, { clinicId, email: "new.doctor@example.com", role: "nurse", actorId }),
      failsWith(409, "ALREADY_INVITED"),
    );
    assertMatch(again.message, /Resend/);
    // The same address may be invited by another clinic.
    const elsewhere = await inviteMember(db, {
      clinicId: otherClinicId,
      email: "new.doctor@example.com",
      role: "reception",
      actorId,
    });
    await revokeInvitation(db, {
      clinicId: otherClinicId,
      invitationId: elsewhere.invitation.id,
      actorId,
    });
  });

  await t.step("of two simultaneous invitations to one address, one wins", async () => {
    const results = await Promise.allSettled(
      ["doctor", "nurse"].map((role) =>
        inviteMember(db, { clinicId, email: "race@example.com", role, actorId })
      ),
    );
    assertEquals(results.filter((r) => r.status === "fulfilled").length, 1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    assert(failsWith(409, "ALREADY_INVITED")(lost.reason), String(lost.reason));
  });

  await t.step("only staff roles can be invited, and only to real addresses", async () => {
    for (const role of ["owner", "superadmin", ""]) {
      await assertRejects(
        () => inviteMember(db, { clinicId, email: "x@example.com", role, actorId }),
        failsWith(400, "BAD_REQUEST"),
        role,
      );
    }
    await assertRejects(
      () => inviteMember(db, { clinicId, email: "not-an-address", role: "nurse", actorId }),
      failsWith(400, "BAD_REQUEST"),
    );
  });

  await t.step("resending issues a new link and the old one stops working", async () => {
    const first = await inviteMember(db, {
      clinicId,
      email: "resend@example.com",
      role: "nurse",
      actorId,
      now,
    });
    const later = new Date(now.getTime() + 3 * 86_400_000);
    const second = await resendInvitation(db, {
      clinicId,
      invitationId: first.invitation.id,
      actorId,
      now: later,
    });
    assert(second.token !== first.token, "a new token");
    assertEquals(second.invitation.id, first.invitation.id);
    assertEquals(second.invitation.expiresAt.getTime(), later.getTime() + INVITATION_TTL_MS);
    await assertRejects(
      () => previewInvitation(db, first.token, later),
      failsWith(404, "INVITATION_INVALID"),
    );
    const preview = await previewInvitation(db, second.token, later);
    assertEquals(preview.invitation.email, "resend@example.com");
    assertEquals(preview.clinicName, "Demo Dental");
    assertEquals(preview.hasAccount, false);
  });

  await t.step("an expired invitation asks for a resend, which revives it", async () => {
    const { invitation, token } = await inviteMember(db, {
      clinicId,
      email: "late@example.com",
      role: "reception",
      actorId,
      now,
    });
    const afterExpiry = new Date(now.getTime() + INVITATION_TTL_MS + 1);
    await assertRejects(
      () => previewInvitation(db, token, afterExpiry),
      failsWith(410, "INVITATION_EXPIRED"),
    );
    await assertRejects(
      () =>
        acceptInvitation(db, {
          token,
          name: "Late",
          password: "long-enough-pw",
          now: afterExpiry,
        }),
      failsWith(410, "INVITATION_EXPIRED"),
    );
    const reinvite = await assertRejects(
      () =>
        inviteMember(db, {
          clinicId,
          email: "late@example.com",
          role: "reception",
          actorId,
          now: afterExpiry,
        }),
      failsWith(409, "ALREADY_INVITED"),
    );
    assertMatch(reinvite.message, /expired.*Resend/);
    const fresh = await resendInvitation(db, {
      clinicId,
      invitationId: invitation.id,
      actorId,
      now: afterExpiry,
    });
    assertEquals(
      (await previewInvitation(db, fresh.token, afterExpiry)).invitation.id,
      invitation.id,
    );
  });

  await t.step("a revoked invitation's link fails and it leaves the pending list", async () => {
    const { invitation, token } = await inviteMember(db, {
      clinicId,
      email: "revoked@example.com",
      role: "doctor",
      actorId,
    });
    await assertRejects(
      () => revokeInvitation(db, { clinicId: otherClinicId, invitationId: invitation.id, actorId }),
      failsWith(404, "NOT_FOUND"),
      "another clinic cannot revoke it",
    );
    await revokeInvitation(db, { clinicId, invitationId: invitation.id, actorId });
    await assertRejects(
      () => previewInvitation(db, token),
      failsWith(410, "INVITATION_REVOKED"),
    );
    assert(!(await listOpenInvitations(db, clinicId)).some((i) => i.id === invitation.id));
    await assertRejects(
      () => resendInvitation(db, { clinicId, invitationId: invitation.id, actorId }),
      failsWith(404, "NOT_FOUND"),
    );
    await assertRejects(
      () => revokeInvitation(db, { clinicId, invitationId: "not-a-uuid", actorId }),
      failsWith(404, "NOT_FOUND"),
    );
    // Revoking frees the address for a new invitation.
    const again = await inviteMember(db, {
      clinicId,
      email: "revoked@example.com",
      role: "doctor",
      actorId,
    });
    await revokeInvitation(db, { clinicId, invitationId: again.invitation.id, actorId });
  });

  await t.step(
    "accepting creates the account and an active membership with the invited role",
    async () => {
      const { token } = await inviteMember(db, {
        clinicId,
        email: "joiner@example.com",
        role: "doctor",
        actorId,
      });
      await assertRejects(
        () => acceptInvitation(db, { token, name: "Joiner", password: "short" }),
        failsWith(400, "BAD_REQUEST"),
      );
      await assertRejects(
        () => acceptInvitation(db, { token, name: "  ", password: "long-enough-pw" }),
        failsWith(400, "BAD_REQUEST"),
      );
      const accepted = await acceptInvitation(db, {
        token,
        name: " Dr. Joiner ",
        password: "long-enough-pw",
      });
      assertEquals(accepted.createdAccount, true);
      const [user] = await db.select().from(users).where(eq(users.id, accepted.userId));
      assertEquals(user.name, "Dr. Joiner");
      assertMatch(user.passwordHash, /^\$argon2id\$/);
      assert(await verifyPassword("long-enough-pw", user.passwordHash));
      const [member] = await db.select().from(clinicMembers).where(and(
        eq(clinicMembers.clinicId, clinicId),
        eq(clinicMembers.userId, accepted.userId),
      ));
      assertEquals(member.role, "doctor");
      assertEquals(member.status, "active");
      assertEquals(member.permissionsOverride, null);
      await assertRejects(
        () => acceptInvitation(db, { token, name: "Twice", password: "long-enough-pw" }),
        failsWith(410, "INVITATION_USED"),
      );
    },
  );

  await t.step("an existing account joins with its own password, unchanged", async () => {
    const email = "owner@second-smile.test";
    const { token } = await inviteMember(db, { clinicId, email, role: "reception", actorId });
    assertEquals((await previewInvitation(db, token)).hasAccount, true);
    const before = (await db.select().from(users).where(eq(users.email, email)))[0];
    await assertRejects(
      () => acceptInvitation(db, { token, name: "Someone", password: "wrong-password-123" }),
      failsWith(401, "INVALID_CREDENTIALS"),
    );
    const accepted = await acceptInvitation(db, { token, password: "demo-password" });
    assertEquals(accepted.createdAccount, false);
    assertEquals(accepted.userId, before.id);
    const after = (await db.select().from(users).where(eq(users.email, email)))[0];
    assertEquals(after.name, before.name);
    assertEquals(after.passwordHash, before.passwordHash);
    const memberships = await db.select().from(clinicMembers)
      .where(eq(clinicMembers.userId, before.id));
    assertEquals(
      memberships.map((m) => [m.clinicId === clinicId ? "demo" : "own", m.role]).sort(),
      [["demo", "reception"], ["own", "owner"]],
    );
    // Leave Second Smile's owner as the demo data has it.
    await db.delete(clinicMembers).where(and(
      eq(clinicMembers.clinicId, clinicId),
      eq(clinicMembers.userId, before.id),
    ));
  });

  await t.step("a former member invited back returns on the role's template", async () => {
    const email = "former@example.com";
    const [user] = await db.insert(users).values({
      email,
      name: "Former",
      passwordHash: await hashPassword("former-password"),
    }).returning({ id: users.id });
    await db.insert(clinicMembers).values({
      clinicId,
      userId: user.id,
      role: "admin",
      status: "deactivated",
      permissionsOverride: ["staff.view"],
    });
    const { token } = await inviteMember(db, { clinicId, email, role: "nurse", actorId });
    await acceptInvitation(db, { token, password: "former-password" });
    const [member] = await db.select().from(clinicMembers).where(and(
      eq(clinicMembers.clinicId, clinicId),
      eq(clinicMembers.userId, user.id),
    ));
    assertEquals([member.role, member.status, member.permissionsOverride], [
      "nurse",
      "active",
      null,
    ]);
  });

  await t.step("a malformed or unknown link is simply invalid", async () => {
    for (const token of ["", "short", "x".repeat(43), "../../etc/passwd"]) {
      await assertRejects(
        () => previewInvitation(db, token),
        failsWith(404, "INVITATION_INVALID"),
        token,
      );
    }
  });

  await t.step("the platform list names each pending invitation's clinic", async () => {
    const pending = await listPlatformInvitations(db);
    const resend = pending.find((i) => i.email === "resend@example.com");
    assertEquals(resend?.clinicName, "Demo Dental");
    assert(!pending.some((i) => i.email === "joiner@example.com"), "accepted ones left out");
  });
});
