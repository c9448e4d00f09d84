/**
 * Patient sign-in and the signed-in patient. A patient account belongs to one
 * patient in one clinic; everything the portal shows is scoped by both.
 *
 * A family may share one email address, each member with an account of their
 * own: sign-in tries the (few) accounts with the address and opens the one
 * whose password matches. Attempts count per IP and, when they fail, per
 * address, like the staff sign-in.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { clinics, patients } from "../db/schema.ts";
import { patientAccounts } from "../db/schema/portal.ts";
import { recordActivity } from "../activity-log.ts";
import { tooManyRequests, unauthorized } from "../errors.ts";
import { normaliseEmail } from "../auth/accounts.ts";
import { burnPasswordCheck, verifyPassword } from "../auth/passwords.ts";
import { clearRateLimit, hitRateLimit, peekRateLimit } from "../auth/rate-limit.ts";
import { openPortalSession, type PortalSession } from "./sessions.ts";

/** Accounts tried for one address; more would let one sign-in cost many password checks. */
const MAX_ACCOUNTS_PER_EMAIL = 5;

export const portalSignInForm = z.object({
  email: z.string().trim().email("Enter your email address").max(320),
  password: z.string().min(1, "Enter your password").max(1024),
});

/** The signed-in patient, loaded once per portal request. */
export interface PatientPrincipal {
  accountId: string;
  patientId: string;
  clinicId: string;
  clinicName: string;
  timeZone: string;
  planId: string;
  patientName: string;
  email: string;
}

type SignInConfig = Pick<
  Config,
  "loginLimitPerIp" | "loginLimitPerAccount" | "loginLimitWindowSeconds" | "refreshTokenTtlSeconds"
>;

/** Checks the password and opens a portal session; returns its cookie token. */
export async function signInPatient(
  deps: { db: Db; kv: Deno.Kv; config: SignInConfig },
  input: { email: string; password: string; ip: string },
  now = new Date(),
): Promise<{ token: string; principal: PortalSession }> {
  const { db, kv, config } = deps;
  const email = normaliseEmail(input.email);
  const window = { windowSeconds: config.loginLimitWindowSeconds };
  const ipRule = { ...window, limit: config.loginLimitPerIp };
  const accountRule = { ...window, limit: config.loginLimitPerAccount };
  const accountKey = ["portal_login_account", email];
  const byIp = await hitRateLimit(kv, ["portal_login_ip", input.ip], ipRule, now.getTime());
  if (!byIp.allowed) throw tooManyRequests(byIp.retryAfterSeconds);
  const byAccount = await peekRateLimit(kv, accountKey, accountRule, now.getTime());
  if (!byAccount.allowed) throw tooManyRequests(byAccount.retryAfterSeconds);

  const candidates = await db.select({
    id: patientAccounts.id,
    clinicId: patientAccounts.clinicId,
    patientId: patientAccounts.patientId,
    passwordHash: patientAccounts.passwordHash,
  }).from(patientAccounts)
    .where(eq(patientAccounts.email, email))
    .orderBy(sql`${patientAccounts.lastLoginAt} desc nulls last`, desc(patientAccounts.createdAt))
    .limit(MAX_ACCOUNTS_PER_EMAIL);
  let account: typeof candidates[number] | undefined;
  for (const candidate of candidates) {
    if (await verifyPassword(input.password, candidate.passwordHash)) {
      account = candidate;
      break;
    }
  }
  if (!candidates.length) await burnPasswordCheck(input.password);
  if (!account) {
    await hitRateLimit(kv, accountKey, accountRule, now.getTime());
    throw unauthorized("INVALID_CREDENTIALS", "Email or password is incorrect");
  }
  await clearRateLimit(kv, accountKey, accountRule, now.getTime());
  await db.transaction(async (tx) => {
    await tx.update(patientAccounts).set({ lastLoginAt: now })
      .where(eq(patientAccounts.id, account.id));
    await recordActivity(tx, {
      clinicId: account.clinicId,
      actorId: null,
      action: "portal.login",
      // The account, not the patient: sign-ins would crowd the record's history.
      entityType: "patient_account",
      entityId: account.id,
      details: { ip: input.ip, patientId: account.patientId },
    });
  });
  const principal = {
    accountId: account.id,
    clinicId: account.clinicId,
    patientId: account.patientId,
  };
  const token = await openPortalSession(
    kv,
    principal,
    config.refreshTokenTtlSeconds,
    now.getTime(),
  );
  return { token, principal: { ...principal, createdAt: now.getTime() } };
}

/**
 * The patient behind a session, or null when the account is gone or no longer
 * belongs to the patient and clinic the session was opened for.
 */
export async function loadPatientPrincipal(
  db: Db,
  session: PortalSession,
): Promise<PatientPrincipal | null> {
  const [row] = await db.select({
    accountId: patientAccounts.id,
    patientId: patientAccounts.patientId,
    clinicId: patientAccounts.clinicId,
    email: patientAccounts.email,
    clinicName: clinics.name,
    timeZone: clinics.timeZone,
    planId: clinics.planId,
    patientName: patients.fullName,
  }).from(patientAccounts)
    .innerJoin(clinics, eq(clinics.id, patientAccounts.clinicId))
    .innerJoin(
      patients,
      and(eq(patients.id, patientAccounts.patientId), eq(patients.clinicId, clinics.id)),
    )
    .where(and(
      eq(patientAccounts.id, session.accountId),
      eq(patientAccounts.patientId, session.patientId),
      eq(patientAccounts.clinicId, session.clinicId),
    ));
  return row ?? null;
}
