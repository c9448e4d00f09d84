/**
 * Superadmin → DICOM usage: every clinic with DICOM AI analysis, fullest
 * first — analyses used this month against the limit, a bar, when the month
 * resets and the last analysis — with clinics at 80 % or more highlighted and
 * each limit editable in place (empty = the platform default).
 */
import type { ClinicUsageRow, DicomUsageTotals } from "../../lib/dicom/analysis/usage-monitor.ts";
import type { FormProblem, FormValues } from "../../lib/http/form.ts";
import { formatRelative } from "../../lib/view/format.ts";
import { Button, Card, Input, Notice, PageHeader } from "../ui/mod.ts";
import { TestBadge } from "./ClinicBadges.tsx";
import { TestAccountsFootnote } from "./TestAccountsFootnote.tsx";

export interface LimitFormState {
  clinicId: string;
  values: FormValues;
  problem: FormProblem;
}

function tone(fraction: number) {
  if (fraction >= 1) return { bar: "bg-red-600", row: "bg-red-50/70", text: "text-red-700" };
  if (fraction >= 0.8) {
    return { bar: "bg-amber-500", row: "bg-amber-50/70", text: "text-amber-800" };
  }
  return { bar: "bg-brand-600", row: "", text: "text-slate-700" };
}

function UsageBar({ row }: { row: ClinicUsageRow }) {
  const percent = Math.round(row.fraction * 100);
  const t = tone(row.fraction);
  return (
    <div class="min-w-0">
      <div class="flex items-baseline justify-between gap-2 text-sm">
        <span class="font-medium text-slate-900">
          {row.used} <span class="font-normal text-slate-500">of {row.limit}</span>
        </span>
        <span class={`font-semibold ${t.text}`} data-percent={percent}>{percent} %</span>
      </div>
      <div
        class="mt-1.5 h-2 overflow-hidden rounded-full bg-slate-100"
        role="progressbar"
        aria-label={`${row.name}: ${row.used} of ${row.limit} analyses used`}
        aria-valuemin={0}
        aria-valuemax={row.limit}
        aria-valuenow={row.used}
      >
        <div class={`h-full rounded-full ${t.bar}`} style={`width:${Math.min(100, percent)}%`} />
      </div>
    </div>
  );
}

function LimitForm(
  { row, defaultLimit, form }: { row: ClinicUsageRow; defaultLimit: number; form?: LimitFormState },
) {
  const mine = form?.clinicId === row.clinicId ? form : undefined;
  const value = mine ? mine.values.monthlyLimit ?? "" : row.ownLimit ? String(row.limit) : "";
  const id = `limit-${row.clinicId}`;
  return (
    <form
      method="post"
      action={`/admin/dicom-usage/${row.clinicId}/limit`}
      class="flex flex-wrap items-center gap-2"
      data-limit-form={row.clinicId}
    >
      <label for={id} class="sr-only">Monthly limit of {row.name}</label>
      <div class="w-36">
        <Input
          id={id}
          name="monthlyLimit"
          inputMode="numeric"
          value={value}
          placeholder={`${defaultLimit} (default)`}
          invalid={!!mine}
        />
      </div>
      <Button type="submit" variant="secondary" size="sm">Save</Button>
      {mine && <p class="w-full text-xs text-red-700" role="alert">{mine.problem.message}</p>}
    </form>
  );
}

export function DicomUsagePage(
  { rows, totals, defaultLimit, now, notice, form }: {
    rows: ClinicUsageRow[];
    totals: DicomUsageTotals;
    defaultLimit: number;
    now: Date;
    notice?: string;
    form?: LimitFormState;
  },
) {
  return (
    <>
      <PageHeader
        title="DICOM usage"
        subtitle={`${totals.clinics} ${totals.clinics === 1 ? "clinic has" : "clinics have"} ` +
          `DICOM AI analysis · ${totals.nearLimit} at 80 % of their monthly limit or more · ` +
          `default limit ${defaultLimit}`}
      />
      <div class="mb-6 grid grid-cols-1 gap-3 sm:grid-cols-2 sm:gap-4" data-usage-totals>
        <div class="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" data-figure="analyses">
          <p class="text-xs font-medium uppercase tracking-wide text-slate-500">
            Analyses this month
          </p>
          <p class="mt-2 text-2xl font-semibold tracking-tight text-slate-900" data-value>
            {totals.used}
          </p>
          <TestAccountsFootnote count={totals.testAccounts} />
        </div>
        <div
          class="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200"
          data-figure="near-limit"
        >
          <p class="text-xs font-medium uppercase tracking-wide text-slate-500">
            Near or at their limit
          </p>
          <p class="mt-2 text-2xl font-semibold tracking-tight text-slate-900" data-value>
            {totals.nearLimit}
            <span class="text-base font-normal text-slate-500">of {totals.clinics}</span>
          </p>
          <TestAccountsFootnote count={totals.testAccounts} />
        </div>
      </div>
      {notice === "limit" && (
        <Notice tone="success">
          The limit is saved and applies at once.
        </Notice>
      )}
      <Card>
        {rows.length === 0
          ? (
            <p class="px-5 py-10 text-center text-sm text-slate-500">
              No clinic has the DICOM AI analysis module. Switch it on in Clinics & plans.
            </p>
          )
          : (
            <table class="w-full text-left text-sm" data-usage-table>
              <thead class="hidden border-b border-slate-100 text-xs font-medium uppercase tracking-wide text-slate-500 md:table-header-group">
                <tr>
                  <th class="px-5 py-3 font-medium">Clinic</th>
                  <th class="px-5 py-3 font-medium">Used this month</th>
                  <th class="px-5 py-3 font-medium">Resets</th>
                  <th class="px-5 py-3 font-medium">Last analysis</th>
                  <th class="px-5 py-3 font-medium">Monthly limit</th>
                </tr>
              </thead>
              <tbody class="divide-y divide-slate-100">
                {rows.map((row) => (
                  <tr
                    key={row.clinicId}
                    class={`block md:table-row ${tone(row.fraction).row}`}
                    data-clinic-usage={row.clinicId}
                    data-near-limit={row.fraction >= 0.8 ? "true" : undefined}
                  >
                    <td class="block px-5 pt-4 md:table-cell md:py-4">
                      <a
                        href={`/admin/clinics/${row.clinicId}`}
                        class="font-semibold text-slate-900 hover:text-brand-700"
                      >
                        {row.name}
                      </a>
                      {row.isTestAccount && (
                        <span class="ml-2 align-middle" data-test-account>
                          <TestBadge />
                        </span>
                      )}
                    </td>
                    <td class="block px-5 pt-3 md:table-cell md:w-64 md:py-4">
                      <UsageBar row={row} />
                    </td>
                    <td class="inline-block px-5 pt-3 text-slate-600 md:table-cell md:py-4">
                      <span class="md:hidden">Resets</span>
                      {row.resetsOn}
                    </td>
                    <td class="inline-block px-5 pt-3 text-slate-600 md:table-cell md:py-4">
                      <span class="md:hidden">Last analysis</span>
                      {row.lastAnalysisAt
                        ? formatRelative(new Date(row.lastAnalysisAt), now)
                        : "never"}
                    </td>
                    <td class="block px-5 pb-4 pt-3 md:table-cell md:py-4">
                      <LimitForm row={row} defaultLimit={defaultLimit} form={form} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
      </Card>
    </>
  );
}
