/**
 * Where a clinic stands in its subscription, derived from its row and the clock.
 * One function for every reader (the shell's "Trial · N days left", the read-only
 * state, the superadmin's counts and cohorts), so they can never disagree.
 * Browser-safe: no Deno APIs, no database.
 */

export const SUBSCRIPTION_STATUSES = ["trial", "active", "suspended"] as const;
export type SubscriptionStatus = typeof SUBSCRIPTION_STATUSES[number];
export const BILLING_PERIODS = ["monthly", "annual"] as const;
export type BillingPeriod = typeof BILLING_PERIODS[number];

export interface SubscriptionFacts {
  subscriptionStatus: SubscriptionStatus;
  /** Set at the clinic's first successful staff login; null until then. */
  trialStartedAt: Date | null;
}

export type SubscriptionState =
  /** The clock has not started: nobody from the clinic has signed in yet. */
  | { kind: "trial"; started: false; daysLeft: number; endsAt: null }
  | { kind: "trial"; started: true; daysLeft: number; endsAt: Date }
  | { kind: "trial_expired"; endedAt: Date }
  | { kind: "active" }
  | { kind: "suspended" };

const DAY_MS = 24 * 60 * 60 * 1000;

export function subscriptionState(
  clinic: SubscriptionFacts,
  now: Date,
  trialDays: number,
): SubscriptionState {
  if (clinic.subscriptionStatus === "active") return { kind: "active" };
  if (clinic.subscriptionStatus === "suspended") return { kind: "suspended" };
  if (!clinic.trialStartedAt) {
    return { kind: "trial", started: false, daysLeft: trialDays, endsAt: null };
  }
  const endsAt = new Date(clinic.trialStartedAt.getTime() + trialDays * DAY_MS);
  if (now.getTime() >= endsAt.getTime()) return { kind: "trial_expired", endedAt: endsAt };
  // A part-day left counts as a day: on the last afternoon the owner still has "1 day left".
  const daysLeft = Math.ceil((endsAt.getTime() - now.getTime()) / DAY_MS);
  return { kind: "trial", started: true, daysLeft, endsAt };
}

/** A clinic whose trial has run out, or that is suspended, may read but not change its data. */
export function isReadOnly(state: SubscriptionState): boolean {
  return state.kind === "trial_expired" || state.kind === "suspended";
}
