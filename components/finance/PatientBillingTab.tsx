/** A patient's Billing tab: balance, invoices, and payments with their receipts. */
import { ButtonLink, Card, Stat } from "../ui/mod.ts";
import type { PatientBilling } from "../../lib/finance/queries.ts";
import {
  invoiceNumberText,
  PAYMENT_METHOD_LABELS,
  receiptNumberText,
} from "../../lib/finance/totals.ts";
import { formatPkr } from "../../lib/treatment/money.ts";
import { InvoiceTable } from "./InvoiceTable.tsx";

export function PatientBillingTab(
  { patientId, billing, today, mayCreate }: {
    patientId: string;
    billing: PatientBilling;
    today: string;
    mayCreate: boolean;
  },
) {
  const { totals } = billing;
  return (
    <div class="grid gap-6">
      <div class="grid grid-cols-2 gap-4 lg:grid-cols-3">
        <Stat label="Invoiced" value={formatPkr(totals.totalMinor)} />
        <Stat label="Paid" value={formatPkr(totals.paidMinor)} />
        <Stat
          label="Balance"
          value={<span data-patient-balance>{formatPkr(totals.outstandingMinor)}</span>}
          hint={totals.outstandingMinor > 0 ? "Owed by the patient" : "Nothing owed"}
        />
      </div>
      <Card
        title="Invoices"
        action={mayCreate && (
          <ButtonLink href={`/billing/invoices/new?patient=${patientId}`} size="sm">
            New invoice
          </ButtonLink>
        )}
      >
        <InvoiceTable rows={billing.invoices} today={today} showPatient={false} />
      </Card>
      <Card title="Payments and receipts">
        {billing.payments.length === 0
          ? <p class="px-5 py-6 text-sm text-slate-500">No payments yet.</p>
          : (
            <ul class="divide-y divide-slate-100">
              {billing.payments.map((p) => (
                <li
                  key={p.id}
                  class="flex flex-wrap items-center gap-x-4 gap-y-1 px-5 py-3 text-sm"
                >
                  <span class="w-24 text-slate-500">{p.paidOn}</span>
                  <span class="font-semibold tabular-nums">{formatPkr(p.amountMinor)}</span>
                  <span class="text-slate-600">{PAYMENT_METHOD_LABELS[p.method]}</span>
                  <a
                    href={`/billing/invoices/${p.invoiceId}`}
                    class="text-slate-600 hover:text-slate-900"
                  >
                    {invoiceNumberText(p.invoiceNumber)}
                  </a>
                  {p.refundedMinor > 0 && (
                    <span class="text-red-700">refunded {formatPkr(p.refundedMinor)}</span>
                  )}
                  {p.receiptId && (
                    <a
                      href={`/api/v1/receipts/${p.receiptId}/pdf`}
                      target="_blank"
                      class="ml-auto font-medium text-brand-700 hover:text-brand-800"
                    >
                      Receipt {receiptNumberText(p.receiptNumber!)}
                    </a>
                  )}
                </li>
              ))}
            </ul>
          )}
      </Card>
    </div>
  );
}
