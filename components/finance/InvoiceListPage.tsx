/** The billing area: invoices filtered by status, dates, doctor and overdue, with their totals. */
import { ButtonLink, Card, PageHeader, Select, Stat } from "../ui/mod.ts";
import { Input } from "../ui/mod.ts";
import type {
  InvoiceFilter,
  InvoiceListTotals,
  InvoiceSummary,
} from "../../lib/finance/queries.ts";
import type { Choice } from "../../lib/finance/form-options.ts";
import { INVOICE_STATUS_LABELS } from "../../lib/finance/totals.ts";

const STATUSES = Object.keys(INVOICE_STATUS_LABELS) as (keyof typeof INVOICE_STATUS_LABELS)[];
import { formatPkr } from "../../lib/treatment/money.ts";
import { InvoiceTable } from "./InvoiceTable.tsx";

export function InvoiceListPage(
  { rows, totals, filter, doctors, today, mayCreate }: {
    rows: InvoiceSummary[];
    totals: InvoiceListTotals;
    filter: InvoiceFilter;
    doctors: Choice[];
    today: string;
    mayCreate: boolean;
  },
) {
  return (
    <>
      <PageHeader title="Billing" subtitle="Patient invoices, payments and receipts, in PKR.">
        {mayCreate && <ButtonLink href="/billing/invoices/new">New invoice</ButtonLink>}
      </PageHeader>
      <div class="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label="Invoices" value={totals.count} />
        <Stat label="Invoiced" value={formatPkr(totals.totalMinor)} />
        <Stat label="Received" value={formatPkr(totals.paidMinor)} />
        <Stat label="Outstanding" value={formatPkr(totals.outstandingMinor)} />
      </div>
      <Card class="mb-6">
        <form
          method="get"
          action="/billing"
          class="grid gap-3 px-5 py-4 sm:grid-cols-2 lg:grid-cols-6 lg:items-end"
        >
          <div>
            <label for="filter-status" class="block text-xs font-medium text-slate-600">
              Status
            </label>
            <Select id="filter-status" name="status" class="mt-1">
              <option value="">Any status</option>
              {STATUSES.map((s) => (
                <option key={s} value={s} selected={filter.status === s}>
                  {INVOICE_STATUS_LABELS[s]}
                </option>
              ))}
            </Select>
          </div>
          <div>
            <label for="filter-from" class="block text-xs font-medium text-slate-600">From</label>
            <Input
              id="filter-from"
              name="from"
              type="date"
              value={filter.from ?? ""}
              class="mt-1"
            />
          </div>
          <div>
            <label for="filter-to" class="block text-xs font-medium text-slate-600">To</label>
            <Input id="filter-to" name="to" type="date" value={filter.to ?? ""} class="mt-1" />
          </div>
          <div>
            <label for="filter-doctor" class="block text-xs font-medium text-slate-600">
              Doctor
            </label>
            <Select id="filter-doctor" name="doctor" class="mt-1">
              <option value="">Any doctor</option>
              {doctors.map((d) => (
                <option key={d.value} value={d.value} selected={filter.doctorId === d.value}>
                  {d.label}
                </option>
              ))}
            </Select>
          </div>
          <label class="flex items-center gap-2 text-sm text-slate-700 lg:pb-2">
            <input
              type="checkbox"
              name="overdue"
              value="1"
              checked={filter.overdue}
              class="h-4 w-4 rounded border-slate-300"
            />
            Overdue only
          </label>
          <div class="flex gap-2">
            <button
              type="submit"
              class="rounded-lg bg-slate-900 px-4 py-2 text-sm font-semibold text-white hover:bg-slate-800"
            >
              Filter
            </button>
            <a
              href="/billing"
              class="rounded-lg px-3 py-2 text-sm font-medium text-slate-600 hover:bg-slate-100"
            >
              Clear
            </a>
          </div>
        </form>
      </Card>
      <Card title={`${rows.length} ${rows.length === 1 ? "invoice" : "invoices"}`}>
        <InvoiceTable rows={rows} today={today} />
      </Card>
    </>
  );
}
