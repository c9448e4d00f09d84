/**
 * The words of a report. With a model configured (`AI_PROVIDER=openai`) the
 * figures, and only the figures, go to it for a short summary with
 * recommendations; without one, or when its text uses a number the figures
 * do not hold, a template states the same figures in sentences and says it
 * was generated from them. No patient identifier is ever in the figures.
 *
 * @example
 * ```ts
 * const narrative = await writeNarrative(figures, textProviderFromConfig(config.ai));
 * narrative.label; // "Generated from the figures"
 * ```
 */
import type { TextProvider } from "../ai/provider.ts";
import { EVERY_SECTION, type ReportSections } from "./sections.ts";
import { formatPkr } from "../treatment/money.ts";
import type { PeriodFigures, ReportFigures } from "./figures.ts";
import { numbersNotInFigures } from "./figure-numbers.ts";
import { describePeriod } from "./period.ts";

export interface Narrative {
  source: "template" | "ai";
  /** Says how it was written, shown above it. */
  label: string;
  paragraphs: string[];
  provider?: string;
  model?: string;
  /** Why a model's text was not used, when it was not. */
  fallbackReason?: string;
}

export const TEMPLATE_LABEL = "Generated from the figures";
export const SECTIONS_LABEL = "Generated from the figures your role may see";

const pct = (value: number | null) => value === null ? "no" : `${value}%`;
const n = (value: number, one: string, many = `${one}s`) =>
  `${value.toLocaleString("en-US")} ${value === 1 ? one : many}`;

const compared = (before: number) =>
  `against ${before.toLocaleString("en-US")} in the previous period`;

function appointmentsParagraph(cur: PeriodFigures, prev: PeriodFigures): string {
  const t = cur.throughput;
  if (t.booked === 0) {
    return `No appointments started between ${
      describePeriod(cur.period)
    } (${prev.throughput.booked} in the previous period).`;
  }
  const busiest =
    [...cur.utilisation.operatories].sort((a, b) => (b.utilisation ?? 0) - (a.utilisation ?? 0))[0];
  return [
    `Between ${describePeriod(cur.period)} the clinic booked ${n(t.booked, "appointment")}, ${
      compared(prev.throughput.booked)
    }.`,
    `${t.completed} completed (${pct(t.completionRate)}), ${t.cancelled} ` +
    `cancelled (${pct(t.cancellationRate)}) and ${t.noShows} marked no-show ` +
    `(${pct(t.noShowRate)}${
      prev.throughput.noShowRate === null ? "" : `, ${pct(prev.throughput.noShowRate)} before`
    }).`,
    busiest && busiest.utilisation !== null
      ? `The busiest room was ${busiest.name} at ${busiest.utilisation}% of working hours.`
      : "",
  ].filter(Boolean).join(" ");
}

function patientsParagraph(cur: PeriodFigures, prev: PeriodFigures): string {
  const p = cur.patients;
  return `${n(p.seen, "patient")} came for treatment: ${p.newPatients} new and ${p.returning} ` +
    `returning (${prev.patients.newPatients} new and ${prev.patients.returning} returning in ` +
    `the previous period). ${n(p.registered, "patient record")} ${
      p.registered === 1 ? "was" : "were"
    } created.`;
}

function billingParagraph(cur: PeriodFigures, prev: PeriodFigures): string {
  const b = cur.billing;
  if (!b) return "";
  const methods = b.byMethod.length
    ? ` Payments came by ${
      b.byMethod.map((m) => `${m.label} (${formatPkr(m.amountMinor)})`).join(", ")
    }.`
    : "";
  const overdue = b.overdueInvoices
    ? ` ${formatPkr(b.overdueMinor)} of it is overdue on ${n(b.overdueInvoices, "invoice")}.`
    : "";
  return `The clinic invoiced ${formatPkr(b.invoicedMinor)} on ${n(b.invoices, "invoice")} ` +
    `(${formatPkr(prev.billing?.invoicedMinor ?? 0)} in the previous period) and collected ` +
    `${formatPkr(b.collectedMinor)}. ${formatPkr(b.outstandingMinor)} is still outstanding.` +
    overdue + methods;
}

