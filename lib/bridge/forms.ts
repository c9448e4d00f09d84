/** The Bridge devices page's register form, as a zod schema over the posted text. */
import { z } from "zod";
import { CAPTURE_CATEGORIES } from "../radiology/categories.ts";

const NAME_PROBLEM = "Give the device a name (up to 80 characters).";

export const registerDeviceForm = z.object({
  name: z.string({ error: NAME_PROBLEM }).trim().min(1, NAME_PROBLEM).max(80, NAME_PROBLEM),
  operatoryId: z.string().default(""),
  // "Tell from each file" posts an empty category.
  category: z.string().optional().transform((value) =>
    CAPTURE_CATEGORIES.find((category) => category === value) ?? null
  ),
  filenamePattern: z.string().optional().transform((value) => value || null),
});
