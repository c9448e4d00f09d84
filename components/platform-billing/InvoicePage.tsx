/**
 * One invoice in the studio: the editor while it is a draft, its payments, what can be done
 * next (send, email the clinic owner, record a payment, void), and beside it the preview of
 * the PDF the clinic receives.
 */
import type { FormProblem, FormValues } from "../../lib/http/form.ts";
import type { BillingProfile } from "../../lib/platform-billing/branding.ts";
import type { InvoiceDetail } from "../../lib/platform-billing/invoices.ts";
import { PAYMENT_METHOD_LABELS } from "../../lib/platform-billing/labels.ts";
import { longDate, periodLabel } from "../../lib/platform-billing/periods.ts";
import { formatPkr, rupeesText } from "../../lib/treatment/money.ts";
import { formatDateTime } from "../../lib/view/format.ts";
import { BackLink } from "../admin/BackLink.tsx";
import { Button, ButtonLink, Card, Field, Input, Notice, PageHeader, Select } from "../ui/mod.ts";
import { type EditorState, InvoiceEditor } from "./InvoiceEditor.tsx";
import { InvoiceSheet } from "./InvoiceSheet.tsx";
import { InvoiceStatusBadge } from "./InvoiceStatusBadge.tsx";

const NOTICES: Record<string, string> = {
  created: "Draft created from the clinic's plan. Add lines, a discount or notes, then send it.",
  saved: "Draft saved.",
  sent: "The invoice is sent: it can no longer be edited.",
  payment: "Payment recorded.",
  emailed: "The invoice PDF is on its way to the clinic owner.",
};

export interface InvoicePageState {
  editor?: EditorState;
  payment?: { values: FormValues; problem: FormProblem };
  /** A refused send, void or email. */
  action?: FormProblem;
}

function PaymentForm(
  { detail, today, state }: {
    detail: InvoiceDetail;
    today: string;
    state?: InvoicePageState["payment"];
  },
) {
  const { invoice } = detail;
  const due = invoice.totalMinor - invoice.paidMinor;
  const values = state?.values ?? { amount: rupeesText(due), paidOn: today, method: "" };
  const fields = state?.problem.fields ?? {};
  return (
    <form
      method="post"
      action={`/admin/invoices/${invoice.id}/payments`}
      class="grid gap-4 border-t border-slate-100 p-5 sm:grid-cols-2"
      data-payment-form
    >
      <p class="text-sm font-medium text-slate-900 sm:col-span-2">Record a payment</p>
      {state && !Object.keys(fields).length && (
        <p class="text-sm text-red-700 sm:col-span-2" role="alert">{state.problem.message}</p>
      )}
      <Field id="payment-amount" name="amount" label="Amount (PKR)" error={fields.amount}>
        <Input
          id="payment-amount"
          name="amount"
          inputMode="decimal"
          value={values.amount ?? ""}
          required
          invalid={!!fields.amount}
        />
      </Field>
      <Field id="payment-date" name="paidOn" label="Received on" error={fields.paidOn}>
        <Input
          id="payment-date"
          type="date"
          name="paidOn"
          value={values.paidOn ?? ""}
          required
          invalid={!!fields.paidOn}
        />
      </Field>
      <Field id="payment-method" name="method" label="Method" error={fields.method}>
        <Select id="payment-method" name="method" required invalid={!!fields.method}>
          <option value="">Choose…</option>
          {Object.entries(PAYMENT_METHOD_LABELS).map(([value, label]) => (
            <option key={value} value={value} selected={values.method === value}>{label}</option>
          ))}
        </Select>
      </Field>
      <Field id="payment-reference" name="reference" label="Reference" optional>
        <Input
          id="payment-reference"
          name="reference"
          value={values.reference ?? ""}
          maxLength={100}
          placeholder="Bank transaction id, cheque no."
        />
      </Field>
      <div class="flex justify-end sm:col-span-2">
        <Button type="submit">Record payment</Button>
      </div>
    </form>
  );
}

function Payments(
  { detail, today, state }: {
    detail: InvoiceDetail;
    today: string;
    state?: InvoicePageState["payment"];
  },
) {
  const { invoice, payments } = detail;
  if (invoice.status === "draft" || (invoice.status === "void" && !payments.length)) return null;
  return (
    <Card title="Payments">
      {payments.length
        ? (
          <ul class="divide-y divide-slate-100" data-payments>
            {payments.map((p) => (
              <li key={p.id} class="flex items-center justify-between gap-4 px-5 py-3 text-sm">
                <div>
                  <p class="font-medium text-slate-900">{PAYMENT_METHOD_LABELS[p.method]}</p>
                  <p class="text-slate-500">
                    {longDate(p.paidOn)}
                    {p.reference && ` · ${p.reference}`}
                  </p>
                </div>
                <p class="whitespace-nowrap font-semibold text-slate-900">
                  {formatPkr(p.amountMinor)}
                </p>
              </li>
            ))}
          </ul>
        )
        : <p class="px-5 py-4 text-sm text-slate-500">No payment recorded yet.</p>}
      <p class="border-t border-slate-100 px-5 py-3 text-sm text-slate-700">
        Balance due{" "}
        <span class="font-semibold" data-balance>
          {formatPkr(invoice.totalMinor - invoice.paidMinor)}
        </span>
      </p>
      {invoice.status === "sent" && <PaymentForm detail={detail} today={today} state={state} />}
    </Card>
  );
}

