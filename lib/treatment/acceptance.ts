/**
 * Accepting a plan, in the clinic ("Mark accepted", optionally signed on the screen) or by the
 * patient from an emailed link. Acceptance freezes what was agreed: the accepted option's items,
 * prices, discount and totals as canonical JSON text with its SHA-256, never updated. Later
 * edits bump the plan's revision; the snapshot stays readable as it was signed. Accepting one
 * option declines the others.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  activityLog,
  treatmentPlanAcceptances,
  treatmentPlanOptions,
  treatmentPlans,
} from "../db/schema.ts";
import { AppError, badRequest, notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { sha256Hex } from "../bytes.ts";
import { publishEvent } from "../events/publish.ts";
import { PLAN_CHANGED, type PlanChange } from "./plan-events.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { saveFile } from "../storage/files.ts";
import { CURRENCY } from "./money.ts";
import type { PlanStatus } from "./plan-input.ts";
import { getPlan, type PlanDetail, type PlanOption } from "./plans.ts";

/** A drawn signature is a small PNG; anything larger is not one. */
export const MAX_SIGNATURE_BYTES = 512 * 1024;

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** JSON with object keys sorted at every level: one text per value, so one digest. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export interface AcceptedSnapshot {
  planId: string;
  revision: number;
  title: string;
  currency: string;
  patient: { id: string; name: string; mrn: string };
  option: {
    id: string;
    name: string;
    phases: {
      name: string;
      items: {
        code: string;
        name: string;
        tooth: string | null;
        surfaces: string;
        quantity: number;
        unitPriceMinor: number;
        catalogPriceMinor: number;
        lineTotalMinor: number;
        discountMinor: number;
      }[];
      subtotalMinor: number;
      discountMinor: number;
      totalMinor: number;
    }[];
    discount: { mode: string; policies: { name: string; reason: string; discountMinor: number }[] };
    subtotalMinor: number;
    discountMinor: number;
    totalMinor: number;
  };
  acceptedAt: string;
  signedName: string | null;
  validUntil: string | null;
}

export function snapshotOf(
  plan: PlanDetail,
  option: PlanOption,
  acceptedAt: Date,
  signedName: string | null,
): AcceptedSnapshot {
  return {
    planId: plan.id,
    revision: plan.revision,
    title: plan.title,
    currency: CURRENCY,
    patient: { id: plan.patient.id, name: plan.patient.fullName, mrn: plan.patient.mrn },
    option: {
      id: option.id,
      name: option.name,
      phases: option.phases.map((p) => ({
        name: p.name,
        items: p.items.map((i) => ({
          code: i.code,
          name: i.name,
          tooth: i.tooth,
          surfaces: i.surfaces,
          quantity: i.quantity,
          unitPriceMinor: i.unitPriceMinor,
          catalogPriceMinor: i.catalogPriceMinor,
          lineTotalMinor: i.lineTotalMinor,
          discountMinor: i.discountMinor,
        })),
        subtotalMinor: p.subtotalMinor,
        discountMinor: p.discountMinor,
        totalMinor: p.totalMinor,
      })),
      discount: {
        mode: option.discountMode,
        policies: option.discounts.map((d) => ({
          name: d.name,
          reason: d.reason,
          discountMinor: d.discountMinor,
        })),
      },
      subtotalMinor: option.subtotalMinor,
      discountMinor: option.discountMinor,
      totalMinor: option.totalMinor,
    },
    acceptedAt: acceptedAt.toISOString(),
    signedName,
    validUntil: plan.validUntil,
  };
}

export interface AcceptInput {
  clinicId: string;
  planId: string;
  optionId: string;
  via: "clinic" | "remote";
  /** The member who marked it accepted; null when the patient accepted from a link. */
  actorId: string | null;
  signedName: string | null;
  /** A PNG of the signature drawn on the screen. */
  signaturePng?: Uint8Array | null;
  /** Remote links name the revision the patient saw; a plan edited since cannot be accepted by it. */
  revision?: number;
  now?: Date;
}

/** Plans in these states wait for (or take a new revision's) acceptance. */
const ACCEPTABLE: readonly PlanStatus[] = ["draft", "proposed", "accepted", "in_progress"];

