/**
 * Settings → Service catalog and Settings → Discounts as HTML forms: rupees and percentages as
 * people type them, turned into the paisa and basis points the API takes, then checked by the
 * API's own schemas so a form and the API refuse the same things.
 */
import { z } from "zod";
import { AppError } from "../errors.ts";
import { formValidationError } from "../http/form.ts";
import { type Service, type ServiceInput, serviceInput } from "./catalog.ts";
import { type PolicyInput, policyInput } from "./policies.ts";
import { parseRupees, rupeesText } from "./money.ts";

const text = z.string().optional().transform((v) => (v ?? "").trim());
const checked = z.string().optional().transform((v) => v === "on" || v === "true");

function rupees(value: string, field: string, optional = false): number | null {
  if (optional && value === "") return null;
  const minor = parseRupees(value);
  if (minor === null) {
    throw new AppError(400, "VALIDATION_FAILED", "Enter an amount in rupees, e.g. 12500", {
      fields: { [field]: "Enter an amount in rupees, e.g. 12500" },
    });
  }
  return minor;
}

function whole(value: string, field: string): number | null {
  if (value === "") return null;
  if (!/^\d{1,4}$/.test(value)) {
    throw new AppError(400, "VALIDATION_FAILED", "Enter a whole number", {
      fields: { [field]: "Enter a whole number" },
    });
  }
  return Number(value);
}

function check<T>(schema: z.ZodType<T>, value: unknown, rename: Record<string, string> = {}): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw formValidationError(parsed.error.issues.map((i) => ({
      ...i,
      path: [rename[String(i.path[0])] ?? i.path[0]],
    })));
  }
  return parsed.data;
}

export const serviceForm = z.object({
  code: text,
  name: text,
  category: text,
  price: text,
  duration: text,
  perTooth: checked,
  active: checked,
});

export function serviceFromForm(form: z.output<typeof serviceForm>): ServiceInput {
  return check(serviceInput, {
    code: form.code,
    name: form.name,
    category: form.category,
    defaultPriceMinor: rupees(form.price, "price"),
    defaultDurationMinutes: whole(form.duration, "duration") ?? NaN,
    perTooth: form.perTooth,
    active: form.active,
  }, { defaultPriceMinor: "price", defaultDurationMinutes: "duration" });
}

/** A saved service as the edit form's values: what `serviceFromForm` reads back. */
export function serviceFormValues(s: Service): Record<string, string> {
  return {
    code: s.code,
    name: s.name,
    category: s.category,
    price: rupeesText(s.defaultPriceMinor),
    duration: String(s.defaultDurationMinutes),
    perTooth: s.perTooth ? "on" : "",
    active: s.active ? "on" : "",
  };
}

export const policyForm = z.object({
  name: text,
  kind: text,
  percent: text,
  amount: text,
  minAge: text,
  maxAge: text,
  minSubtotal: text,
  patientTag: text,
  serviceCategory: text,
  combinable: checked,
  active: checked,
});

export function policyFromForm(form: z.output<typeof policyForm>): PolicyInput {
  let percentBp: number | null = null;
  if (form.kind === "percent") {
    if (!/^\d{1,3}(\.\d{1,2})?$/.test(form.percent)) {
      throw new AppError(400, "VALIDATION_FAILED", "Enter a percentage, e.g. 10 or 12.5", {
        fields: { percent: "Enter a percentage, e.g. 10 or 12.5" },
      });
    }
    const [whole, part = ""] = form.percent.split(".");
    percentBp = Number(whole) * 100 + Number(part.padEnd(2, "0"));
  }
  return check(policyInput, {
    name: form.name,
    kind: form.kind,
    percentBp,
    amountMinor: form.kind === "fixed" ? rupees(form.amount, "amount") : null,
    minAge: whole(form.minAge, "minAge"),
    maxAge: whole(form.maxAge, "maxAge"),
    minSubtotalMinor: rupees(form.minSubtotal, "minSubtotal", true),
    patientTag: form.patientTag || null,
    serviceCategory: form.serviceCategory || null,
    combinable: form.combinable,
    active: form.active,
  }, { percentBp: "percent", amountMinor: "amount", minSubtotalMinor: "minSubtotal" });
}

/** The import form's file (or pasted text) as text; at most 1 MB. */
export async function csvFromRequest(request: Request): Promise<string> {
  const form = await request.formData().catch(() => null);
  const file = form?.get("file");
  if (file instanceof File && file.size > 0) {
    if (file.size > 1024 * 1024) {
      throw new AppError(400, "CSV_INVALID", "The file is larger than 1 MB", { problems: [] });
    }
    return await file.text();
  }
  const pasted = form?.get("csv");
  if (typeof pasted === "string" && pasted.trim()) return pasted;
  throw new AppError(400, "CSV_INVALID", "Choose a CSV file to import", { problems: [] });
}
