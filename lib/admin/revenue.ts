/**
 * The superadmin's Revenue tab: subscriptions split into the trial cohort
 * (each card with the days its trial has left) and the active cohort (plan,
 * price for its billing period, next invoice date), filtered by plan and
 * cohort. Test accounts and suspended clinics are in neither cohort; the
 * page says how many were left out.
 */
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { type BillingPeriod, subscriptionState } from "../subscriptions/state.ts";
import { isPlanId, type PlanId } from "../permissions/features.ts";
import {
  loadPlatformClinics,
  nextInvoiceDate,
  periodPriceMinor,
  type PlatformClinic,
  withoutTestAccounts,
} from "./platform-clinics.ts";

export const COHORTS = ["trial", "active"] as const;
export type Cohort = typeof COHORTS[number];

/** `?plan=…&cohort=…`; empty means all. An unknown value is a 400, not a silently wider list. */
export const revenueFilters = z.object({
  plan: z.string().optional().transform((v) => v || undefined).refine(
    (v) => v === undefined || isPlanId(v),
    { message: "Filter by one of the plans: free, pro or pro_plus" },
  ).transform((v) => v as PlanId | undefined),
  cohort: z.enum(["", ...COHORTS], { message: "Filter by the trial or the active cohort" })
    .optional().transform((v) => (v || undefined) as Cohort | undefined),
});
export interface RevenueFilters {
  plan?: PlanId;
  cohort?: Cohort;
}

interface CardBase {
  clinicId: string;
  name: string;
  planId: string;
  planName: string;
}

export interface TrialCard extends CardBase {
  /** False while nobody from the clinic has signed in: the trial clock has not started. */
  started: boolean;
  /** Days left; 0 once the trial has run out. */
  daysLeft: number;
  /** When it ends or ended; null while not started. */
  endsAt: Date | null;
  expired: boolean;
}

export interface ActiveCard extends CardBase {
  billingPeriod: BillingPeriod;
  /** What each invoice charges: the plan's monthly or annual price, PKR minor units. */
  priceMinor: number;
  subscribedAt: Date | null;
  /** YYYY-MM-DD on the platform clock; null when the start of the subscription is not recorded. */
  nextInvoiceOn: string | null;
}

export interface RevenueCohorts {
  trial: TrialCard[];
  active: ActiveCard[];
  /** Left out: tagged as test accounts. */
  testAccounts: number;
  /** Left out: suspended, so in neither cohort. */
  suspended: number;
}

function trialCard(clinic: PlatformClinic, now: Date, trialDays: number): TrialCard {
  const base = {
    clinicId: clinic.id,
    name: clinic.name,
    planId: clinic.planId,
    planName: clinic.planName,
  };
  const state = subscriptionState(clinic, now, trialDays);
  if (state.kind === "trial_expired") {
    return { ...base, started: true, daysLeft: 0, endsAt: state.endedAt, expired: true };
  }
  if (state.kind !== "trial") throw new Error(`${clinic.id} is not on a trial`);
  return {
    ...base,
    started: state.started,
    daysLeft: state.daysLeft,
    endsAt: state.endsAt,
    expired: false,
  };
}

function activeCard(clinic: PlatformClinic, now: Date): ActiveCard {
  return {
    clinicId: clinic.id,
    name: clinic.name,
    planId: clinic.planId,
    planName: clinic.planName,
    billingPeriod: clinic.billingPeriod,
    priceMinor: periodPriceMinor(clinic),
    subscribedAt: clinic.subscribedAt,
    nextInvoiceOn: clinic.subscribedAt
      ? nextInvoiceDate(clinic.subscribedAt, clinic.billingPeriod, now)
      : null,
  };
}

export function revenueCohorts(
  clinics: PlatformClinic[],
  filters: RevenueFilters,
  now: Date,
  trialDays: number,
): RevenueCohorts {
  const { real, testAccounts } = withoutTestAccounts(clinics);
  const onPlan = real.filter((c) => !filters.plan || c.planId === filters.plan);
  const wants = (cohort: Cohort) => !filters.cohort || filters.cohort === cohort;
  const trial = wants("trial")
    ? onPlan.filter((c) => c.subscriptionStatus === "trial").map((c) =>
      trialCard(c, now, trialDays)
    )
      // Soonest end first; not started yet (no end) last; run out at the very end.
      .sort((a, b) =>
        Number(a.expired) - Number(b.expired) ||
        (a.endsAt?.getTime() ?? Infinity) - (b.endsAt?.getTime() ?? Infinity) ||
        a.name.localeCompare(b.name)
      )
    : [];
  const active = wants("active")
    ? onPlan.filter((c) => c.subscriptionStatus === "active").map((c) => activeCard(c, now))
      .sort((a, b) => (a.nextInvoiceOn ?? "~").localeCompare(b.nextInvoiceOn ?? "~"))
    : [];
  return {
    trial,
    active,
    testAccounts,
    suspended: onPlan.filter((c) => c.subscriptionStatus === "suspended").length,
  };
}

export async function loadRevenueCohorts(
  db: Db,
  options: { filters: RevenueFilters; now: Date; trialDays: number },
): Promise<RevenueCohorts> {
  return revenueCohorts(
    await loadPlatformClinics(db),
    options.filters,
    options.now,
    options.trialDays,
  );
}
