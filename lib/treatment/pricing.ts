/**
 * Plan arithmetic in integer minor units (paisa): line totals, which discount policies apply,
 * and how a discount spreads over lines and phases. Pure and import-free, so the plan editor
 * island previews with exactly the code the server stores figures with; the server's figures
 * are the ones saved.
 *
 * Rounding rule: a percentage discount is `base × rate`, rounded half up to the whole paisa
 * (`(base × basisPoints + 5000) div 10000`, computed in BigInt so no float ever touches money).
 * Combinable percentages are each taken on their own base, not compounded. A discount is
 * spread over its lines in proportion to what is left of each, remainders going one paisa at a
 * time to the lines with the largest fractional share (then the earlier line), so line and
 * phase discounts always add up to the plan's.
 */
import { formatPkr } from "./money.ts";
import { CATEGORY_LABELS, type ServiceCategory, tagLabel } from "./categories.ts";

export interface PricedLine {
  category: string;
  quantity: number;
  unitPriceMinor: number;
}

export interface DiscountPolicyRule {
  id: string;
  name: string;
  kind: "percent" | "fixed";
  percentBp: number | null;
  amountMinor: number | null;
  minAge: number | null;
  maxAge: number | null;
  minSubtotalMinor: number | null;
  patientTag: string | null;
  serviceCategory: string | null;
  combinable: boolean;
}

/** What a policy's conditions are checked against. */
export interface DiscountFacts {
  /** Whole years on the plan's date; null when the date of birth is unknown. */
  ageYears: number | null;
  tags: readonly string[];
}

/** A discount as applied to one option; stored with the option and shown as the indicator. */
export interface AppliedDiscount {
  /** Null for a manual discount. */
  policyId: string | null;
  name: string;
  kind: "percent" | "fixed" | "manual";
  percentBp: number | null;
  /** The policy's fixed amount, or the manual amount. */
  amountMinor: number | null;
  /** Only lines of this category carry it. */
  category: string | null;
  /** Why it applies: "patient is 67". */
  reason: string;
  discountMinor: number;
}

export interface OptionTotals {
  lineTotals: number[];
  lineDiscounts: number[];
  subtotalMinor: number;
  discountMinor: number;
  totalMinor: number;
}

export function lineTotal(line: PricedLine): number {
  const total = line.quantity * line.unitPriceMinor;
  if (!Number.isSafeInteger(total)) throw new RangeError("line total out of range");
  return total;
}

/** `base × basisPoints / 10000`, rounded half up to the paisa. */
export function percentOf(baseMinor: number, basisPoints: number): number {
  return Number((BigInt(baseMinor) * BigInt(basisPoints) + 5000n) / 10000n);
}

/** "10 %", "12.5 %", or the fixed amount. */
export function rateLabel(
  rule: { kind: string; percentBp: number | null; amountMinor: number | null },
) {
  if (rule.kind === "percent" && rule.percentBp !== null) {
    const whole = rule.percentBp % 100 === 0;
    return `${
      whole ? rule.percentBp / 100 : (rule.percentBp / 100).toFixed(2).replace(/0$/, "")
    } %`;
  }
  return formatPkr(rule.amountMinor ?? 0);
}

/** The indicator line: "Senior citizen 10 % — patient is 67". */
export function discountIndicator(applied: AppliedDiscount): string {
  if (applied.kind === "manual") return `Manual discount ${formatPkr(applied.discountMinor)}`;
  return `${applied.name} ${rateLabel(applied)} — ${applied.reason}`;
}

interface Evaluation {
  applies: boolean;
  /** The conditions that hold, as people read them. */
  met: string[];
  /** The first condition that fails, when one does. */
  unmet: string | null;
  baseMinor: number;
}

const categoryLabel = (c: string) => CATEGORY_LABELS[c as ServiceCategory]?.toLowerCase() ?? c;

