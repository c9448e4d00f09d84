/**
 * The superadmin's Users tab: every account on the platform with its clinic,
 * role, last sign-in and status (one line per clinic membership; platform
 * administrators have none), and the Invitations tab's resend and revoke,
 * which reuse the clinic's own invitation functions for the invitation's
 * clinic, so the new link, the email and the activity entry are the same.
 */
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinicMembers, clinics, staffInvitations, users } from "../db/schema.ts";
import { notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import {
  type Invitation,
  listPlatformInvitations,
  type PlatformInvitation,
  resendInvitation,
  revokeInvitation,
} from "../staff/invitations.ts";
import { withoutTestAccounts } from "./platform-clinics.ts";

export interface PlatformUser {
  userId: string;
  name: string;
  email: string;
  /** Null for a platform administrator. */
  clinic: { id: string; name: string; isTestAccount: boolean } | null;
  /** A clinic role, or "superadmin". */
  role: string;
  status: "active" | "invited" | "deactivated";
  lastLoginAt: Date | null;
}

export interface PlatformUsers {
  users: PlatformUser[];
  /** Accounts outside test-account clinics (platform administrators included). */
  realAccounts: number;
  /** Members of test-account clinics, left out of `realAccounts`. */
  testAccountMembers: number;
}

const ROLE_ORDER =
  sql`array_position(array['owner','admin','doctor','nurse','reception'], ${clinicMembers.role})`;

export async function listPlatformUsers(db: Db): Promise<PlatformUsers> {
  const [admins, members] = await Promise.all([
    db.select({
      userId: users.id,
      name: users.name,
      email: users.email,
      lastLoginAt: users.lastLoginAt,
    }).from(users).where(eq(users.isSuperadmin, true)).orderBy(asc(users.name)),
    db.select({
      userId: users.id,
      name: users.name,
      email: users.email,
      lastLoginAt: users.lastLoginAt,
      clinicId: clinics.id,
      clinicName: clinics.name,
      isTestAccount: clinics.isTestAccount,
      role: clinicMembers.role,
      status: clinicMembers.status,
    }).from(clinicMembers)
      .innerJoin(users, eq(users.id, clinicMembers.userId))
      .innerJoin(clinics, eq(clinics.id, clinicMembers.clinicId))
      .orderBy(asc(clinics.name), ROLE_ORDER, asc(users.name)),
  ]);
  const list: PlatformUser[] = [
    ...admins.map((a) => ({
      ...a,
      clinic: null,
      role: "superadmin",
      status: "active" as const,
    })),
    ...members.map((m) => ({
      userId: m.userId,
      name: m.name,
      email: m.email,
      lastLoginAt: m.lastLoginAt,
      clinic: { id: m.clinicId, name: m.clinicName, isTestAccount: m.isTestAccount },
      role: m.role,
      status: m.status,
    })),
  ];
  const inTests = new Set(
    list.filter((u) => u.clinic?.isTestAccount).map((u) => u.userId),
  );
  const real = new Set(list.filter((u) => !u.clinic?.isTestAccount).map((u) => u.userId));
  return {
    users: list,
    realAccounts: real.size,
    testAccountMembers: [...inTests].filter((id) => !real.has(id)).length,
  };
}

export interface PlatformInvitations {
  invitations: (PlatformInvitation & { isTestAccount: boolean })[];
  /** Pending invitations outside test-account clinics. */
  realPending: number;
  testAccountPending: number;
}

export async function listPendingInvitations(db: Db): Promise<PlatformInvitations> {
  const [invitations, tagged] = await Promise.all([
    listPlatformInvitations(db),
    db.select({ id: clinics.id }).from(clinics).where(eq(clinics.isTestAccount, true)),
  ]);
  const tests = new Set(tagged.map((t) => t.id));
  const rows = invitations.map((i) => ({ ...i, isTestAccount: tests.has(i.clinicId) }));
  const { real, testAccounts } = withoutTestAccounts(rows);
  return { invitations: rows, realPending: real.length, testAccountPending: testAccounts };
}

/** The clinic an invitation belongs to; a 404 for an unknown id, like a missing row. */
async function invitationClinic(db: Db, invitationId: string): Promise<string> {
  if (!isUuid(invitationId)) throw notFound("Invitation not found");
  const [row] = await db.select({ clinicId: staffInvitations.clinicId })
    .from(staffInvitations).where(eq(staffInvitations.id, invitationId));
  if (!row) throw notFound("Invitation not found");
  return row.clinicId;
}

/** A new seven-day link, emailed to the invitee; the previous link stops working. */
export async function resendPlatformInvitation(
  db: Db,
  input: { invitationId: string; actorId: string; appUrl: string; now: Date },
): Promise<Invitation> {
  const clinicId = await invitationClinic(db, input.invitationId);
  const { invitation } = await resendInvitation(db, { ...input, clinicId });
  return invitation;
}

export async function revokePlatformInvitation(
  db: Db,
  input: { invitationId: string; actorId: string; now: Date },
): Promise<Invitation> {
  const clinicId = await invitationClinic(db, input.invitationId);
  return await revokeInvitation(db, { ...input, clinicId });
}
