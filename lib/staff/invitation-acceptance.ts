/**
 * Accepting an invitation from its public page: the form's schema (a new
 * address sets up an account, an existing one proves itself with its
 * password) and the acceptance itself, rate-limited like a sign-in.
 */
import { z } from "zod";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { isFormUserError } from "../http/form.ts";
import { clearRateLimit, hitRateLimit, peekRateLimit } from "../auth/rate-limit.ts";
import { acceptInvitation, type InvitationPreview, MIN_PASSWORD_LENGTH } from "./invitations.ts";

const LINK_PROBLEM_CODES = new Set([
  "INVITATION_EXPIRED",
  "INVITATION_REVOKED",
  "INVITATION_USED",
  "INVITATION_INVALID",
]);

/** A link that no longer works; its page says why instead of showing the form. */
export function isInvitationLinkProblem(error: unknown): error is AppError {
  return error instanceof AppError && LINK_PROBLEM_CODES.has(error.code);
}

/**
 * What the form answers itself: the one form rule, plus a wrong password
 * (401), which — like on the sign-in page — is shown on the form it came from.
 */
export function isAcceptanceFormProblem(error: unknown): error is AppError {
  if (isInvitationLinkProblem(error)) return false;
  return isFormUserError(error) || (error instanceof AppError && error.status === 401);
}

const tooShort = `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`;

const newAccountForm = z.object({
  name: z.string({ error: "Enter your full name." }).trim().min(1, "Enter your full name.")
    .transform((name) => name.slice(0, 200)),
  password: z.string({ error: tooShort }).transform((password) => password.slice(0, 1024))
    .pipe(z.string().min(MIN_PASSWORD_LENGTH, tooShort)),
  confirm: z.string().default(""),
}).refine((form) => form.password === form.confirm.slice(0, 1024), {
  message: "The two passwords do not match.",
  path: ["confirm"],
});

const existingAccountForm = z.object({
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.")
    .transform((password) => password.slice(0, 1024)),
});

export function acceptanceForm(hasAccount: boolean) {
  return hasAccount ? existingAccountForm : newAccountForm;
}

/**
 * Joins the invited clinic. Checking an existing account's password counts
 * like a sign-in attempt, so the form cannot guess it faster than /login.
 */
export async function joinClinic(
  deps: { db: Db; kv: Deno.Kv; config: Config },
  input: { token: string; preview: InvitationPreview; name?: string; password: string },
): Promise<void> {
  const { db, kv, config } = deps;
  const rule = {
    limit: config.loginLimitPerAccount,
    windowSeconds: config.loginLimitWindowSeconds,
  };
  const limitKey = ["login_account", input.preview.invitation.email];
  const checksPassword = input.preview.hasAccount;
  if (checksPassword) {
    const limit = await peekRateLimit(kv, limitKey, rule);
    if (!limit.allowed) {
      const retryAfterSeconds = limit.retryAfterSeconds;
      throw new AppError(
        429,
        "RATE_LIMITED",
        `Too many attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`,
        { retryAfterSeconds },
        { "Retry-After": String(retryAfterSeconds) },
      );
    }
  }
  try {
    await acceptInvitation(db, { token: input.token, name: input.name, password: input.password });
  } catch (error) {
    if (checksPassword && error instanceof AppError && error.status === 401) {
      await hitRateLimit(kv, limitKey, rule);
      throw new AppError(401, error.code, "That is not the password of your OdontoX account.");
    }
    throw error;
  }
  if (checksPassword) await clearRateLimit(kv, limitKey, rule);
}
