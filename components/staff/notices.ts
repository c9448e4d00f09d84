/** What a Staff page says after a form post redirected back with `?notice=`. */
export const STAFF_NOTICES: Record<string, string> = {
  "invitation-revoked": "Invitation revoked. Its link no longer works.",
  "role-changed": "Role updated.",
  deactivated: "Member deactivated. They were signed out and can no longer sign in here.",
  reactivated: "Member reactivated. They can sign in again.",
};