function operationsParagraph(figures: ReportFigures, sections: ReportSections): string {
  const { lab, consumption } = figures.current;
  const parts: string[] = [];
  if (sections.has("clinical")) {
    parts.push(
      lab.delivered
        ? `${n(lab.delivered, "lab case")} came back, in ${lab.averageDays} days on average ` +
          `(longest ${lab.longestDays}).`
        : "No lab case came back in the period.",
    );
  }
  if (!sections.has("inventory")) return parts.join(" ");
  if (consumption.units) {
    const top = consumption.items[0];
    parts.push(
      `${n(consumption.units, "unit")} of stock were used; most of all ${top.name} ` +
        `(${top.quantity}).`,
    );
  }
  const low = figures.lowStock.items;
  if (low.length) {
    parts.push(
      `${n(low.length, "item is", "items are")} at or below the reorder level: ${
        low.slice(0, 3).map((i) => i.name).join(", ")
      }${low.length > 3 ? " and others" : ""}.`,
    );
  }
  return parts.join(" ");
}

function recommendations(figures: ReportFigures, sections: ReportSections): string {
  const { current, previous, lowStock } = figures;
  const advice: string[] = [];
  if (
    sections.has("appointments") &&
    (current.throughput.noShowRate ?? 0) > (previous.throughput.noShowRate ?? 0)
  ) {
    advice.push("confirm tomorrow's visits and send reminders, as no-shows rose");
  }
  if (sections.has("billing") && current.billing?.overdueInvoices) {
    advice.push("follow up the overdue invoices");
  }
  if (sections.has("inventory") && lowStock.items.length) {
    advice.push("reorder the low-stock items");
  }
  if (
    sections.has("clinical") && current.lab.delivered &&
    (current.lab.longestDays ?? 0) > (current.lab.averageDays ?? 0)
  ) {
    advice.push("ask the lab about its slowest cases");
  }
  if (!advice.length) return "Nothing in the figures needs attention now.";
  return `Next steps: ${advice.join("; ")}.`;
}

/**
 * The figures in sentences, with nothing a model wrote; for a reader of only some sections,
 * only theirs (lib/reports/sections.ts).
 */
export function templateNarrative(
  figures: ReportFigures,
  sections: ReportSections = EVERY_SECTION,
): Narrative {
  const { current, previous } = figures;
  const every = sections.size === EVERY_SECTION.size;
  return {
    source: "template",
    label: every ? TEMPLATE_LABEL : SECTIONS_LABEL,
    paragraphs: [
      sections.has("appointments") ? appointmentsParagraph(current, previous) : "",
      sections.has("patients") ? patientsParagraph(current, previous) : "",
      sections.has("billing") ? billingParagraph(current, previous) : "",
      operationsParagraph(figures, sections),
      recommendations(figures, sections),
    ].filter(Boolean),
  };
}

const INSTRUCTIONS = "You write the summary of a dental clinic's monthly report for its owner. " +
  "You receive the report's figures as JSON: this period, the previous period of the same " +
  "length, and the low-stock items now. Write two to four short paragraphs in plain text: what " +
  "happened, how it compares, and two or three recommendations. Use only numbers that appear " +
  "in the figures, written exactly as given; never compute a new number (no differences, sums " +
  "or percentages of your own). Amounts are in paisa in the figures: write them in PKR by " +
  "dividing by 100, for example 1250000 as PKR 12,500. No headings, no lists, no markdown.";

/** What the model receives: the figures without row ids, amounts as they are stored. */
export function narrativePrompt(figures: ReportFigures): string {
  return JSON.stringify(figures, (key, value) => key === "id" ? undefined : value);
}

/** The narrative for `figures`: the model's when it keeps to them, else the template's. */
export async function writeNarrative(
  figures: ReportFigures,
  provider: TextProvider | null,
  signal?: AbortSignal,
): Promise<Narrative> {
  if (!provider) return templateNarrative(figures);
  let fallbackReason: string;
  try {
    const answer = await provider.complete(
      { system: INSTRUCTIONS, user: narrativePrompt(figures) },
      signal,
    );
    const invented = numbersNotInFigures(answer.text, figures);
    if (!invented.length) {
      return {
        source: "ai",
        label: `Written by ${answer.model} from the figures`,
        provider: answer.provider,
        model: answer.model,
        paragraphs: answer.text.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, " ").trim())
          .filter(Boolean),
      };
    }
    fallbackReason = `The AI summary used numbers that are not in the figures (${
      invented.slice(0, 5).join(", ")
    }).`;
  } catch (error) {
    fallbackReason = `The AI provider gave no summary: ${(error as Error).message}`;
  }
  return { ...templateNarrative(figures), fallbackReason };
}
