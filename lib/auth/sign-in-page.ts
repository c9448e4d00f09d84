/**
 * The sign-in page's rules: what the form accepts, where it may send the
 * browser afterwards, how it words a refusal, and which demo accounts it lists.
 */
import { z } from "zod";
import type { Config } from "../config.ts";
import { DEMO_ACCOUNTS } from "../db/seed.ts";
import { AppError } from "../errors.ts";

export const signInForm = z.object({
  email: z.string().trim().email().max(320),
  password: z.string().min(1).max(1024),
  next: z.string().max(2000).optional(),
});

/** Only same-site paths, so the login page cannot be used as an open redirect. */
export function safeNext(next: string | undefined | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\")
    ? next
    : "/dashboard";
}

/**
 * Refusals answered on the sign-in form itself, with the status they carry:
 * a form that does not parse (400), wrong credentials (401), too many
 * attempts (429). Unlike other forms, a 401 here is about the form.
 */
export function isSignInRefusal(error: unknown): error is AppError {
  return error instanceof AppError &&
    (error.code === "VALIDATION_FAILED" || error.status === 401 || error.status === 429);
}

/** One sentence that never says whether the address has an account. */
export function signInRefusalMessage(error: AppError): string {
  if (error.status === 429) {
    const minutes = Math.ceil(Number(error.extra.retryAfterSeconds) / 60);
    return `Too many sign-in attempts. Try again in ${minutes} minute(s).`;
  }
  if (error.status === 401) return "Email or password is incorrect.";
  return "Enter your email address and password.";
}

export interface DemoAccountHint {
  email: string;
  label: string;
}

/** The demo accounts to list under the form; none where demo data is not seeded. */
export function demoAccountHints(config: Pick<Config, "seedDemoData">): DemoAccountHint[] {
  if (!config.seedDemoData) return [];
  return DEMO_ACCOUNTS.map(({ email, label }) => ({ email, label }));
}
