/**
 * The superadmin clinic page's forms, as zod schemas over the posted text:
 * plan assignment, a module switch and the test-account tag.
 */
import { z } from "zod";
import { BILLING_PERIODS } from "../subscriptions/state.ts";

/** "true"/"false" from a hidden input, as a boolean. */
const flag = (field: string) =>
  z.enum(["true", "false"], { error: `${field} must be true or false` })
    .transform((value) => value === "true");

export const planAssignmentForm = z.object({
  planId: z.string({ error: "Choose a plan." }),
  billingPeriod: z.enum(BILLING_PERIODS, { error: "Choose monthly or annual billing." })
    .optional(),
  note: z.string().optional().transform((note) => note?.slice(0, 1000)),
  // An unticked checkbox is absent from the form.
  resetTemplates: z.string().optional().transform((value) => value !== undefined),
});

export const moduleSwitchForm = z.object({
  /** "plan" hands the module back to the clinic's plan. */
  enabled: z.union([z.literal("plan").transform(() => null), flag("enabled")], {
    error: "enabled must be true, false or plan",
  }),
});

export const testAccountForm = z.object({ isTestAccount: flag("isTestAccount") });
