/**
 * A new invoice: the clinic and the first month of the period. The draft that follows starts
 * with the clinic's plan line at its monthly or annual price; everything else is edited there.
 */
import type { FormProblem, FormValues } from "../../lib/http/form.ts";
import type { ClinicChoice } from "../../lib/platform-billing/invoices.ts";
import { formatPkr } from "../../lib/treatment/money.ts";
import { BackLink } from "../admin/BackLink.tsx";
import { Button, Card, Field, Input, Notice, PageHeader, Select } from "../ui/mod.ts";

export function NewInvoicePage(
  { clinics, values, problem }: {
    clinics: ClinicChoice[];
    values: FormValues;
    problem?: FormProblem;
  },
) {
  const fields = problem?.fields ?? {};
  return (
    <>
      <BackLink href="/admin/invoices" label="Invoice Studio" />
      <PageHeader
        title="New invoice"
        subtitle="Pick the clinic and the period; the plan's line is filled in for you."
      />
      {problem && !Object.keys(fields).length && <Notice tone="error">{problem.message}</Notice>}
      <Card class="max-w-2xl">
        <form method="post" action="/admin/invoices" class="space-y-5 p-5" data-new-invoice>
          <Field id="invoice-clinic" name="clinicId" label="Clinic" error={fields.clinicId}>
            <Select
              id="invoice-clinic"
              name="clinicId"
              required
              invalid={!!fields.clinicId}
              aria-describedby={fields.clinicId ? "invoice-clinic-error" : undefined}
            >
              <option value="">Choose a clinic…</option>
              {clinics.map((c) => (
                <option key={c.id} value={c.id} selected={values.clinicId === c.id}>
                  {c.name} · {c.planName}, {c.billingPeriod} · {formatPkr(c.priceMinor)}
                  {c.isTestAccount ? " · test account" : ""}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            id="invoice-month"
            name="month"
            label="Period starts"
            hint="A monthly plan bills this month; an annual plan bills twelve months from it."
            error={fields.month}
          >
            <Input
              id="invoice-month"
              type="month"
              name="month"
              required
              value={values.month ?? ""}
              invalid={!!fields.month}
              aria-describedby={fields.month ? "invoice-month-error" : "invoice-month-hint"}
            />
          </Field>
          <div class="flex justify-end border-t border-slate-100 pt-5">
            <Button type="submit">Create draft</Button>
          </div>
        </form>
      </Card>
    </>
  );
}
