/**
 * Every clinic with what the superadmin's figures need: its subscription
 * facts and its plan's prices. One read feeds the overview, the revenue tab
 * and their tests, so a figure can never forget the test-account tag or read
 * the prices differently from its neighbour.
 */
import { asc, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinics, subscriptionPlans } from "../db/schema.ts";
import type { BillingPeriod, SubscriptionStatus } from "../subscriptions/state.ts";
import { addMonths } from "../calendar/calendar-dates.ts";
import { localDateOf } from "../time/zoned.ts";

/** The platform's own clock for month boundaries and invoice dates: its clinics are in Pakistan. */
export const PLATFORM_TIME_ZONE = "Asia/Karachi";

export interface PlatformClinic {
  id: string;
  name: string;
  slug: string;
  planId: string;
  planName: string;
  /** The plan's monthly price, PKR minor units. */
  priceMinor: number;
  /** The plan's annual price, PKR minor units. */
  annualPriceMinor: number;
  isTestAccount: boolean;
  subscriptionStatus: SubscriptionStatus;
  billingPeriod: BillingPeriod;
  subscribedAt: Date | null;
  trialStartedAt: Date | null;
  createdAt: Date;
}

export async function loadPlatformClinics(db: Db): Promise<PlatformClinic[]> {
  return await db.select({
    id: clinics.id,
    name: clinics.name,
    slug: clinics.slug,
    planId: clinics.planId,
    planName: subscriptionPlans.name,
    priceMinor: subscriptionPlans.priceMinor,
    annualPriceMinor: subscriptionPlans.annualPriceMinor,
    isTestAccount: clinics.isTestAccount,
    subscriptionStatus: clinics.subscriptionStatus,
    billingPeriod: clinics.billingPeriod,
    subscribedAt: clinics.subscribedAt,
    trialStartedAt: clinics.trialStartedAt,
    createdAt: clinics.createdAt,
  }).from(clinics)
    .innerJoin(subscriptionPlans, eq(subscriptionPlans.id, clinics.planId))
    .orderBy(asc(clinics.name));
}

/** Test accounts are out of every figure; this splits them off once, with their count for the footnotes. */
export function withoutTestAccounts<T extends { isTestAccount: boolean }>(
  rows: T[],
): { real: T[]; testAccounts: number } {
  const real = rows.filter((row) => !row.isTestAccount);
  return { real, testAccounts: rows.length - real.length };
}

/** What one invoice of the clinic's subscription charges: the plan's price for its billing period. */
export function periodPriceMinor(clinic: PlatformClinic): number {
  return clinic.billingPeriod === "annual" ? clinic.annualPriceMinor : clinic.priceMinor;
}

const MONTHS_PER_PERIOD: Record<BillingPeriod, number> = { monthly: 1, annual: 12 };

/**
 * The calendar date (platform clock, YYYY-MM-DD) of the subscription's n-th
 * invoice: the first on the day it started, then one every billing period on
 * the same day of the month (clamped: started 31 Jan → 28/29 Feb).
 */
export function invoiceDate(subscribedAt: Date, period: BillingPeriod, n: number): string {
  return addMonths(localDateOf(subscribedAt, PLATFORM_TIME_ZONE), n * MONTHS_PER_PERIOD[period]);
}

/** The first invoice date on or after `now`'s date: today when an invoice falls due today. */
export function nextInvoiceDate(subscribedAt: Date, period: BillingPeriod, now: Date): string {
  const today = localDateOf(now, PLATFORM_TIME_ZONE);
  let n = 0;
  while (invoiceDate(subscribedAt, period, n) < today) n++;
  return invoiceDate(subscribedAt, period, n);
}
