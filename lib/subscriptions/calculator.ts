/**
 * The referral calculator: what a clinic would earn for the clinics it refers, from the live plan
 * prices and the platform's commission rate. The server renders the estimate with it and the
 * Referrals page's island recomputes it as numbers are typed, so both always agree.
 * Browser-safe: no imports, no Deno APIs, no database.
 *
 * @example
 * ```ts
 * const estimate = estimateReferralReward({
 *   plans: [{ id: "pro", name: "Pro", priceMinor: 750000, annualPriceMinor: 7500000 }],
 *   counts: { pro: 2 },
 *   commissionBps: 1000,
 *   billingPeriod: "monthly",
 * });
 * estimate.yearlyMinor; // 2 × PKR 7,500 × 12 × 10 % = 1,800,000 paisa
 * ```
 */

export interface CalculatorPlan {
  id: string;
  name: string;
  /** Monthly price, PKR minor units. */
  priceMinor: number;
  /** Price of a year paid at once, PKR minor units. */
  annualPriceMinor: number;
}

export interface RewardInput {
  plans: readonly CalculatorPlan[];
  /** Referred clinics per plan id; missing ids count as none. */
  counts: Readonly<Record<string, number>>;
  /** Share of each subscription paid out, in basis points (1000 = 10 %). */
  commissionBps: number;
  /** How the referred clinics pay: monthly, or a year at once at the annual price. */
  billingPeriod: "monthly" | "annual";
}

export interface RewardLine {
  planId: string;
  planName: string;
  clinics: number;
  /** What one referred clinic pays in a year on this plan and billing period. */
  yearlyPriceMinor: number;
  /** The reward for all of this plan's referred clinics over a year. */
  rewardMinor: number;
}

export interface RewardEstimate {
  lines: RewardLine[];
  clinics: number;
  /** The reward over a year of the referred clinics' subscriptions. */
  yearlyMinor: number;
  /** The same, per month (the yearly figure over twelve, rounded down to the paisa). */
  monthlyMinor: number;
}

/** Most referred clinics one plan line accepts; beyond this the figure means nothing. */
export const MAX_REFERRED_PER_PLAN = 1000;

/** A typed count as a whole number of clinics in range; anything else counts as none. */
export function clinicCount(value: unknown): number {
  const n = typeof value === "number" ? value : Number(String(value ?? "").trim());
  if (!Number.isFinite(n) || n <= 0) return 0;
  return Math.min(Math.floor(n), MAX_REFERRED_PER_PLAN);
}

/** "10 %", "12.5 %" from basis points. */
export function formatCommission(bps: number): string {
  return `${(bps / 100).toLocaleString("en-US", { maximumFractionDigits: 2 })} %`;
}

export function estimateReferralReward(input: RewardInput): RewardEstimate {
  const lines = input.plans.map((plan) => {
    const clinics = clinicCount(input.counts[plan.id]);
    const yearlyPriceMinor = input.billingPeriod === "annual"
      ? plan.annualPriceMinor
      : plan.priceMinor * 12;
    // Rounded down per line, so the reward is never promised a paisa above what is paid.
    const rewardMinor = Math.floor(clinics * yearlyPriceMinor * input.commissionBps / 10_000);
    return { planId: plan.id, planName: plan.name, clinics, yearlyPriceMinor, rewardMinor };
  });
  const yearlyMinor = lines.reduce((sum, line) => sum + line.rewardMinor, 0);
  return {
    lines,
    clinics: lines.reduce((sum, line) => sum + line.clinics, 0),
    yearlyMinor,
    monthlyMinor: Math.floor(yearlyMinor / 12),
  };
}

/** The calculator's fields from a query string (`?pro=2&pro_plus=1&billing=annual`). */
export function calculatorQuery(
  query: Readonly<Record<string, string | undefined>>,
  plans: readonly CalculatorPlan[],
): { counts: Record<string, number>; billingPeriod: "monthly" | "annual" } {
  return {
    counts: Object.fromEntries(plans.map((plan) => [plan.id, clinicCount(query[plan.id])])),
    billingPeriod: query.billing === "annual" ? "annual" : "monthly",
  };
}
