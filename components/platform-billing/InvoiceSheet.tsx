/**
 * The invoice as the PDF draws it, in HTML: the same blocks in the same order (logo and title,
 * seller and facts, bill-to, lines, totals, notes), so the preview beside the editor is what the
 * clinic receives.
 */
import type { BillingProfile } from "../../lib/platform-billing/branding.ts";
import type { InvoiceDetail } from "../../lib/platform-billing/invoices.ts";
import { longDate, periodLabel } from "../../lib/platform-billing/periods.ts";
import { formatPkr } from "../../lib/treatment/money.ts";

export const PDF_LOGO_URL = "/admin/invoices/branding/pdf-logo";

export function InvoiceSheet(
  { detail, profile, logoVersion }: {
    detail: InvoiceDetail;
    profile: BillingProfile;
    /** Changes when the logo does, so the browser never shows a cached old one. */
    logoVersion: string;
  },
) {
  const { invoice, lines } = detail;
  const seller = profile.legalName || "OdontoX";
  const stamp = invoice.status === "paid" || invoice.status === "void";
  return (
    <article
      class="mx-auto aspect-[210/297] w-full max-w-[42rem] rounded-md bg-white p-[8%] text-[11px] leading-snug text-slate-900 shadow-md ring-1 ring-slate-200 sm:text-xs"
      aria-label={`Preview of invoice ${invoice.number}`}
      data-invoice-preview
    >
      <header class="flex items-start justify-between gap-4">
        <img
          src={`${PDF_LOGO_URL}?v=${encodeURIComponent(logoVersion)}`}
          alt={`${seller} logo`}
          class="h-12 max-w-[40%] object-contain object-left"
        />
        <div class="text-right">
          <p class="text-2xl font-bold tracking-wide text-brand-700">INVOICE</p>
          <p class="mt-1 text-sm font-semibold">{invoice.number}</p>
          {stamp && (
            <p
              class={`mt-1 text-sm font-bold ${
                invoice.status === "paid" ? "text-emerald-700" : "text-red-700"
              }`}
            >
              {invoice.status.toUpperCase()}
            </p>
          )}
        </div>
      </header>

      <section class="mt-6 flex justify-between gap-6">
        <div class="min-w-0">
          <p class="text-[10px] font-bold uppercase text-slate-500">From</p>
          <p class="mt-1 font-semibold">{seller}</p>
          {profile.address.split(/\r?\n/).filter((l) => l.trim()).map((line) => (
            <p key={line} class="text-slate-500">{line}</p>
          ))}
          {profile.ntn && <p class="text-slate-500">NTN {profile.ntn}</p>}
          {profile.billingEmail && <p class="text-slate-500">{profile.billingEmail}</p>}
        </div>
        <dl class="grid shrink-0 grid-cols-[auto_auto] gap-x-4 gap-y-0.5">
          <dt class="text-slate-500">Issue date</dt>
          <dd class="text-right">{longDate(invoice.issueDate)}</dd>
          <dt class="text-slate-500">Due date</dt>
          <dd class="text-right">{longDate(invoice.dueDate)}</dd>
          <dt class="text-slate-500">Period</dt>
          <dd class="text-right">
            {periodLabel({ start: invoice.periodStart, end: invoice.periodEnd })}
          </dd>
          <dt class="text-slate-500">Plan</dt>
          <dd class="text-right">{detail.planName} ({invoice.billingPeriod})</dd>
        </dl>
      </section>

      <section class="mt-5">
        <p class="text-[10px] font-bold uppercase text-slate-500">Bill to</p>
        <p class="mt-1 font-semibold">{invoice.billToName}</p>
        <p class="text-slate-500">{invoice.billToEmail}</p>
      </section>

      <table class="mt-6 w-full">
        <thead>
          <tr class="border-b border-slate-200 text-[10px] font-bold text-slate-500">
            <th scope="col" class="py-1 text-left">Description</th>
            <th scope="col" class="py-1 text-right">Qty</th>
            <th scope="col" class="py-1 text-right">Unit price</th>
            <th scope="col" class="py-1 text-right">Amount</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.id} class="border-b border-slate-200">
              <td class="py-1.5 pr-2">{line.description}</td>
              <td class="py-1.5 text-right">{line.quantity}</td>
              <td class="whitespace-nowrap py-1.5 pl-2 text-right">
                {formatPkr(line.unitPriceMinor)}
              </td>
              <td class="whitespace-nowrap py-1.5 pl-2 text-right">
                {formatPkr(line.amountMinor)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <dl class="ml-auto mt-3 grid w-64 max-w-full grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-right">
        <dt>Subtotal</dt>
        <dd>{formatPkr(invoice.subtotalMinor)}</dd>
        {invoice.discountMinor > 0 && (
          <>
            <dt>Discount</dt>
            <dd>-{formatPkr(invoice.discountMinor)}</dd>
          </>
        )}
        <dt class="text-sm font-bold">Total</dt>
        <dd class="text-sm font-bold" data-preview-total>{formatPkr(invoice.totalMinor)}</dd>
        {invoice.paidMinor > 0 && (
          <>
            <dt>Paid</dt>
            <dd>-{formatPkr(invoice.paidMinor)}</dd>
            <dt class="text-sm font-bold">Balance due</dt>
            <dd class="text-sm font-bold">
              {formatPkr(invoice.totalMinor - invoice.paidMinor)}
            </dd>
          </>
        )}
      </dl>

      {invoice.notes && (
        <section class="mt-6">
          <p class="text-[10px] font-bold uppercase text-slate-500">Notes</p>
          <p class="mt-1 whitespace-pre-line">{invoice.notes}</p>
        </section>
      )}
    </article>
  );
}
