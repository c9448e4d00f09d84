/** Invoices as rows: number, patient, dates, status, total and balance; a card list on a phone. */
import type { InvoiceSummary } from "../../lib/finance/queries.ts";
import { invoiceNumberText } from "../../lib/finance/totals.ts";
import { formatPkr } from "../../lib/treatment/money.ts";
import { InvoiceStatusBadge, isOverdue } from "./InvoiceStatusBadge.tsx";

export function InvoiceTable(
  { rows, today, showPatient = true }: {
    rows: InvoiceSummary[];
    today: string;
    showPatient?: boolean;
  },
) {
  if (rows.length === 0) {
    return <p class="px-5 py-10 text-center text-sm text-slate-500">No invoices match.</p>;
  }
  return (
    <div class="overflow-x-auto">
      <table class="min-w-full text-sm">
        <thead class="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            <th class="px-4 py-2.5 sm:px-5">Invoice</th>
            {showPatient && <th class="px-3 py-2.5">Patient</th>}
            <th class="hidden px-3 py-2.5 md:table-cell">Date</th>
            <th class="hidden px-3 py-2.5 md:table-cell">Due</th>
            <th class="hidden px-3 py-2.5 sm:table-cell">Status</th>
            <th class="hidden px-3 py-2.5 text-right sm:table-cell">Total</th>
            <th class="px-5 py-2.5 text-right">Balance</th>
          </tr>
        </thead>
        <tbody class="divide-y divide-slate-100">
          {rows.map(({ invoice, patientName, doctorName }) => (
            <tr key={invoice.id} class="hover:bg-slate-50">
              <td class="px-4 py-3 sm:px-5">
                <a
                  href={`/billing/invoices/${invoice.id}`}
                  class="whitespace-nowrap font-medium text-brand-700 hover:text-brand-800"
                >
                  {invoiceNumberText(invoice.number)}
                </a>
                {doctorName && <p class="hidden text-xs text-slate-500 sm:block">{doctorName}</p>}
                <p class="mt-1 sm:hidden">
                  <InvoiceStatusBadge status={invoice.status} overdue={isOverdue(invoice, today)} />
                </p>
              </td>
              {showPatient && <td class="px-3 py-3 text-slate-900">{patientName}</td>}
              <td class="hidden px-3 py-3 text-slate-600 md:table-cell">{invoice.issueDate}</td>
              <td class="hidden px-3 py-3 text-slate-600 md:table-cell">{invoice.dueDate}</td>
              <td class="hidden px-3 py-3 sm:table-cell">
                <InvoiceStatusBadge status={invoice.status} overdue={isOverdue(invoice, today)} />
              </td>
              <td class="hidden px-3 py-3 text-right tabular-nums text-slate-700 sm:table-cell">
                {formatPkr(invoice.totalMinor)}
              </td>
              <td class="whitespace-nowrap px-5 py-3 text-right font-medium tabular-nums text-slate-900">
                {invoice.status === "void"
                  ? "—"
                  : formatPkr(invoice.totalMinor - invoice.paidMinor)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
