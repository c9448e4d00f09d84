import { assertEquals } from "../../support/assert.ts";
import { overviewFigures } from "../../../lib/admin/overview-figures.ts";
import type { PlatformClinic } from "../../../lib/admin/platform-clinics.ts";
import { daysAgo, NOW, platformClinic, testTwin, TRIAL_DAYS } from "./platform-fixtures.ts";

const activeMonthly = platformClinic({
  name: "Indus Smiles",
  subscriptionStatus: "active",
  billingPeriod: "monthly",
  subscribedAt: new Date("2026-03-10T06:00:00Z"),
  trialStartedAt: daysAgo(300),
});
const activeAnnual = platformClinic({
  name: "Karachi Dental",
  planId: "pro_plus",
  subscriptionStatus: "active",
  billingPeriod: "annual",
  subscribedAt: new Date("2026-07-20T06:00:00Z"),
});
const endingTrial = platformClinic({
  name: "Lahore Family",
  trialStartedAt: daysAgo(10),
  createdAt: daysAgo(11),
});
const unstartedTrial = platformClinic({
  name: "Margalla",
  createdAt: new Date("2026-12-01T00:00:00Z"),
});
const expiredTrial = platformClinic({ name: "Clifton", trialStartedAt: daysAgo(20) });
const suspended = platformClinic({ name: "Peshawar", subscriptionStatus: "suspended" });

const REAL = [activeMonthly, activeAnnual, endingTrial, unstartedTrial, expiredTrial, suspended];
const figures = (clinics: PlatformClinic[]) => overviewFigures(clinics, NOW, TRIAL_DAYS);

/** A test account like `twin` changes none of `pick`'s figures, and is counted for the footnote. */
function assertUnmoved<T>(twin: PlatformClinic, pick: (f: ReturnType<typeof figures>) => T) {
  const without = figures(REAL);
  const withTwin = figures([...REAL, testTwin(twin)]);
  assertEquals(pick(withTwin), pick(without));
  assertEquals([without.testAccounts, withTwin.testAccounts], [0, 1]);
}

Deno.test("clinic counts follow subscriptionState with the injected clock", () => {
  assertEquals(figures(REAL).counts, { active: 2, trial: 2, expiredTrial: 1, suspended: 1 });
  // Five days later Lahore Family's trial has run out too.
  const later = overviewFigures(REAL, new Date(NOW.getTime() + 5 * 86_400_000), TRIAL_DAYS);
  assertEquals(later.counts, { active: 2, trial: 1, expiredTrial: 2, suspended: 1 });
});

Deno.test("a test account is not counted as active", () => {
  assertUnmoved(activeMonthly, (f) => f.counts.active);
});

Deno.test("a test account is not counted as on trial", () => {
  assertUnmoved(endingTrial, (f) => f.counts.trial);
});

Deno.test("a test account is not counted as an expired trial", () => {
  assertUnmoved(expiredTrial, (f) => f.counts.expiredTrial);
});

Deno.test("a test account is not counted as suspended", () => {
  assertUnmoved(suspended, (f) => f.counts.suspended);
});

Deno.test("new clinics this month count from the 1st on the platform clock", () => {
  assertEquals(figures(REAL).newThisMonth, 2, "Lahore Family (4 Dec) and Margalla (1 Dec)");
  // 30 Nov 20:00 UTC is already 1 Dec in Karachi.
  const lateNovember = platformClinic({ createdAt: new Date("2026-11-30T20:00:00Z") });
  assertEquals(figures([...REAL, lateNovember]).newThisMonth, 3);
});

Deno.test("a test account created this month is not a new clinic", () => {
  assertUnmoved(unstartedTrial, (f) => f.newThisMonth);
});

Deno.test("MRR and ARR come from the plan prices and each clinic's billing period", () => {
  const f = figures(REAL);
  // Pro monthly 7,500 + Pro+ annual 150,000 / 12 = 12,500.
  assertEquals(f.mrrMinor, 750_000 + 1_250_000);
  assertEquals(f.arrMinor, 750_000 * 12 + 15_000_000);
  const dearer = REAL.map((c) => c === activeMonthly ? { ...c, priceMinor: 900_000 } : c);
  assertEquals(figures(dearer).mrrMinor, 900_000 + 1_250_000);
  // Trials, expired trials and suspended clinics pay nothing.
  assertEquals(figures([endingTrial, expiredTrial, suspended]).mrrMinor, 0);
});

Deno.test("a test account adds nothing to MRR", () => {
  assertUnmoved(activeMonthly, (f) => f.mrrMinor);
});

Deno.test("a test account adds nothing to ARR", () => {
  assertUnmoved(activeAnnual, (f) => f.arrMinor);
});

Deno.test("trials ending within seven days are listed soonest first, with days left", () => {
  const tomorrow = platformClinic({ name: "Tomorrow", trialStartedAt: daysAgo(13) });
  const inEight = platformClinic({ name: "Later", trialStartedAt: daysAgo(6) });
  const ending = figures([...REAL, tomorrow, inEight]).trialsEnding;
  assertEquals(ending.map((t) => [t.name, t.daysLeft]), [["Tomorrow", 1], ["Lahore Family", 4]]);
});

Deno.test("a test account's trial is not among those ending soon", () => {
  assertUnmoved(endingTrial, (f) => f.trialsEnding);
});

Deno.test("the revenue trend bills each active subscription on its schedule", () => {
  const trend = figures(REAL).trend;
  assertEquals(trend.length, 12);
  assertEquals([trend[0].month, trend[11].month], ["2026-01", "2026-12"]);
  const byMonth = Object.fromEntries(trend.map((m) => [m.month, m.revenueMinor]));
  // Monthly Pro from March; the annual Pro+ once, in July.
  assertEquals(byMonth["2026-02"], 0);
  assertEquals(byMonth["2026-03"], 750_000);
  assertEquals(byMonth["2026-07"], 750_000 + 15_000_000);
  assertEquals(byMonth["2026-12"], 750_000);
});

Deno.test("a test account's invoices are not in the revenue trend", () => {
  assertUnmoved(activeAnnual, (f) => f.trend);
});
