/** Everything a staff page or /me needs about the signed-in person, in one load. */
import type { AppDeps } from "../http/app-env.ts";
import { unauthorized } from "../errors.ts";
import type { StaffRole } from "../db/schema.ts";
import { type Account, findAccountById } from "./accounts.ts";
import type { Principal } from "./auth-service.ts";
import { type Access, loadAccess } from "../permissions/access.ts";

export interface StaffContext {
  user: Account;
  clinic: { id: string; name: string; slug: string; timeZone: string; planId: string } | null;
  role: StaffRole | null;
  /** Effective permissions in the clinic; null for a superadmin outside any clinic. */
  access: Access | null;
  /** Access-token expiry, epoch ms, for the session runtime. */
  expiresAt: number;
}

export async function loadStaffContext(
  deps: Pick<AppDeps, "db" | "auth">,
  principal: Principal,
): Promise<StaffContext> {
  const [user, membership, access] = await Promise.all([
    findAccountById(deps.db, principal.userId),
    deps.auth.membershipFor(principal),
    principal.clinicId ? loadAccess(deps.db, principal.userId, principal.clinicId) : null,
  ]);
  // A deleted account, or a member removed from the clinic, loses access at once.
  if (!user || (!user.isSuperadmin && !membership)) {
    await deps.auth.logout(principal.sessionId);
    throw unauthorized("SESSION_REVOKED", "Session revoked");
  }
  return {
    user,
    clinic: membership && {
      id: membership.clinicId,
      name: membership.clinicName,
      slug: membership.clinicSlug,
      timeZone: membership.timeZone,
      planId: membership.planId,
    },
    role: membership?.role ?? null,
    access,
    expiresAt: principal.expiresAt,
  };
}
