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

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * The weekly hours form: per weekday (0 = Sunday) an `open<d>` checkbox and
 * `opens<d>`/`closes<d>` times; a day not ticked is closed.
 */
export const workingHoursForm = z.record(z.string(), z.string()).transform((fields, ctx) => {
  const hours: { weekday: number; opensAt: string; closesAt: string }[] = [];
  for (let weekday = 0; weekday < 7; weekday++) {
    if (!fields[`open${weekday}`]) continue;
    const opensAt = fields[`opens${weekday}`] ?? "";
    const closesAt = fields[`closes${weekday}`] ?? "";
    if (!CLOCK.test(opensAt) || !CLOCK.test(closesAt)) {
      ctx.addIssue({
        code: "custom",
        path: [`opens${weekday}`],
        message: "Enter opening and closing times like 09:00 and 17:00.",
      });
      continue;
    }
    hours.push({ weekday, opensAt, closesAt });
  }
  return hours;
});
