import { assertEquals } from "../../support/assert.ts";
import { calculatorQuery, estimateReferralReward } from "../../../lib/subscriptions/calculator.ts";
import { planChangeHints } from "../../../lib/subscriptions/plan-hints.ts";

const PLANS = [
  { id: "pro", name: "Pro", priceMinor: 750_000, annualPriceMinor: 7_500_000 },
  { id: "pro_plus", name: "Pro+", priceMinor: 1_500_000, annualPriceMinor: 15_000_000 },
];

Deno.test("the reward is the commission on a year of each referred clinic's subscription", () => {
  const monthly = estimateReferralReward({
    plans: PLANS,
    counts: { pro: 2, pro_plus: 1 },
    commissionBps: 1000,
    billingPeriod: "monthly",
  });
  assertEquals(monthly.lines.map((l) => l.rewardMinor), [1_800_000, 1_800_000]);
  assertEquals([monthly.yearlyMinor, monthly.monthlyMinor, monthly.clinics], [
    3_600_000,
    300_000,
    3,
  ]);
  const annual = estimateReferralReward({
    plans: PLANS,
    counts: { pro: 2 },
    commissionBps: 1250,
    billingPeriod: "annual",
  });
  assertEquals(annual.yearlyMinor, 1_875_000);
});

Deno.test("typed counts that are not whole clinics count as none, and never a paisa too many", () => {
  const { counts, billingPeriod } = calculatorQuery(
    { pro: "-3", pro_plus: "2.9", billing: "weekly" },
    PLANS,
  );
  assertEquals(counts, { pro: 0, pro_plus: 2 });
  assertEquals(billingPeriod, "monthly");
  const odd = estimateReferralReward({
    plans: [{ id: "x", name: "X", priceMinor: 333, annualPriceMinor: 0 }],
    counts: { x: 1 },
    commissionBps: 333,
    billingPeriod: "monthly",
  });
  // 333 × 12 × 3.33 % = 133.06… paisa, rounded down.
  assertEquals(odd.yearlyMinor, 133);
});

Deno.test("moving to Pro+ hints DICOM analysis for doctors; moving down says what is lost", () => {
  const up = planChangeHints("pro", "pro_plus");
  assertEquals(up.gainsModules, ["DICOM AI analysis", "AI reports"]);
  assertEquals(up.losesModules, []);
  const doctor = up.roles.find((r) => r.role === "doctor")!;
  assertEquals(doctor.gains.includes("Submit studies for AI analysis"), true);
  const down = planChangeHints("pro", "free");
  assertEquals(down.losesModules.includes("Inventory"), true);
  const reception = down.roles.find((r) => r.role === "reception")!;
  assertEquals(reception.losses.includes("View inventory"), true);
});
