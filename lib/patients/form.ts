/**
 * The patient pages' forms as zod schemas. The register/edit form posts
 * only the fields it showed the member, phone numbers typed in the country
 * picked beside them; it is read into the API's body and checked by the
 * API's own schemas, so the form and /api/v1/patients refuse the same things.
 */
import { z } from "zod";
import type { FormValues } from "../http/form.ts";
import { type Access, can } from "../permissions/access.ts";
import { phoneFromForm } from "../phones.ts";
import { newPatientSchema, patientChangesSchema } from "./fields.ts";
import { disclosureFor } from "./records.ts";

/** What the form shows: stored values, or what was just posted when it is shown again. */
export interface PatientFormValues {
  fullName?: string;
  dateOfBirth?: string | null;
  gender?: string | null;
  email?: string | null;
  phone?: string | null;
  phoneCountry?: string;
  whatsappPhone?: string | null;
  whatsappPhoneCountry?: string;
  address?: string | null;
  medicalAlerts?: string | null;
}

/** Which fields the member's form offers. */
export interface PatientFormOptions {
  /** Phone numbers can be set (contact view and edit). */
  contact: boolean;
  /** The clinic has WhatsApp. */
  whatsapp: boolean;
  /** Medical alerts can be set. */
  alerts: boolean;
}

export function patientFormOptions(access: Access): PatientFormOptions {
  const disclosure = disclosureFor(access);
  return {
    contact: disclosure.contact && can(access, "patients.contact.edit"),
    whatsapp: disclosure.whatsapp,
    alerts: disclosure.alerts && can(access, "patients.alerts.edit"),
  };
}

/** The posted form as the API's body: only the fields the form showed. */
export function patientFormBody(
  values: FormValues,
  options: PatientFormOptions,
): Record<string, string | null> {
  const body: Record<string, string | null> = {};
  for (const key of ["fullName", "dateOfBirth", "gender", "email", "address"] as const) {
    if (key in values) body[key] = values[key];
  }
  if (options.alerts && "medicalAlerts" in values) body.medicalAlerts = values.medicalAlerts;
  if (options.contact) {
    for (const key of options.whatsapp ? ["phone", "whatsappPhone"] : ["phone"]) {
      const value = phoneFromForm(values, key);
      if (value !== undefined) body[key] = value;
    }
  }
  return body;
}

/** What a refused form shows again: the values as typed, numbers as they were read. */
export function patientFormValues(
  values: FormValues,
  options: PatientFormOptions,
): PatientFormValues {
  const body = patientFormBody(values, options);
  return {
    ...values,
    phone: body.phone ?? values.phone,
    whatsappPhone: body.whatsappPhone ?? values.whatsappPhone,
  };
}

const postedBody = (options: PatientFormOptions) =>
  z.record(z.string(), z.string()).transform((values) => patientFormBody(values, options));

export const newPatientForm = (options: PatientFormOptions) =>
  postedBody(options).pipe(newPatientSchema);

export const patientChangesForm = (options: PatientFormOptions) =>
  postedBody(options).pipe(patientChangesSchema);

/** The list's search box and pager; anything odd reads as the first page of everyone. */
export const patientSearchForm = z.object({
  q: z.string().optional().transform((q) => (q ?? "").trim().slice(0, 200)),
  page: z.string().optional().transform((page) =>
    Math.max(1, Math.min(Number.parseInt(page ?? "1") || 1, 40_000))
  ),
});
