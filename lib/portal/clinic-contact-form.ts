/**
 * Settings → Clinic contact as a form: the phone number patients call (its
 * country picked beside it, Pakistan by default), the email they write to, and
 * the address they come to. Each may be left empty; empty is stored as none.
 */
import { z } from "zod";
import { parsePhone, phoneFromForm } from "../phones.ts";
import type { ClinicContact } from "./clinic-contact.ts";

export interface ClinicContactChanges {
  /** E.164. */
  phone: string | null;
  email: string | null;
  address: string | null;
}

const optionalText = z.string().max(2_000).optional();

export const clinicContactForm = z.object({
  phone: optionalText,
  phoneCountry: optionalText,
  email: optionalText,
  address: optionalText,
}).transform((values, ctx): ClinicContactChanges => {
  const typed = phoneFromForm(values as Record<string, string>, "phone") ?? null;
  const phone = typed === null ? null : parsePhone(typed);
  if (typed !== null && !phone) {
    ctx.addIssue({
      code: "custom",
      path: ["phone"],
      message: "Enter a valid phone number: Pakistani numbers have 10 digits after +92 " +
        "(e.g. 042 35761234 or 0300 1234567)",
    });
  }
  const email = values.email?.trim() || null;
  if (email && (email.length > 254 || !z.email().safeParse(email).success)) {
    ctx.addIssue({
      code: "custom",
      path: ["email"],
      message: "Enter an email address like frontdesk@clinic.pk",
    });
  }
  const address = values.address?.trim().replace(/\r\n/g, "\n") || null;
  if (address && address.length > 500) {
    ctx.addIssue({
      code: "custom",
      path: ["address"],
      message: "Keep the address under 500 characters",
    });
  }
  return { phone, email, address };
});

/** The saved contact as the form's fields. */
export function clinicContactValues(contact: ClinicContact): Record<string, string> {
  return {
    phone: contact.phone ?? "",
    email: contact.email ?? "",
    address: contact.address ?? "",
  };
}