/** Checks every condition set on `rule`; a policy with none applies to every plan. */
export function evaluatePolicy(
  rule: DiscountPolicyRule,
  facts: DiscountFacts,
  lines: readonly PricedLine[],
): Evaluation {
  const totals = lines.map(lineTotal);
  const subtotal = totals.reduce((a, b) => a + b, 0);
  const met: string[] = [];
  const fail = (unmet: string): Evaluation => ({ applies: false, met, unmet, baseMinor: 0 });
  if (rule.minAge !== null || rule.maxAge !== null) {
    if (facts.ageYears === null) return fail("patient's date of birth is not recorded");
    if (rule.minAge !== null && facts.ageYears < rule.minAge) {
      return fail(`patient is ${facts.ageYears}, under ${rule.minAge}`);
    }
    if (rule.maxAge !== null && facts.ageYears > rule.maxAge) {
      return fail(`patient is ${facts.ageYears}, over ${rule.maxAge}`);
    }
    met.push(`patient is ${facts.ageYears}`);
  }
  if (rule.patientTag !== null) {
    if (!facts.tags.includes(rule.patientTag)) {
      return fail(`patient is not tagged ${tagLabel(rule.patientTag)}`);
    }
    met.push(`patient tagged ${tagLabel(rule.patientTag)}`);
  }
  if (rule.minSubtotalMinor !== null) {
    if (subtotal < rule.minSubtotalMinor) {
      return fail(`subtotal is below ${formatPkr(rule.minSubtotalMinor)}`);
    }
    met.push(`subtotal at least ${formatPkr(rule.minSubtotalMinor)}`);
  }
  let base = subtotal;
  if (rule.serviceCategory !== null) {
    base = totals.reduce(
      (sum, t, i) => lines[i].category === rule.serviceCategory ? sum + t : sum,
      0,
    );
    if (base === 0) return fail(`no ${categoryLabel(rule.serviceCategory)} services in the plan`);
    met.push(`${formatPkr(base)} of ${categoryLabel(rule.serviceCategory)} services`);
  }
  if (base === 0) return fail("the plan has nothing to discount");
  if (met.length === 0) met.push("applies to every plan");
  return { applies: true, met, unmet: null, baseMinor: base };
}

function amountFor(rule: DiscountPolicyRule, baseMinor: number): number {
  const raw = rule.kind === "percent"
    ? percentOf(baseMinor, rule.percentBp ?? 0)
    : rule.amountMinor ?? 0;
  return Math.min(raw, baseMinor);
}

function applied(
  rule: DiscountPolicyRule,
  evaluation: Evaluation,
  discountMinor: number,
): AppliedDiscount {
  return {
    policyId: rule.id,
    name: rule.name,
    kind: rule.kind,
    percentBp: rule.percentBp,
    amountMinor: rule.amountMinor,
    category: rule.serviceCategory,
    reason: evaluation.met.join(", "),
    discountMinor,
  };
}

/**
 * The policies that apply and what each takes off. Non-combinable policies never join
 * another: the best single one (largest amount; on a tie the earlier name) competes with all
 * combinable ones stacked, and the larger total wins.
 */
