/** Refund a payment: what was paid and is left to refund, then the amount and the reason. */
import { Button, ButtonLink, Card, Field, Input, Notice, PageHeader, Textarea } from "../ui/mod.ts";
import type { RefundablePayment } from "../../lib/finance/refund-page.ts";
import {
  invoiceNumberText,
  PAYMENT_METHOD_LABELS,
  receiptNumberText,
} from "../../lib/finance/totals.ts";
import { formatPkr, rupeesText } from "../../lib/treatment/money.ts";
import { BackLink } from "../patients/BackLink.tsx";

export function RefundPage(
  { payment, values, problem }: {
    payment: RefundablePayment;
    values: Record<string, string>;
    problem?: { message: string; fields: Record<string, string> };
  },
) {
  const invoiceHref = `/billing/invoices/${payment.invoice.id}`;
  const errors = problem?.fields ?? {};
  const fieldError = errors.amountMinor ?? errors.amount;
  const rows: [string, string][] = [
    ["Invoice", `${invoiceNumberText(payment.invoice.number)} · ${payment.invoice.patientName}`],
    [
      "Payment",
      `${formatPkr(payment.amountMinor)} · ${
        PAYMENT_METHOD_LABELS[payment.method]
      } · ${payment.paidOn}`,
    ],
    ["Receipt", payment.receiptNumber ? receiptNumberText(payment.receiptNumber) : "—"],
    ["Refunded so far", formatPkr(payment.refundedMinor)],
    ["Left to refund", formatPkr(payment.refundableMinor)],
  ];
  return (
    <>
      <BackLink href={invoiceHref} label={invoiceNumberText(payment.invoice.number)} />
      <PageHeader
        title="Refund a payment"
        subtitle="The refund is recorded against the invoice, whose balance goes up by the amount."
      />
      <div class="grid max-w-3xl gap-6">
        <Card>
          <dl class="grid gap-x-6 gap-y-3 p-5 text-sm sm:grid-cols-[10rem_1fr]" data-refund-facts>
            {rows.map(([term, value]) => (
              <div key={term} class="contents">
                <dt class="text-slate-500">{term}</dt>
                <dd class="font-medium tabular-nums text-slate-900">{value}</dd>
              </div>
            ))}
          </dl>
        </Card>
        {payment.refundableMinor === 0
          ? <Notice tone="info">This payment has been refunded in full.</Notice>
          : (
            <Card title="Refund">
              <form method="post" class="grid gap-4 p-5" novalidate>
                {problem && !fieldError && !errors.reason && (
                  <Notice tone="error">{problem.message}</Notice>
                )}
                <Field
                  id="refund-amount"
                  name="amount"
                  label="Amount (PKR)"
                  hint={`At most ${formatPkr(payment.refundableMinor)}.`}
                  error={fieldError}
                >
                  <Input
                    id="refund-amount"
                    name="amount"
                    inputMode="decimal"
                    value={values.amount ?? rupeesText(payment.refundableMinor)}
                    invalid={!!fieldError}
                    required
                  />
                </Field>
                <Field id="refund-reason" name="reason" label="Reason" error={errors.reason}>
                  <Textarea
                    id="refund-reason"
                    name="reason"
                    rows={3}
                    maxLength={500}
                    required
                    invalid={!!errors.reason}
                  >
                    {values.reason ?? ""}
                  </Textarea>
                </Field>
                <div class="flex flex-wrap gap-2">
                  <Button>Record refund</Button>
                  <ButtonLink variant="secondary" href={invoiceHref}>Cancel</ButtonLink>
                </div>
              </form>
            </Card>
          )}
      </div>
    </>
  );
}
