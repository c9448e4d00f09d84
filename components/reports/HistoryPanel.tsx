/**
 * Every earlier report of the clinic, newest first, each collapsed under its
 * generation date and period. Opened, an entry shows what that report said
 * then (its narrative and headline figures, as stored) and links to it.
 */
import type { StoredReport } from "../../lib/reports/reports.ts";
import { describePeriod } from "../../lib/reports/period.ts";
import { formatPkr } from "../../lib/treatment/money.ts";
import { formatDateTime } from "../../lib/view/format.ts";
import { narrativeFor } from "../../lib/reports/reader.ts";
import type { ReportSections } from "../../lib/reports/sections.ts";
import { Card } from "../ui/mod.ts";

const pct = (value: number | null) => value === null ? "—" : `${value}%`;

export function HistoryPanel(
  { reports, currentId, timeZone, sections }: {
    reports: StoredReport[];
    /** What the reader may see of each report (lib/reports/sections.ts). */
    sections: ReportSections;
    /** The report shown above, marked in the list. */
    currentId: string | null;
    timeZone: string;
  },
) {
  return (
    <Card title={`History (${reports.length})`}>
      {reports.length === 0
        ? <p class="px-5 py-4 text-sm text-slate-600">No report has been generated yet.</p>
        : (
          <ol data-history class="divide-y divide-slate-100">
            {reports.map((report) => {
              const cur = report.figures.current;
              const narrative = narrativeFor(report, sections);
              return (
                <li key={report.id} data-history-entry={report.id}>
                  <details class="group">
                    <summary class="flex cursor-pointer list-none items-center justify-between gap-3 px-5 py-3 hover:bg-slate-50">
                      <span class="min-w-0">
                        <span class="block text-sm font-medium text-slate-900">
                          {formatDateTime(report.generatedAt, timeZone)}
                          {report.id === currentId && (
                            <span class="ml-2 text-xs font-normal text-brand-700">(shown)</span>
                          )}
                        </span>
                        <span class="block text-xs text-slate-500">
                          {describePeriod(cur.period)}
                        </span>
                      </span>
                      <span
                        class="text-xs text-slate-500 group-open:rotate-180"
                        aria-hidden="true"
                      >
                        ▾
                      </span>
                    </summary>
                    <div class="space-y-2 px-5 pb-4 text-sm text-slate-700">
                      <p class="text-xs text-slate-500">{narrative.label}</p>
                      <p class="leading-relaxed">{narrative.paragraphs[0]}</p>
                      <ul class="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
                        {sections.has("appointments") && (
                          <>
                            <li>{cur.throughput.booked} appointments</li>
                            <li>{pct(cur.throughput.noShowRate)} no-shows</li>
                          </>
                        )}
                        {sections.has("patients") && <li>{cur.patients.seen} patients seen</li>}
                        {cur.billing && sections.has("billing") && (
                          <li>{formatPkr(cur.billing.collectedMinor)} collected</li>
                        )}
                      </ul>
                      <a
                        href={`/reports/${report.id}`}
                        class="inline-block text-sm font-semibold text-brand-700 hover:underline"
                      >
                        Open this report
                      </a>
                    </div>
                  </details>
                </li>
              );
            })}
          </ol>
        )}
    </Card>
  );
}
