/**
 * The figures on the superadmin's Overview: clinics by subscription state,
 * new clinics this month, MRR and ARR, trials ending within a week and the
 * revenue of the last twelve months. Test-account clinics are left out of
 * every one of them; `testAccounts` says how many were left out, so each
 * figure can say so.
 *
 * Revenue per month counts the invoices today's active subscriptions raise
 * on their schedule: the plan's price for the billing period on the day the
 * subscription started and on each monthly or yearly anniversary, at the
 * plan's current price. It is what those subscriptions bill, not cash
 * received; a clinic that was suspended or never paid has no invoices in it.
 */
import type { Db } from "../db/client.ts";
import { subscriptionState } from "../subscriptions/state.ts";
import { addMonths, startOfMonth } from "../calendar/calendar-dates.ts";
import { localDateOf } from "../time/zoned.ts";
import {
  invoiceDate,
  loadPlatformClinics,
  periodPriceMinor,
  PLATFORM_TIME_ZONE,
  type PlatformClinic,
  withoutTestAccounts,
} from "./platform-clinics.ts";

/** How far ahead a trial's end counts as "ending soon". */
export const TRIAL_ENDING_DAYS = 7;
/** Months in the revenue trend, the current one included. */
export const TREND_MONTHS = 12;

const DAY_MS = 86_400_000;

export interface ClinicCounts {
  active: number;
  /** Trials still running, including those whose clock has not started yet. */
  trial: number;
  expiredTrial: number;
  suspended: number;
}

export interface EndingTrial {
  id: string;
  name: string;
  endsAt: Date;
  daysLeft: number;
}

export interface RevenueMonth {
  /** YYYY-MM on the platform clock. */
  month: string;
  revenueMinor: number;
}

export interface OverviewFigures {
  counts: ClinicCounts;
  newThisMonth: number;
  /** Monthly recurring revenue, PKR minor units; an annual subscription counts a twelfth of its price. */
  mrrMinor: number;
  /** Annual recurring revenue, PKR minor units: twelve monthly invoices or one annual one per clinic. */
  arrMinor: number;
  trialsEnding: EndingTrial[];
  trend: RevenueMonth[];
  /** Clinics tagged as test accounts, left out of every figure above. */
  testAccounts: number;
}

export function clinicCounts(
  clinics: PlatformClinic[],
  now: Date,
  trialDays: number,
): ClinicCounts {
  const counts: ClinicCounts = { active: 0, trial: 0, expiredTrial: 0, suspended: 0 };
  for (const clinic of clinics) {
    const state = subscriptionState(clinic, now, trialDays);
    if (state.kind === "active") counts.active++;
    else if (state.kind === "trial") counts.trial++;
    else if (state.kind === "trial_expired") counts.expiredTrial++;
    else counts.suspended++;
  }
  return counts;
}

/** Clinics created since the first of this month, on the platform clock. */
export function newClinicsThisMonth(clinics: PlatformClinic[], now: Date): number {
  const monthStart = startOfMonth(localDateOf(now, PLATFORM_TIME_ZONE));
  return clinics.filter((c) => localDateOf(c.createdAt, PLATFORM_TIME_ZONE) >= monthStart).length;
}

function activeClinics(clinics: PlatformClinic[]): PlatformClinic[] {
  return clinics.filter((c) => c.subscriptionStatus === "active");
}

export function recurringRevenue(
  clinics: PlatformClinic[],
): { mrrMinor: number; arrMinor: number } {
  let monthly = 0;
  let annual = 0;
  for (const clinic of activeClinics(clinics)) {
    if (clinic.billingPeriod === "annual") annual += clinic.annualPriceMinor;
    else monthly += clinic.priceMinor;
  }
  return { mrrMinor: monthly + Math.round(annual / 12), arrMinor: monthly * 12 + annual };
}

/** Running trials whose end falls within the next `TRIAL_ENDING_DAYS` days, soonest first. */
export function trialsEndingSoon(
  clinics: PlatformClinic[],
  now: Date,
  trialDays: number,
): EndingTrial[] {
  const horizon = now.getTime() + TRIAL_ENDING_DAYS * DAY_MS;
  const ending: EndingTrial[] = [];
  for (const clinic of clinics) {
    const state = subscriptionState(clinic, now, trialDays);
    if (state.kind !== "trial" || !state.started || state.endsAt.getTime() > horizon) continue;
    ending.push({
      id: clinic.id,
      name: clinic.name,
      endsAt: state.endsAt,
      daysLeft: state.daysLeft,
    });
  }
  return ending.sort((a, b) => a.endsAt.getTime() - b.endsAt.getTime());
}

/** The last `TREND_MONTHS` months, oldest first, with what active subscriptions invoiced in each. */
export function revenueTrend(clinics: PlatformClinic[], now: Date): RevenueMonth[] {
  const thisMonth = startOfMonth(localDateOf(now, PLATFORM_TIME_ZONE));
  const months = Array.from(
    { length: TREND_MONTHS },
    (_, i) => addMonths(thisMonth, i - TREND_MONTHS + 1).slice(0, 7),
  );
  const revenue = new Map(months.map((m) => [m, 0]));
  const last = months.at(-1)!;
  for (const clinic of activeClinics(clinics)) {
    if (!clinic.subscribedAt) continue;
    for (let n = 0;; n++) {
      const month = invoiceDate(clinic.subscribedAt, clinic.billingPeriod, n).slice(0, 7);
      if (month > last) break;
      if (revenue.has(month)) revenue.set(month, revenue.get(month)! + periodPriceMinor(clinic));
    }
  }
  return months.map((month) => ({ month, revenueMinor: revenue.get(month)! }));
}

export function overviewFigures(
  clinics: PlatformClinic[],
  now: Date,
  trialDays: number,
): OverviewFigures {
  const { real, testAccounts } = withoutTestAccounts(clinics);
  return {
    counts: clinicCounts(real, now, trialDays),
    newThisMonth: newClinicsThisMonth(real, now),
    ...recurringRevenue(real),
    trialsEnding: trialsEndingSoon(real, now, trialDays),
    trend: revenueTrend(real, now),
    testAccounts,
  };
}

export async function loadOverviewFigures(
  db: Db,
  options: { now: Date; trialDays: number },
): Promise<OverviewFigures> {
  return overviewFigures(await loadPlatformClinics(db), options.now, options.trialDays);
}
