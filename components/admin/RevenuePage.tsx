/**
 * Superadmin → Revenue: the trial cohort (amber cards, days left) and the
 * active cohort (plan, price for the billing period, next invoice date),
 * with a filter by plan and cohort that works as a plain GET form.
 */
import type {
  ActiveCard,
  RevenueCohorts,
  RevenueFilters,
  TrialCard,
} from "../../lib/admin/revenue.ts";
import { dayMonth } from "../../lib/calendar/calendar-dates.ts";
import { formatPkr } from "../../lib/treatment/money.ts";
import { formatDateTime } from "../../lib/view/format.ts";
import { Button, Field, PageHeader, Select } from "../ui/mod.ts";
import { PlanBadge } from "./ClinicBadges.tsx";
import { TestAccountsFootnote } from "./TestAccountsFootnote.tsx";

const ZONE = "Asia/Karachi";

function trialLine(card: TrialCard): string {
  if (card.expired) return `Trial ended ${formatDateTime(card.endsAt!, ZONE)}`;
  if (!card.started) return "Trial starts at the first sign-in";
  return `Ends ${formatDateTime(card.endsAt!, ZONE)}`;
}

function TrialCardView({ card }: { card: TrialCard }) {
  return (
    <li
      class={`rounded-xl p-4 ring-1 ${
        card.expired ? "bg-amber-100/70 ring-amber-300" : "bg-amber-50 ring-amber-200"
      }`}
      data-trial-card={card.clinicId}
    >
      <div class="flex items-start justify-between gap-3">
        <a
          href={`/admin/clinics/${card.clinicId}`}
          class="min-w-0 truncate font-semibold text-slate-900 hover:text-brand-700"
        >
          {card.name}
        </a>
        <PlanBadge planId={card.planId} name={card.planName} />
      </div>
      <p class="mt-3 text-2xl font-semibold tracking-tight text-amber-900" data-days-left>
        {card.expired ? "Expired" : `${card.daysLeft} ${card.daysLeft === 1 ? "day" : "days"} left`}
      </p>
      <p class="mt-1 text-sm text-amber-800">{trialLine(card)}</p>
    </li>
  );
}

function ActiveCardView({ card }: { card: ActiveCard }) {
  return (
    <li
      class="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200"
      data-active-card={card.clinicId}
    >
      <div class="flex items-start justify-between gap-3">
        <a
          href={`/admin/clinics/${card.clinicId}`}
          class="min-w-0 truncate font-semibold text-slate-900 hover:text-brand-700"
        >
          {card.name}
        </a>
        <PlanBadge planId={card.planId} name={card.planName} />
      </div>
      <p class="mt-3 text-xl font-semibold tracking-tight text-slate-900">
        {formatPkr(card.priceMinor)}
        <span class="text-sm font-normal text-slate-500">
          {card.billingPeriod === "annual" ? " / year" : " / month"}
        </span>
      </p>
      <dl class="mt-2 grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
        <dt class="text-slate-500">Billing</dt>
        <dd class="text-slate-800">{card.billingPeriod === "annual" ? "Annual" : "Monthly"}</dd>
        <dt class="text-slate-500">Next invoice</dt>
        <dd class="text-slate-800" data-next-invoice>
          {card.nextInvoiceOn ? dayMonth(card.nextInvoiceOn, true) : "start not recorded"}
        </dd>
      </dl>
    </li>
  );
}

function Filters(
  { filters, plans }: { filters: RevenueFilters; plans: { id: string; name: string }[] },
) {
  return (
    <form
      method="get"
      action="/admin/revenue"
      class="mb-6 flex flex-wrap items-end gap-3"
      data-revenue-filters
    >
      <div class="w-40">
        <Field label="Plan" id="filter-plan">
          <Select id="filter-plan" name="plan">
            <option value="">All plans</option>
            {plans.map((p) => (
              <option key={p.id} value={p.id} selected={filters.plan === p.id}>{p.name}</option>
            ))}
          </Select>
        </Field>
      </div>
      <div class="w-40">
        <Field label="Cohort" id="filter-cohort">
          <Select id="filter-cohort" name="cohort">
            <option value="">All cohorts</option>
            <option value="trial" selected={filters.cohort === "trial"}>Trial</option>
            <option value="active" selected={filters.cohort === "active"}>Active</option>
          </Select>
        </Field>
      </div>
      <Button type="submit" variant="secondary">Filter</Button>
      {(filters.plan || filters.cohort) && (
        <a href="/admin/revenue" class="py-2 text-sm font-medium text-brand-700 hover:underline">
          Clear
        </a>
      )}
    </form>
  );
}

function Empty({ text }: { text: string }) {
  return (
    <p class="rounded-xl bg-white px-5 py-6 text-sm text-slate-500 ring-1 ring-slate-200">{text}</p>
  );
}

export function RevenuePage(
  { cohorts, filters, plans }: {
    cohorts: RevenueCohorts;
    filters: RevenueFilters;
    plans: { id: string; name: string }[];
  },
) {
  const showTrial = !filters.cohort || filters.cohort === "trial";
  const showActive = !filters.cohort || filters.cohort === "active";
  const activeMonthly = cohorts.active.reduce(
    (sum, c) => sum + (c.billingPeriod === "annual" ? c.priceMinor / 12 : c.priceMinor),
    0,
  );
  return (
    <>
      <PageHeader
        title="Revenue"
        subtitle={`${cohorts.trial.length} on trial · ${cohorts.active.length} active` +
          (cohorts.suspended ? ` · ${cohorts.suspended} suspended, not shown` : "")}
      />
      <Filters filters={filters} plans={plans} />
      {showTrial && (
        <section aria-labelledby="trial-cohort" class="mb-8" data-cohort="trial">
          <h2 id="trial-cohort" class="mb-3 text-sm font-semibold text-slate-900">
            Trial cohort · {cohorts.trial.length}
          </h2>
          {cohorts.trial.length
            ? (
              <ul class="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
                {cohorts.trial.map((card) => <TrialCardView key={card.clinicId} card={card} />)}
              </ul>
            )
            : <Empty text="No clinic on a trial matches the filter." />}
          <TestAccountsFootnote count={cohorts.testAccounts} />
        </section>
      )}
      {showActive && (
        <section aria-labelledby="active-cohort" data-cohort="active">
          <h2 id="active-cohort" class="mb-3 text-sm font-semibold text-slate-900">
            Active cohort · {cohorts.active.length}
            {cohorts.active.length > 0 && (
              <span class="font-normal text-slate-500" data-cohort-mrr>
                {` · ${formatPkr(Math.round(activeMonthly))} a month`}
              </span>
            )}
          </h2>
          {cohorts.active.length
            ? (
              <ul class="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
                {cohorts.active.map((card) => <ActiveCardView key={card.clinicId} card={card} />)}
              </ul>
            )
            : <Empty text="No active subscription matches the filter." />}
          <TestAccountsFootnote count={cohorts.testAccounts} />
        </section>
      )}
    </>
  );
}
