/** What the Staff pages show, each loaded in one call scoped by the clinic. */
import type { Db } from "../db/client.ts";
import { type Invitation, listOpenInvitations } from "./invitations.ts";
import {
  getMember,
  listMembers,
  type MemberPermissions,
  memberPermissions,
  type StaffMember,
} from "./members.ts";

export interface TeamOverview {
  members: StaffMember[];
  /** Open invitations; empty when the viewer may not see them. */
  invitations: Invitation[];
}

export async function teamOverview(
  db: Db,
  clinicId: string,
  options: { withInvitations: boolean },
): Promise<TeamOverview> {
  const [members, invitations] = await Promise.all([
    listMembers(db, clinicId),
    options.withInvitations ? listOpenInvitations(db, clinicId) : [],
  ]);
  return { members, invitations };
}

export interface MemberDetail {
  member: StaffMember;
  /** Null when the viewer may not see permissions. */
  permissions: MemberPermissions | null;
}

/** One member of the clinic; another clinic's member is a 404. */
export async function memberDetail(
  db: Db,
  clinicId: string,
  memberId: string,
  options: { withPermissions: boolean },
): Promise<MemberDetail> {
  if (options.withPermissions) {
    const permissions = await memberPermissions(db, clinicId, memberId);
    return { member: permissions.member, permissions };
  }
  return { member: await getMember(db, clinicId, memberId), permissions: null };
}
