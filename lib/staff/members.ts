/**
 * A clinic's team (release notes, "Staff Management" and "Role Templates"):
 * who is in it, their role and status, when they last signed in, and the
 * individual permissions that replace their role's template.
 *
 * Every function is scoped by `clinicId`; a member of another clinic is
 * reported exactly like a missing one (404).
 */
import { isUuid } from "../ids.ts";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinicMembers, clinics, type StaffRole, users } from "../db/schema.ts";
import { recordActivity } from "../activity-log.ts";
import { AppError, badRequest, forbidden, notFound } from "../errors.ts";
import { isPlanId } from "../permissions/features.ts";
import { loadClinicModules, roleTemplate, withinModules } from "../permissions/access.ts";
import { ALL_PERMISSIONS, isPermission } from "../permissions/tree.ts";
import type { SessionStore } from "../auth/sessions.ts";
import { publishAccessChange } from "../events/publish.ts";

/** Roles a member can be given; the owner is set when the clinic is created and never changes here. */
export const ASSIGNABLE_ROLES = ["admin", "doctor", "nurse", "reception"] as const;
export type AssignableRole = typeof ASSIGNABLE_ROLES[number];

export type MemberStatus = "active" | "invited" | "deactivated";

export interface StaffMember {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: StaffRole;
  status: MemberStatus;
  lastLoginAt: Date | null;
  /** True when individual permissions replace the role's template. */
  hasOverride: boolean;
  joinedAt: Date;
}

export function isAssignableRole(value: string): value is AssignableRole {
  return (ASSIGNABLE_ROLES as readonly string[]).includes(value);
}

function memberColumns() {
  return {
    id: clinicMembers.id,
    userId: clinicMembers.userId,
    name: users.name,
    email: users.email,
    role: clinicMembers.role,
    status: clinicMembers.status,
    lastLoginAt: users.lastLoginAt,
    hasOverride: sql<boolean>`${clinicMembers.permissionsOverride} is not null`,
    joinedAt: clinicMembers.createdAt,
  };
}

/** The team, owner first, then by role and name. */
export async function listMembers(db: Db, clinicId: string): Promise<StaffMember[]> {
  return await db
    .select(memberColumns())
    .from(clinicMembers)
    .innerJoin(users, eq(users.id, clinicMembers.userId))
    .where(eq(clinicMembers.clinicId, clinicId))
    .orderBy(
      sql`array_position(array['owner','admin','doctor','nurse','reception'], ${clinicMembers.role})`,
      asc(users.name),
    );
}

export async function getMember(db: Db, clinicId: string, memberId: string): Promise<StaffMember> {
  if (!isUuid(memberId)) throw notFound("Staff member not found");
  const [member] = await db
    .select(memberColumns())
    .from(clinicMembers)
    .innerJoin(users, eq(users.id, clinicMembers.userId))
    .where(and(eq(clinicMembers.clinicId, clinicId), eq(clinicMembers.id, memberId)));
  if (!member) throw notFound("Staff member not found");
  return member;
}

/**
 * A member cannot change their own role, status or permissions: it would let
 * anyone holding `staff.edit` or `staff.permissions.edit` raise themselves.
 */
function refuseOwnAccount(member: StaffMember, actorId: string, what: string): void {
  if (member.userId === actorId) {
    throw new AppError(400, "OWN_ACCOUNT", `You cannot change your own ${what}`);
  }
}

export async function changeRole(
  db: Db,
  input: { clinicId: string; memberId: string; role: string; actorId: string },
): Promise<StaffMember> {
  const member = await getMember(db, input.clinicId, input.memberId);
  if (member.role === "owner") {
    throw badRequest("The clinic owner's role cannot be changed");
  }
  if (!isAssignableRole(input.role)) {
    throw badRequest(
      input.role === "owner"
        ? "Nobody can be made owner from staff management"
        : `Unknown role "${input.role}"; use one of ${ASSIGNABLE_ROLES.join(", ")}`,
    );
  }
  refuseOwnAccount(member, input.actorId, "role");
  if (member.role === input.role) return member;
  await db.transaction(async (tx) => {
    await tx.update(clinicMembers)
      .set({ role: input.role as AssignableRole, updatedAt: new Date() })
      .where(eq(clinicMembers.id, member.id));
    await publishAccessChange(tx, { userId: member.userId, clinicId: input.clinicId });
    await recordActivity(tx, {
      clinicId: input.clinicId,
      actorId: input.actorId,
      action: "staff.role_changed",
      entityType: "clinic_member",
      entityId: member.id,
      details: { email: member.email, from: member.role, to: input.role },
    });
  });
  return { ...member, role: input.role };
}

/**
 * Deactivates or reactivates a member. The caller must also end a
 * deactivated member's sessions: this module has no access to the session
 * store, and a live access token would otherwise keep working until it lapses.
 */
