/** How every page writes a plan's price: PKR through the one formatter, per month or per year. */
import { formatPkr } from "../../lib/treatment/money.ts";
import type { BillingPeriod } from "../../lib/subscriptions/state.ts";

interface Priced {
  priceMinor: number;
  annualPriceMinor: number;
}

/** The price of one billing period, in minor units. */
export function periodPriceMinor(plan: Priced, period: BillingPeriod): number {
  return period === "annual" ? plan.annualPriceMinor : plan.priceMinor;
}

/** `PKR 7,500 / month`, `PKR 75,000 / year`, or "No charge" for a free plan. */
export function planPriceText(plan: Priced, period: BillingPeriod = "monthly"): string {
  const minor = periodPriceMinor(plan, period);
  if (!minor) return "No charge";
  return `${formatPkr(minor)} / ${period === "annual" ? "year" : "month"}`;
}

export const BILLING_PERIOD_LABELS: Record<BillingPeriod, string> = {
  monthly: "Monthly",
  annual: "Annual",
};
