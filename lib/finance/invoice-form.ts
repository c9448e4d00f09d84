/**
 * The new-invoice HTML form read into the API's shape: each of its rows names a source
 * (`custom`, `service:<id>`, `plan_item:<id>`, `appointment:<id>`) and optional text, quantity,
 * price and discount in rupees; empty rows are skipped. Then `newInvoiceSchema` decides, so the
 * form and the API refuse the same things with the same words.
 */
import { z } from "zod";
import { parseRupees, rupeesText } from "../treatment/money.ts";
import type { invoiceItems, invoices } from "../db/schema.ts";
import type { FormValues } from "../http/form.ts";
import { newInvoiceSchema } from "./schemas.ts";

/** Rows a new invoice form offers; an edited draft shows its own lines and one empty row more. */
export const INVOICE_FORM_ROWS = 6;
/** The most rows the form reads, the API's own limit on lines. */
const MAX_FORM_ROWS = 100;

/** How many line rows the form shows for these values. */
export function invoiceFormRowCount(values: FormValues): number {
  let last = -1;
  for (const key of Object.keys(values)) {
    const row = key.match(/^line(\d+)(Source|Description|Price)$/);
    if (row && values[key]) last = Math.max(last, Number(row[1]));
  }
  return Math.min(MAX_FORM_ROWS, Math.max(INVOICE_FORM_ROWS, last + 2));
}

/** A draft's stored fields as the form's values, so editing starts from what was saved. */
export function draftFormValues(
  invoice: typeof invoices.$inferSelect,
  lines: (typeof invoiceItems.$inferSelect)[],
): FormValues {
  const values: FormValues = {
    patientId: invoice.patientId,
    doctorId: invoice.doctorId ?? "",
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    applyTax: invoice.taxRateBp === null ? "off" : "on",
    notes: invoice.notes ?? "",
  };
  lines.forEach((line, i) => {
    const id = line.serviceId ?? line.planItemId ?? line.appointmentId;
    values[`line${i}Source`] = line.source === "custom" || !id ? "custom" : `${line.source}:${id}`;
    values[`line${i}Description`] = line.description;
    values[`line${i}Quantity`] = String(line.quantity);
    values[`line${i}Price`] = rupeesText(line.unitPriceMinor);
    values[`line${i}Discount`] = line.discountMinor ? rupeesText(line.discountMinor) : "";
  });
  return values;
}

function rupees(value: string | undefined, label: string, ctx: z.RefinementCtx, path: string) {
  const text = (value ?? "").trim();
  if (text === "") return undefined;
  const paisa = parseRupees(text);
  if (paisa === null) {
    ctx.addIssue({
      code: "custom",
      message: `${label}: enter rupees, like 2500 or 2500.50`,
      path: [path],
    });
    return undefined;
  }
  return paisa;
}

export const invoiceFormSchema = z.record(z.string(), z.string()).transform(
  (form, ctx): unknown => {
    const lines = [];
    for (let i = 0; i < MAX_FORM_ROWS; i++) {
      const source = (form[`line${i}Source`] ?? "").trim();
      const description = (form[`line${i}Description`] ?? "").trim();
      const price = rupees(form[`line${i}Price`], `Line ${i + 1} price`, ctx, `line${i}Price`);
      const discount = rupees(
        form[`line${i}Discount`],
        `Line ${i + 1} discount`,
        ctx,
        `line${i}Discount`,
      );
      if (!source && !description && price === undefined) continue;
      const [kind, id] = source.includes(":") ? source.split(":") : ["custom", ""];
      const quantityText = (form[`line${i}Quantity`] ?? "").trim();
      lines.push({
        source: kind,
        ...(kind === "service" ? { serviceId: id } : {}),
        ...(kind === "plan_item" ? { planItemId: id } : {}),
        ...(kind === "appointment" ? { appointmentId: id } : {}),
        description: description || null,
        ...(quantityText ? { quantity: Number(quantityText) } : {}),
        ...(price !== undefined ? { unitPriceMinor: price } : {}),
        ...(discount !== undefined ? { discountMinor: discount } : {}),
      });
    }
    return {
      patientId: form.patientId ?? "",
      doctorId: form.doctorId || null,
      issueDate: form.issueDate || undefined,
      dueDate: form.dueDate || undefined,
      applyTax: form.applyTax === "on",
      status: form.intent === "draft" ? "draft" : "issued",
      notes: form.notes || null,
      lines,
    };
  },
).pipe(z.unknown()).pipe(newInvoiceSchema);
