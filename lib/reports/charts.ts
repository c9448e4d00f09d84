/**
 * The report's three charts as data: grouped bars with a title, a text
 * description (what a screen reader says, and what the PDF prints beside
 * them) and one colour per series. The page draws them as SVG on the
 * server and the PDF with pdf-lib's rectangles, from the same model, so the
 * two never disagree. No imports beyond formatting: pure functions.
 */
import { formatPkr } from "../treatment/money.ts";
import type { ReportFigures } from "./figures.ts";
import { describePeriod } from "./period.ts";
import { EVERY_SECTION, type ReportSections } from "./sections.ts";

export interface ChartSeries {
  key: string;
  label: string;
  /** `#rrggbb`. */
  color: string;
}

export interface ChartGroup {
  label: string;
  /** One per series, in the series' order. */
  values: { value: number; display: string }[];
}

export interface BarChart {
  id: string;
  title: string;
  /** The chart in words: every value, for readers who cannot see it. */
  description: string;
  series: ChartSeries[];
  groups: ChartGroup[];
  /** The top of the value axis. */
  max: number;
  /** Shown instead of bars when there is nothing to draw. */
  empty: string | null;
}

const BRAND = "#0b7d72";
const SLATE = "#94a3b8";
const AMBER = "#d97706";

const count = (n: number) => n.toLocaleString("en-US");

/** A round top for the axis: 1, 2 or 5 times a power of ten, at least the largest value. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function chart(
  base: Omit<BarChart, "max" | "description" | "empty">,
  empty: string,
): BarChart {
  const values = base.groups.flatMap((g) => g.values.map((v) => v.value));
  const description = base.groups.map((g) =>
    `${g.label}: ${g.values.map((v, i) => `${base.series[i].label} ${v.display}`).join(", ")}`
  ).join("; ");
  const hasData = values.some((v) => v > 0);
  return {
    ...base,
    max: niceMax(Math.max(0, ...values)),
    description: hasData ? `${description}.` : empty,
    empty: hasData ? null : empty,
  };
}

const shortDate = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  timeZone: "UTC",
});

export function revenueChart(figures: ReportFigures): BarChart {
  const weeks = figures.current.revenue?.weeks ?? [];
  return chart(
    {
      id: "revenue",
      title: "Revenue by week",
      series: [
        { key: "invoiced", label: "Invoiced", color: SLATE },
        { key: "collected", label: "Collected", color: BRAND },
      ],
      groups: weeks.map((w) => ({
        label: `w/c ${shortDate.format(new Date(`${w.weekStart}T00:00:00Z`))}`,
        values: [
          { value: w.invoicedMinor, display: formatPkr(w.invoicedMinor) },
          { value: w.collectedMinor, display: formatPkr(w.collectedMinor) },
        ],
      })),
    },
    figures.current.revenue
      ? "No invoices or payments in the period."
      : "Billing is not available for this report.",
  );
}

export function throughputChart(figures: ReportFigures): BarChart {
  const { current, previous } = figures;
  const pair = (pick: (t: typeof current.throughput) => number) => [
    { value: pick(previous.throughput), display: count(pick(previous.throughput)) },
    { value: pick(current.throughput), display: count(pick(current.throughput)) },
  ];
  return chart({
    id: "throughput",
    title: "Appointment throughput",
    series: [
      { key: "previous", label: `Previous (${describePeriod(previous.period)})`, color: SLATE },
      { key: "current", label: `This period (${describePeriod(current.period)})`, color: BRAND },
    ],
    groups: [
      { label: "Booked", values: pair((t) => t.booked) },
      { label: "Completed", values: pair((t) => t.completed) },
      { label: "Cancelled", values: pair((t) => t.cancelled) },
      { label: "No-shows", values: pair((t) => t.noShows) },
    ],
  }, "No appointments in either period.");
}

export function paymentMethodsChart(figures: ReportFigures): BarChart {
  const methods = figures.current.billing?.byMethod ?? [];
  return chart(
    {
      id: "payment-methods",
      title: "Payments by method",
      series: [{ key: "amount", label: "Collected", color: AMBER }],
      groups: methods.map((m) => ({
        label: m.label,
        values: [{ value: m.amountMinor, display: formatPkr(m.amountMinor) }],
      })),
    },
    figures.current.billing
      ? "No payments in the period."
      : "Billing is not available for this report.",
  );
}

/** The report's charts a reader of `sections` may see (lib/reports/sections.ts). */
export function reportCharts(
  figures: ReportFigures,
  sections: ReportSections = EVERY_SECTION,
): BarChart[] {
  return [
    sections.has("billing") ? revenueChart(figures) : null,
    sections.has("appointments") ? throughputChart(figures) : null,
    sections.has("billing") ? paymentMethodsChart(figures) : null,
  ].filter((chart): chart is BarChart => chart !== null);
}
