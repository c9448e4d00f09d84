/**
 * Everything a staff page or /me needs about the signed-in person, in one
 * load: from this instance's principal cache when it holds them.
 */
import type { AppDeps } from "../http/app-env.ts";
import { unauthorized } from "../errors.ts";
import type { StaffRole } from "../db/schema.ts";
import type { Account } from "./accounts.ts";
import type { Principal } from "./auth-service.ts";
import type { Access } from "../permissions/access.ts";
import type { ClinicState } from "./principal-facts.ts";

export interface StaffContext {
  user: Account;
  clinic:
    | {
      id: string;
      name: string;
      slug: string;
      timeZone: string;
      planId: string;
      /** Subscription, logo and onboarding: see `ClinicState`. */
      state: ClinicState;
    }
    | null;
  role: StaffRole | null;
  /** Effective permissions in the clinic; null for a superadmin outside any clinic. */
  access: Access | null;
  /** Access-token expiry, epoch ms, for the session runtime. */
  expiresAt: number;
}

export async function loadStaffContext(
  deps: Pick<AppDeps, "auth" | "principals">,
  principal: Principal,
): Promise<StaffContext> {
  const facts = await deps.principals.load(principal.userId, principal.clinicId);
  // A deleted account, or a member removed from the clinic, loses access at once.
  if (!facts || (!facts.account.isSuperadmin && !facts.membership)) {
    await deps.auth.logout(principal.sessionId);
    throw unauthorized("SESSION_REVOKED", "Session revoked");
  }
  const { account: user, membership, clinicState } = facts;
  return {
    user,
    clinic: membership && {
      id: membership.clinicId,
      name: membership.clinicName,
      slug: membership.clinicSlug,
      timeZone: membership.timeZone,
      planId: membership.planId,
      state: clinicState!,
    },
    role: membership?.role ?? null,
    access: facts.access,
    expiresAt: principal.expiresAt,
  };
}
