/** Staff management: the team, invitations, roles, status and individual permissions. */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../../lib/http/app-env.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import { accessOf, requirePermission } from "../../../lib/permissions/route-policy.ts";
import {
  changeRole,
  endClinicSessions,
  listMembers,
  memberPermissions,
  setMemberPermissions,
  setStatus,
  type StaffMember,
} from "../../../lib/staff/members.ts";
import {
  type Invitation,
  invitationLink,
  inviteMember,
  listOpenInvitations,
  resendInvitation,
  revokeInvitation,
} from "../../../lib/staff/invitations.ts";

// Roles are checked by lib/staff, whose refusals say which roles are allowed and why.
const role = z.string().max(40);

const inviteBody = z.object({ email: z.string().trim().max(320).email(), role }).strict();

const memberBody = z.object({ role }).partial().strict()
  .refine((body) => Object.keys(body).length > 0, "Send the fields to change: role");

const statusBody = z.object({ status: z.enum(["active", "deactivated"]) }).strict();

const permissionsBody = z.object({
  permissions: z.array(z.string().max(100)).max(500),
}).strict();

/** Signed-in routes always carry a clinic member's principal; a superadmin has no clinic here. */
/**
 * `id` names the membership (the staff routes below take it); `userId` names the person, which is
 * what an appointment's `doctorId` takes.
 */
function memberJson(member: StaffMember) {
  return {
    id: member.id,
    userId: member.userId,
    name: member.name,
    email: member.email,
    role: member.role,
    status: member.status,
    lastLoginAt: member.lastLoginAt?.toISOString() ?? null,
    hasOverride: member.hasOverride,
  };
}

function invitationJson(invitation: Invitation) {
  return {
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    createdAt: invitation.createdAt.toISOString(),
    expiresAt: invitation.expiresAt.toISOString(),
  };
}

export const staffApi = new Hono<AppEnv>()
  .get("/", requirePermission("staff.view"), async (c) => {
    const members = await listMembers(c.var.deps.db, c.var.clinicId);
    return c.json({ members: members.map(memberJson) });
  })
  .get("/invitations", requirePermission("staff.invitations.view"), async (c) => {
    const invitations = await listOpenInvitations(c.var.deps.db, c.var.clinicId);
    const now = Date.now();
    return c.json({
      invitations: invitations.map((i) => ({
        ...invitationJson(i),
        expired: i.expiresAt.getTime() <= now,
      })),
    });
  })
  .post("/invitations", requirePermission("staff.invite"), jsonBody(inviteBody), async (c) => {
    const { db, config } = c.var.deps;
    const { invitation, token } = await inviteMember(db, {
      clinicId: c.var.clinicId,
      ...c.req.valid("json"),
      actorId: c.var.principal.userId,
      appUrl: config.appUrl,
    });
    c.header("Cache-Control", "no-store");
    return c.json(
      { invitation: invitationJson(invitation), link: invitationLink(config.appUrl, token) },
      201,
    );
  })
  .post("/invitations/:id/resend", requirePermission("staff.invitations.resend"), async (c) => {
    const { db, config } = c.var.deps;
    const { invitation, token } = await resendInvitation(db, {
      clinicId: c.var.clinicId,
      invitationId: c.req.param("id"),
      actorId: c.var.principal.userId,
      appUrl: config.appUrl,
    });
    c.header("Cache-Control", "no-store");
    return c.json({
      invitation: invitationJson(invitation),
      link: invitationLink(config.appUrl, token),
    });
  })
  .delete("/invitations/:id", requirePermission("staff.invitations.revoke"), async (c) => {
    await revokeInvitation(c.var.deps.db, {
      clinicId: c.var.clinicId,
      invitationId: c.req.param("id"),
      actorId: c.var.principal.userId,
    });
    return c.json({ ok: true });
  })
  .patch("/:memberId", requirePermission("staff.edit"), jsonBody(memberBody), async (c) => {
    const member = await changeRole(c.var.deps.db, {
      clinicId: c.var.clinicId,
      memberId: c.req.param("memberId"),
      role: c.req.valid("json").role!,
      actorId: c.var.principal.userId,
    });
    return c.json({ member: memberJson(member) });
  })
  .patch(
    "/:memberId/status",
    requirePermission("staff.deactivate"),
    jsonBody(statusBody),
    async (c) => {
      const { db, auth } = c.var.deps;
      const member = await setStatus(db, {
        clinicId: c.var.clinicId,
        memberId: c.req.param("memberId"),
        status: c.req.valid("json").status,
        actorId: c.var.principal.userId,
      });
      const sessionsEnded = member.status === "deactivated"
        ? await endClinicSessions(auth.sessions, member.userId, c.var.clinicId)
        : 0;
      return c.json({ member: memberJson(member), sessionsEnded });
    },
  )
  .get("/:memberId/permissions", requirePermission("staff.permissions.view"), async (c) => {
    const result = await memberPermissions(c.var.deps.db, c.var.clinicId, c.req.param("memberId"));
    return c.json({
      permissions: result.effective,
      override: result.override,
      template: result.template,
      unavailable: result.unavailable,
    });
  })
  .put(
    "/:memberId/permissions",
    requirePermission("staff.permissions.edit"),
    jsonBody(permissionsBody),
    async (c) => {
      const { db } = c.var.deps;
      const clinicId = c.var.clinicId;
      const memberId = c.req.param("memberId");
      const access = await accessOf(c);
      await setMemberPermissions(db, {
        clinicId,
        memberId,
        permissions: c.req.valid("json").permissions,
        actorId: c.var.principal.userId,
        actorPermissions: access?.source === "owner" ? undefined : access?.permissions,
      });
      const result = await memberPermissions(db, clinicId, memberId);
      const unavailable = new Set(result.unavailable);
      return c.json({
        permissions: result.effective,
        override: result.override,
        template: result.template,
        // Kept in the override, but not granted while the clinic lacks their module.
        ignored: c.req.valid("json").permissions.filter((key) => unavailable.has(key)),
      });
    },
  )
  .delete("/:memberId/permissions", requirePermission("staff.permissions.edit"), async (c) => {
    const { db } = c.var.deps;
    const clinicId = c.var.clinicId;
    const memberId = c.req.param("memberId");
    await setMemberPermissions(db, {
      clinicId,
      memberId,
      permissions: null,
      actorId: c.var.principal.userId,
    });
    const result = await memberPermissions(db, clinicId, memberId);
    return c.json({
      permissions: result.effective,
      override: result.override,
      template: result.template,
    });
  });