export async function acceptPlan(
  db: Db,
  storage: ObjectStore,
  input: AcceptInput,
): Promise<PlanDetail> {
  const now = input.now ?? new Date();
  if (!isUuid(input.optionId)) throw badRequest("optionId is not an option of this plan");
  if (input.signaturePng) {
    const png = input.signaturePng;
    if (png.length > MAX_SIGNATURE_BYTES || !PNG_MAGIC.every((b, i) => png[i] === b)) {
      throw badRequest("The signature must be a PNG image under 512 KB", { field: "signature" });
    }
  }
  // Checked before the signature is stored, so a refused acceptance leaves no file behind.
  const before = await getPlan(db, input.clinicId, input.planId);
  if (!before.options.some((o) => o.id === input.optionId)) {
    throw badRequest("optionId is not an option of this plan", { field: "optionId" });
  }
  const signature = input.signaturePng
    ? await saveFile(db, storage, {
      clinicId: input.clinicId,
      body: input.signaturePng,
      contentType: "image/png",
      originalName: "signature.png",
      createdBy: input.actorId,
    })
    : null;

  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(treatmentPlans).where(and(
      eq(treatmentPlans.clinicId, input.clinicId),
      eq(treatmentPlans.id, input.planId),
    )).for("update");
    if (!row) throw notFound("Treatment plan not found");
    const status = row.status as PlanStatus;
    if (!ACCEPTABLE.includes(status)) {
      throw new AppError(409, "INVALID_TRANSITION", `A ${status} plan cannot be accepted`);
    }
    if (input.revision !== undefined && input.revision !== row.revision) {
      throw new AppError(409, "PLAN_REVISED", "The plan has changed since this link was sent");
    }
    const plan = await getPlan(tx, input.clinicId, input.planId);
    if (plan.acceptances.some((a) => a.revision === row.revision)) {
      throw new AppError(409, "ALREADY_ACCEPTED", "This revision of the plan is already accepted");
    }
    const option = plan.options.find((o) => o.id === input.optionId)!;
    if (option.phases.every((p) => p.items.length === 0)) {
      throw new AppError(422, "EMPTY_OPTION", "An option without items cannot be accepted");
    }
    const snapshot = canonicalJson(snapshotOf(plan, option, now, input.signedName));
    await tx.update(treatmentPlanOptions).set({ status: "declined" })
      .where(eq(treatmentPlanOptions.planId, plan.id));
    await tx.update(treatmentPlanOptions).set({ status: "accepted" })
      .where(eq(treatmentPlanOptions.id, option.id));
    await tx.update(treatmentPlans).set({
      status: status === "in_progress" ? "in_progress" : "accepted",
      updatedAt: now,
    }).where(eq(treatmentPlans.id, plan.id));
    const [acceptance] = await tx.insert(treatmentPlanAcceptances).values({
      clinicId: input.clinicId,
      planId: plan.id,
      optionId: option.id,
      revision: row.revision,
      snapshot,
      snapshotSha256: await sha256Hex(snapshot),
      via: input.via,
      acceptedBy: input.actorId,
      signedName: input.signedName,
      signatureFileId: signature?.id ?? null,
      acceptedAt: now,
    }).returning({ id: treatmentPlanAcceptances.id });
    await tx.insert(activityLog).values({
      clinicId: input.clinicId,
      actorUserId: input.actorId,
      action: "treatment.plan_accepted",
      entityType: "treatment_plan",
      entityId: plan.id,
      details: {
        acceptanceId: acceptance.id,
        optionId: option.id,
        via: input.via,
        revision: row.revision,
      },
    });
    await publishEvent(tx, {
      clinicId: input.clinicId,
      type: PLAN_CHANGED,
      permission: "treatment.plans.view",
      data: {
        planId: plan.id,
        patientId: plan.patient.id,
        change: "accepted" satisfies PlanChange,
        actorId: input.actorId,
      },
    });
  });
  return await getPlan(db, input.clinicId, input.planId);
}

/** Reads a `data:image/png;base64,…` URL from the signature island as bytes; null when empty. */
export function signatureFromDataUrl(value: string | null | undefined): Uint8Array | null {
  if (!value) return null;
  const match = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(value);
  if (!match) throw badRequest("The signature must be a PNG data URL", { field: "signature" });
  if (match[1].length > MAX_SIGNATURE_BYTES * 1.4) {
    throw badRequest("The signature must be a PNG image under 512 KB", { field: "signature" });
  }
  return Uint8Array.from(atob(match[1]), (c) => c.charCodeAt(0));
}
