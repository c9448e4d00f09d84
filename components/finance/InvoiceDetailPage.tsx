/**
 * One invoice: who and when, its lines, and the live ledger (balance, Record payment, payments
 * with receipts, history). Actions by permission: download the PDF, email it, issue a draft,
 * void with a reason.
 */
import InvoiceLedger, { type LedgerDetail } from "../../islands/InvoiceLedger.tsx";
import { Button, ButtonLink, Card, Input, Notice, PageHeader } from "../ui/mod.ts";
import type { InvoiceDetail } from "../../lib/finance/queries.ts";
import { invoiceNumberText, taxRateText } from "../../lib/finance/totals.ts";
import { formatPkr } from "../../lib/treatment/money.ts";
import { BackLink } from "../patients/BackLink.tsx";
import { InvoiceStatusBadge, isOverdue } from "./InvoiceStatusBadge.tsx";

const NOTICES: Record<string, string> = {
  created: "Invoice saved. It was not emailed; use “Email invoice” to send it.",
  issued: "Invoice issued.",
  edited: "Draft saved. It was not emailed.",
  voided: "Invoice voided.",
  sent: "Invoice queued for email with its PDF attached.",
  refunded: "Refund recorded; the balance shows it.",
};

export interface InvoiceDetailMay {
  record: boolean;
  refund: boolean;
  resend: boolean;
  send: boolean;
  void: boolean;
  issue: boolean;
}

