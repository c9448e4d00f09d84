/** The Overview's twelve-month revenue chart: one bar per month, in thousands of PKR. */
import * as Plot from "@observablehq/plot";
import { plotSvg } from "../charts/plot-svg.ts";
import { formatPkr } from "../treatment/money.ts";
import type { RevenueMonth } from "./overview-figures.ts";

const MONTH_NAMES = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
];

/** `2026-03` → `Mar 26`. */
export function monthLabel(month: string): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(2, 4)}`;
}

export function revenueTrendSvg(trend: RevenueMonth[], options: { testAccounts: number }): string {
  const rows = trend.map((m) => ({
    label: monthLabel(m.month),
    thousands: m.revenueMinor / 100_000,
  }));
  const first = trend[0];
  const last = trend.at(-1)!;
  const total = trend.reduce((sum, m) => sum + m.revenueMinor, 0);
  const best = trend.reduce((a, b) => (b.revenueMinor > a.revenueMinor ? b : a));
  const desc = `Invoiced by active subscriptions each month from ${monthLabel(first.month)} to ` +
    `${monthLabel(last.month)}: ${formatPkr(total)} in all, highest ${
      formatPkr(best.revenueMinor)
    } ` +
    `in ${monthLabel(best.month)}, ${formatPkr(last.revenueMinor)} this month` +
    (options.testAccounts ? "; test accounts excluded." : ".");
  return plotSvg({
    width: 720,
    height: 260,
    marginLeft: 48,
    marginBottom: 32,
    style: { fontSize: "12px", color: "#475569" },
    x: { domain: rows.map((r) => r.label), label: null, tickSize: 0 },
    y: { label: "PKR thousands", grid: true, nice: true, tickFormat: "~s" },
    marks: [
      Plot.barY(rows, {
        x: "label",
        y: "thousands",
        fill: "#0f766e",
        rx: 3,
        insetLeft: 6,
        insetRight: 6,
      }),
      Plot.ruleY([0], { stroke: "#cbd5e1" }),
    ],
  }, { id: "revenue-trend", title: "Revenue per month, last 12 months", desc });
}
