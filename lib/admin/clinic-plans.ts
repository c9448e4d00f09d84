/**
 * Plan assignment ("Plan-Based Defaults", "Superadmin Dashboard"). A role
 * without a saved template follows its plan's baseline, which access
 * computes from the clinic's plan on every request, so changing the plan is
 * enough to move those roles. A template the clinic customised stays as it
 * is unless the superadmin explicitly resets it to the new baseline.
 */
import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  clinicMembers,
  clinicModules,
  clinics,
  planChanges,
  roleTemplates,
  subscriptionPlans,
  users,
} from "../db/schema.ts";
import { recordActivity } from "../activity-log.ts";
import { badRequest } from "../errors.ts";
import { isPlanId, PLAN_MODULES, type PlanId } from "../permissions/features.ts";
import { resolveModules } from "../permissions/access.ts";
import { findClinicOr404, type ModuleState, moduleStates } from "./clinic-modules.ts";
import { publishAccessChange } from "../events/publish.ts";
import { listSubscriptionPlans } from "../subscriptions/plans.ts";
import type { BillingPeriod, SubscriptionStatus } from "../subscriptions/state.ts";

export interface Plan {
  id: PlanId;
  name: string;
  /** Monthly price, PKR minor units. */
  priceMinor: number;
  /** A year paid at once, PKR minor units. */
  annualPriceMinor: number;
  currency: string;
  features: string[];
  /** Optional modules the plan switches on. */
  modules: readonly string[];
}

export async function listPlans(db: Db): Promise<Plan[]> {
  const rows = await listSubscriptionPlans(db);
  return rows.filter((row) => isPlanId(row.id)).map((row) => ({
    ...row,
    id: row.id as PlanId,
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
  clinic: ClinicSummary & {
    ownerEmail: string;
    createdAt: Date;
    billingPeriod: BillingPeriod;
    subscriptionStatus: SubscriptionStatus;
  };
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
      billingPeriod: clinic.billingPeriod,
      subscriptionStatus: clinic.subscriptionStatus,
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
  /** Left out, the clinic keeps its billing period. */
  billingPeriod?: BillingPeriod;
  /** The superadmin's internal reason for the change; logged, never shown to the clinic. */
  note?: string;
  /** Delete the clinic's saved role templates so every role follows the new plan's baseline. */
  resetTemplates: boolean;
  actorId: string;
}

export interface PlanAssignment {
  from: string;
  to: PlanId;
  billingPeriod: BillingPeriod;
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
    const billingPeriod = input.billingPeriod ?? clinic.billingPeriod;
    await tx.update(clinics).set({ planId: to, billingPeriod, updatedAt: sql`now()` })
      .where(eq(clinics.id, clinic.id));
    await publishAccessChange(tx, { clinicId: clinic.id });
    const resetRoles = input.resetTemplates
      ? (await tx.delete(roleTemplates).where(eq(roleTemplates.clinicId, clinic.id))
        .returning({ role: roleTemplates.role })).map((r) => r.role as string)
      : [];
    const note = input.note?.trim() || null;
    await tx.insert(planChanges).values({
      clinicId: clinic.id,
      changedBy: input.actorId,
      fromPlanId: clinic.planId,
      toPlanId: to,
      fromBillingPeriod: clinic.billingPeriod,
      toBillingPeriod: billingPeriod,
      note,
    });
    await recordActivity(tx, {
      clinicId: clinic.id,
      actorId: input.actorId,
      action: "platform.plan_assigned",
      entityType: "clinic",
      entityId: clinic.id,
      details: {
        from: clinic.planId,
        to,
        ...(billingPeriod !== clinic.billingPeriod
          ? { billingPeriod: { from: clinic.billingPeriod, to: billingPeriod } }
          : {}),
        note,
        resetTemplates: input.resetTemplates,
        resetRoles,
      },
    });
    return { from: clinic.planId, to, billingPeriod, resetRoles };
  });
}

/** One plan change as the clinic page's history shows it. */
export interface PlanChange {
  id: string;
  at: Date;
  /** Null once the account that made the change is gone. */
  byName: string | null;
  fromPlanId: string;
  fromPlanName: string;
  toPlanId: string;
  toPlanName: string;
  fromBillingPeriod: BillingPeriod;
  toBillingPeriod: BillingPeriod;
  note: string | null;
}

/** The clinic's plan changes, newest first. */
export async function planHistory(db: Db, clinicId: string, limit = 50): Promise<PlanChange[]> {
  const [rows, plans] = await Promise.all([
    db.select({
      id: planChanges.id,
      at: planChanges.createdAt,
      byName: users.name,
      fromPlanId: planChanges.fromPlanId,
      toPlanId: planChanges.toPlanId,
      fromBillingPeriod: planChanges.fromBillingPeriod,
      toBillingPeriod: planChanges.toBillingPeriod,
      note: planChanges.note,
    }).from(planChanges).leftJoin(users, eq(users.id, planChanges.changedBy))
      .where(eq(planChanges.clinicId, clinicId))
      .orderBy(desc(planChanges.createdAt), desc(planChanges.id)).limit(limit),
    db.select({ id: subscriptionPlans.id, name: subscriptionPlans.name }).from(subscriptionPlans),
  ]);
  const name = (id: string) => plans.find((p) => p.id === id)?.name ?? id;
  return rows.map((row) => ({
    ...row,
    fromPlanName: name(row.fromPlanId),
    toPlanName: name(row.toPlanId),
  }));
}
