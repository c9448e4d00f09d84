/**
 * Role templates (release notes, "Role Templates"): a clinic's own default
 * permissions for a staff role, edited in Settings → Permission Templates.
 * Without a saved template a role follows its plan's default. Members without
 * an individual override follow the template live, so saving or resetting a
 * template touches no member row; it announces an access change for the
 * clinic, which every instance's principal cache acts on at once.
 *
 * @example
 * ```ts
 * const roles = await listTemplates(db, clinicId, "pro");
 * await saveTemplate(db, { clinicId, role: "doctor", permissions: ["patients.view"], actorId });
 * await resetTemplate(db, { clinicId, role: "doctor", actorId }); // back to the plan default
 * ```
 */
import { and, count, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinicMembers, clinics, roleTemplates, users } from "../db/schema.ts";
import { recordActivity } from "../activity-log.ts";
import { badRequest, forbidden, notFound } from "../errors.ts";
import { loadClinicModules, withinModules } from "./access.ts";
import { isPlanId, moduleOfPermission, type PlanId } from "./features.ts";
import { planDefaultPermissions } from "./role-defaults.ts";
import { ALL_PERMISSIONS, isPermission } from "./tree.ts";
import { publishAccessChange } from "../events/publish.ts";

/** Owners are left out: they always hold every permission. */
export const TEMPLATE_ROLES = ["admin", "doctor", "nurse", "reception"] as const;
export type TemplateRole = typeof TEMPLATE_ROLES[number];

export interface RoleTemplateView {
  role: TemplateRole;
  /** The keys the role's members get, in tree order, within the clinic's modules. */
  permissions: string[];
  /** True when the clinic saved its own template; false means the plan default. */
  customised: boolean;
  updatedAt: Date | null;
  updatedByName: string | null;
  /** Active members of the role who follow the template. */
  following: number;
  /** Active members of the role with individual permissions, whom the template does not reach. */
  overridden: number;
}

/** Answers the way the API and pages want a bad role: owner is a 400, anything else unknown a 404. */
export function templateRole(role: string): TemplateRole {
  if ((TEMPLATE_ROLES as readonly string[]).includes(role)) return role as TemplateRole;
  if (role === "owner") {
    throw badRequest("The owner always has every permission; there is no owner template");
  }
  throw notFound(`Unknown role "${role}"; templates exist for ${TEMPLATE_ROLES.join(", ")}`);
}

/** Keys that belong to a module the clinic does not have: shown, but never granted. */
export function keysOutsideModules(modules: ReadonlySet<string>): string[] {
  return ALL_PERMISSIONS.filter((key) => {
    const module = moduleOfPermission(key);
    return module !== null && !modules.has(module);
  });
}

export async function listTemplates(
  db: Db,
  clinicId: string,
  planId: PlanId,
): Promise<RoleTemplateView[]> {
  const [modules, saved, members] = await Promise.all([
    loadClinicModules(db, clinicId, planId),
    db.select({
      role: roleTemplates.role,
      permissions: roleTemplates.permissions,
      updatedAt: roleTemplates.updatedAt,
      updatedByName: users.name,
    })
      .from(roleTemplates)
      .leftJoin(users, eq(users.id, roleTemplates.updatedBy))
      .where(eq(roleTemplates.clinicId, clinicId)),
    db.select({
      role: clinicMembers.role,
      following: isNull(clinicMembers.permissionsOverride),
      n: count(),
    })
      .from(clinicMembers)
      .where(and(eq(clinicMembers.clinicId, clinicId), eq(clinicMembers.status, "active")))
      .groupBy(clinicMembers.role, isNull(clinicMembers.permissionsOverride)),
  ]);
  const memberCount = (role: string, following: boolean) =>
    members.find((m) => m.role === role && m.following === following)?.n ?? 0;
  return TEMPLATE_ROLES.map((role) => {
    const row = saved.find((s) => s.role === role);
    return {
      role,
      permissions: [
        ...withinModules(row?.permissions ?? planDefaultPermissions(planId, role), modules),
      ],
      customised: Boolean(row),
      updatedAt: row?.updatedAt ?? null,
      updatedByName: row?.updatedByName ?? null,
      following: memberCount(role, true),
      overridden: memberCount(role, false),
    };
  });
}

export async function getTemplate(
  db: Db,
  clinicId: string,
  planId: PlanId,
  role: string,
): Promise<RoleTemplateView> {
  const wanted = templateRole(role);
  return (await listTemplates(db, clinicId, planId)).find((t) => t.role === wanted)!;
}

