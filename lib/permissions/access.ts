/**
 * Effective permissions of a clinic member (release notes, "Granular
 * Permissions & Role Templates"): the member's override if one is set, else
 * the clinic's template for the role, else the plan's default for the role;
 * always narrowed to the modules the clinic has.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { preparedPerDatabase } from "../db/prepared.ts";
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

/**
 * The columns access is computed from, for a query joining `clinic_members`
 * and `clinics`: the member's role and override, the plan, the clinic's module
 * switches and the role's saved template, in one statement.
 */
export function accessColumns() {
  return {
    role: clinicMembers.role,
    override: clinicMembers.permissionsOverride,
    planId: clinics.planId,
    modulesOn: sql<string[]>`array(select ${clinicModules.moduleKey} from ${clinicModules}
      where ${clinicModules.clinicId} = ${clinicMembers.clinicId} and ${clinicModules.isEnabled})`,
    modulesOff: sql<string[]>`array(select ${clinicModules.moduleKey} from ${clinicModules}
      where ${clinicModules.clinicId} = ${clinicMembers.clinicId} and not ${clinicModules.isEnabled})`,
    template: sql<string[] | null>`(select ${roleTemplates.permissions} from ${roleTemplates}
      where ${roleTemplates.clinicId} = ${clinicMembers.clinicId}
        and ${roleTemplates.role} = ${clinicMembers.role})`,
  };
}

export interface AccessRow {
  role: StaffRole;
  override: string[] | null;
  planId: string;
  modulesOn: string[];
  modulesOff: string[];
  template: string[] | null;
}

/** Access from what `accessColumns` read. */
export function accessFrom(clinicId: string, row: AccessRow): Access {
  const planId = isPlanId(row.planId) ? row.planId : "free";
  const modules = resolveModules(planId, [
    ...row.modulesOn.map((moduleKey) => ({ moduleKey, isEnabled: true })),
    ...row.modulesOff.map((moduleKey) => ({ moduleKey, isEnabled: false })),
  ]);
  let source: PermissionSource;
  let keys: Iterable<string>;
  if (row.role === "owner") {
    [source, keys] = ["owner", ALL_PERMISSIONS];
  } else if (row.override) {
    [source, keys] = ["override", row.override];
  } else if (row.template) {
    [source, keys] = ["template", row.template];
  } else {
    [source, keys] = ["plan", planDefaultPermissions(planId, row.role)];
  }
  return {
    clinicId,
    role: row.role,
    planId,
    modules,
    permissions: withinModules(keys, modules),
    source,
  };
}

const activeMemberAccess = preparedPerDatabase((db) =>
  db.select(accessColumns())
    .from(clinicMembers)
    .innerJoin(clinics, eq(clinics.id, clinicMembers.clinicId))
    .where(
      and(
        eq(clinicMembers.clinicId, sql.placeholder("clinicId")),
        eq(clinicMembers.userId, sql.placeholder("userId")),
        eq(clinicMembers.status, "active"),
      ),
    )
    .prepare("active_member_access")
);

/** Null when the user is not an active member of the clinic. */
export async function loadAccess(db: Db, userId: string, clinicId: string): Promise<Access | null> {
  const [row] = await activeMemberAccess(db).execute({ clinicId, userId });
  return row ? accessFrom(clinicId, row) : null;
}

export const MODULE_LABELS = new Map(MODULE_CATALOG.map((m) => [m.key, m.label]));
