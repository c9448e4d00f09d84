/** Clinics as the superadmin's figures read them, built field by field for the figure tests. */
import type { PlatformClinic } from "../../../lib/admin/platform-clinics.ts";

/** 15 Dec 2026, 14:00 in Karachi. */
export const NOW = new Date("2026-12-15T09:00:00Z");
export const TRIAL_DAYS = 14;
export const DAY_MS = 86_400_000;

export const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

const PRICES: Record<string, [string, number, number]> = {
  free: ["Free", 0, 0],
  pro: ["Pro", 750_000, 7_500_000],
  pro_plus: ["Pro+", 1_500_000, 15_000_000],
};

let next = 0;

export function platformClinic(overrides: Partial<PlatformClinic> = {}): PlatformClinic {
  const planId = overrides.planId ?? "pro";
  const [planName, priceMinor, annualPriceMinor] = PRICES[planId];
  const n = ++next;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    name: `Clinic ${n}`,
    slug: `clinic-${n}`,
    planId,
    planName,
    priceMinor,
    annualPriceMinor,
    isTestAccount: false,
    subscriptionStatus: "trial",
    billingPeriod: "monthly",
    subscribedAt: null,
    trialStartedAt: null,
    createdAt: daysAgo(400),
    ...overrides,
  };
}

/** The same clinic, tagged as a test account: it must change no figure. */
export function testTwin(clinic: PlatformClinic): PlatformClinic {
  return platformClinic({ ...clinic, id: crypto.randomUUID(), isTestAccount: true });
}
