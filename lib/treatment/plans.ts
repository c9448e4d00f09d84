/**
 * Reading treatment plans: the clinic's list (by patient and status) and one plan with its
 * options, phases, items and acceptances. Every query is scoped by the clinic; another clinic's
 * plan reads as missing.
 */
import { and, asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  patients,
  treatmentPlanAcceptances,
  treatmentPlanItems,
  treatmentPlanOptions,
  treatmentPlanPhases,
  treatmentPlans,
  users,
} from "../db/schema.ts";
import { notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import type { ItemStatus, PlanStatus } from "./plan-input.ts";
import type { AppliedDiscount } from "./pricing.ts";

export interface PlanItem {
  id: string;
  position: number;
  serviceId: string;
  code: string;
  name: string;
  category: string;
  tooth: string | null;
  surfaces: string;
  quantity: number;
  unitPriceMinor: number;
  catalogPriceMinor: number;
  lineTotalMinor: number;
  discountMinor: number;
  status: ItemStatus;
  appointmentId: string | null;
}

export interface Figures {
  subtotalMinor: number;
  discountMinor: number;
  totalMinor: number;
}

export interface PlanPhase extends Figures {
  id: string;
  position: number;
  name: string;
  items: PlanItem[];
}

export interface PlanOption extends Figures {
  id: string;
  position: number;
  name: string;
  recommended: boolean;
  status: "open" | "accepted" | "declined";
  discountMode: "auto" | "manual" | "none";
  manualDiscountMinor: number | null;
  discounts: AppliedDiscount[];
  discountBasis: string;
  phases: PlanPhase[];
}

export interface PlanAcceptance {
  id: string;
  optionId: string;
  revision: number;
  snapshot: string;
  snapshotSha256: string;
  via: "clinic" | "remote";
  acceptedByName: string | null;
  signedName: string | null;
  signatureFileId: string | null;
  acceptedAt: Date;
}

export interface PlanPatient {
  id: string;
  fullName: string;
  mrn: string;
  dateOfBirth: string | null;
  email: string | null;
}

export interface PlanDetail {
  id: string;
  clinicId: string;
  title: string;
  status: PlanStatus;
  revision: number;
  validUntil: string | null;
  notes: string | null;
  beforePhotoId: string | null;
  afterPhotoId: string | null;
  createdAt: Date;
  updatedAt: Date;
  patient: PlanPatient;
  options: PlanOption[];
  /** Newest first. */
  acceptances: PlanAcceptance[];
}

export interface PlanSummary extends Figures {
  id: string;
  title: string;
  status: PlanStatus;
  revision: number;
  patientId: string;
  patientName: string;
  patientMrn: string;
  optionCount: number;
  updatedAt: Date;
}

/** The option a plan's headline figures come from: the accepted one, else the recommended. */
export function headlineOption<T extends { status: string; recommended: boolean }>(
  options: readonly T[],
): T | undefined {
  return options.find((o) => o.status === "accepted") ?? options.find((o) => o.recommended) ??
    options[0];
}

export async function listPlans(
  db: Db,
  clinicId: string,
  filter: { patientId?: string; status?: PlanStatus; limit?: number } = {},
): Promise<PlanSummary[]> {
  const conditions: SQL[] = [eq(treatmentPlans.clinicId, clinicId)];
  if (filter.patientId) conditions.push(eq(treatmentPlans.patientId, filter.patientId));
  if (filter.status) conditions.push(eq(treatmentPlans.status, filter.status));
  const plans = await db.select({
    id: treatmentPlans.id,
    title: treatmentPlans.title,
    status: treatmentPlans.status,
    revision: treatmentPlans.revision,
    patientId: treatmentPlans.patientId,
    patientName: patients.fullName,
    patientMrn: patients.mrn,
    updatedAt: treatmentPlans.updatedAt,
  }).from(treatmentPlans)
    .innerJoin(patients, eq(patients.id, treatmentPlans.patientId))
    .where(and(...conditions))
    .orderBy(desc(treatmentPlans.updatedAt), desc(treatmentPlans.id))
    .limit(filter.limit ?? 200);
  if (plans.length === 0) return [];
  const options = await db.select({
    planId: treatmentPlanOptions.planId,
    status: treatmentPlanOptions.status,
    recommended: treatmentPlanOptions.recommended,
    subtotalMinor: treatmentPlanOptions.subtotalMinor,
    discountMinor: treatmentPlanOptions.discountMinor,
    totalMinor: treatmentPlanOptions.totalMinor,
  }).from(treatmentPlanOptions)
    .where(inArray(treatmentPlanOptions.planId, plans.map((p) => p.id)))
    .orderBy(asc(treatmentPlanOptions.position));
  return plans.map((plan) => {
    const own = options.filter((o) => o.planId === plan.id);
    const headline = headlineOption(own);
    return {
      ...plan,
      status: plan.status as PlanStatus,
      optionCount: own.length,
      subtotalMinor: headline?.subtotalMinor ?? 0,
      discountMinor: headline?.discountMinor ?? 0,
      totalMinor: headline?.totalMinor ?? 0,
    };
  });
}

/** One plan with everything under it; 404 for a malformed id, a missing plan or another clinic's. */
export async function getPlan(db: Db, clinicId: string, planId: string): Promise<PlanDetail> {
  if (!isUuid(planId)) throw notFound("Treatment plan not found");
  const [plan] = await db.select({
    plan: treatmentPlans,
    patient: {
      id: patients.id,
      fullName: patients.fullName,
      mrn: patients.mrn,
      dateOfBirth: patients.dateOfBirth,
      email: patients.email,
    },
  }).from(treatmentPlans)
    .innerJoin(patients, eq(patients.id, treatmentPlans.patientId))
    .where(and(eq(treatmentPlans.clinicId, clinicId), eq(treatmentPlans.id, planId)));
  if (!plan) throw notFound("Treatment plan not found");

  const options = await db.select().from(treatmentPlanOptions)
    .where(eq(treatmentPlanOptions.planId, planId)).orderBy(asc(treatmentPlanOptions.position));
  const optionIds = options.map((o) => o.id);
  const phases = optionIds.length
    ? await db.select().from(treatmentPlanPhases)
      .where(inArray(treatmentPlanPhases.optionId, optionIds))
      .orderBy(asc(treatmentPlanPhases.position))
    : [];
  const phaseIds = phases.map((p) => p.id);
  const items = phaseIds.length
    ? await db.select().from(treatmentPlanItems)
      .where(inArray(treatmentPlanItems.phaseId, phaseIds))
      .orderBy(asc(treatmentPlanItems.position))
    : [];
  const acceptances = await db.select({
    row: treatmentPlanAcceptances,
    acceptedByName: users.name,
  }).from(treatmentPlanAcceptances)
    .leftJoin(users, eq(users.id, treatmentPlanAcceptances.acceptedBy))
    .where(eq(treatmentPlanAcceptances.planId, planId))
    .orderBy(desc(treatmentPlanAcceptances.acceptedAt), desc(treatmentPlanAcceptances.revision));

  const { plan: row, patient } = plan;
  return {
    id: row.id,
    clinicId: row.clinicId,
    title: row.title,
    status: row.status as PlanStatus,
    revision: row.revision,
    validUntil: row.validUntil,
    notes: row.notes,
    beforePhotoId: row.beforePhotoId,
    afterPhotoId: row.afterPhotoId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    patient,
    options: options.map((o) => ({
      id: o.id,
      position: o.position,
      name: o.name,
      recommended: o.recommended,
      status: o.status as PlanOption["status"],
      discountMode: o.discountMode as PlanOption["discountMode"],
      manualDiscountMinor: o.manualDiscountMinor,
      discounts: o.discountPolicies as AppliedDiscount[],
      discountBasis: o.discountBasis,
      subtotalMinor: o.subtotalMinor,
      discountMinor: o.discountMinor,
      totalMinor: o.totalMinor,
      phases: phases.filter((p) => p.optionId === o.id).map((p) => ({
        id: p.id,
        position: p.position,
        name: p.name,
        subtotalMinor: p.subtotalMinor,
        discountMinor: p.discountMinor,
        totalMinor: p.totalMinor,
        items: items.filter((i) => i.phaseId === p.id).map((i) => ({
          id: i.id,
          position: i.position,
          serviceId: i.serviceId,
          code: i.code,
          name: i.name,
          category: i.category,
          tooth: i.tooth,
          surfaces: i.surfaces,
          quantity: i.quantity,
          unitPriceMinor: i.unitPriceMinor,
          catalogPriceMinor: i.catalogPriceMinor,
          lineTotalMinor: i.lineTotalMinor,
          discountMinor: i.discountMinor,
          status: i.status as ItemStatus,
          appointmentId: i.appointmentId,
        })),
      })),
    })),
    acceptances: acceptances.map(({ row: a, acceptedByName }) => ({
      id: a.id,
      optionId: a.optionId,
      revision: a.revision,
      snapshot: a.snapshot,
      snapshotSha256: a.snapshotSha256,
      via: a.via,
      acceptedByName,
      signedName: a.signedName,
      signatureFileId: a.signatureFileId,
      acceptedAt: a.acceptedAt,
    })),
  };
}

/** Teeth with planned (not yet done) items on the patient's open plans, for the dental chart. */
export async function plannedTeeth(
  db: Db,
  clinicId: string,
  patientId: string,
): Promise<Map<string, string[]>> {
  if (!isUuid(patientId)) return new Map();
  const rows = await db.select({ tooth: treatmentPlanItems.tooth, name: treatmentPlanItems.name })
    .from(treatmentPlanItems)
    .innerJoin(treatmentPlanPhases, eq(treatmentPlanPhases.id, treatmentPlanItems.phaseId))
    .innerJoin(treatmentPlanOptions, eq(treatmentPlanOptions.id, treatmentPlanPhases.optionId))
    .innerJoin(treatmentPlans, eq(treatmentPlans.id, treatmentPlanOptions.planId))
    .where(and(
      eq(treatmentPlans.clinicId, clinicId),
      eq(treatmentPlans.patientId, patientId),
      inArray(treatmentPlans.status, ["draft", "proposed", "accepted", "in_progress"]),
      inArray(treatmentPlanOptions.status, ["open", "accepted"]),
      inArray(treatmentPlanItems.status, ["planned", "scheduled"]),
    ));
  const teeth = new Map<string, string[]>();
  for (const { tooth, name } of rows) {
    if (!tooth) continue;
    const list = teeth.get(tooth) ?? [];
    if (!list.includes(name)) list.push(name);
    teeth.set(tooth, list);
  }
  return teeth;
}
