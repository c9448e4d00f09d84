/**
 * Effective permissions of a clinic member (release notes, "Granular
 * Permissions & Role Templates"): the member's override if one is set, else
 * the clinic's template for the role, else the plan's default for the role;
 * always narrowed to the modules the clinic has.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  clinicMembers,
  clinicModules,
  clinics,
  roleTemplates,
  type StaffRole,
} from "../db/schema.ts";
import {
  isPlanId,
  MODULE_CATALOG,
  moduleOfPermission,
  PLAN_MODULES,
  type PlanId,
} from "./features.ts";
import { planDefaultPermissions } from "./role-defaults.ts";
import { ALL_PERMISSIONS } from "./tree.ts";

export type PermissionSource = "owner" | "override" | "template" | "plan";

export interface Access {
  clinicId: string;
  role: StaffRole;
  planId: PlanId;
  /** Optional modules that are on for the clinic. */
  modules: ReadonlySet<string>;
  permissions: ReadonlySet<string>;
  source: PermissionSource;
}

export function can(access: Access | null | undefined, permission: string): boolean {
  return access?.permissions.has(permission) ?? false;
}

/** Plan modules, adjusted by the clinic's own rows (a superadmin's switches). */
export function resolveModules(
  planId: PlanId,
  rows: readonly { moduleKey: string; isEnabled: boolean }[],
): Set<string> {
  const modules = new Set(PLAN_MODULES[planId]);
  for (const row of rows) {
    if (row.isEnabled) modules.add(row.moduleKey);
    else modules.delete(row.moduleKey);
  }
  return modules;
}

/** Drops keys that are unknown or belong to a module the clinic does not have. */
export function withinModules(keys: Iterable<string>, modules: ReadonlySet<string>): Set<string> {
  const known = new Set(keys);
  return new Set(ALL_PERMISSIONS.filter((key) => {
    if (!known.has(key)) return false;
    const module = moduleOfPermission(key);
    return module === null || modules.has(module);
  }));
}

export async function loadClinicModules(db: Db, clinicId: string, planId: PlanId) {
  const rows = await db
    .select({ moduleKey: clinicModules.moduleKey, isEnabled: clinicModules.isEnabled })
    .from(clinicModules)
    .where(eq(clinicModules.clinicId, clinicId));
  return resolveModules(planId, rows);
}

/** The template a role follows in a clinic: the saved one, or the plan's default. */
export async function roleTemplate(
  db: Db,
  clinicId: string,
  planId: PlanId,
  role: StaffRole,
): Promise<{ permissions: string[]; customised: boolean }> {
  if (role !== "owner") {
    const [saved] = await db
      .select({ permissions: roleTemplates.permissions })
      .from(roleTemplates)
      .where(and(eq(roleTemplates.clinicId, clinicId), eq(roleTemplates.role, role)));
    if (saved) return { permissions: saved.permissions, customised: true };
  }
  return { permissions: planDefaultPermissions(planId, role), customised: false };
}

/** Null when the user is not an active member of the clinic. */
export async function loadAccess(db: Db, userId: string, clinicId: string): Promise<Access | null> {
  const [member] = await db
    .select({
      role: clinicMembers.role,
      override: clinicMembers.permissionsOverride,
      planId: clinics.planId,
    })
    .from(clinicMembers)
    .innerJoin(clinics, eq(clinics.id, clinicMembers.clinicId))
    .where(
      and(
        eq(clinicMembers.clinicId, clinicId),
        eq(clinicMembers.userId, userId),
        eq(clinicMembers.status, "active"),
      ),
    );
  if (!member) return null;
  const planId = isPlanId(member.planId) ? member.planId : "free";
  const modules = await loadClinicModules(db, clinicId, planId);

  let source: PermissionSource;
  let keys: Iterable<string>;
  if (member.role === "owner") {
    [source, keys] = ["owner", ALL_PERMISSIONS];
  } else if (member.override) {
    [source, keys] = ["override", member.override];
  } else {
    const template = await roleTemplate(db, clinicId, planId, member.role);
    [source, keys] = [template.customised ? "template" : "plan", template.permissions];
  }
  return {
    clinicId,
    role: member.role,
    planId,
    modules,
    permissions: withinModules(keys, modules),
    source,
  };
}

export const MODULE_LABELS = new Map(MODULE_CATALOG.map((m) => [m.key, m.label]));
