/** The sign-up and decision forms, parsed with zod like every boundary. */
import { z } from "zod";
import { parsePhone } from "../phones.ts";
import { normaliseEmail } from "../auth/accounts.ts";

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const required = (message: string, max: number) =>
  z.string({ error: message }).trim().min(1, message).max(max, `Keep it under ${max} characters.`);

/**
 * What a clinic sends from /signup. The phone is read as Pakistani unless it
 * starts with another country's code, and stored E.164.
 */
export const applicationForm = z.object({
  clinicName: required("Enter your clinic's name.", 200),
  city: required("Enter the city the clinic is in.", 100),
  ownerName: required("Enter the owner's full name.", 200),
  email: z.string({ error: "Enter an email address." }).trim()
    .max(320, "That email address is too long.")
    .transform(normaliseEmail)
    .refine((email) => EMAIL_SHAPE.test(email), "Enter an email address like name@clinic.pk."),
  phone: z.string({ error: "Enter a phone number." }).trim()
    .min(1, "Enter a phone number.")
    .transform((raw, ctx) => {
      const e164 = parsePhone(raw);
      if (!e164) {
        ctx.addIssue({
          code: "custom",
          message: "Enter a valid phone number: 10 digits after +92, e.g. 0300 1234567.",
        });
        return z.NEVER;
      }
      return e164;
    }),
});
export type ApplicationInput = z.output<typeof applicationForm>;

/** Approving needs no fields; the application is in the path. */
export const approvalForm = z.object({});

export const rejectionForm = z.object({
  reason: required("Say why, in a sentence the applicant will read.", 1000),
});
