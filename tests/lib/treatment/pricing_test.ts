import { throws as assertThrows } from "node:assert/strict";
import { assertEquals } from "../../support/assert.ts";
import {
  ageOn,
  allocate,
  discountBasis,
  discountIndicator,
  type DiscountPolicyRule,
  lineTotal,
  manualDiscount,
  percentOf,
  priceOption,
  selectDiscounts,
} from "../../../lib/treatment/pricing.ts";
import { formatPkr, parseRupees } from "../../../lib/treatment/money.ts";

const rule = (over: Partial<DiscountPolicyRule>): DiscountPolicyRule => ({
  id: over.name ?? "p",
  name: "Policy",
  kind: "percent",
  percentBp: 1000,
  amountMinor: null,
  minAge: null,
  maxAge: null,
  minSubtotalMinor: null,
  patientTag: null,
  serviceCategory: null,
  combinable: false,
  ...over,
});

const senior = rule({ id: "senior", name: "Senior citizen", minAge: 60, percentBp: 1000 });
const staff = rule({
  id: "staff",
  name: "Staff family",
  patientTag: "staff_family",
  percentBp: 2000,
});
const bigPlan = rule({
  id: "big",
  name: "Large plan",
  kind: "fixed",
  percentBp: null,
  amountMinor: 500_000,
  minSubtotalMinor: 10_000_000,
});

const scaling = { category: "preventive", quantity: 1, unitPriceMinor: 800_000 };
const filling = { category: "restorative", quantity: 3, unitPriceMinor: 650_050 };

Deno.test("amounts show as PKR 12,500, with paisa only when there are some", () => {
  assertEquals(formatPkr(1_250_000), "PKR 12,500");
  assertEquals(formatPkr(1_250_050), "PKR 12,500.50");
  assertEquals(formatPkr(5), "PKR 0.05");
  assertEquals(parseRupees("12,500.5"), 1_250_050);
  assertEquals(parseRupees("PKR 700"), 70_000);
  assertEquals(parseRupees("12.345"), null);
  assertEquals(parseRupees("-5"), null);
});

Deno.test("percentages round half up to the whole paisa", () => {
  assertEquals(percentOf(1_950_150, 1000), 195_015); // exact
  assertEquals(percentOf(105, 1000), 11); // 10.5 paisa → 11
  assertEquals(percentOf(104, 1000), 10); // 10.4 paisa → 10
  assertEquals(percentOf(333, 1250), 42); // 41.625 → 42
  assertEquals(percentOf(99_999_999_999, 9999), 99_989_999_999); // no float drift at the top
});

Deno.test("a line is quantity × unit price; a total out of range is refused", () => {
  assertEquals(lineTotal(filling), 1_950_150);
  assertThrows(() => lineTotal({ category: "x", quantity: 99, unitPriceMinor: 2 ** 52 }));
});

Deno.test("a discount spreads over lines and adds up to the paisa", () => {
  assertEquals(allocate(100, [1, 1, 1]), [34, 33, 33]);
  assertEquals(allocate(7, [0, 5, 5]), [0, 4, 3]);
  const totals = priceOption([scaling, filling], [manualDiscount(100_001)]);
  assertEquals(totals.subtotalMinor, 2_750_150);
  assertEquals(totals.discountMinor, 100_001);
  assertEquals(totals.totalMinor, 2_650_149);
  assertEquals(totals.lineDiscounts.reduce((a, b) => a + b, 0), 100_001);
});

Deno.test("the best single applicable policy wins by default", () => {
  const lines = [scaling, filling];
  const chosen = selectDiscounts([senior, staff], { ageYears: 67, tags: ["staff_family"] }, lines);
  assertEquals(chosen.map((d) => [d.name, d.discountMinor]), [["Staff family", 550_030]]);
  const elderly = selectDiscounts([senior, staff], { ageYears: 67, tags: [] }, lines);
  assertEquals(elderly.map(discountIndicator), ["Senior citizen 10 % — patient is 67"]);
  assertEquals(selectDiscounts([senior], { ageYears: 59, tags: [] }, lines), []);
  assertEquals(selectDiscounts([senior], { ageYears: null, tags: [] }, lines), []);
});

Deno.test("combinable policies stack when together they beat the best single one", () => {
  const lines = [{ category: "implant", quantity: 1, unitPriceMinor: 12_000_000 }];
  const a = { ...senior, combinable: true };
  const b = { ...bigPlan, combinable: true };
  const stacked = selectDiscounts([a, b], { ageYears: 70, tags: [] }, lines);
  assertEquals(stacked.map((d) => d.discountMinor), [500_000, 1_200_000]);
  assertEquals(priceOption(lines, stacked).totalMinor, 10_300_000);
  // A non-combinable policy never joins: here the single 20 % beats the stack of 10 % + 5,000.
  const single = selectDiscounts(
    [a, b, { ...staff }],
    { ageYears: 70, tags: ["staff_family"] },
    lines,
  );
  assertEquals(single.map((d) => d.name), ["Staff family"]);
});

Deno.test("a category policy discounts only that category's lines", () => {
  const ortho = rule({
    id: "o",
    name: "Braces month",
    serviceCategory: "orthodontic",
    percentBp: 1500,
  });
  const lines = [scaling, { category: "orthodontic", quantity: 1, unitPriceMinor: 15_000_000 }];
  const [d] = selectDiscounts([ortho], { ageYears: 20, tags: [] }, lines);
  assertEquals(d.discountMinor, 2_250_000);
  assertEquals(d.reason, "PKR 150,000 of orthodontic services");
  assertEquals(priceOption(lines, [d]).lineDiscounts, [0, 2_250_000]);
  assertEquals(selectDiscounts([ortho], { ageYears: 20, tags: [] }, [scaling]), []);
});

Deno.test("a fixed amount never takes more than its base", () => {
  const flat = rule({
    id: "f",
    name: "Flat",
    kind: "fixed",
    percentBp: null,
    amountMinor: 5_000_000,
  });
  const [d] = selectDiscounts([flat], { ageYears: 30, tags: [] }, [scaling]);
  assertEquals(d.discountMinor, 800_000);
  assertEquals(priceOption([scaling], [d]).totalMinor, 0);
});

Deno.test("the discount basis moves with anything that affects it", () => {
  const before = discountBasis([scaling, filling]);
  assertEquals(discountBasis([scaling, filling]), before);
  assertEquals(discountBasis([scaling, { ...filling, quantity: 2 }]) === before, false);
  assertEquals(ageOn("1958-01-09", "2026-01-08"), 67);
  assertEquals(ageOn("1958-01-09", "2026-01-09"), 68);
});
