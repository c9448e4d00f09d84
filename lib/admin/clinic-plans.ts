/**
 * Plan assignment ("Plan-Based Defaults", "Superadmin Dashboard"). A role
 * without a saved template follows its plan's baseline, which access
 * computes from the clinic's plan on every request, so changing the plan is
 * enough to move those roles. A template the clinic customised stays as it
 * is unless the superadmin explicitly resets it to the new baseline.
 */
import { and, asc, count, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  clinicMembers,
  clinicModules,
  clinics,
  roleTemplates,
  subscriptionPlans,
} from "../db/schema.ts";
import { recordActivity } from "../activity-log.ts";
import { badRequest } from "../errors.ts";
import { isPlanId, PLAN_MODULES, type PlanId } from "../permissions/features.ts";
import { resolveModules } from "../permissions/access.ts";
import { findClinicOr404, type ModuleState, moduleStates } from "./clinic-modules.ts";
import { publishAccessChange } from "../events/publish.ts";

export interface Plan {
  id: PlanId;
  name: string;
  priceMinor: number;
  currency: string;
  billingInterval: string;
  /** Optional modules the plan switches on. */
  modules: readonly string[];
}

export async function listPlans(db: Db): Promise<Plan[]> {
  const rows = await db.select().from(subscriptionPlans).orderBy(asc(subscriptionPlans.sortOrder));
  return rows.filter((row) => isPlanId(row.id)).map((row) => ({
    id: row.id as PlanId,
    name: row.name,
    priceMinor: row.priceMinor,
    currency: row.currency,
    billingInterval: row.billingInterval,
    modules: PLAN_MODULES[row.id as PlanId],
  }));
}

export interface ClinicSummary {
  id: string;
  name: string;
  slug: string;
  planId: string;
  planName: string;
  isTestAccount: boolean;
  /** Active members. */
  members: number;
  /** Optional modules that are on, in catalog order. */
  modules: string[];
}

export async function listClinics(db: Db): Promise<ClinicSummary[]> {
  const [rows, switches] = await Promise.all([
    db.select({
      id: clinics.id,
      name: clinics.name,
      slug: clinics.slug,
      planId: clinics.planId,
      planName: subscriptionPlans.name,
      isTestAccount: clinics.isTestAccount,
      members: count(clinicMembers.id),
    }).from(clinics)
      .innerJoin(subscriptionPlans, eq(subscriptionPlans.id, clinics.planId))
      .leftJoin(
        clinicMembers,
        and(eq(clinicMembers.clinicId, clinics.id), eq(clinicMembers.status, "active")),
      )
      .groupBy(clinics.id, subscriptionPlans.id)
      .orderBy(asc(clinics.name)),
    db.select().from(clinicModules),
  ]);
  return rows.map((row) => {
    const own = switches.filter((s) => s.clinicId === row.id);
    const modules = resolveModules(isPlanId(row.planId) ? row.planId : "free", own);
    return { ...row, modules: [...modules] };
  });
}

export interface ClinicDetail {
  clinic: ClinicSummary & { ownerEmail: string; createdAt: Date };
  plan: Plan;
  modules: ModuleState[];
  /** Roles whose template the clinic saved, so the plan's baseline does not reach them. */
  customisedRoles: string[];
}

export async function clinicDetail(db: Db, clinicId: string): Promise<ClinicDetail> {
  const clinic = await findClinicOr404(db, clinicId);
  const planId: PlanId = isPlanId(clinic.planId) ? clinic.planId : "free";
  const [plans, modules, templates, [{ members }]] = await Promise.all([
    listPlans(db),
    moduleStates(db, clinicId, planId),
    db.select({ role: roleTemplates.role }).from(roleTemplates)
      .where(eq(roleTemplates.clinicId, clinicId)),
    db.select({ members: count() }).from(clinicMembers)
      .where(and(eq(clinicMembers.clinicId, clinicId), eq(clinicMembers.status, "active"))),
  ]);
  const plan = plans.find((p) => p.id === planId)!;
  const order = ["admin", "doctor", "nurse", "reception"];
  return {
    clinic: {
      id: clinic.id,
      name: clinic.name,
      slug: clinic.slug,
      ownerEmail: clinic.ownerEmail,
      createdAt: clinic.createdAt,
      planId,
      planName: plan.name,
      isTestAccount: clinic.isTestAccount,
      members,
      modules: modules.filter((m) => m.enabled).map((m) => m.key),
    },
    plan,
    modules,
    customisedRoles: templates.map((t) => t.role).sort((a, b) =>
      order.indexOf(a) - order.indexOf(b)
    ),
  };
}

export interface AssignPlanInput {
  clinicId: string;
  planId: string;
  /** The superadmin's internal reason for the change; logged, never shown to the clinic. */
  note?: string;
  /** Delete the clinic's saved role templates so every role follows the new plan's baseline. */
  resetTemplates: boolean;
  actorId: string;
}

export interface PlanAssignment {
  from: string;
  to: PlanId;
  /** Roles whose customised template was deleted. */
  resetRoles: string[];
}

export async function assignPlan(db: Db, input: AssignPlanInput): Promise<PlanAssignment> {
  return await db.transaction(async (tx) => {
    const clinic = await findClinicOr404(tx, input.clinicId);
    const [plan] = isPlanId(input.planId)
      ? await tx.select({ id: subscriptionPlans.id }).from(subscriptionPlans)
        .where(eq(subscriptionPlans.id, input.planId))
      : [];
    if (!plan) throw badRequest(`Unknown plan "${input.planId}"`);
    const to = input.planId as PlanId;
    await tx.update(clinics).set({ planId: to, updatedAt: sql`now()` })
      .where(eq(clinics.id, clinic.id));
    await publishAccessChange(tx, { clinicId: clinic.id });
    const resetRoles = input.resetTemplates
      ? (await tx.delete(roleTemplates).where(eq(roleTemplates.clinicId, clinic.id))
        .returning({ role: roleTemplates.role })).map((r) => r.role as string)
      : [];
    const note = input.note?.trim() || null;
    await recordActivity(tx, {
      clinicId: clinic.id,
      actorId: input.actorId,
      action: "platform.plan_assigned",
      entityType: "clinic",
      entityId: clinic.id,
      details: {
        from: clinic.planId,
        to,
        note,
        resetTemplates: input.resetTemplates,
        resetRoles,
      },
    });
    return { from: clinic.planId, to, resetRoles };
  });
}
