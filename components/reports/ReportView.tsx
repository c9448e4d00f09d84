/**
 * One Ruby report as it was generated: the narrative, the headline figures
 * against the previous period, the charts, and each section's table. Every
 * figure can show its work: a disclosure under it states what was counted.
 */
import type { ComponentChildren } from "preact";
import { Badge, Card } from "../ui/mod.ts";
import type { StoredReport } from "../../lib/reports/reports.ts";
import type { Disclosure as Counted, PeriodFigures } from "../../lib/reports/figures.ts";
import { reportCharts } from "../../lib/reports/charts.ts";
import { describePeriod } from "../../lib/reports/period.ts";
import { formatPkr } from "../../lib/treatment/money.ts";
import { formatDateTime } from "../../lib/view/format.ts";
import { narrativeFor } from "../../lib/reports/reader.ts";
import type { ReportSections } from "../../lib/reports/sections.ts";
import { BarChartSvg } from "./BarChartSvg.tsx";

const pct = (value: number | null) => value === null ? "—" : `${value}%`;
const days = (value: number | null) => value === null ? "—" : `${value} d`;
const num = (value: number) => value.toLocaleString("en-US");

/** "What was counted", collapsed under a figure. */
export function Disclosure({ counted }: { counted: Counted }) {
  return (
    <details data-disclosure class="group mt-2 text-xs text-slate-600">
      <summary class="cursor-pointer select-none font-medium text-slate-600 hover:text-slate-900">
        What was counted
      </summary>
      <p class="mt-1 leading-relaxed">
        {counted.counted} <span class="whitespace-nowrap">Rows counted: {num(counted.rows)}.</span>
      </p>
    </details>
  );
}

function Headline(
  { id, label, value, previous, counted }: {
    id: string;
    label: string;
    value: ComponentChildren;
    previous: ComponentChildren;
    counted: Counted;
  },
) {
  return (
    <div data-figure={id} class="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-5">
      <p class="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <p class="mt-1.5 text-2xl font-semibold tabular-nums tracking-tight text-slate-900">
        {value}
      </p>
      <p class="mt-0.5 text-xs text-slate-500">Previous: {previous}</p>
      <Disclosure counted={counted} />
    </div>
  );
}

