/**
 * Discount policies (Settings → Discounts): a name, a percentage or a fixed amount, conditions
 * from a small set, and whether the policy may combine with others. `./pricing.ts` decides
 * which apply to a plan; this module stores them.
 */
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { activityLog, discountPolicies } from "../db/schema.ts";
import { notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { SERVICE_CATEGORIES } from "./categories.ts";
import { MAX_PRICE_MINOR } from "./catalog.ts";
import type { DiscountPolicyRule } from "./pricing.ts";

export type DiscountPolicy = typeof discountPolicies.$inferSelect;

const age = z.number().int().min(0, "Ages start at 0").max(130, "Age: at most 130").nullable();
export const TAG = /^[a-z0-9]+(_[a-z0-9]+)*$/;

/** A tag as typed ("Senior citizen") in its stored form ("senior_citizen"). */
export function normaliseTag(text: string): string {
  return text.trim().toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
}

export const policyInput = z.object({
  name: z.string().trim().min(1, "Name is required").max(80, "Name: at most 80 characters"),
  kind: z.enum(["percent", "fixed"], { message: "kind is percent or fixed" }),
  /** Basis points: 1000 is 10 %. */
  percentBp: z.number().int().min(1, "A percentage above 0").max(10000, "At most 100 %")
    .nullable().default(null),
  amountMinor: z.number().int().min(1, "An amount above 0").max(MAX_PRICE_MINOR).nullable()
    .default(null),
  minAge: age.default(null),
  maxAge: age.default(null),
  minSubtotalMinor: z.number().int().min(0).max(MAX_PRICE_MINOR).nullable().default(null),
  patientTag: z.string().transform(normaliseTag).refine(
    (t) => TAG.test(t),
    "Tag: letters and digits",
  )
    .nullable().default(null),
  serviceCategory: z.enum(SERVICE_CATEGORIES).nullable().default(null),
  combinable: z.boolean().default(false),
  active: z.boolean().default(true),
}).strict().superRefine((p, ctx) => {
  if (p.kind === "percent" && p.percentBp === null) {
    ctx.addIssue({ code: "custom", path: ["percentBp"], message: "Give the percentage" });
  }
  if (p.kind === "fixed" && p.amountMinor === null) {
    ctx.addIssue({ code: "custom", path: ["amountMinor"], message: "Give the amount" });
  }
  if (p.minAge !== null && p.maxAge !== null && p.minAge > p.maxAge) {
    ctx.addIssue({
      code: "custom",
      path: ["maxAge"],
      message: "The oldest age is below the youngest",
    });
  }
}).transform((p) => ({
  ...p,
  percentBp: p.kind === "percent" ? p.percentBp : null,
  amountMinor: p.kind === "fixed" ? p.amountMinor : null,
}));
export type PolicyInput = z.output<typeof policyInput>;

export async function listPolicies(
  db: Db,
  clinicId: string,
  options: { activeOnly?: boolean } = {},
): Promise<DiscountPolicy[]> {
  return await db.select().from(discountPolicies).where(and(
    eq(discountPolicies.clinicId, clinicId),
    options.activeOnly ? eq(discountPolicies.active, true) : undefined,
  )).orderBy(asc(discountPolicies.name));
}

/** The rules `./pricing.ts` evaluates: the clinic's active policies. */
export async function activeRules(db: Db, clinicId: string): Promise<DiscountPolicyRule[]> {
  return (await listPolicies(db, clinicId, { activeOnly: true })).map(toRule);
}

export function toRule(p: DiscountPolicy): DiscountPolicyRule {
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    percentBp: p.percentBp,
    amountMinor: p.amountMinor,
    minAge: p.minAge,
    maxAge: p.maxAge,
    minSubtotalMinor: p.minSubtotalMinor,
    patientTag: p.patientTag,
    serviceCategory: p.serviceCategory,
    combinable: p.combinable,
  };
}

export async function getPolicy(db: Db, clinicId: string, policyId: string) {
  if (!isUuid(policyId)) throw notFound("Discount policy not found");
  const [row] = await db.select().from(discountPolicies)
    .where(and(eq(discountPolicies.clinicId, clinicId), eq(discountPolicies.id, policyId)));
  if (!row) throw notFound("Discount policy not found");
  return row;
}

export async function savePolicy(
  db: Db,
  input: { clinicId: string; actorId: string; policyId?: string; policy: PolicyInput },
): Promise<DiscountPolicy> {
  const current = input.policyId ? await getPolicy(db, input.clinicId, input.policyId) : null;
  return await db.transaction(async (tx) => {
    const [row] = current
      ? await tx.update(discountPolicies).set({ ...input.policy, updatedAt: new Date() })
        .where(eq(discountPolicies.id, current.id)).returning()
      : await tx.insert(discountPolicies).values({ clinicId: input.clinicId, ...input.policy })
        .returning();
    await tx.insert(activityLog).values({
      clinicId: input.clinicId,
      actorUserId: input.actorId,
      action: current ? "treatment.discount_policy_updated" : "treatment.discount_policy_created",
      entityType: "discount_policy",
      entityId: row.id,
      details: {
        name: row.name,
        kind: row.kind,
        percentBp: row.percentBp,
        amountMinor: row.amountMinor,
      },
    });
    return row;
  });
}