export function selectDiscounts(
  rules: readonly DiscountPolicyRule[],
  facts: DiscountFacts,
  lines: readonly PricedLine[],
): AppliedDiscount[] {
  const candidates = rules
    .map((rule) => ({ rule, evaluation: evaluatePolicy(rule, facts, lines) }))
    .filter((c) => c.evaluation.applies)
    .sort((a, b) => a.rule.name.localeCompare(b.rule.name) || a.rule.id.localeCompare(b.rule.id));

  let bestSingle: AppliedDiscount | null = null;
  for (const { rule, evaluation } of candidates) {
    const amount = amountFor(rule, evaluation.baseMinor);
    if (amount > 0 && (!bestSingle || amount > bestSingle.discountMinor)) {
      bestSingle = applied(rule, evaluation, amount);
    }
  }

  // Stacked against what is left of each line, so a stack never takes a line below zero.
  const remaining = lines.map(lineTotal);
  const stack: AppliedDiscount[] = [];
  for (const { rule, evaluation } of candidates.filter((c) => c.rule.combinable)) {
    const inBase = (i: number) =>
      rule.serviceCategory === null || lines[i].category === rule.serviceCategory;
    const left = remaining.reduce((sum, r, i) => inBase(i) ? sum + r : sum, 0);
    const amount = Math.min(amountFor(rule, evaluation.baseMinor), left);
    if (amount <= 0) continue;
    const shares = allocate(amount, remaining.map((r, i) => inBase(i) ? r : 0));
    shares.forEach((s, i) => remaining[i] -= s);
    stack.push(applied(rule, evaluation, amount));
  }
  const stacked = stack.reduce((sum, d) => sum + d.discountMinor, 0);
  if (stack.length > 1 && stacked > (bestSingle?.discountMinor ?? 0)) return stack;
  return bestSingle ? [bestSingle] : [];
}

/** What a manual discount of `amountMinor` looks like once applied. */
export function manualDiscount(amountMinor: number): AppliedDiscount {
  return {
    policyId: null,
    name: "Manual discount",
    kind: "manual",
    percentBp: null,
    amountMinor,
    category: null,
    reason: "entered by staff",
    discountMinor: amountMinor,
  };
}

/**
 * Splits `amount` over `weights` in proportion (largest remainder); zero weights get nothing.
 * The shares add up to `amount` exactly when it is at most the total weight.
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || amount === 0) return weights.map(() => 0);
  const big = BigInt(amount);
  const bigTotal = BigInt(total);
  const shares = weights.map((w) => Number((big * BigInt(w)) / bigTotal));
  const remainders = weights.map((w, i) => ({ i, r: (big * BigInt(w)) % bigTotal }));
  let left = amount - shares.reduce((a, b) => a + b, 0);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0) break;
    if (weights[i] === 0) continue;
    shares[i] += 1;
    left -= 1;
  }
  return shares;
}

/**
 * Line totals, each line's share of the discounts, and the option's figures. Each discount is
 * spread over the lines it covers, against what earlier discounts left of them.
 */
export function priceOption(
  lines: readonly PricedLine[],
  discounts: readonly AppliedDiscount[],
): OptionTotals {
  const lineTotals = lines.map(lineTotal);
  const remaining = [...lineTotals];
  const lineDiscounts = lines.map(() => 0);
  for (const discount of discounts) {
    const weights = remaining.map((r, i) =>
      discount.category === null || lines[i].category === discount.category ? r : 0
    );
    const amount = Math.min(discount.discountMinor, weights.reduce((a, b) => a + b, 0));
    allocate(amount, weights).forEach((share, i) => {
      lineDiscounts[i] += share;
      remaining[i] -= share;
    });
  }
  const subtotalMinor = lineTotals.reduce((a, b) => a + b, 0);
  const discountMinor = lineDiscounts.reduce((a, b) => a + b, 0);
  return {
    lineTotals,
    lineDiscounts,
    subtotalMinor,
    discountMinor,
    totalMinor: subtotalMinor - discountMinor,
  };
}

/**
 * What automatic discounts were computed from: the lines' categories and totals, in order.
 * Saving an option whose basis is unchanged keeps the discounts it was saved with, even when a
 * policy has changed since; any change to the basis recomputes them.
 */
export function discountBasis(lines: readonly PricedLine[]): string {
  return lines.map((l) => `${l.category}:${lineTotal(l)}`).join("|");
}

/** Whole years between a date of birth and a day, both YYYY-MM-DD. */
export function ageOn(dateOfBirth: string | null, day: string): number | null {
  if (!dateOfBirth) return null;
  const [by, bm, bd] = dateOfBirth.split("-").map(Number);
  const [y, m, d] = day.split("-").map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
