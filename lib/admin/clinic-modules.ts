/**
 * A superadmin's per-clinic switches: optional modules on or off regardless
 * of the plan (WhatsApp, for one, is an add-on a clinic buys on any plan), and
 * the test-account tag that keeps a clinic out of the platform's figures.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinicModules, clinics } from "../db/schema.ts";
import { recordActivity } from "../activity-log.ts";
import { badRequest, notFound } from "../errors.ts";
import { MODULE_CATALOG, MODULE_KEYS, PLAN_MODULES, type PlanId } from "../permissions/features.ts";
import { resolveModules } from "../permissions/access.ts";
import { isUuid } from "../ids.ts";
import { publishAccessChange } from "../events/publish.ts";

export interface ModuleState {
  key: string;
  label: string;
  description: string;
  enabled: boolean;
  /** Whether the plan alone would switch the module on. */
  includedInPlan: boolean;
  /** "override" when a superadmin's switch decides, "plan" when the plan does. */
  source: "plan" | "override";
}

/** The clinic, or a 404 for an id that is malformed or names no clinic. */
export async function findClinicOr404(db: Db, clinicId: string) {
  const [clinic] = isUuid(clinicId)
    ? await db.select().from(clinics).where(eq(clinics.id, clinicId))
    : [];
  if (!clinic) throw notFound("Clinic not found");
  return clinic;
}

export async function moduleStates(
  db: Db,
  clinicId: string,
  planId: PlanId,
): Promise<ModuleState[]> {
  const rows = await db
    .select({ moduleKey: clinicModules.moduleKey, isEnabled: clinicModules.isEnabled })
    .from(clinicModules)
    .where(eq(clinicModules.clinicId, clinicId));
  const on = resolveModules(planId, rows);
  const overridden = new Set(rows.map((r) => r.moduleKey));
  return MODULE_CATALOG.map((module) => ({
    ...module,
    enabled: on.has(module.key),
    includedInPlan: PLAN_MODULES[planId].includes(module.key),
    source: overridden.has(module.key) ? "override" : "plan",
  }));
}

export interface SetModuleInput {
  clinicId: string;
  moduleKey: string;
  /** True or false switches the module regardless of the plan; null goes back to the plan. */
  enabled: boolean | null;
  actorId: string;
}

export async function setModule(db: Db, input: SetModuleInput): Promise<void> {
  await db.transaction(async (tx) => {
    await findClinicOr404(tx, input.clinicId);
    if (!MODULE_KEYS.has(input.moduleKey)) throw badRequest(`Unknown module "${input.moduleKey}"`);
    if (input.enabled === null) {
      await tx.delete(clinicModules).where(
        and(
          eq(clinicModules.clinicId, input.clinicId),
          eq(clinicModules.moduleKey, input.moduleKey),
        ),
      );
    } else {
      await tx.insert(clinicModules)
        .values({
          clinicId: input.clinicId,
          moduleKey: input.moduleKey,
          isEnabled: input.enabled,
          updatedBy: input.actorId,
        })
        .onConflictDoUpdate({
          target: [clinicModules.clinicId, clinicModules.moduleKey],
          set: { isEnabled: input.enabled, updatedBy: input.actorId, updatedAt: sql`now()` },
        });
    }
    await publishAccessChange(tx, { clinicId: input.clinicId });
    await recordActivity(tx, {
      clinicId: input.clinicId,
      actorId: input.actorId,
      action: "platform.module_set",
      entityType: "clinic_module",
      entityId: input.moduleKey,
      details: { module: input.moduleKey, enabled: input.enabled },
    });
  });
}

export interface SetTestAccountInput {
  clinicId: string;
  isTestAccount: boolean;
  actorId?: string;
}

export async function setTestAccount(db: Db, input: SetTestAccountInput): Promise<void> {
  await db.transaction(async (tx) => {
    await findClinicOr404(tx, input.clinicId);
    await tx.update(clinics)
      .set({ isTestAccount: input.isTestAccount, updatedAt: sql`now()` })
      .where(eq(clinics.id, input.clinicId));
    await recordActivity(tx, {
      clinicId: input.clinicId,
      actorId: input.actorId ?? null,
      action: "platform.test_account_set",
      entityType: "clinic",
      entityId: input.clinicId,
      details: { isTestAccount: input.isTestAccount },
    });
  });
}
