/**
 * Above the odontogram: the dates the chart changed on, newest last like a
 * timeline, each a link to the chart as it stood that day, and a date field
 * for any other day. Plain links and a GET form, so it needs no JavaScript.
 */
import type { ChartEntry } from "../../lib/clinical/chart.ts";
import type { ChartView } from "../../lib/clinical/odontogram-geometry.ts";
import { localDateOf } from "../../lib/time/zoned.ts";

const SHOWN_DATES = 8;

const DATE_FORMAT = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  day: "numeric",
  month: "short",
  year: "numeric",
});
const formatDate = (date: string) => DATE_FORMAT.format(new Date(`${date}T00:00:00Z`));

/** The clinic dates on which something was charted or removed, oldest first. */
export function chartChangeDates(history: readonly ChartEntry[], timeZone: string): string[] {
  const dates = new Set<string>();
  for (const entry of history) {
    dates.add(entry.recordedOn);
    if (entry.removedAt) dates.add(localDateOf(entry.removedAt, timeZone));
  }
  return [...dates].sort();
}

export function ChartHistoryPicker(
  { patientId, view, history, timeZone, today, asOf }: {
    patientId: string;
    view: ChartView;
    history: readonly ChartEntry[];
    timeZone: string;
    today: string;
    asOf?: string;
  },
) {
  const dates = chartChangeDates(history, timeZone).filter((d) => d < today).slice(-SHOWN_DATES);
  const href = (date?: string) => {
    const params = new URLSearchParams({ tab: "chart" });
    if (view !== "permanent") params.set("dentition", view);
    if (date) params.set("asOf", date);
    return `/patients/${patientId}?${params}`;
  };
  const chip = (label: string, date: string | undefined, current: boolean) => (
    <a
      href={href(date)}
      aria-current={current ? "date" : undefined}
      data-history-date={date ?? "today"}
      class={`grid min-h-[44px] place-items-center rounded-lg border px-3 text-xs font-semibold ${
        current
          ? "border-brand-600 bg-brand-600 text-white"
          : "border-slate-200 bg-white text-slate-700 hover:border-slate-300"
      }`}
    >
      {label}
    </a>
  );
  return (
    <div class="space-y-2" data-chart-history>
      <div class="flex flex-wrap items-end gap-2">
        <nav aria-label="Chart history" class="flex flex-wrap items-center gap-2">
          <span class="text-xs font-semibold uppercase tracking-wide text-slate-500">
            History
          </span>
          {dates.map((date) => chip(formatDate(date), date, asOf === date))}
          {chip("Today", undefined, !asOf)}
        </nav>
        <form method="get" action={`/patients/${patientId}`} class="flex items-end gap-2">
          <input type="hidden" name="tab" value="chart" />
          {view !== "permanent" && <input type="hidden" name="dentition" value={view} />}
          <label class="text-xs font-medium text-slate-600">
            <span class="block">As of</span>
            <input
              type="date"
              name="asOf"
              value={asOf ?? ""}
              max={today}
              class="min-h-[44px] rounded-lg border border-slate-300 px-2 text-sm"
            />
          </label>
          <button
            type="submit"
            class="min-h-[44px] rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium text-slate-700"
          >
            Show
          </button>
        </form>
      </div>
      {asOf && (
        <p class="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900" data-chart-as-of={asOf}>
          The chart as it stood at the end of {formatDate(asOf)}.{" "}
          <a
            class="font-semibold underline"
            href={href()}
          >
            Back to today
          </a>
        </p>
      )}
    </div>
  );
}
