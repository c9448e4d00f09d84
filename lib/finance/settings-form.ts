/**
 * Settings → Billing as a form: the tax rate typed in percent (empty for none),
 * its label on invoices, and the payment terms in days.
 */
import { z } from "zod";
import { financeSettingsSchema } from "./schemas.ts";
import type { FinanceSettings } from "./settings.ts";

export const financeSettingsForm = z.object({
  taxRate: z.string().optional(),
  taxLabel: z.string().optional(),
  paymentTermsDays: z.string().optional(),
}).transform((values, ctx): z.input<typeof financeSettingsSchema> => {
  const rate = (values.taxRate ?? "").trim().replace(/%$/, "").trim();
  const percent = rate === "" ? null : Number(rate);
  if (percent !== null && (!Number.isFinite(percent) || !/^\d{1,2}(\.\d{1,2})?$/.test(rate))) {
    ctx.addIssue({
      code: "custom",
      path: ["taxRateBp"],
      message: "Enter a percentage like 16 or 17.5",
    });
    return z.NEVER;
  }
  const terms = (values.paymentTermsDays ?? "").trim();
  return {
    taxRateBp: percent === null || percent === 0 ? null : Math.round(percent * 100),
    taxLabel: (values.taxLabel ?? "").trim() || "Sales tax",
    paymentTermsDays: terms === "" ? 14 : Number(terms),
  };
}).pipe(financeSettingsSchema);

/** Saved settings as the form's fields. */
export function financeSettingsValues(settings: FinanceSettings): Record<string, string> {
  return {
    taxRate: settings.taxRateBp === null ? "" : String(settings.taxRateBp / 100),
    taxLabel: settings.taxLabel,
    paymentTermsDays: String(settings.paymentTermsDays),
  };
}
