/**
 * What a patient record holds and what each field accepts, as one zod schema for the JSON API and the HTML forms alike.
 * Empty strings mean "no value", since that is what a cleared form field
 * sends; phones come out E.164 or the field is refused with its name.
 */
import { z } from "zod";
import { parsePhone } from "../phones.ts";

export const GENDERS = ["female", "male", "other", "unknown"] as const;
export type Gender = typeof GENDERS[number];

export const GENDER_LABELS: Record<Gender, string> = {
  female: "Female",
  male: "Male",
  other: "Other",
  unknown: "Not recorded",
};

export interface PatientFields {
  fullName: string;
  /** YYYY-MM-DD. */
  dateOfBirth: string | null;
  gender: Gender | null;
  email: string | null;
  /** E.164. */
  phone: string | null;
  /** E.164; only for clinics with the WhatsApp module. */
  whatsappPhone: string | null;
  address: string | null;
  medicalAlerts: string | null;
}

export type PatientChanges = Partial<PatientFields>;

/** The fields whose values are PHI under the contact permissions. */
export const CONTACT_FIELDS = ["phone", "whatsappPhone"] as const;

const blankToNull = (value: string | null | undefined) =>
  value === undefined ? undefined : value === null || value === "" ? null : value;

function optionalText(max: number, label: string) {
  return z.string().trim().max(max, `${label} can be at most ${max} characters`).nullable()
    .transform(blankToNull);
}

function isRealDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

const dateOfBirth = z.string().trim().nullable().transform(blankToNull).superRefine(
  (value, ctx) => {
    if (!value) return;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !isRealDate(value)) {
      ctx.addIssue({ code: "custom", message: "Use a real date as YYYY-MM-DD" });
    } else if (value < "1900-01-01" || value > new Date().toISOString().slice(0, 10)) {
      ctx.addIssue({ code: "custom", message: "Must be between 1900 and today" });
    }
  },
);

function phone(label: string) {
  return z.string().max(40, `${label} is too long`).nullable().transform((value, ctx) => {
    const text = blankToNull(value?.trim());
    if (!text) return null;
    const e164 = parsePhone(text);
    if (!e164) {
      // The number itself is not repeated: it is PHI, and error messages get logged.
      ctx.addIssue({
        code: "custom",
        message: `not a valid ${label.toLowerCase()}: Pakistani numbers have 10 digits after +92 ` +
          `(e.g. 0300 1234567); others need their country code (e.g. +44 7400 123456)`,
      });
      return z.NEVER;
    }
    return e164;
  });
}

const email = z.string().trim().max(320).nullable().transform(blankToNull).pipe(
  z.email("Enter a valid email address").transform((v) => v.toLowerCase()).nullable(),
);

const gender = z.string().nullable().transform(blankToNull).pipe(
  z.enum(GENDERS, `Use one of ${GENDERS.join(", ")}`).nullable(),
);

const fields = {
  fullName: z.string().trim().min(1, "Enter the patient's full name").max(
    200,
    "Full name can be at most 200 characters",
  ),
  dateOfBirth,
  gender,
  email,
  phone: phone("Phone number"),
  whatsappPhone: phone("WhatsApp number"),
  address: optionalText(500, "Address"),
  medicalAlerts: optionalText(2000, "Medical alerts"),
};

/** A new patient: a name is required, everything else may be left out. */
export const newPatientSchema = z.strictObject({
  ...fields,
  dateOfBirth: fields.dateOfBirth.optional(),
  gender: fields.gender.optional(),
  email: fields.email.optional(),
  phone: fields.phone.optional(),
  whatsappPhone: fields.whatsappPhone.optional(),
  address: fields.address.optional(),
  medicalAlerts: fields.medicalAlerts.optional(),
});

/** A change: only the fields sent are touched; null clears one. */
export const patientChangesSchema = z.strictObject(fields).partial().refine(
  (body) => Object.keys(body).length > 0,
  `Send the fields to change: ${Object.keys(fields).join(", ")}`,
);

/** Whole years between a YYYY-MM-DD birth date and `today` (also YYYY-MM-DD). */
export function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split("-").map(Number);
  const [ty, tm, td] = today.split("-").map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}
