/**
 * The inventory pages' HTML forms, read into the API's bodies (`fromForm`)
 * and checked by the API's own schemas, so both refuse the same things.
 */
import { z } from "zod";
import {
  fromForm,
  itemChangesSchema,
  movementSchema,
  newItemSchema,
  supplierSchema,
} from "./schemas.ts";

const posted = (options: Parameters<typeof fromForm>[1]) => (values: unknown) =>
  fromForm(values as Record<string, string>, options);

export const newItemForm = z.preprocess(posted({}), newItemSchema);
export const itemEditForm = z.preprocess(posted({ checkboxes: ["archived"] }), itemChangesSchema);
export const supplierForm = z.preprocess(posted({}), supplierSchema);
export const movementForm = z.preprocess(posted({ money: ["cost"] }), movementSchema);
