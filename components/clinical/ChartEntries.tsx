/**
 * Below the dental chart: what has been charted (tooth, surface, kind, what,
 * date, who) and, for members allowed to, the "Add to chart" form. A member
 * who may record procedures but not conditions (a nurse, by default) is
 * offered procedures only. Forms post to the clinical routes.
 */
import type { ChartEntry } from "../../lib/clinical/chart.ts";
import {
  codeLabel,
  CONDITIONS,
  type Dentition,
  PROCEDURES,
  QUADRANTS,
  SURFACES,
} from "../../lib/clinical/teeth.ts";
import type { ChartView } from "../../lib/clinical/odontogram-geometry.ts";
import { Button, Input, Select } from "../ui/mod.ts";

const KIND_BADGES = {
  condition: { label: "Condition", class: "bg-amber-50 text-amber-800" },
  procedure: { label: "Completed", class: "bg-blue-50 text-blue-800" },
  planned: { label: "Planned", class: "bg-red-50 text-red-800" },
} as const;

const DATE_FORMAT = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  day: "numeric",
  month: "short",
  year: "numeric",
});

export function ChartEntryList(
  { entries, mayRemove }: {
    entries: readonly ChartEntry[];
    mayRemove: (entry: ChartEntry) => boolean;
  },
) {
  if (entries.length === 0) {
    return (
      <p class="px-5 py-5 text-sm text-slate-600" data-chart-entries>
        Nothing charted yet.
      </p>
    );
  }
  // Newest first: the latest finding is what the clinician looks for.
  const newest = [...entries].reverse();
  return (
    <ol class="divide-y divide-slate-100" data-chart-entries>
      {newest.map((entry) => (
        <li
          key={entry.id}
          class="flex items-start gap-3 px-5 py-3"
          data-chart-entry={entry.id}
        >
          <span class="grid h-9 w-9 shrink-0 place-items-center rounded-lg bg-slate-100 font-mono text-sm font-semibold text-slate-800">
            {entry.tooth}
          </span>
          <div class="min-w-0 flex-1 text-sm">
            <p class="flex flex-wrap items-center gap-x-2 gap-y-1">
              <span class="font-medium text-slate-900">{codeLabel(entry.kind, entry.code)}</span>
              <span
                class={`rounded-full px-2 py-0.5 text-xs font-medium ${
                  KIND_BADGES[entry.kind].class
                }`}
              >
                {KIND_BADGES[entry.kind].label}
              </span>
              {entry.surface && (
                <span class="text-xs text-slate-500">{SURFACES[entry.surface]} surface</span>
              )}
            </p>
            {entry.note && <p class="mt-0.5 break-words text-slate-600">{entry.note}</p>}
            <p class="mt-0.5 text-xs text-slate-500">
              <time dateTime={entry.recordedOn}>
                {DATE_FORMAT.format(new Date(`${entry.recordedOn}T00:00:00Z`))}
              </time>
              {" · "}
              {entry.recordedByName ?? "Former staff member"}
              {entry.appointmentId && (
                <>
                  {" · "}
                  <a
                    href={`/appointments/${entry.appointmentId}`}
                    class="font-medium text-brand-700 underline"
                    data-entry-visit
                  >
                    {entry.kind === "procedure" ? "Done at this visit" : "Charted at this visit"}
                  </a>
                </>
              )}
            </p>
          </div>
          {mayRemove(entry) && (
            <form method="post" action={`/clinical/chart/${entry.id}/delete`}>
              <button
                type="submit"
                class="min-h-[44px] px-2 text-xs font-medium text-red-600 hover:text-red-800"
                aria-label={`Remove ${codeLabel(entry.kind, entry.code)} on tooth ${entry.tooth}`}
              >
                Remove
              </button>
            </form>
          )}
        </li>
      ))}
    </ol>
  );
}

export function AddToChartForm(
  { patientId, dentition, today, conditions, procedures, appointmentId }: {
    patientId: string;
    dentition: ChartView;
    /** Today's visit of the patient, if any: the entry is charted at it. */
    appointmentId?: string | null;
    /** The clinic's date, YYYY-MM-DD. */
    today: string;
    conditions: boolean;
    procedures: boolean;
  },
) {
  // The shown dentition's teeth come first; the other set stays reachable for mixed dentition.
  const order: Dentition[] = dentition === "primary"
    ? ["primary", "permanent"]
    : ["permanent", "primary"];
  return (
    <form
      method="post"
      action={`/patients/${patientId}/chart`}
      class="grid grid-cols-1 gap-4 px-5 py-4 sm:grid-cols-2 lg:grid-cols-3"
      data-add-to-chart
    >
      <input type="hidden" name="dentition" value={dentition} />
      {appointmentId && <input type="hidden" name="appointmentId" value={appointmentId} />}
      <label class="block text-sm">
        <span class="mb-1 block font-medium text-slate-700">Tooth</span>
        <Select name="tooth" required>
          {order.flatMap((set) =>
            QUADRANTS[set].map((q) => (
              <optgroup key={q.digit} label={q.label}>
                {q.teeth.map((tooth) => <option key={tooth} value={tooth}>{tooth}</option>)}
              </optgroup>
            ))
          )}
        </Select>
      </label>
      <label class="block text-sm">
        <span class="mb-1 block font-medium text-slate-700">Surface</span>
        <Select name="surface">
          <option value="">Whole tooth</option>
          {Object.entries(SURFACES).map(([key, label]) => (
            <option key={key} value={key}>{key} · {label}</option>
          ))}
        </Select>
      </label>
      <label class="block text-sm">
        <span class="mb-1 block font-medium text-slate-700">What</span>
        <Select name="what" required>
          {conditions && (
            <optgroup label="Condition">
              {Object.entries(CONDITIONS).map(([code, label]) => (
                <option key={code} value={`condition:${code}`}>{label}</option>
              ))}
            </optgroup>
          )}
          {conditions && (
            <optgroup label="Planned">
              {Object.entries(PROCEDURES).map(([code, label]) => (
                <option key={code} value={`planned:${code}`}>{label} (planned)</option>
              ))}
            </optgroup>
          )}
          {procedures && (
            <optgroup label="Procedure">
              {Object.entries(PROCEDURES).map(([code, label]) => (
                <option key={code} value={`procedure:${code}`}>{label}</option>
              ))}
            </optgroup>
          )}
        </Select>
      </label>
      <label class="block text-sm">
        <span class="mb-1 block font-medium text-slate-700">Date</span>
        <Input type="date" name="recordedOn" value={today} required />
      </label>
      <label class="block text-sm sm:col-span-2 lg:col-span-2">
        <span class="mb-1 block font-medium text-slate-700">Note (optional)</span>
        <Input type="text" name="note" maxLength={500} />
      </label>
      <div class="flex justify-end sm:col-span-2 lg:col-span-3">
        <Button>Add to chart</Button>
      </div>
    </form>
  );
}