function Actions({ detail, problem }: { detail: InvoiceDetail; problem?: FormProblem }) {
  const { invoice } = detail;
  const base = `/admin/invoices/${invoice.id}`;
  const voidable = (invoice.status === "draft" || invoice.status === "sent") &&
    invoice.paidMinor === 0;
  return (
    <Card title="Send and settle">
      <div class="space-y-4 p-5 text-sm">
        {problem && <p class="text-red-700" role="alert">{problem.message}</p>}
        {invoice.status === "draft" && (
          <form method="post" action={`${base}/status`} class="flex flex-wrap items-center gap-3">
            <input type="hidden" name="action" value="send" />
            <Button type="submit" variant="secondary">Mark as sent</Button>
            <span class="text-slate-500">Freezes the invoice without emailing it.</span>
          </form>
        )}
        {invoice.status !== "void" && (
          <form method="post" action={`${base}/email`} class="flex flex-wrap items-center gap-3">
            <Button type="submit">Email to clinic owner</Button>
            <span class="text-slate-500">
              PDF attached, to {invoice.billToEmail}
              {invoice.status === "draft" ? "; this also sends the draft" : ""}.
              {invoice.lastEmailedAt &&
                ` Last emailed ${formatDateTime(invoice.lastEmailedAt, "Asia/Karachi")}.`}
            </span>
          </form>
        )}
        {voidable && (
          <form
            method="post"
            action={`${base}/status`}
            class="flex flex-wrap items-end gap-3 border-t border-slate-100 pt-4"
          >
            <input type="hidden" name="action" value="void" />
            <div class="min-w-0 flex-1">
              <label for="void-reason" class="block text-xs font-medium text-slate-600">
                Reason for voiding (optional)
              </label>
              <Input id="void-reason" name="reason" maxLength={300} class="mt-1" />
            </div>
            <Button type="submit" variant="danger">Void invoice</Button>
          </form>
        )}
        {invoice.status === "void" && (
          <p class="text-slate-600">
            Voided{invoice.voidedAt && ` ${formatDateTime(invoice.voidedAt, "Asia/Karachi")}`}
            {invoice.voidReason && `: ${invoice.voidReason}`}. Its number stays taken.
          </p>
        )}
        {invoice.status === "paid" && invoice.paidAt && (
          <p class="text-slate-600">
            Paid in full {formatDateTime(invoice.paidAt, "Asia/Karachi")}.
          </p>
        )}
      </div>
    </Card>
  );
}

export function InvoicePage(
  { detail, profile, logoVersion, today, notice, state = {} }: {
    detail: InvoiceDetail;
    profile: BillingProfile;
    logoVersion: string;
    today: string;
    notice?: string;
    state?: InvoicePageState;
  },
) {
  const { invoice } = detail;
  return (
    <>
      <BackLink href="/admin/invoices" label="Invoice Studio" />
      <PageHeader
        title={invoice.number}
        subtitle={
          <span class="inline-flex flex-wrap items-center gap-2">
            <InvoiceStatusBadge status={invoice.status} />
            <span>
              {invoice.billToName} · {periodLabel({
                start: invoice.periodStart,
                end: invoice.periodEnd,
              })} · {formatPkr(invoice.totalMinor)}
            </span>
          </span>
        }
      >
        <ButtonLink
          href={`/admin/invoices/${invoice.id}/pdf`}
          download={`${invoice.number}.pdf`}
          variant="secondary"
        >
          Download PDF
        </ButtonLink>
      </PageHeader>
      {notice && NOTICES[notice] && <Notice tone="success">{NOTICES[notice]}</Notice>}
      <div class="grid gap-6 xl:grid-cols-[minmax(0,4fr)_minmax(0,3fr)]">
        <div class="space-y-6">
          {invoice.status === "draft" && <InvoiceEditor detail={detail} state={state.editor} />}
          <Actions detail={detail} problem={state.action} />
          <Payments detail={detail} today={today} state={state.payment} />
        </div>
        <div class="xl:sticky xl:top-6 xl:self-start">
          <h2 class="mb-3 text-sm font-semibold text-slate-900">Preview</h2>
          <InvoiceSheet detail={detail} profile={profile} logoVersion={logoVersion} />
        </div>
      </div>
    </>
  );
}
