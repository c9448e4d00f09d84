/**
 * The live part of an invoice's page: what it costs, what is paid and owed, its payments with
 * their receipts, its history, and the Record payment form. The form shows the outstanding
 * balance and refuses a larger amount before sending; the server refuses it too (400
 * `OVERPAYMENT`), and its words are shown. After a payment, and whenever another tab or user
 * changes the invoice (`finance.changed`), the figures are read again from the API, so nothing
 * on the page stays stale and no reload is needed.
 *
 * @example
 * ```tsx
 * <InvoiceLedger detail={invoiceDetailJson(detail)} today="2026-12-02" may={{ record: true }} />
 * ```
 */
import { useEffect, useState } from "preact/hooks";
import { formatPkr, parseRupees } from "../lib/treatment/money.ts";
import { INVOICE_STATUS_LABELS, PAYMENT_METHOD_LABELS } from "../lib/finance/totals.ts";
import { subscribeLive } from "../lib/islands/live-events.ts";

type Method = keyof typeof PAYMENT_METHOD_LABELS;
type Status = keyof typeof INVOICE_STATUS_LABELS;

export interface LedgerPayment {
  id: string;
  amountMinor: number;
  refundedMinor: number;
  method: Method;
  reference: string | null;
  paidOn: string;
  recordedBy: string | null;
  receipt: { id: string; number: string; balanceAfterMinor: number | null } | null;
}

export interface LedgerEvent {
  id: string;
  kind: string;
  amountMinor: number | null;
  balanceMinor: number | null;
  detail: string | null;
  actorName: string | null;
  createdAt: string;
}

export interface LedgerDetail {
  invoice: {
    id: string;
    number: string;
    status: Status;
    totalMinor: number;
    paidMinor: number;
    balanceMinor: number;
  };
  payments: LedgerPayment[];
  history: LedgerEvent[];
}

export interface InvoiceLedgerProps {
  detail: LedgerDetail;
  /** The clinic's date today: the latest a payment may be dated. */
  today: string;
  timeZone: string;
  may: { record: boolean; refund: boolean; resend: boolean };
}

const CONTROL =
  "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";
const LABEL = "block text-sm font-medium text-slate-700";
const CARD = "rounded-xl bg-white shadow-sm ring-1 ring-slate-200";

const EVENT_LABELS: Record<string, string> = {
  created: "Saved as draft",
  issued: "Issued",
  payment: "Payment",
  refund: "Refund",
  emailed: "Invoice emailed",
  receipt_emailed: "Receipt emailed",
  void: "Voided",
};

const STATUS_TONES: Record<Status, string> = {
  draft: "bg-slate-50 text-slate-700 ring-slate-200",
  issued: "bg-sky-50 text-sky-800 ring-sky-200",
  partially_paid: "bg-amber-50 text-amber-800 ring-amber-200",
  paid: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  void: "bg-red-50 text-red-700 ring-red-200",
};

function newKey(): string {
  return `pay-${crypto.randomUUID()}`;
}

function when(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
  }).format(new Date(iso));
}

