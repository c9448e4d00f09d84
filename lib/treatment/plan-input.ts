/**
 * A treatment plan as clients send it: the whole plan in one document (options → phases →
 * items), so the editor saves what the user sees in one request and the server computes every
 * figure from it. The API takes it as JSON; the plan editor's form posts the same JSON in one
 * field. Shapes only: the rules (a real service of the clinic, a tooth where the service is per
 * tooth, a manual discount within the subtotal) are in ./plan-writes.ts.
 */
import { z } from "zod";
import { MAX_PRICE_MINOR } from "./catalog.ts";

export const PLAN_STATUSES = [
  "draft",
  "proposed",
  "accepted",
  "in_progress",
  "completed",
  "declined",
  "cancelled",
] as const;
export type PlanStatus = typeof PLAN_STATUSES[number];

export const ITEM_STATUSES = ["planned", "scheduled", "done"] as const;
export type ItemStatus = typeof ITEM_STATUSES[number];

export const STATUS_LABELS: Record<PlanStatus, string> = {
  draft: "Draft",
  proposed: "Proposed",
  accepted: "Accepted",
  in_progress: "In progress",
  completed: "Completed",
  declined: "Declined",
  cancelled: "Cancelled",
};

const itemInput = z.object({
  /** A saved item keeps its id, so what links to it (invoice lines, stock taken) stays linked. */
  id: z.uuid({ message: "id must be the id of a saved item" }).optional(),
  serviceId: z.uuid({ message: "serviceId must be a service id" }),
  tooth: z.string().trim().nullable().default(null).transform((t) => t || null),
  surfaces: z.string().trim().toUpperCase().default(""),
  quantity: z.number({ message: "quantity must be a whole number" }).int()
    .min(1, "quantity: at least 1").max(99, "quantity: at most 99").default(1),
  /** Omitted: the catalog price. */
  unitPriceMinor: z.number({ message: "unitPriceMinor must be paisa" }).int()
    .min(0, "A price cannot be negative").max(MAX_PRICE_MINOR, "Price is too large").optional(),
  status: z.enum(ITEM_STATUSES).default("planned"),
  appointmentId: z.uuid().nullable().default(null),
}).strict();

const phaseInput = z.object({
  name: z.string().trim().min(1, "Each phase needs a name").max(80),
  items: z.array(itemInput).max(60, "At most 60 items in a phase"),
}).strict();

export const discountInput = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("auto") }).strict(),
  z.object({ mode: z.literal("none") }).strict(),
  z.object({
    mode: z.literal("manual"),
    amountMinor: z.number({ message: "amountMinor must be paisa" }).int()
      .min(0, "A discount cannot be negative").max(MAX_PRICE_MINOR),
  }).strict(),
], { message: "discount.mode is auto, none or manual" });
export type DiscountInput = z.output<typeof discountInput>;

const optionInput = z.object({
  /** An option saved before keeps its id, and with it its saved discount state. */
  id: z.uuid().optional(),
  name: z.string().trim().min(1, "Each option needs a name").max(80),
  recommended: z.boolean().default(false),
  discount: discountInput.default({ mode: "auto" }),
  phases: z.array(phaseInput).min(1, "An option has at least one phase").max(10),
}).strict();
export type OptionInput = z.output<typeof optionInput>;

const planFields = {
  title: z.string().trim().min(1, "Give the plan a title").max(120),
  validUntil: z.iso.date({ message: "validUntil: YYYY-MM-DD" }).nullable().default(null),
  notes: z.string().trim().max(2000).nullable().default(null).transform((n) => n || null),
  options: z.array(optionInput).min(1, "A plan has at least one option").max(
    5,
    "At most 5 options",
  ),
};

export const newPlanInput = z.object({
  patientId: z.uuid({ message: "patientId must be a patient id" }),
  ...planFields,
}).strict();
export type NewPlanInput = z.output<typeof newPlanInput>;

export const planChangeInput = z.object({
  title: planFields.title.optional(),
  validUntil: z.iso.date({ message: "validUntil: YYYY-MM-DD" }).nullable().optional(),
  notes: z.string().trim().max(2000).nullable().transform((n) => n || null).optional(),
  options: planFields.options.optional(),
  /** A move such as proposed or cancelled; accepting has its own route. */
  status: z.enum(PLAN_STATUSES).optional(),
}).strict().refine(
  (c) => Object.keys(c).length > 0,
  "Send the fields to change: title, validUntil, notes, options, status",
);
export type PlanChangeInput = z.output<typeof planChangeInput>;

/** The editor's form: the plan document as JSON in `plan`, so the form and the API agree. */
export const planEditorForm = z.object({ plan: z.string().min(2, "The plan is empty") });
