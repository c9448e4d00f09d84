/**
 * A settings section's HTML form, read through the section's own schema. An
 * unticked checkbox is absent from a form, so booleans are "present or not";
 * an empty number field is missing, and the schema says so.
 */
import { z } from "zod";
import type { FormValues } from "../http/form.ts";
import { type SectionKey, SETTINGS_SECTIONS, valuesFromForm } from "./sections.ts";

export function sectionForm(section: SectionKey) {
  return z.preprocess(
    (form) => valuesFromForm(section, form as Record<string, unknown>),
    SETTINGS_SECTIONS[section].schema as z.ZodType<Record<string, unknown>>,
  );
}

/** What to show in a refused form: the text as typed, each checkbox as it was. */
export function sectionFormDisplay(section: SectionKey, form: FormValues): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, fallback] of Object.entries(SETTINGS_SECTIONS[section].defaults)) {
    values[key] = typeof fallback === "boolean" ? key in form : form[key] ?? "";
  }
  return values;
}