export function InvoiceDetailPage(
  { detail, ledger, today, timeZone, may, notice, problem }: {
    detail: InvoiceDetail;
    ledger: LedgerDetail;
    today: string;
    timeZone: string;
    may: InvoiceDetailMay;
    notice?: string;
    problem?: string;
  },
) {
  const { invoice } = detail;
  const number = invoiceNumberText(invoice.number);
  return (
    <>
      <BackLink href="/billing" label="Billing" />
      <PageHeader
        title={`Invoice ${number}`}
        subtitle={
          <>
            <a
              href={`/patients/${invoice.patientId}?tab=billing`}
              class="font-medium text-brand-700 hover:text-brand-800"
            >
              {detail.patientName}
            </a>{" "}
            · {detail.patientMrn} · dated {invoice.issueDate} · due {invoice.dueDate}
            {detail.doctorName ? ` · ${detail.doctorName}` : ""}
          </>
        }
      >
        <div class="flex flex-wrap items-center gap-2">
          <InvoiceStatusBadge status={invoice.status} overdue={isOverdue(invoice, today)} />
          <ButtonLink href={`/billing/invoices/${invoice.id}/pdf`} variant="secondary" size="sm">
            Download PDF
          </ButtonLink>
          {may.send && invoice.status !== "void" && invoice.status !== "draft" && (
            <form method="post" action={`/billing/invoices/${invoice.id}/send`}>
              <Button type="submit" variant="secondary" size="sm" disabled={!detail.patientEmail}>
                Email invoice
              </Button>
            </form>
          )}
          {may.issue && invoice.status === "draft" && (
            <ButtonLink href={`/billing/invoices/${invoice.id}/edit`} variant="secondary" size="sm">
              Edit draft
            </ButtonLink>
          )}
          {may.issue && invoice.status === "draft" && (
            <form method="post" action={`/billing/invoices/${invoice.id}/issue`}>
              <Button type="submit" size="sm">Issue</Button>
            </form>
          )}
        </div>
      </PageHeader>
      {notice && NOTICES[notice] && <Notice tone="success">{NOTICES[notice]}</Notice>}
      {problem && <Notice tone="error">{problem}</Notice>}
      {notice === "not-a-draft" && (
        <Notice tone="error">
          Only a draft can be edited. An issued invoice is final: void it and create a new one.
        </Notice>
      )}
      {invoice.status === "void" && <Notice tone="error">Void: {invoice.voidReason}</Notice>}
      <div class="grid gap-6 xl:grid-cols-5">
        <div class="grid content-start gap-6 xl:col-span-3">
          <Card title="Lines">
            <div class="overflow-x-auto">
              <table class="min-w-full text-sm">
                <thead class="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
                  <tr>
                    <th class="px-5 py-2.5">Item</th>
                    <th class="px-3 py-2.5 text-right">Qty</th>
                    <th class="hidden px-3 py-2.5 text-right sm:table-cell">Unit</th>
                    <th class="hidden px-3 py-2.5 text-right sm:table-cell">Discount</th>
                    <th class="px-5 py-2.5 text-right">Amount</th>
                  </tr>
                </thead>
                <tbody class="divide-y divide-slate-100">
                  {detail.lines.map((line) => (
                    <tr key={line.id}>
                      <td class="px-5 py-3 text-slate-900">{line.description}</td>
                      <td class="px-3 py-3 text-right tabular-nums whitespace-nowrap">
                        {line.quantity}
                      </td>
                      <td class="hidden px-3 py-3 text-right tabular-nums whitespace-nowrap sm:table-cell">
                        {formatPkr(line.unitPriceMinor)}
                      </td>
                      <td class="hidden px-3 py-3 text-right tabular-nums whitespace-nowrap text-slate-500 sm:table-cell">
                        {line.discountMinor ? formatPkr(line.discountMinor) : "—"}
                      </td>
                      <td class="px-5 py-3 text-right font-medium tabular-nums whitespace-nowrap">
                        {formatPkr(line.lineTotalMinor)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <dl class="grid gap-1.5 border-t border-slate-100 px-5 py-4 text-sm">
              <div class="flex justify-between">
                <dt class="text-slate-500">Subtotal</dt>
                <dd class="tabular-nums">{formatPkr(invoice.subtotalMinor)}</dd>
              </div>
              {invoice.discountMinor > 0 && (
                <div class="flex justify-between">
                  <dt class="text-slate-500">Discounts</dt>
                  <dd class="tabular-nums">-{formatPkr(invoice.discountMinor)}</dd>
                </div>
              )}
              {invoice.taxRateBp && (
                <div class="flex justify-between">
                  <dt class="text-slate-500">Tax ({taxRateText(invoice.taxRateBp)})</dt>
                  <dd class="tabular-nums">{formatPkr(invoice.taxMinor)}</dd>
                </div>
              )}
              <div class="flex justify-between text-base font-semibold">
                <dt>Total</dt>
                <dd class="tabular-nums">{formatPkr(invoice.totalMinor)}</dd>
              </div>
            </dl>
            {invoice.notes && (
              <p class="border-t border-slate-100 px-5 py-3 text-sm text-slate-600">
                {invoice.notes}
              </p>
            )}
          </Card>
          {may.void && invoice.status !== "void" && invoice.paidMinor === 0 && (
            <Card title="Void invoice">
              <form
                method="post"
                action={`/billing/invoices/${invoice.id}/void`}
                class="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-end"
              >
                <div class="flex-1">
                  <label for="void-reason" class="block text-sm font-medium text-slate-700">
                    Reason
                  </label>
                  <Input id="void-reason" name="reason" required maxLength={500} class="mt-1.5" />
                </div>
                <Button type="submit" variant="danger">Void</Button>
              </form>
              <p class="px-5 pb-4 text-xs text-slate-500">
                {invoice.status === "draft"
                  ? "A draft keeps its number when voided; use Edit draft to correct it instead."
                  : "An issued invoice cannot be edited; void it and create a corrected one."}
              </p>
            </Card>
          )}
        </div>
        <div class="xl:col-span-2">
          <InvoiceLedger
            detail={ledger}
            today={today}
            timeZone={timeZone}
            may={{ record: may.record, refund: may.refund, resend: may.resend }}
          />
        </div>
      </div>
    </>
  );
}
