/**
 * A draft's editor, without script: each line is a row of inputs, and blank rows wait below
 * the lines for extra ones (a row left blank is no line). Saving redraws the preview.
 */
import type { FormProblem, FormValues } from "../../lib/http/form.ts";
import type { InvoiceDetail } from "../../lib/platform-billing/invoices.ts";
import { MAX_LINES } from "../../lib/platform-billing/forms.ts";
import { rupeesText } from "../../lib/treatment/money.ts";
import { Button, Card, Field, Input, Notice, Textarea } from "../ui/mod.ts";

export interface EditorState {
  values: FormValues;
  problem: FormProblem;
}

/** The form's values as the draft stands. */
function valuesOf(detail: InvoiceDetail): FormValues {
  const values: FormValues = {
    discount: detail.invoice.discountMinor ? rupeesText(detail.invoice.discountMinor) : "",
    dueDate: detail.invoice.dueDate,
    notes: detail.invoice.notes,
  };
  detail.lines.forEach((line, n) => {
    values[`lines.${n}.kind`] = line.kind;
    values[`lines.${n}.description`] = line.description;
    values[`lines.${n}.quantity`] = String(line.quantity);
    values[`lines.${n}.unitPrice`] = rupeesText(line.unitPriceMinor);
  });
  return values;
}

function rowCount(values: FormValues): number {
  let last = -1;
  for (const key of Object.keys(values)) {
    const match = /^lines\.(\d+)\.description$/.exec(key);
    if (match && values[key].trim()) last = Math.max(last, Number(match[1]));
  }
  return Math.min(MAX_LINES, Math.max(last + 1 + 2, 3));
}

export function InvoiceEditor({ detail, state }: { detail: InvoiceDetail; state?: EditorState }) {
  const values = state?.values ?? valuesOf(detail);
  const fields = state?.problem.fields ?? {};
  const rows = rowCount(values);
  const cell = (n: number, name: string) => values[`lines.${n}.${name}`] ?? "";
  const bad = (n: number, name: string) => Boolean(fields[`lines.${n}.${name}`]);
  const lineErrors = Object.entries(fields).filter(([key]) => key.startsWith("lines."));
  return (
    <Card title="Edit draft">
      <form
        method="post"
        action={`/admin/invoices/${detail.invoice.id}`}
        class="space-y-5 p-5"
        data-invoice-editor
      >
        {state && <Notice tone="error">{state.problem.message}</Notice>}
        <fieldset>
          <legend class="text-sm font-medium text-slate-700">Lines</legend>
          <div class="mt-2 hidden grid-cols-[1fr_4.5rem_8rem] gap-2 text-xs font-medium text-slate-500 sm:grid">
            <span>Description</span>
            <span>Qty</span>
            <span>Unit price (PKR)</span>
          </div>
          <ol class="mt-1 space-y-3 sm:space-y-2">
            {Array.from({ length: rows }, (_, n) => (
              <li
                key={n}
                class="grid grid-cols-[1fr_5rem] gap-2 sm:grid-cols-[1fr_4.5rem_8rem]"
                data-line={n}
              >
                <input type="hidden" name={`lines.${n}.kind`} value={cell(n, "kind") || "extra"} />
                <Input
                  class="col-span-2 sm:col-span-1"
                  name={`lines.${n}.description`}
                  value={cell(n, "description")}
                  placeholder={n < detail.lines.length ? "" : "Extra line (optional)"}
                  aria-label={`Line ${n + 1} description`}
                  maxLength={200}
                  invalid={bad(n, "description")}
                />
                <Input
                  name={`lines.${n}.quantity`}
                  value={cell(n, "quantity") || "1"}
                  inputMode="numeric"
                  aria-label={`Line ${n + 1} quantity`}
                  invalid={bad(n, "quantity")}
                />
                <Input
                  name={`lines.${n}.unitPrice`}
                  value={cell(n, "unitPrice")}
                  inputMode="decimal"
                  placeholder="0"
                  aria-label={`Line ${n + 1} unit price in rupees`}
                  invalid={bad(n, "unitPrice")}
                />
              </li>
            ))}
          </ol>
          {lineErrors.map(([key, message]) => (
            <p key={key} class="mt-1.5 text-sm text-red-700" data-field-error={key}>{message}</p>
          ))}
          <p class="mt-2 text-xs text-slate-500">
            Blank rows are ignored; save to get more rows. Clear a row to remove its line.
          </p>
        </fieldset>
        <div class="grid gap-4 sm:grid-cols-2">
          <Field
            id="invoice-discount"
            name="discount"
            label="Discount (PKR)"
            optional
            error={fields.discount}
          >
            <Input
              id="invoice-discount"
              name="discount"
              inputMode="decimal"
              value={values.discount ?? ""}
              placeholder="0"
              invalid={!!fields.discount}
            />
          </Field>
          <Field id="invoice-due" name="dueDate" label="Due date" error={fields.dueDate}>
            <Input
              id="invoice-due"
              type="date"
              name="dueDate"
              value={values.dueDate ?? ""}
              required
              invalid={!!fields.dueDate}
            />
          </Field>
        </div>
        <Field
          id="invoice-notes"
          name="notes"
          label="Notes"
          optional
          hint="Printed at the foot of the invoice."
          error={fields.notes}
        >
          <Textarea id="invoice-notes" name="notes" rows={3} maxLength={2000}>
            {values.notes ?? ""}
          </Textarea>
        </Field>
        <div class="flex justify-end border-t border-slate-100 pt-5">
          <Button type="submit">Save draft</Button>
        </div>
      </form>
    </Card>
  );
}
