/**
 * Invoice Studio's front page: every platform invoice, newest number first, filtered by status,
 * clinic and period, with what is outstanding at a glance.
 */
import type {
  ClinicChoice,
  InvoiceFilter,
  InvoiceListRow,
} from "../../lib/platform-billing/invoices.ts";
import { formatPkr } from "../../lib/treatment/money.ts";
import { longDate, periodLabel } from "../../lib/platform-billing/periods.ts";
import { STATUS_LABELS } from "../../lib/platform-billing/labels.ts";
import {
  buttonClass,
  ButtonLink,
  Card,
  Input,
  Notice,
  PageHeader,
  Select,
  Stat,
} from "../ui/mod.ts";
import { TestBadge } from "../admin/ClinicBadges.tsx";
import { InvoiceStatusBadge } from "./InvoiceStatusBadge.tsx";

function Filters({ filter, clinics }: { filter: InvoiceFilter; clinics: ClinicChoice[] }) {
  return (
    <form
      method="get"
      action="/admin/invoices"
      class="grid grid-cols-2 items-end gap-3 border-b border-slate-100 px-5 py-4 md:grid-cols-4"
      aria-label="Filter invoices"
    >
      <div>
        <label for="filter-status" class="block text-xs font-medium text-slate-600">Status</label>
        <Select id="filter-status" name="status" class="mt-1">
          <option value="">All statuses</option>
          {Object.entries(STATUS_LABELS).map(([value, label]) => (
            <option key={value} value={value} selected={filter.status === value}>{label}</option>
          ))}
        </Select>
      </div>
      <div>
        <label for="filter-clinic" class="block text-xs font-medium text-slate-600">Clinic</label>
        <Select id="filter-clinic" name="clinicId" class="mt-1">
          <option value="">All clinics</option>
          {clinics.map((c) => (
            <option key={c.id} value={c.id} selected={filter.clinicId === c.id}>{c.name}</option>
          ))}
        </Select>
      </div>
      <div>
        <label for="filter-month" class="block text-xs font-medium text-slate-600">Period</label>
        <Input
          id="filter-month"
          type="month"
          name="month"
          value={filter.month ?? ""}
          class="mt-1"
        />
      </div>
      <div class="flex gap-2">
        <button type="submit" class={buttonClass("secondary", "md", "flex-1")}>Filter</button>
        <a href="/admin/invoices" class={buttonClass("ghost", "md")}>Clear</a>
      </div>
    </form>
  );
}

function InvoiceRow({ row }: { row: InvoiceListRow }) {
  const due = row.status === "sent" ? row.totalMinor - row.paidMinor : 0;
  return (
    <tr class="block md:table-row" data-invoice-row={row.number}>
      <td class="block px-5 pt-4 md:table-cell md:py-3.5">
        <a
          href={`/admin/invoices/${row.id}`}
          class="font-semibold text-slate-900 hover:text-brand-700"
        >
          {row.number}
        </a>
        <span class="ml-2 md:hidden">
          <InvoiceStatusBadge status={row.status} />
        </span>
      </td>
      <td class="block px-5 pt-1 md:table-cell md:py-3.5">
        <span class="text-slate-900">{row.clinicName}</span>
        {row.isTestAccount && (
          <span class="ml-2 align-middle">
            <TestBadge />
          </span>
        )}
      </td>
      <td class="block px-5 pt-1 text-slate-600 md:table-cell md:py-3.5">
        {periodLabel({ start: row.periodStart, end: row.periodEnd })}
      </td>
      <td class="hidden px-5 py-3.5 text-slate-600 md:table-cell">{longDate(row.dueDate)}</td>
      <td class="hidden px-5 py-3.5 md:table-cell">
        <InvoiceStatusBadge status={row.status} />
      </td>
      <td class="block px-5 pb-4 pt-1 md:table-cell md:py-3.5 md:text-right">
        <span class="font-semibold text-slate-900">{formatPkr(row.totalMinor)}</span>
        {due > 0 && due < row.totalMinor && (
          <span class="block text-xs text-amber-700">{formatPkr(due)} due</span>
        )}
      </td>
    </tr>
  );
}

export function InvoiceListPage(
  { rows, filter, clinics, notice }: {
    rows: InvoiceListRow[];
    filter: InvoiceFilter;
    clinics: ClinicChoice[];
    notice?: string;
  },
) {
  const outstanding = rows.filter((r) => r.status === "sent")
    .reduce((sum, r) => sum + r.totalMinor - r.paidMinor, 0);
  const paid = rows.filter((r) => r.status === "paid").reduce((sum, r) => sum + r.totalMinor, 0);
  const drafts = rows.filter((r) => r.status === "draft").length;
  const filtered = Boolean(filter.status || filter.clinicId || filter.month);
  return (
    <>
      <PageHeader
        title="Invoice Studio"
        subtitle="Subscription invoices from the platform to its clinics, in PKR."
      >
        <div class="flex flex-wrap gap-2">
          <ButtonLink href="/admin/invoices/branding" variant="secondary">Branding</ButtonLink>
          <ButtonLink href="/admin/invoices/new">New invoice</ButtonLink>
        </div>
      </PageHeader>
      {notice === "voided" && (
        <Notice tone="info">The invoice is void; its number stays taken.</Notice>
      )}
      <div class="mb-6 grid gap-4 sm:grid-cols-3">
        <Stat label="Outstanding" value={formatPkr(outstanding)} hint="Sent and not yet paid" />
        <Stat
          label="Paid"
          value={formatPkr(paid)}
          hint={filtered ? "In this selection" : "All time"}
        />
        <Stat label="Drafts" value={drafts} hint="Not sent to the clinic yet" />
      </div>
      <Card>
        <Filters filter={filter} clinics={clinics} />
        {rows.length === 0
          ? (
            <p class="px-5 py-12 text-center text-sm text-slate-500" data-empty>
              {filtered
                ? "No invoice matches these filters."
                : "No invoices yet. Create the first one from a clinic's plan."}
            </p>
          )
          : (
            <table class="w-full text-left text-sm" data-invoice-table>
              <thead class="hidden border-b border-slate-100 text-xs font-medium uppercase tracking-wide text-slate-500 md:table-header-group">
                <tr>
                  <th class="px-5 py-3 font-medium">Invoice</th>
                  <th class="px-5 py-3 font-medium">Clinic</th>
                  <th class="px-5 py-3 font-medium">Period</th>
                  <th class="px-5 py-3 font-medium">Due</th>
                  <th class="px-5 py-3 font-medium">Status</th>
                  <th class="px-5 py-3 text-right font-medium">Total</th>
                </tr>
              </thead>
              <tbody class="divide-y divide-slate-100">
                {rows.map((row) => <InvoiceRow key={row.id} row={row} />)}
              </tbody>
            </table>
          )}
      </Card>
    </>
  );
}
