import { assertEquals } from "../../support/assert.ts";
import { revenueCohorts, revenueFilters } from "../../../lib/admin/revenue.ts";
import { nextInvoiceDate } from "../../../lib/admin/platform-clinics.ts";
import { DAY_MS, daysAgo, NOW, platformClinic, testTwin, TRIAL_DAYS } from "./platform-fixtures.ts";

const monthly = platformClinic({
  name: "Indus Smiles",
  subscriptionStatus: "active",
  subscribedAt: new Date("2026-03-31T06:00:00Z"),
});
const annual = platformClinic({
  name: "Karachi Dental",
  planId: "pro_plus",
  subscriptionStatus: "active",
  billingPeriod: "annual",
  subscribedAt: new Date("2026-07-20T06:00:00Z"),
});
const ending = platformClinic({ name: "Lahore Family", trialStartedAt: daysAgo(10) });
const fresh = platformClinic({ name: "Gwadar Dental", planId: "free", trialStartedAt: daysAgo(1) });
const unstarted = platformClinic({ name: "Margalla" });
const expired = platformClinic({ name: "Clifton", trialStartedAt: daysAgo(20) });
const suspended = platformClinic({ name: "Peshawar", subscriptionStatus: "suspended" });
const ALL = [monthly, annual, ending, fresh, unstarted, expired, suspended];

const cohorts = (clinics = ALL, filters = {}, now = NOW) =>
  revenueCohorts(clinics, filters, now, TRIAL_DAYS);

Deno.test("trial cards carry the days left by the trial dates, soonest end first", () => {
  const { trial } = cohorts();
  assertEquals(
    trial.map((c) => [c.name, c.daysLeft, c.started, c.expired]),
    [
      ["Lahore Family", 4, true, false],
      ["Gwadar Dental", 13, true, false],
      ["Margalla", 14, false, false],
      ["Clifton", 0, true, true],
    ],
  );
  // Four days on, Lahore Family's last day has passed and Gwadar has nine left.
  const later = cohorts(ALL, {}, new Date(NOW.getTime() + 4 * DAY_MS)).trial;
  assertEquals(later.find((c) => c.name === "Lahore Family")?.expired, true);
  assertEquals(later.find((c) => c.name === "Gwadar Dental")?.daysLeft, 9);
});

Deno.test("active cards show the period's price and the next invoice date", () => {
  const { active, suspended: left } = cohorts();
  assertEquals(
    active.map((c) => [c.name, c.billingPeriod, c.priceMinor, c.nextInvoiceOn]),
    [
      // Started 31 Mar: the December invoice falls on the 31st.
      ["Indus Smiles", "monthly", 750_000, "2026-12-31"],
      ["Karachi Dental", "annual", 15_000_000, "2027-07-20"],
    ],
  );
  assertEquals(left, 1, "the suspended clinic is in neither cohort");
});

Deno.test("the next invoice follows the month's length and falls due on its own day", () => {
  const jan31 = new Date("2026-01-31T06:00:00Z");
  assertEquals(nextInvoiceDate(jan31, "monthly", new Date("2026-02-10T06:00:00Z")), "2026-02-28");
  assertEquals(nextInvoiceDate(jan31, "monthly", new Date("2026-03-31T10:00:00Z")), "2026-03-31");
  assertEquals(nextInvoiceDate(jan31, "annual", new Date("2026-02-01T06:00:00Z")), "2027-01-31");
});

Deno.test("the filters narrow by plan and by cohort", () => {
  const proPlus = cohorts(ALL, { plan: "pro_plus" });
  assertEquals([proPlus.trial.length, proPlus.active.map((c) => c.name)], [0, ["Karachi Dental"]]);
  const trialOnly = cohorts(ALL, { cohort: "trial" });
  assertEquals([trialOnly.trial.length, trialOnly.active.length], [4, 0]);
  const freeTrials = cohorts(ALL, { plan: "free", cohort: "trial" });
  assertEquals(freeTrials.trial.map((c) => c.name), ["Gwadar Dental"]);
});

Deno.test("the filter query accepts empty values and refuses unknown ones", () => {
  assertEquals(revenueFilters.parse({ plan: "", cohort: "" }), {
    plan: undefined,
    cohort: undefined,
  });
  assertEquals(revenueFilters.parse({ plan: "pro", cohort: "active" }), {
    plan: "pro",
    cohort: "active",
  });
  assertEquals(revenueFilters.safeParse({ plan: "gold" }).success, false);
  assertEquals(revenueFilters.safeParse({ cohort: "churned" }).success, false);
});

Deno.test("test accounts are in neither cohort of the revenue tab", () => {
  const tagged = [...ALL, testTwin(monthly), testTwin(ending)];
  const withTests = cohorts(tagged);
  const without = cohorts();
  assertEquals(withTests.trial, without.trial);
  assertEquals(withTests.active, without.active);
  assertEquals(withTests.testAccounts, 2);
});