export interface SaveTemplateInput {
  clinicId: string;
  /** Checked here, so a caller may pass what the request said. */
  role: string;
  permissions: readonly string[];
  actorId: string;
  /**
   * What the actor holds, when they are not the owner: a key they lack can
   * stay in the template but not be added to it, or editing their own role's
   * template would hand them anything they liked.
   */
  actorPermissions?: ReadonlySet<string>;
}

export interface SavedTemplate {
  role: TemplateRole;
  permissions: string[];
  customised: true;
  /** Keys that were sent but belong to a module the clinic lacks, so were not stored. */
  ignored: string[];
}

async function clinicPlan(db: Db, clinicId: string): Promise<PlanId> {
  const [clinic] = await db.select({ planId: clinics.planId }).from(clinics)
    .where(eq(clinics.id, clinicId));
  if (!clinic) throw notFound("Clinic not found");
  return isPlanId(clinic.planId) ? clinic.planId : "free";
}

export async function saveTemplate(db: Db, input: SaveTemplateInput): Promise<SavedTemplate> {
  const role = templateRole(input.role);
  const unknown = [...new Set(input.permissions.filter((key) => !isPermission(key)))];
  if (unknown.length) {
    throw badRequest(
      `Unknown ${unknown.length === 1 ? "permission" : "permissions"}: ${unknown.join(", ")}`,
      { unknown },
    );
  }
  const planId = await clinicPlan(db, input.clinicId);
  const modules = await loadClinicModules(db, input.clinicId, planId);
  const kept = withinModules(input.permissions, modules);
  const ignored = ALL_PERMISSIONS.filter((key) =>
    input.permissions.includes(key) && !kept.has(key)
  );

  return await db.transaction(async (tx) => {
    const [saved] = await tx.select({ permissions: roleTemplates.permissions }).from(roleTemplates)
      .where(and(eq(roleTemplates.clinicId, input.clinicId), eq(roleTemplates.role, role)))
      .for("update");
    const before = withinModules(
      saved?.permissions ?? planDefaultPermissions(planId, role),
      modules,
    );
    const added = [...kept].filter((key) => !before.has(key));
    const removed = [...before].filter((key) => !kept.has(key));
    const ungrantable = input.actorPermissions
      ? added.filter((key) => !input.actorPermissions!.has(key))
      : [];
    if (ungrantable.length) {
      throw forbidden(
        "FORBIDDEN",
        `You cannot grant permissions you do not hold yourself: ${ungrantable.join(", ")}`,
        { permission: ungrantable[0], ungrantable },
      );
    }
    const stored = [...kept].sort();
    await tx.insert(roleTemplates)
      .values({ clinicId: input.clinicId, role, permissions: stored, updatedBy: input.actorId })
      .onConflictDoUpdate({
        target: [roleTemplates.clinicId, roleTemplates.role],
        set: { permissions: stored, updatedBy: input.actorId, updatedAt: sql`now()` },
      });
    await publishAccessChange(tx, { clinicId: input.clinicId });
    await recordActivity(tx, {
      clinicId: input.clinicId,
      actorId: input.actorId,
      action: "permissions.template_saved",
      entityType: "role_template",
      entityId: role,
      details: { role, count: stored.length, added, removed, ignored },
    });
    return { role, permissions: [...kept], customised: true as const, ignored };
  });
}

export interface ResetTemplateInput {
  clinicId: string;
  role: string;
  actorId: string;
}

/** Deletes the clinic's template, so the role follows its plan default again. */
export async function resetTemplate(db: Db, input: ResetTemplateInput): Promise<{
  role: TemplateRole;
  permissions: string[];
  customised: false;
}> {
  const role = templateRole(input.role);
  const planId = await clinicPlan(db, input.clinicId);
  const modules = await loadClinicModules(db, input.clinicId, planId);
  await db.transaction(async (tx) => {
    const deleted = await tx.delete(roleTemplates)
      .where(and(eq(roleTemplates.clinicId, input.clinicId), eq(roleTemplates.role, role)))
      .returning({ role: roleTemplates.role });
    // Resetting what is already the default changed nothing, so there is nothing to record.
    if (!deleted.length) return;
    await publishAccessChange(tx, { clinicId: input.clinicId });
    await recordActivity(tx, {
      clinicId: input.clinicId,
      actorId: input.actorId,
      action: "permissions.template_reset",
      entityType: "role_template",
      entityId: role,
      details: { role, planId },
    });
  });
  return {
    role,
    permissions: [...withinModules(planDefaultPermissions(planId, role), modules)],
    customised: false,
  };
}