function Table(
  { head, rows, empty }: { head: string[]; rows: ComponentChildren[][]; empty: string },
) {
  if (!rows.length) return <p class="px-5 py-4 text-sm text-slate-600">{empty}</p>;
  return (
    // Focusable so a keyboard can scroll a table wider than a phone.
    <div
      class="overflow-x-auto focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500"
      tabIndex={0}
    >
      <table class="w-full text-left text-sm">
        <thead>
          <tr class="border-b border-slate-100 text-xs uppercase tracking-wide text-slate-500">
            {head.map((h, i) => (
              <th key={h} scope="col" class={`px-5 py-2 font-medium ${i ? "text-right" : ""}`}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="divide-y divide-slate-100">
          {rows.map((cells, r) => (
            <tr key={r}>
              {cells.map((cell, i) => (
                <td
                  key={i}
                  class={`px-5 py-2 ${i ? "text-right tabular-nums" : "text-slate-900"}`}
                >
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Section(
  { id, title, counted, children }: {
    id: string;
    title: string;
    counted: Counted;
    children: ComponentChildren;
  },
) {
  return (
    <div data-section={id}>
      <Card title={title}>
        {children}
        <div class="border-t border-slate-100 px-5 pb-3">
          <Disclosure counted={counted} />
        </div>
      </Card>
    </div>
  );
}

function Headlines(
  { cur, prev, sections }: { cur: PeriodFigures; prev: PeriodFigures; sections: ReportSections },
) {
  return (
    <div class="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
      {cur.billing && sections.has("billing") && (
        <>
          <Headline
            id="invoiced"
            label="Invoiced"
            value={formatPkr(cur.billing.invoicedMinor)}
            previous={formatPkr(prev.billing?.invoicedMinor ?? 0)}
            counted={cur.billing.disclosure}
          />
          <Headline
            id="collected"
            label="Collected"
            value={formatPkr(cur.billing.collectedMinor)}
            previous={formatPkr(prev.billing?.collectedMinor ?? 0)}
            counted={cur.billing.disclosure}
          />
        </>
      )}
      {sections.has("appointments") && (
        <>
          <Headline
            id="booked"
            label="Appointments"
            value={num(cur.throughput.booked)}
            previous={num(prev.throughput.booked)}
            counted={cur.throughput.disclosure}
          />
          <Headline
            id="completion"
            label="Completed"
            value={pct(cur.throughput.completionRate)}
            previous={pct(prev.throughput.completionRate)}
            counted={cur.throughput.disclosure}
          />
          <Headline
            id="no-show"
            label="No-shows"
            value={pct(cur.throughput.noShowRate)}
            previous={pct(prev.throughput.noShowRate)}
            counted={cur.throughput.disclosure}
          />
        </>
      )}
      {sections.has("patients") && (
        <Headline
          id="patients"
          label="Patients seen"
          value={num(cur.patients.seen)}
          previous={num(prev.patients.seen)}
          counted={cur.patients.disclosure}
        />
      )}
      {sections.has("clinical") && (
        <Headline
          id="lab"
          label="Lab turnaround"
          value={days(cur.lab.averageDays)}
          previous={days(prev.lab.averageDays)}
          counted={cur.lab.disclosure}
        />
      )}
      {sections.has("inventory") && (
        <Headline
          id="consumption"
          label="Stock used"
          value={`${num(cur.consumption.units)} units`}
          previous={`${num(prev.consumption.units)} units`}
          counted={cur.consumption.disclosure}
        />
      )}
    </div>
  );
}

export function ReportView(
  { report, timeZone, exportButton, sections }: {
    report: StoredReport;
    timeZone: string;
    /** The sections the reader may see (lib/reports/sections.ts). */
    sections: ReportSections;
    /** The PDF export control, when the reader may export. */
    exportButton?: ComponentChildren;
  },
) {
  const { figures } = report;
  const narrative = narrativeFor(report, sections);
  const charts = reportCharts(figures, sections);
  const { current: cur, previous: prev } = figures;
  return (
    <article data-report={report.id} class="space-y-6">
      <header class="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <h2 class="text-lg font-semibold text-slate-900">
            {describePeriod(cur.period)}
          </h2>
          <p class="text-sm text-slate-500">
            Compared with {describePeriod(prev.period)} · generated{" "}
            {formatDateTime(report.generatedAt, timeZone)}
            {report.generatedByName ? ` by ${report.generatedByName}` : ""}
          </p>
        </div>
        {exportButton}
      </header>

      <Card>
        <div data-narrative={narrative.source} class="space-y-3 p-5">
          <Badge tone={narrative.source === "ai" ? "indigo" : "slate"}>{narrative.label}</Badge>
          {narrative.paragraphs.map((p, i) => (
            <p key={i} class="text-sm leading-relaxed text-slate-700">{p}</p>
          ))}
          {narrative.fallbackReason && (
            <p class="text-xs text-slate-500">{narrative.fallbackReason}</p>
          )}
        </div>
      </Card>

      {sections.size === 0 && (
        <Card>
          <p data-no-sections class="px-5 py-4 text-sm text-slate-600">
            Your role may open reports but none of their sections. An owner can allow sections under
            Staff → Permissions (Reports).
          </p>
        </Card>
      )}

      <Headlines cur={cur} prev={prev} sections={sections} />

      {charts.length > 0 && (
        <Card title="Charts">
          <div class="grid grid-cols-1 gap-6 p-5 lg:grid-cols-2">
            {charts.map((chart) => <BarChartSvg key={chart.id} chart={chart} />)}
          </div>
        </Card>
      )}

      <div class="grid grid-cols-1 items-start gap-6 lg:grid-cols-2">
        {!sections.has("billing")
          ? null
          : cur.billing
          ? (
            <Section id="billing" title="Billing" counted={cur.billing.disclosure}>
              <Table
                head={["", "This period", "Previous"]}
                empty=""
                rows={[
                  ["Invoices", num(cur.billing.invoices), num(prev.billing?.invoices ?? 0)],
                  [
                    "Invoiced",
                    formatPkr(cur.billing.invoicedMinor),
                    formatPkr(prev.billing?.invoicedMinor ?? 0),
                  ],
                  [
                    "Collected",
                    formatPkr(cur.billing.collectedMinor),
                    formatPkr(prev.billing?.collectedMinor ?? 0),
                  ],
                  [
                    "Outstanding",
                    formatPkr(cur.billing.outstandingMinor),
                    formatPkr(prev.billing?.outstandingMinor ?? 0),
                  ],
                  [
                    `Overdue (${cur.billing.overdueInvoices})`,
                    formatPkr(cur.billing.overdueMinor),
                    formatPkr(prev.billing?.overdueMinor ?? 0),
                  ],
                  ...cur.billing.byMethod.map((m) => [
                    `Paid by ${m.label}`,
                    formatPkr(m.amountMinor),
                    "",
                  ]),
                ]}
              />
            </Section>
          )
          : (
            <Card title="Billing">
              <p data-section="billing" class="px-5 py-4 text-sm text-slate-600">
                Billing figures are not available for this report.
              </p>
            </Card>
          )}
        {sections.has("appointments") && (
          <Section id="throughput" title="Appointments" counted={cur.throughput.disclosure}>
            <Table
              head={["", "This period", "Previous"]}
              empty=""
              rows={[
                ["Booked", num(cur.throughput.booked), num(prev.throughput.booked)],
                ["Completed", num(cur.throughput.completed), num(prev.throughput.completed)],
                ["Cancelled", num(cur.throughput.cancelled), num(prev.throughput.cancelled)],
                ["No-shows", num(cur.throughput.noShows), num(prev.throughput.noShows)],
                [
                  "Completion rate",
                  pct(cur.throughput.completionRate),
                  pct(prev.throughput.completionRate),
                ],
                [
                  "Cancellation rate",
                  pct(cur.throughput.cancellationRate),
                  pct(prev.throughput.cancellationRate),
                ],
                ["No-show rate", pct(cur.throughput.noShowRate), pct(prev.throughput.noShowRate)],
              ]}
            />
          </Section>
        )}
        {sections.has("appointments") && (
          <Section id="utilisation" title="Utilisation" counted={cur.utilisation.disclosure}>
            <Table
              head={["Room", "Visits", "Minutes", "Utilisation"]}
              empty="No operatories."
              rows={cur.utilisation.operatories.map((r) => [
                r.name,
                num(r.appointments),
                num(r.bookedMinutes),
                pct(r.utilisation),
              ])}
            />
            <Table
              head={["Doctor", "Visits", "Minutes", "Utilisation"]}
              empty="No doctor had appointments in the period."
              rows={cur.utilisation.doctors.map((r) => [
                r.name,
                num(r.appointments),
                num(r.bookedMinutes),
                pct(r.utilisation),
              ])}
            />
          </Section>
        )}
        {sections.has("patients") && (
          <Section id="patients" title="Patients" counted={cur.patients.disclosure}>
            <Table
              head={["", "This period", "Previous"]}
              empty=""
              rows={[
                ["Seen", num(cur.patients.seen), num(prev.patients.seen)],
                ["New", num(cur.patients.newPatients), num(prev.patients.newPatients)],
                ["Returning", num(cur.patients.returning), num(prev.patients.returning)],
                ["Records created", num(cur.patients.registered), num(prev.patients.registered)],
              ]}
            />
          </Section>
        )}
        {sections.has("clinical") && (
          <Section id="lab" title="Lab turnaround" counted={cur.lab.disclosure}>
            <Table
              head={["", "This period", "Previous"]}
              empty=""
              rows={[
                ["Cases delivered", num(cur.lab.delivered), num(prev.lab.delivered)],
                ["Average", days(cur.lab.averageDays), days(prev.lab.averageDays)],
                ["Median", days(cur.lab.medianDays), days(prev.lab.medianDays)],
                ["Longest", days(cur.lab.longestDays), days(prev.lab.longestDays)],
              ]}
            />
          </Section>
        )}
        {sections.has("inventory") && (
          <Section id="inventory" title="Inventory" counted={cur.consumption.disclosure}>
            <Table
              head={["Used", "Quantity"]}
              empty="No stock was used in the period."
              rows={cur.consumption.items.slice(0, 10).map((i) => [
                i.name,
                `${num(i.quantity)} ${i.unit}`,
              ])}
            />
            <div data-section="low-stock" class="border-t border-slate-100">
              <h3 class="px-5 pt-3 text-xs font-semibold uppercase tracking-wide text-slate-500">
                Low stock at generation
              </h3>
              <Table
                head={["Item", "On hand", "Reorder at"]}
                empty="Nothing was at or below its reorder level."
                rows={figures.lowStock.items.map((i) => [
                  i.name,
                  num(i.onHand),
                  num(i.reorderThreshold),
                ])}
              />
              <div class="px-5 pb-1">
                <Disclosure counted={figures.lowStock.disclosure} />
              </div>
            </div>
          </Section>
        )}
      </div>
    </article>
  );
}
