/** Where a referred prospect stands, as the superadmin follows it up. Browser-safe. */
export const REFERRAL_STATUSES = ["new", "contacted", "signed_up", "declined"] as const;
export type ReferralStatus = typeof REFERRAL_STATUSES[number];

export const REFERRAL_STATUS_LABELS: Record<ReferralStatus, string> = {
  new: "New",
  contacted: "Contacted",
  signed_up: "Signed up",
  declined: "Declined",
};