export async function setStatus(
  db: Db,
  input: {
    clinicId: string;
    memberId: string;
    status: "active" | "deactivated";
    actorId: string;
  },
): Promise<StaffMember> {
  const member = await getMember(db, input.clinicId, input.memberId);
  if (member.role === "owner") throw badRequest("The clinic owner cannot be deactivated");
  refuseOwnAccount(member, input.actorId, "status");
  if (member.status === input.status) return member;
  await db.transaction(async (tx) => {
    await tx.update(clinicMembers)
      .set({ status: input.status, updatedAt: new Date() })
      .where(eq(clinicMembers.id, member.id));
    await publishAccessChange(tx, { userId: member.userId, clinicId: input.clinicId });
    await recordActivity(tx, {
      clinicId: input.clinicId,
      actorId: input.actorId,
      action: input.status === "deactivated" ? "staff.deactivated" : "staff.reactivated",
      entityType: "clinic_member",
      entityId: member.id,
      details: { email: member.email },
    });
  });
  return { ...member, status: input.status };
}

/**
 * Sets individual permissions that replace the role's template, or clears
 * them (`null`) so the member follows the template again. The override is
 * kept as given, so a later template edit does not touch it.
 */
export async function setMemberPermissions(
  db: Db,
  input: {
    clinicId: string;
    memberId: string;
    permissions: string[] | null;
    actorId: string;
    /**
     * What the actor holds, when they are a member below the owner: they may
     * not hand out a permission they lack, or two admins could escalate each
     * other. Owners and superadmins pass nothing.
     */
    actorPermissions?: ReadonlySet<string>;
  },
): Promise<StaffMember> {
  const member = await getMember(db, input.clinicId, input.memberId);
  if (member.role === "owner") {
    throw badRequest("The clinic owner always holds every permission and has no override");
  }
  refuseOwnAccount(member, input.actorId, "permissions");
  let permissions: string[] | null = null;
  if (input.permissions) {
    const unknown = input.permissions.filter((key) => !isPermission(key));
    if (unknown.length) {
      throw badRequest(`Unknown permission ${unknown.map((k) => `"${k}"`).join(", ")}`, {
        unknown,
      });
    }
    const chosen = new Set(input.permissions);
    permissions = ALL_PERMISSIONS.filter((key) => chosen.has(key));
    if (input.actorPermissions) {
      const held = new Set((await memberPermissions(db, input.clinicId, member.id)).effective);
      const ungrantable = permissions.filter((key) =>
        !held.has(key) && !input.actorPermissions!.has(key)
      );
      if (ungrantable.length) {
        throw forbidden(
          "FORBIDDEN",
          `You cannot grant permissions you do not hold yourself: ${ungrantable.join(", ")}`,
          { permission: ungrantable[0], ungrantable },
        );
      }
    }
  }
  await db.transaction(async (tx) => {
    await tx.update(clinicMembers)
      .set({
        permissionsOverride: permissions,
        permissionsOverrideBy: permissions ? input.actorId : null,
        updatedAt: new Date(),
      })
      .where(eq(clinicMembers.id, member.id));
    await publishAccessChange(tx, { userId: member.userId, clinicId: input.clinicId });
    await recordActivity(tx, {
      clinicId: input.clinicId,
      actorId: input.actorId,
      action: permissions ? "staff.permissions_changed" : "staff.permissions_reset",
      entityType: "clinic_member",
      entityId: member.id,
      details: { email: member.email, count: permissions?.length ?? null },
    });
  });
  return { ...member, hasOverride: permissions !== null };
}

/**
 * Ends the sessions a deactivated member holds in this clinic at once, rather
 * than when their access token lapses. Sessions in another clinic they belong
 * to are that clinic's business and stay.
 */
export async function endClinicSessions(
  sessions: SessionStore,
  userId: string,
  clinicId: string,
): Promise<number> {
  let ended = 0;
  for (const session of await sessions.listForUser(userId)) {
    if (session.clinicId === clinicId && await sessions.revoke(session.id)) ended++;
  }
  return ended;
}

export interface MemberPermissions {
  member: StaffMember;
  /** What the member holds (or would hold, if deactivated), narrowed to the clinic's modules. */
  effective: string[];
  /** The stored override, as saved; null when the member follows the template. */
  override: string[] | null;
  /** The role's template in this clinic, narrowed to the clinic's modules. */
  template: string[];
  /** Keys the clinic's plan and modules do not allow, whatever is chosen. */
  unavailable: string[];
}

export async function memberPermissions(
  db: Db,
  clinicId: string,
  memberId: string,
): Promise<MemberPermissions> {
  const member = await getMember(db, clinicId, memberId);
  const [row] = await db
    .select({ override: clinicMembers.permissionsOverride, planId: clinics.planId })
    .from(clinicMembers)
    .innerJoin(clinics, eq(clinics.id, clinicMembers.clinicId))
    .where(eq(clinicMembers.id, member.id));
  const planId = isPlanId(row.planId) ? row.planId : "free";
  const modules = await loadClinicModules(db, clinicId, planId);
  const template = withinModules(
    (await roleTemplate(db, clinicId, planId, member.role)).permissions,
    modules,
  );
  const override = member.role === "owner" ? null : row.override;
  const effective = member.role === "owner"
    ? withinModules(ALL_PERMISSIONS, modules)
    : override
    ? withinModules(override, modules)
    : template;
  const available = withinModules(ALL_PERMISSIONS, modules);
  return {
    member,
    effective: [...effective],
    override,
    template: [...template],
    unavailable: ALL_PERMISSIONS.filter((key) => !available.has(key)),
  };
}
