/**
 * What the inventory accepts, as zod schemas shared by the JSON API and the
 * HTML forms: a form's text fields are read into the API's shape first
 * (`fromForm`), so both refuse exactly the same things with the same words.
 */
import { z } from "zod";
import { INVENTORY_UNITS } from "../db/schema.ts";
import { parsePhone } from "../phones.ts";

const MAX_QUANTITY = 1_000_000;

const optionalText = (max: number, label: string) =>
  z.string({ message: `${label} must be text` }).trim()
    .max(max, `${label} is at most ${max} characters`)
    .nullable().optional().transform((value) => value || null);

const wholeNumber = (label: string, min: number, max: number) =>
  z.number({ message: `${label} must be a whole number` })
    .int(`${label} must be a whole number`)
    .min(min, `${label} must be at least ${min}`)
    .max(max, `${label} must be at most ${max.toLocaleString("en-US")}`);

const itemFields = {
  name: z.string({ message: "Give the item a name" }).trim()
    .min(1, "Give the item a name").max(120, "The name is at most 120 characters"),
  sku: optionalText(64, "SKU / barcode"),
  category: z.string({ message: "Choose or type a category" }).trim()
    .min(1, "Choose or type a category").max(60, "The category is at most 60 characters"),
  unit: z.enum(INVENTORY_UNITS, {
    message: `Choose a unit: ${INVENTORY_UNITS.join(", ")}`,
  }),
  packSize: wholeNumber("Pack size", 1, 100_000),
  reorderThreshold: wholeNumber("Reorder threshold", 0, MAX_QUANTITY),
  reorderQuantity: wholeNumber("Reorder quantity", 0, MAX_QUANTITY),
  leadTimeDays: wholeNumber("Delivery lead time", 0, 365),
  supplierId: z.uuid("Choose a supplier from the list").nullable().optional()
    .transform((value) => value ?? null),
  labPreset: optionalText(120, "Lab"),
  supplierNotes: optionalText(2000, "Supplier notes"),
  archived: z.boolean({ message: "archived is true or false" }),
};

export const newItemSchema = z.strictObject({
  ...itemFields,
  packSize: itemFields.packSize.default(1),
  reorderThreshold: itemFields.reorderThreshold.default(0),
  reorderQuantity: itemFields.reorderQuantity.default(0),
  leadTimeDays: itemFields.leadTimeDays.default(7),
  archived: itemFields.archived.default(false),
});
export type NewItem = z.output<typeof newItemSchema>;

export const itemChangesSchema = z.strictObject(itemFields).partial().refine(
  (changes) => Object.keys(changes).length > 0,
  `Send the fields to change: ${Object.keys(itemFields).join(", ")}`,
);
export type ItemChanges = z.output<typeof itemChangesSchema>;

export const supplierSchema = z.strictObject({
  name: z.string({ message: "Give the supplier a name" }).trim()
    .min(1, "Give the supplier a name").max(120, "The name is at most 120 characters"),
  contactPerson: optionalText(120, "Contact person"),
  phone: z.string({ message: "Phone must be text" }).trim().nullable().optional()
    .transform((value, ctx) => {
      if (!value) return null;
      const e164 = parsePhone(value);
      if (!e164) {
        ctx.addIssue({
          code: "custom",
          message: "Not a valid phone number; Pakistani numbers look like 0300 1234567",
        });
        return z.NEVER;
      }
      return e164;
    }),
  email: z.email("Not a valid email address").max(320).nullable().optional()
    .or(z.literal("").transform(() => null))
    .transform((value) => value || null),
  notes: optionalText(2000, "Notes"),
});
export type SupplierInput = z.output<typeof supplierSchema>;

const note = optionalText(500, "Note");

export const movementSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("receive"),
    quantity: wholeNumber("Quantity", 1, MAX_QUANTITY),
    lotNumber: optionalText(64, "Lot number"),
    expiresOn: z.iso.date({ message: "Use a date as YYYY-MM-DD" }).nullable().optional()
      .transform((value) => value ?? null),
    supplierId: z.uuid("Choose a supplier from the list").nullable().optional()
      .transform((value) => value ?? null),
    costMinor: wholeNumber("Cost (in paisa)", 0, Number.MAX_SAFE_INTEGER).nullable().optional()
      .transform((value) => value ?? null),
    note,
  }),
  z.strictObject({
    kind: z.literal("consume"),
    quantity: wholeNumber("Quantity", 1, MAX_QUANTITY),
    appointmentId: z.uuid("appointmentId must be an appointment id").nullable().optional()
      .transform((value) => value ?? null),
    note,
  }),
  z.strictObject({
    kind: z.literal("adjust"),
    /** The quantity counted on the shelf. */
    quantity: wholeNumber("Counted quantity", 0, MAX_QUANTITY),
    reason: z.string({ message: "Say why the count changed" }).trim()
      .min(1, "Say why the count changed").max(500, "The reason is at most 500 characters"),
  }),
], { message: "kind is one of receive, consume, adjust" });
export type MovementInput = z.output<typeof movementSchema>;

export const consumablesSchema = z.strictObject({
  appointmentType: z.string({ message: "Name the appointment type" }).trim()
    .min(1, "Name the appointment type").max(80, "The type is at most 80 characters"),
  items: z.array(z.strictObject({
    itemId: z.uuid("Choose an item from the list"),
    quantity: wholeNumber("Quantity", 1, 10_000),
  })).max(50, "At most 50 consumables per appointment type"),
});
export type ConsumablesInput = z.output<typeof consumablesSchema>;

/** What one catalog service uses, per unit of a plan item; an empty list clears it. */
export const serviceConsumablesSchema = z.strictObject({
  serviceId: z.uuid("Choose a service from the catalog"),
  items: z.array(z.strictObject({
    itemId: z.uuid("Choose an item from the list"),
    quantity: wholeNumber("Quantity", 1, 10_000),
  })).max(50, "At most 50 consumables per service"),
});
export type ServiceConsumablesInput = z.output<typeof serviceConsumablesSchema>;

const NUMBER_FIELDS = new Set([
  "packSize",
  "reorderThreshold",
  "reorderQuantity",
  "leadTimeDays",
  "quantity",
]);

/**
 * A posted form as the JSON body: numbers read as numbers (text that is not
 * one stays text, so the schema names the field), empty optional fields as
 * absent, and a checkbox as whether it was sent.
 */
export function fromForm(
  values: Record<string, string>,
  options: {
    checkboxes?: string[];
    /** Rupee fields (`cost`) posted as paisa (`costMinor`). */
    money?: string[];
  } = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(values)) {
    if (key.startsWith("_")) continue;
    const text = raw.trim();
    if (options.checkboxes?.includes(key)) continue;
    if (options.money?.includes(key)) {
      if (text === "") continue;
      const rupees = Number(text.replaceAll(",", ""));
      body[`${key}Minor`] = Number.isFinite(rupees) ? Math.round(rupees * 100) : text;
      continue;
    }
    if (NUMBER_FIELDS.has(key)) {
      if (text === "") continue;
      body[key] = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
      continue;
    }
    body[key] = text === "" ? null : text;
  }
  for (const key of options.checkboxes ?? []) body[key] = key in values;
  return body;
}
