/**
 * What moving a clinic from one plan to another changes, for the plan dialog's hints: the
 * optional modules it gains or loses, and the permissions each role's plan baseline gains or
 * loses ("Doctors on Pro+ get DICOM analysis"). Pure: computed from the catalog and the role
 * defaults, so it can never disagree with what access actually grants.
 */
import type { StaffRole } from "../db/schema.ts";
import {
  isPlanId,
  MODULE_CATALOG,
  moduleOfPermission,
  PLAN_MODULES,
} from "../permissions/features.ts";
import { planDefaultPermissions } from "../permissions/role-defaults.ts";
import { PERMISSION_TREE } from "../permissions/tree.ts";

/** Roles whose baseline follows the plan; owners and admins hold everything on every plan. */
const BASELINE_ROLES: StaffRole[] = ["doctor", "nurse", "reception"];

const PERMISSION_LABELS = new Map(
  PERMISSION_TREE.flatMap((m) =>
    m.groups.flatMap((g) => g.permissions.map((p) => [p.key, p.label]))
  ),
);
const MODULE_LABELS = new Map(MODULE_CATALOG.map((m) => [m.key, m.label]));

export interface RoleDefaultChange {
  role: StaffRole;
  /** Labels of the permissions the role's baseline gains, in tree order. */
  gains: string[];
  losses: string[];
}

export interface PlanChangeHints {
  /** Labels of optional modules the clinic gains, in catalog order. */
  gainsModules: string[];
  losesModules: string[];
  /** Only roles whose baseline changes. */
  roles: RoleDefaultChange[];
}

function withModule(keys: string[], modules: readonly string[]): Set<string> {
  return new Set(keys.filter((key) => {
    const module = moduleOfPermission(key);
    return module === null || modules.includes(module);
  }));
}

export function planChangeHints(fromPlanId: string, toPlanId: string): PlanChangeHints {
  const from = isPlanId(fromPlanId) ? fromPlanId : "free";
  const to = isPlanId(toPlanId) ? toPlanId : "free";
  const before = PLAN_MODULES[from];
  const after = PLAN_MODULES[to];
  const label = (key: string) => MODULE_LABELS.get(key) ?? key;
  const roles: RoleDefaultChange[] = [];
  for (const role of BASELINE_ROLES) {
    // What the role effectively holds: a permission of a module the plan lacks is never granted.
    const had = withModule(planDefaultPermissions(from, role), before);
    const has = withModule(planDefaultPermissions(to, role), after);
    const gains = [...has].filter((key) => !had.has(key));
    const losses = [...had].filter((key) => !has.has(key));
    if (gains.length || losses.length) {
      roles.push({
        role,
        gains: gains.map((key) => PERMISSION_LABELS.get(key) ?? key),
        losses: losses.map((key) => PERMISSION_LABELS.get(key) ?? key),
      });
    }
  }
  return {
    gainsModules: MODULE_CATALOG.map((m) => m.key)
      .filter((key) => after.includes(key) && !before.includes(key)).map(label),
    losesModules: MODULE_CATALOG.map((m) => m.key)
      .filter((key) => before.includes(key) && !after.includes(key)).map(label),
    roles,
  };
}
