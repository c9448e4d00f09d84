/**
 * The invoice form, new or a draft being edited: the patient (choosing one loads their plan
 * items and appointments as line sources; a draft keeps its patient), the doctor, dates, lines
 * from the catalog, a plan, an appointment or free text, tax, and notes. Totals are the
 * server's; an empty price takes the source's.
 */
import { Button, Card, Field, Input, Notice, PageHeader, Select, Textarea } from "../ui/mod.ts";
import type { FormProblem, FormValues } from "../../lib/http/form.ts";
import type { InvoiceFormOptions } from "../../lib/finance/form-options.ts";
import { invoiceFormRowCount } from "../../lib/finance/invoice-form.ts";
import type { FinanceSettings } from "../../lib/finance/settings.ts";
import { taxRateText } from "../../lib/finance/totals.ts";
import { rupeesText } from "../../lib/treatment/money.ts";
import { BackLink } from "../patients/BackLink.tsx";

/** The draft being edited: its id and its number as shown. */
export interface EditedDraft {
  id: string;
  number: string;
}

export function NewInvoicePage(
  { options, settings, values, problem, draft }: {
    options: InvoiceFormOptions;
    settings: FinanceSettings;
    values: FormValues;
    problem?: FormProblem;
    draft?: EditedDraft;
  },
) {
  const rows = Array.from({ length: invoiceFormRowCount(values) }, (_, i) => i);
  const patient = options.patients.find((p) => p.value === options.patientId)?.label;
  return (
    <>
      {draft
        ? <BackLink href={`/billing/invoices/${draft.id}`} label={`Invoice ${draft.number}`} />
        : <BackLink href="/billing" label="Billing" />}
      <PageHeader
        title={draft ? `Edit draft ${draft.number}` : "New invoice"}
        subtitle={draft && patient
          ? `For ${patient}. Saving it does not email the patient.`
          : "Saving it does not email the patient."}
      />
      {problem && <Notice tone="error">{problem.message}</Notice>}
      {!draft && (
        <Card class="mb-6">
          <form
            method="get"
            action="/billing/invoices/new"
            class="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-end"
          >
            <Field id="invoice-patient-pick" label="Patient" class="flex-1">
              <Select id="invoice-patient-pick" name="patient">
                <option value="">Choose a patient…</option>
                {options.patients.map((p) => (
                  <option key={p.value} value={p.value} selected={options.patientId === p.value}>
                    {p.label}
                  </option>
                ))}
              </Select>
            </Field>
            <Button type="submit" variant="secondary">Load patient's items</Button>
          </form>
        </Card>
      )}
      {options.patientId && (
        <form
          method="post"
          action={draft ? `/billing/invoices/${draft.id}/edit` : "/billing/invoices"}
          class="grid gap-6"
        >
          <input type="hidden" name="patientId" value={options.patientId} />
          <Card title="Details">
            <div class="grid gap-4 px-5 py-4 sm:grid-cols-3">
              <Field id="invoice-doctor" label="Doctor" optional>
                <Select id="invoice-doctor" name="doctorId">
                  <option value="">—</option>
                  {options.doctors.map((d) => (
                    <option key={d.value} value={d.value} selected={values.doctorId === d.value}>
                      {d.label}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field id="invoice-date" label="Invoice date" hint="Today when empty">
                <Input
                  id="invoice-date"
                  name="issueDate"
                  type="date"
                  value={values.issueDate ?? ""}
                />
              </Field>
              <Field
                id="invoice-due"
                label="Due date"
                hint={`${settings.paymentTermsDays} days after when empty`}
              >
                <Input id="invoice-due" name="dueDate" type="date" value={values.dueDate ?? ""} />
              </Field>
            </div>
          </Card>
          <Card title="Lines">
            <div class="grid gap-4 px-5 py-4">
              {rows.map((i) => (
                <fieldset
                  key={i}
                  class="grid gap-3 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200 sm:grid-cols-12"
                >
                  <legend class="sr-only">Line {i + 1}</legend>
                  <div class="sm:col-span-4">
                    <label for={`line${i}-source`} class="block text-xs font-medium text-slate-600">
                      Line {i + 1}: from
                    </label>
                    <Select id={`line${i}-source`} name={`line${i}Source`} class="mt-1">
                      <option value="">{i === 0 ? "Choose…" : "— (unused)"}</option>
                      <option value="custom" selected={values[`line${i}Source`] === "custom"}>
                        Free text
                      </option>
                      {options.sources.map((group) => (
                        <optgroup key={group.group} label={group.group}>
                          {group.choices.map((c) => (
                            <option
                              key={c.value}
                              value={c.value}
                              selected={values[`line${i}Source`] === c.value}
                            >
                              {c.label}
                              {c.priceMinor != null ? ` · ${rupeesText(c.priceMinor)}` : ""}
                            </option>
                          ))}
                        </optgroup>
                      ))}
                    </Select>
                  </div>
                  <div class="sm:col-span-4">
                    <label
                      for={`line${i}-description`}
                      class="block text-xs font-medium text-slate-600"
                    >
                      Description
                    </label>
                    <Input
                      id={`line${i}-description`}
                      name={`line${i}Description`}
                      value={values[`line${i}Description`] ?? ""}
                      placeholder="From the source when empty"
                      class="mt-1"
                    />
                  </div>
                  <div class="sm:col-span-1">
                    <label
                      for={`line${i}-quantity`}
                      class="block text-xs font-medium text-slate-600"
                    >
                      Qty
                    </label>
                    <Input
                      id={`line${i}-quantity`}
                      name={`line${i}Quantity`}
                      inputMode="numeric"
                      value={values[`line${i}Quantity`] ?? ""}
                      placeholder="1"
                      class="mt-1"
                    />
                  </div>
                  <div class="sm:col-span-2">
                    <label for={`line${i}-price`} class="block text-xs font-medium text-slate-600">
                      Unit price (PKR)
                    </label>
                    <Input
                      id={`line${i}-price`}
                      name={`line${i}Price`}
                      inputMode="decimal"
                      value={values[`line${i}Price`] ?? ""}
                      class="mt-1"
                    />
                  </div>
                  <div class="sm:col-span-1">
                    <label
                      for={`line${i}-discount`}
                      class="block text-xs font-medium text-slate-600"
                    >
                      Discount
                    </label>
                    <Input
                      id={`line${i}-discount`}
                      name={`line${i}Discount`}
                      inputMode="decimal"
                      value={values[`line${i}Discount`] ?? ""}
                      class="mt-1"
                    />
                  </div>
                </fieldset>
              ))}
            </div>
          </Card>
          <Card title="Tax and notes">
            <div class="grid gap-4 px-5 py-4">
              <label class="flex items-center gap-2 text-sm text-slate-700">
                <input
                  type="checkbox"
                  name="applyTax"
                  checked={values.applyTax !== undefined ? values.applyTax === "on" : true}
                  disabled={!settings.taxRateBp}
                  class="h-4 w-4 rounded border-slate-300"
                />
                {settings.taxRateBp
                  ? `Add ${settings.taxLabel} (${taxRateText(settings.taxRateBp)})`
                  : "No tax: the clinic has no tax rate set"}
              </label>
              <Field id="invoice-notes" label="Notes" optional>
                <Textarea id="invoice-notes" name="notes" rows={3}>{values.notes ?? ""}</Textarea>
              </Field>
            </div>
          </Card>
          <div class="flex flex-wrap gap-3">
            <Button type="submit" name="intent" value="issue">
              {draft ? "Save and issue" : "Issue invoice"}
            </Button>
            <Button type="submit" name="intent" value="draft" variant="secondary">
              {draft ? "Save draft" : "Save as draft"}
            </Button>
          </div>
        </form>
      )}
    </>
  );
}
