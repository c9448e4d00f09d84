/**
 * Which staff controls a person is shown. The pages hide what the routes
 * behind them would refuse, so both read the same permission keys.
 */
import { type Access, can } from "../permissions/access.ts";

export interface StaffControls {
  invite: boolean;
  viewInvitations: boolean;
  resendInvitations: boolean;
  revokeInvitations: boolean;
  editRole: boolean;
  setStatus: boolean;
  viewPermissions: boolean;
  editPermissions: boolean;
}

export function staffControls(access: Access | null): StaffControls {
  return {
    invite: can(access, "staff.invite"),
    viewInvitations: can(access, "staff.invitations.view"),
    resendInvitations: can(access, "staff.invitations.resend"),
    revokeInvitations: can(access, "staff.invitations.revoke"),
    editRole: can(access, "staff.edit"),
    setStatus: can(access, "staff.deactivate"),
    viewPermissions: can(access, "staff.permissions.view"),
    editPermissions: can(access, "staff.permissions.edit"),
  };
}
