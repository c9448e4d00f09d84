/**
 * The subscription plans table is the one source of every plan price in the app: pages, the
 * plan dialog, the referral calculator and the API read it here, and the superadmin edits it
 * here. Prices are PKR minor units, monthly and for a year paid at once.
 */
import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { referralSettings, subscriptionPlans } from "../db/schema.ts";
import { recordActivity } from "../activity-log.ts";
import { notFound } from "../errors.ts";
import { parseRupees } from "../treatment/money.ts";

export interface SubscriptionPlan {
  id: string;
  name: string;
  /** Monthly price, PKR minor units. */
  priceMinor: number;
  /** A year paid at once, PKR minor units. */
  annualPriceMinor: number;
  currency: string;
  /** Short lines for plan cards ("DICOM AI analysis"). */
  features: string[];
}

export async function listSubscriptionPlans(db: Db): Promise<SubscriptionPlan[]> {
  const rows = await db.select().from(subscriptionPlans).orderBy(asc(subscriptionPlans.sortOrder));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    priceMinor: row.priceMinor,
    annualPriceMinor: row.annualPriceMinor,
    currency: row.currency,
    features: row.features,
  }));
}

/** Most feature lines a plan card shows, and the longest line. */
export const MAX_FEATURES = 12;
const FEATURE_LENGTH = 80;
/** A price above PKR 100 million a year is a typing error, not a plan. */
const MAX_PRICE_MINOR = 10_000_000_000;

const feature = z.string().trim().min(1).max(
  FEATURE_LENGTH,
  `A feature line is at most ${FEATURE_LENGTH} characters`,
);
const features = z.array(feature).max(MAX_FEATURES, `At most ${MAX_FEATURES} feature lines`);
const priceMinor = (label: string) =>
  z.number({ error: `${label} must be a whole number of paisa` }).int(
    `${label} must be a whole number of paisa`,
  ).min(0, `${label} cannot be negative`).max(MAX_PRICE_MINOR, `${label} is too large`);

/** The API's body: amounts in minor units, as everywhere in the JSON API. */
export const planPricesBody = z.strictObject({
  priceMinor: priceMinor("priceMinor"),
  annualPriceMinor: priceMinor("annualPriceMinor"),
  features: features.optional(),
});
export type PlanPricesInput = z.output<typeof planPricesBody>;

const rupees = (label: string) =>
  z.string({ error: `Enter the ${label}.` }).transform((text, ctx) => {
    const minor = parseRupees(text);
    if (minor === null || minor > MAX_PRICE_MINOR) {
      ctx.addIssue({ code: "custom", message: `Enter the ${label} in rupees, e.g. 7500.` });
      return z.NEVER;
    }
    return minor;
  });

/** The /admin/plans form: rupees as typed, features one per line. */
export const planPricesForm = z.object({
  priceMinor: rupees("monthly price"),
  annualPriceMinor: rupees("annual price"),
  features: z.string().optional().transform((text, ctx) => {
    const lines = (text ?? "").split("\n").map((line) => line.trim()).filter(Boolean);
    const parsed = features.safeParse(lines);
    if (!parsed.success) {
      ctx.addIssue({ code: "custom", message: parsed.error.issues[0].message });
      return z.NEVER;
    }
    return parsed.data;
  }),
});

export async function updatePlanPrices(
  db: Db,
  planId: string,
  input: PlanPricesInput,
  actorId: string,
): Promise<SubscriptionPlan> {
  return await db.transaction(async (tx) => {
    const [before] = await tx.select().from(subscriptionPlans)
      .where(eq(subscriptionPlans.id, planId)).for("update");
    if (!before) throw notFound("No such plan");
    await tx.update(subscriptionPlans).set({
      priceMinor: input.priceMinor,
      annualPriceMinor: input.annualPriceMinor,
      ...(input.features ? { features: input.features } : {}),
    }).where(eq(subscriptionPlans.id, planId));
    await recordActivity(tx, {
      clinicId: null,
      actorId,
      action: "platform.plan_prices_changed",
      entityType: "subscription_plan",
      entityId: planId,
      details: {
        from: { priceMinor: before.priceMinor, annualPriceMinor: before.annualPriceMinor },
        to: { priceMinor: input.priceMinor, annualPriceMinor: input.annualPriceMinor },
        featuresChanged: !!input.features &&
          JSON.stringify(input.features) !== JSON.stringify(before.features),
      },
    });
    const [plan] = (await listSubscriptionPlans(tx)).filter((p) => p.id === planId);
    return plan;
  });
}

/** The share of a referred clinic's subscription paid as a reward, in basis points. */
export async function commissionBps(db: Db): Promise<number> {
  const [row] = await db.select({ bps: referralSettings.commissionBps }).from(referralSettings);
  return row?.bps ?? 0;
}

/** The /admin/plans commission form: a percentage with at most two decimals. */
export const commissionForm = z.object({
  commissionPercent: z.string({ error: "Enter the commission rate." }).transform((text, ctx) => {
    const cleaned = text.trim().replace(/\s*%$/, "");
    if (!/^\d{1,3}(\.\d{1,2})?$/.test(cleaned) || Number(cleaned) > 100) {
      ctx.addIssue({ code: "custom", message: "Enter a rate between 0 and 100 %, e.g. 10." });
      return z.NEVER;
    }
    return Math.round(Number(cleaned) * 100);
  }),
});

export async function setCommissionBps(db: Db, bps: number, actorId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await commissionBps(tx);
    await tx.insert(referralSettings).values({ id: true, commissionBps: bps, updatedBy: actorId })
      .onConflictDoUpdate({
        target: referralSettings.id,
        set: { commissionBps: bps, updatedBy: actorId, updatedAt: sql`now()` },
      });
    await recordActivity(tx, {
      clinicId: null,
      actorId,
      action: "platform.referral_commission_changed",
      entityType: "referral_settings",
      entityId: "commission",
      details: { fromBps: before, toBps: bps },
    });
  });
}
