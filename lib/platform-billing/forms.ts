/**
 * Invoice Studio's forms as zod schemas over the posted text. Amounts are typed in rupees
 * ("12,500", "12500.50") and become paisa; an editor row left entirely blank is no line.
 */
import { z } from "zod";
import { parseRupees } from "../treatment/money.ts";
import {
  PLATFORM_INVOICE_STATUSES,
  PLATFORM_PAYMENT_METHODS,
} from "../db/schema/platform-invoices.ts";
import type { DraftLine } from "./invoices.ts";

/** Rows the editor offers: the lines there are and blank ones up to this many. */
export const MAX_LINES = 20;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const month = z.string({ error: "Choose the first month of the period." })
  .regex(MONTH, { error: "Choose the first month of the period." });

const date = (message: string) =>
  z.string({ error: message }).regex(DATE, { error: message })
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), { error: message });

const rupees = (message: string, { positive = false } = {}) =>
  z.string({ error: message }).optional().transform((text = "", ctx) => {
    const minor = text.trim() === "" && !positive ? 0 : parseRupees(text);
    if (minor === null || (positive && minor <= 0)) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return minor;
  });

export const newInvoiceForm = z.object({
  clinicId: z.string({ error: "Choose a clinic." }).uuid({ error: "Choose a clinic." }),
  month,
});

export const invoiceFilters = z.object({
  status: z.enum(PLATFORM_INVOICE_STATUSES).optional().catch(undefined),
  clinicId: z.string().uuid().optional().catch(undefined),
  month: z.string().regex(MONTH).optional().catch(undefined),
});

/** The editor posts `lines.<n>.description`, `lines.<n>.quantity`, `lines.<n>.unitPrice`. */
function linesOf(values: Record<string, unknown>, ctx: z.RefinementCtx): DraftLine[] {
  const lines: DraftLine[] = [];
  for (let n = 0; n < MAX_LINES; n++) {
    const field = (name: string) => {
      const value = values[`lines.${n}.${name}`];
      return typeof value === "string" ? value.trim() : "";
    };
    const description = field("description");
    const quantityText = field("quantity");
    const priceText = field("unitPrice");
    if (!description && !priceText && (!quantityText || quantityText === "1")) continue;
    const problem = (name: string, message: string) =>
      ctx.addIssue({ code: "custom", path: [`lines.${n}.${name}`], message });
    if (!description) problem("description", `Line ${n + 1} needs a description.`);
    if (description.length > 200) problem("description", `Line ${n + 1}'s description is long.`);
    const quantity = quantityText === "" ? 1 : Number(quantityText);
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > 10_000) {
      problem("quantity", `Line ${n + 1}'s quantity must be a whole number from 1 to 10,000.`);
    }
    const unitPriceMinor = parseRupees(priceText);
    if (unitPriceMinor === null) problem("unitPrice", `Line ${n + 1} needs a price in rupees.`);
    lines.push({
      kind: field("kind") === "plan" ? "plan" : "extra",
      description,
      quantity,
      unitPriceMinor: unitPriceMinor ?? 0,
    });
  }
  if (lines.length === 0) {
    ctx.addIssue({ code: "custom", path: ["lines.0.description"], message: "Add a line." });
  }
  return lines;
}

export const draftForm = z.looseObject({
  discount: rupees("Enter the discount in rupees, or leave it empty."),
  notes: z.string().max(2000, { error: "Notes are limited to 2,000 characters." }).default(""),
  dueDate: date("Enter the due date."),
}).transform((values, ctx) => {
  const lines = linesOf(values, ctx);
  return {
    lines,
    discountMinor: values.discount,
    notes: values.notes.trim(),
    dueDate: values.dueDate,
  };
});

export const statusForm = z.object({
  action: z.enum(["send", "void"], { error: "Unknown action." }),
  reason: z.string().max(300, { error: "Keep the reason under 300 characters." }).default(""),
});

export const paymentForm = z.object({
  amount: rupees("Enter the amount received in rupees.", { positive: true }),
  paidOn: date("Enter the date the payment arrived."),
  method: z.enum(PLATFORM_PAYMENT_METHODS, { error: "Choose how it was paid." }),
  reference: z.string().max(100, { error: "Keep the reference under 100 characters." })
    .default("").transform((text) => text.trim()),
});

export const brandingForm = z.object({
  legalName: z.string({ error: "Enter the legal name." }).trim()
    .min(1, { error: "Enter the legal name." }).max(200, { error: "The legal name is long." }),
  address: z.string().trim().max(500, { error: "Keep the address under 500 characters." })
    .default(""),
  ntn: z.string().trim().max(40, { error: "The NTN is long." })
    .regex(/^[0-9A-Za-z-]*$/, { error: "The NTN has digits, letters and dashes only." })
    .default(""),
  billingEmail: z.union([z.literal(""), z.email({ error: "Enter a valid email address." })])
    .default(""),
});
