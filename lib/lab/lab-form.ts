/** Settings → Lab's lab form: its text fields read through the API's lab schema. */
import { z } from "zod";
import type { FormValues } from "../http/form.ts";
import { type Lab, labInput } from "./labs.ts";
import { LAB_CASE_TYPES } from "./statuses.ts";

const number = (value: unknown) =>
  typeof value === "string" && value.trim() !== "" ? Number(value) : undefined;

export const labForm = z.preprocess((raw) => {
  const form = raw as FormValues;
  const turnaroundByType: Record<string, number | undefined> = {};
  for (const type of LAB_CASE_TYPES) {
    const days = number(form[`days-${type}`]);
    if (days !== undefined) turnaroundByType[type] = days;
  }
  return {
    name: form.name ?? "",
    contactPerson: form.contactPerson || null,
    phone: form.phone || null,
    email: form.email || null,
    defaultTurnaroundDays: number(form.defaultTurnaroundDays),
    turnaroundByType,
    notes: form.notes || null,
    active: form.active !== undefined,
  };
}, labInput);

export function labFormValues(lab: Lab): FormValues {
  const values: FormValues = {
    name: lab.name,
    contactPerson: lab.contactPerson ?? "",
    phone: lab.phone ?? "",
    email: lab.email ?? "",
    defaultTurnaroundDays: String(lab.defaultTurnaroundDays),
    notes: lab.notes ?? "",
  };
  if (lab.active) values.active = "on";
  for (const [type, days] of Object.entries(lab.turnaroundByType)) {
    values[`days-${type}`] = String(days);
  }
  return values;
}
