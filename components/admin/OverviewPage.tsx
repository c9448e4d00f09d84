/**
 * Superadmin → Overview: clinics by subscription state, new clinics this
 * month, MRR and ARR, the trials ending within a week, and twelve months of
 * revenue as a server-rendered chart (with its figures in a table that opens
 * without JavaScript). Test accounts are out of every figure, and each says so.
 */
import type { ComponentChildren } from "preact";
import type { OverviewFigures } from "../../lib/admin/overview-figures.ts";
import { formatPkr } from "../../lib/treatment/money.ts";
import { formatDateTime, formatLongDate } from "../../lib/view/format.ts";
import { Badge, Card, PageHeader } from "../ui/mod.ts";
import { TestAccountsFootnote } from "./TestAccountsFootnote.tsx";

const ZONE = "Asia/Karachi";

function Figure(
  { label, value, hint, testAccounts, name }: {
    label: string;
    value: ComponentChildren;
    hint?: string;
    testAccounts: number;
    /** `data-figure`, for tests and for linking to a figure. */
    name: string;
  },
) {
  return (
    <div class="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" data-figure={name}>
      <p class="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <p class="mt-2 text-2xl font-semibold tracking-tight text-slate-900" data-value>{value}</p>
      {hint && <p class="mt-1 text-sm text-slate-500">{hint}</p>}
      <TestAccountsFootnote count={testAccounts} />
    </div>
  );
}

function TrialsEnding({ figures }: { figures: OverviewFigures }) {
  const trials = figures.trialsEnding;
  return (
    <Card title={`Trials ending within 7 days · ${trials.length}`} class="lg:col-span-1">
      <div data-figure="trials-ending">
        {trials.length === 0
          ? <p class="px-5 py-6 text-sm text-slate-500">No trial ends this week.</p>
          : (
            <ul class="divide-y divide-slate-100">
              {trials.map((trial) => (
                <li key={trial.id}>
                  <a
                    href={`/admin/clinics/${trial.id}`}
                    class="flex items-center gap-3 px-5 py-3 hover:bg-amber-50/60"
                  >
                    <span class="min-w-0 flex-1">
                      <span class="block truncate text-sm font-medium text-slate-900">
                        {trial.name}
                      </span>
                      <span class="block text-xs text-slate-500">
                        ends {formatDateTime(trial.endsAt, ZONE)}
                      </span>
                    </span>
                    <Badge tone="amber">
                      {trial.daysLeft} {trial.daysLeft === 1 ? "day" : "days"} left
                    </Badge>
                  </a>
                </li>
              ))}
            </ul>
          )}
        <div class="px-5 pb-4">
          <TestAccountsFootnote count={figures.testAccounts} />
        </div>
      </div>
    </Card>
  );
}

function RevenueTrend(
  { figures, chartSvg, monthLabels }: {
    figures: OverviewFigures;
    chartSvg: string;
    monthLabels: string[];
  },
) {
  return (
    <Card title="Revenue, last 12 months" class="lg:col-span-2">
      <div class="px-3 pt-4 sm:px-5" data-figure="revenue-trend">
        {
          // On a phone the chart keeps a readable size and scrolls sideways.
        }
        <div class="overflow-x-auto" tabIndex={0} role="group" aria-label="Revenue chart">
          <div class="min-w-[520px]" dangerouslySetInnerHTML={{ __html: chartSvg }} />
        </div>
        <p class="mt-2 text-xs text-slate-500">
          What active subscriptions invoice each month: the plan's price on the day the subscription
          started and on each monthly or yearly renewal, at today's prices.
        </p>
        <TestAccountsFootnote count={figures.testAccounts} />
        <details class="mt-3 mb-4 text-sm">
          <summary class="cursor-pointer font-medium text-brand-700">Show the figures</summary>
          <table class="mt-2 w-full text-left">
            <caption class="sr-only">Revenue per month</caption>
            <thead>
              <tr class="text-xs uppercase tracking-wide text-slate-500">
                <th scope="col" class="py-1.5 font-medium">Month</th>
                <th scope="col" class="py-1.5 text-right font-medium">Revenue</th>
              </tr>
            </thead>
            <tbody class="divide-y divide-slate-100">
              {figures.trend.map((m, i) => (
                <tr key={m.month} data-month={m.month}>
                  <td class="py-1.5 text-slate-700">{monthLabels[i]}</td>
                  <td class="py-1.5 text-right tabular-nums text-slate-900">
                    {formatPkr(m.revenueMinor)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </div>
    </Card>
  );
}

export function OverviewPage(
  { figures, chartSvg, monthLabels, now }: {
    figures: OverviewFigures;
    /** The trend chart, rendered on the server (lib/admin/revenue-trend-chart.ts). */
    chartSvg: string;
    /** The trend's months as the chart labels them. */
    monthLabels: string[];
    now: Date;
  },
) {
  const { counts, testAccounts } = figures;
  return (
    <>
      <PageHeader
        title="Platform overview"
        subtitle={`All clinics on OdontoX · ${formatLongDate(now, ZONE)}`}
      />
      <div class="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
        <Figure
          name="active"
          label="Active"
          value={counts.active}
          hint="paying subscriptions"
          testAccounts={testAccounts}
        />
        <Figure
          name="trial"
          label="On trial"
          value={counts.trial}
          hint="incl. not signed in yet"
          testAccounts={testAccounts}
        />
        <Figure
          name="expired-trial"
          label="Trial expired"
          value={counts.expiredTrial}
          hint="read-only until they subscribe"
          testAccounts={testAccounts}
        />
        <Figure
          name="suspended"
          label="Suspended"
          value={counts.suspended}
          testAccounts={testAccounts}
        />
      </div>
      <div class="mt-3 grid grid-cols-1 gap-3 sm:mt-4 sm:grid-cols-3 sm:gap-4">
        <Figure
          name="new-this-month"
          label="New clinics this month"
          value={figures.newThisMonth}
          testAccounts={testAccounts}
        />
        <Figure
          name="mrr"
          label="MRR"
          value={formatPkr(figures.mrrMinor)}
          hint="annual plans count 1/12 a month"
          testAccounts={testAccounts}
        />
        <Figure
          name="arr"
          label="ARR"
          value={formatPkr(figures.arrMinor)}
          hint="active subscriptions over a year"
          testAccounts={testAccounts}
        />
      </div>
      <div class="mt-6 grid grid-cols-1 gap-6 lg:grid-cols-3">
        <RevenueTrend figures={figures} chartSvg={chartSvg} monthLabels={monthLabels} />
        <TrialsEnding figures={figures} />
      </div>
    </>
  );
}