async function readDetail(id: string): Promise<LedgerDetail> {
  const res = await fetch(`/api/v1/invoices/${id}`, { headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`Could not refresh the invoice (${res.status})`);
  return await res.json();
}

export default function InvoiceLedger(
  { detail: initial, today, timeZone, may }: InvoiceLedgerProps,
) {
  const [detail, setDetail] = useState(initial);
  const [amount, setAmount] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per payment the user means: a retry of the same submission reuses it.
  const [key, setKey] = useState(newKey);
  const { invoice } = detail;
  const balance = invoice.balanceMinor;
  const open = invoice.status === "issued" || invoice.status === "partially_paid";

  useEffect(() =>
    subscribeLive(["finance.changed"], (event) => {
      if (event.data?.invoiceId !== invoice.id) return;
      readDetail(invoice.id).then(setDetail).catch(() => {});
    }), [invoice.id]);

  const typed = amount.trim() === "" ? null : parseRupees(amount);
  const amountProblem = amount.trim() === ""
    ? null
    : typed === null
    ? "Enter an amount in rupees, like 5000 or 5000.50"
    : typed === 0
    ? "Enter an amount above zero"
    : typed > balance
    ? `Payment of ${formatPkr(typed)} exceeds the outstanding balance of ${
      formatPkr(balance)
    } on invoice ${invoice.number}`
    : null;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (typed === null || amountProblem) {
      setError(amountProblem ?? "Enter the amount received");
      return;
    }
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const res = await fetch(`/api/v1/invoices/${invoice.id}/payments`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({
          amountMinor: typed,
          method: form.get("method"),
          reference: String(form.get("reference") ?? "").trim() || null,
          paidOn: form.get("paidOn") || undefined,
          idempotencyKey: key,
          emailReceipt: form.get("emailReceipt") === "on",
        }),
      });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) {
        setError(body.error ?? "Could not record the payment; try again.");
        // A refusal is final for this submission; the next one is a new payment.
        if (res.status < 500) setKey(newKey());
        return;
      }
      // The answer carries the new balance at once; the full ledger follows.
      setDetail((d) => ({ ...d, invoice: { ...d.invoice, ...body.invoice } }));
      setNotice(
        `Recorded ${formatPkr(body.payment.amountMinor)}. Receipt ${body.receipt.number}` +
          (body.receiptEmailed ? " emailed to the patient." : "."),
      );
      setAmount("");
      setKey(newKey());
      setDetail(await readDetail(invoice.id));
    } catch {
      // The same key goes with the retry, so a payment that did go through is not doubled.
      setError("The connection failed. Submit again: the payment will not be recorded twice.");
    } finally {
      setBusy(false);
    }
  };

  const resend = async (receiptId: string) => {
    setNotice(null);
    const res = await fetch(`/api/v1/receipts/${receiptId}/send`, { method: "POST" });
    const body = await res.json().catch(() => ({}));
    setNotice(res.ok ? `Receipt emailed to ${body.to}.` : body.error ?? "Could not send");
    if (res.ok) setDetail(await readDetail(invoice.id));
  };

  return (
    <div class="grid gap-6" data-invoice-ledger>
      <section class={`${CARD} grid grid-cols-2 gap-4 p-5`} aria-label="Balance">
        <div>
          <p class="text-xs font-medium uppercase tracking-wide text-slate-500">Status</p>
          <p class="mt-2">
            <span
              class={`inline-flex rounded-full px-2.5 py-0.5 text-sm font-medium ring-1 ${
                STATUS_TONES[invoice.status]
              }`}
              data-invoice-status
            >
              {INVOICE_STATUS_LABELS[invoice.status]}
            </span>
          </p>
        </div>
        <div>
          <p class="text-xs font-medium uppercase tracking-wide text-slate-500">Total</p>
          <p class="mt-2 whitespace-nowrap text-lg font-semibold tabular-nums text-slate-900">
            {formatPkr(invoice.totalMinor)}
          </p>
        </div>
        <div>
          <p class="text-xs font-medium uppercase tracking-wide text-slate-500">Paid</p>
          <p
            class="mt-2 whitespace-nowrap text-lg font-semibold tabular-nums text-slate-900"
            data-invoice-paid
          >
            {formatPkr(invoice.paidMinor)}
          </p>
        </div>
        <div>
          <p class="text-xs font-medium uppercase tracking-wide text-slate-500">Balance due</p>
          <p
            class={`mt-2 text-lg font-semibold tabular-nums ${
              balance > 0 ? "text-amber-700" : "text-emerald-700"
            }`}
            data-invoice-balance
          >
            {formatPkr(balance)}
          </p>
        </div>
      </section>

      {notice && (
        <p
          role="status"
          class="rounded-lg bg-brand-50 px-4 py-3 text-sm text-brand-800 ring-1 ring-brand-200"
        >
          {notice}
        </p>
      )}

      {may.record && open && (
        <section class={CARD} aria-labelledby="record-payment-title">
          <header class="border-b border-slate-100 px-5 py-3.5">
            <h2 id="record-payment-title" class="text-sm font-semibold text-slate-900">
              Record payment
            </h2>
          </header>
          <form class="grid gap-4 p-5 sm:grid-cols-2" onSubmit={submit} noValidate>
            <div class="sm:col-span-2">
              <label class={LABEL} for="payment-amount">
                Amount (PKR){" "}
                <span class="font-normal text-slate-500">
                  · outstanding <span data-outstanding>{formatPkr(balance)}</span>
                </span>
              </label>
              <input
                id="payment-amount"
                name="amount"
                inputMode="decimal"
                autoComplete="off"
                value={amount}
                onInput={(e) => {
                  setAmount((e.currentTarget as HTMLInputElement).value);
                  setError(null);
                }}
                aria-invalid={amountProblem ? "true" : undefined}
                aria-describedby="payment-amount-problem"
                class={`mt-1.5 ${CONTROL}`}
              />
              {(amountProblem || error) && (
                <p
                  id="payment-amount-problem"
                  class="mt-1.5 text-sm text-red-700"
                  role="alert"
                  data-payment-error
                >
                  {amountProblem ?? error}
                </p>
              )}
            </div>
            <div>
              <label class={LABEL} for="payment-method">Method</label>
              <select id="payment-method" name="method" class={`mt-1.5 ${CONTROL}`}>
                {Object.entries(PAYMENT_METHOD_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>{label}</option>
                ))}
              </select>
            </div>
            <div>
              <label class={LABEL} for="payment-date">Date</label>
              <input
                id="payment-date"
                name="paidOn"
                type="date"
                max={today}
                defaultValue={today}
                class={`mt-1.5 ${CONTROL}`}
              />
            </div>
            <div class="sm:col-span-2">
              <label class={LABEL} for="payment-reference">
                Reference <span class="font-normal text-slate-500">(optional)</span>
              </label>
              <input
                id="payment-reference"
                name="reference"
                maxLength={120}
                placeholder="Transaction id, cheque number…"
                class={`mt-1.5 ${CONTROL}`}
              />
            </div>
            <label class="flex items-center gap-2 text-sm text-slate-700 sm:col-span-2">
              <input
                type="checkbox"
                name="emailReceipt"
                defaultChecked
                class="h-4 w-4 rounded border-slate-300"
              />
              Email the receipt (PDF) to the patient
            </label>
            <div class="sm:col-span-2">
              <button
                type="submit"
                disabled={busy || !!amountProblem || typed === null}
                class="inline-flex items-center justify-center rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:cursor-not-allowed disabled:opacity-50"
              >
                {busy ? "Recording…" : "Record payment"}
              </button>
            </div>
          </form>
        </section>
      )}

      <section class={CARD} aria-labelledby="payments-title">
        <header class="border-b border-slate-100 px-5 py-3.5">
          <h2 id="payments-title" class="text-sm font-semibold text-slate-900">
            Payments and receipts
          </h2>
        </header>
        {detail.payments.length === 0
          ? <p class="px-5 py-6 text-sm text-slate-500">No payments yet.</p>
          : (
            <ul class="divide-y divide-slate-100" data-payments>
              {detail.payments.map((p) => (
                <li
                  key={p.id}
                  class="flex flex-wrap items-center gap-x-4 gap-y-1 px-5 py-3 text-sm"
                >
                  <span class="font-semibold tabular-nums text-slate-900" data-payment-amount>
                    {formatPkr(p.amountMinor)}
                  </span>
                  <span class="text-slate-600">
                    {PAYMENT_METHOD_LABELS[p.method]}
                    {p.reference ? ` · ${p.reference}` : ""} · {p.paidOn}
                  </span>
                  {p.refundedMinor > 0 && (
                    <span class="text-red-700">refunded {formatPkr(p.refundedMinor)}</span>
                  )}
                  {may.refund && p.refundedMinor < p.amountMinor && (
                    <a
                      href={`/billing/payments/${p.id}/refund`}
                      class="text-slate-600 hover:text-slate-900"
                      data-refund-link
                    >
                      Refund
                    </a>
                  )}
                  {p.receipt && (
                    <span class="ml-auto flex items-center gap-3">
                      <a
                        href={`/api/v1/receipts/${p.receipt.id}/pdf`}
                        target="_blank"
                        class="font-medium text-brand-700 hover:text-brand-800"
                        data-receipt-link
                      >
                        Receipt {p.receipt.number}
                      </a>
                      {may.resend && (
                        <button
                          type="button"
                          class="text-slate-600 hover:text-slate-900"
                          onClick={() => resend(p.receipt!.id)}
                        >
                          Re-send
                        </button>
                      )}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
      </section>

      <section class={CARD} aria-labelledby="history-title">
        <header class="border-b border-slate-100 px-5 py-3.5">
          <h2 id="history-title" class="text-sm font-semibold text-slate-900">History</h2>
        </header>
        <ol class="divide-y divide-slate-100" data-history>
          {detail.history.map((entry) => (
            <li
              key={entry.id}
              class="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 px-5 py-2.5 text-sm"
            >
              <span class="w-28 shrink-0 text-slate-500">{when(entry.createdAt, timeZone)}</span>
              <span class="font-medium text-slate-900">
                {EVENT_LABELS[entry.kind] ?? entry.kind}
              </span>
              {entry.amountMinor !== null && entry.kind !== "issued" && entry.kind !== "created" &&
                <span class="tabular-nums text-slate-700">{formatPkr(entry.amountMinor)}</span>}
              {entry.detail && entry.detail !== EVENT_LABELS[entry.kind] && (
                <span class="text-slate-500">{entry.detail}</span>
              )}
              {entry.balanceMinor !== null && (
                <span class="ml-auto tabular-nums text-slate-500">
                  balance {formatPkr(entry.balanceMinor)}
                </span>
              )}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
