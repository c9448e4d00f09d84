/**
 * The referral calculator on a clinic's Referrals page: referred clinics per plan and how they
 * pay in, the estimated reward out. The server renders it with the figures computed from the
 * live plan prices and commission; in the browser it recomputes with the same pure function as
 * numbers are typed. Without JavaScript, "Calculate" submits the same fields as a GET and the
 * server answers with the new figures.
 *
 * @example
 * ```tsx
 * <ReferralCalculator plans={plans} commissionBps={1000} counts={{ pro: 2 }} billingPeriod="monthly" />
 * ```
 */
import { useEffect, useState } from "preact/hooks";
import {
  type CalculatorPlan,
  clinicCount,
  estimateReferralReward,
  formatCommission,
  MAX_REFERRED_PER_PLAN,
} from "../lib/subscriptions/calculator.ts";
import { formatPkr } from "../lib/treatment/money.ts";

export interface ReferralCalculatorProps {
  /** Paid plans, with their live prices. */
  plans: CalculatorPlan[];
  commissionBps: number;
  counts: Record<string, number>;
  billingPeriod: "monthly" | "annual";
}

const CONTROL =
  "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";

export default function ReferralCalculator(props: ReferralCalculatorProps) {
  const [counts, setCounts] = useState<Record<string, number>>(props.counts);
  const [billingPeriod, setBillingPeriod] = useState(props.billingPeriod);
  // Once hydrated the figures follow every keystroke, so the submit button has nothing to do.
  const [live, setLive] = useState(false);
  useEffect(() => setLive(true), []);
  const estimate = estimateReferralReward({
    plans: props.plans,
    counts,
    commissionBps: props.commissionBps,
    billingPeriod,
  });
  return (
    <form method="get" action="/referrals" class="grid grid-cols-1 gap-6 p-5 md:grid-cols-2">
      <div class="space-y-4">
        {props.plans.map((plan) => {
          const id = `refer-count-${plan.id}`;
          return (
            <div key={plan.id}>
              <label for={id} class="block text-sm font-medium text-slate-700">
                Clinics on {plan.name}
              </label>
              <input
                id={id}
                name={plan.id}
                type="number"
                min={0}
                max={MAX_REFERRED_PER_PLAN}
                step={1}
                inputMode="numeric"
                value={counts[plan.id] ?? 0}
                onInput={(event) => {
                  const value = clinicCount((event.target as HTMLInputElement).value);
                  setCounts((before) => ({ ...before, [plan.id]: value }));
                }}
                class={`mt-1.5 ${CONTROL}`}
              />
              <p class="mt-1 text-xs text-slate-500">
                {formatPkr(plan.priceMinor)} / month or {formatPkr(plan.annualPriceMinor)} / year
              </p>
            </div>
          );
        })}
        <fieldset>
          <legend class="text-sm font-medium text-slate-700">They pay</legend>
          <div class="mt-1.5 flex gap-3">
            {(["monthly", "annual"] as const).map((period) => (
              <label
                key={period}
                class="flex cursor-pointer items-center gap-2 rounded-lg px-3 py-2 text-sm ring-1 ring-slate-200 [&:has(input:checked)]:ring-2 [&:has(input:checked)]:ring-brand-500"
              >
                <input
                  type="radio"
                  name="billing"
                  value={period}
                  checked={billingPeriod === period}
                  onChange={() => setBillingPeriod(period)}
                  class="h-4 w-4 accent-brand-600"
                />
                {period === "monthly" ? "Monthly" : "Annually"}
              </label>
            ))}
          </div>
        </fieldset>
        {!live && (
          <button
            type="submit"
            class="rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700"
          >
            Calculate
          </button>
        )}
      </div>
      <div class="rounded-xl bg-brand-50 p-5 ring-1 ring-brand-100" aria-live="polite">
        <p class="text-xs font-medium uppercase tracking-wide text-brand-800">
          Estimated reward
        </p>
        <p class="mt-2 text-3xl font-semibold tracking-tight text-slate-900" data-reward-yearly>
          {formatPkr(estimate.yearlyMinor)}
          <span class="ml-1 text-base font-normal text-slate-600">/ year</span>
        </p>
        <p class="mt-1 text-sm text-slate-600" data-reward-monthly>
          about {formatPkr(estimate.monthlyMinor)} a month for {estimate.clinics}{" "}
          {estimate.clinics === 1 ? "clinic" : "clinics"}
        </p>
        <ul class="mt-4 space-y-1.5 border-t border-brand-100 pt-3 text-sm text-slate-700">
          {estimate.lines.map((line) => (
            <li key={line.planId} class="flex justify-between gap-3" data-reward-line={line.planId}>
              <span>
                {line.clinics} × {line.planName} · {formatPkr(line.yearlyPriceMinor)} a year
              </span>
              <span class="whitespace-nowrap font-medium text-slate-900">
                {formatPkr(line.rewardMinor)}
              </span>
            </li>
          ))}
        </ul>
        <p class="mt-4 text-xs text-slate-500">
          {formatCommission(props.commissionBps)}{" "}
          of each referred clinic's subscription in its first year, at today's prices.
        </p>
      </div>
    </form>
  );
}
