/**
 * Cases as a list of links: the dashboard's list view, the patient record's
 * Lab cases tab and the appointment detail all show them the same way.
 */
import type { LabCaseSummary } from "../../lib/lab/case-queries.ts";
import { CASE_TYPE_LABELS } from "../../lib/lab/statuses.ts";
import { CaseFlags, LabStatusBadge, PriorityBadge } from "./LabBadges.tsx";
import { formatDueDate } from "../../lib/lab/due-date-label.ts";

export function LabCaseList(
  { cases, showPatient = true, empty = "No lab cases." }: {
    cases: LabCaseSummary[];
    showPatient?: boolean;
    empty?: string;
  },
) {
  if (!cases.length) return <p class="px-5 py-6 text-sm text-slate-500">{empty}</p>;
  return (
    <ul class="divide-y divide-slate-100" data-lab-case-list>
      {cases.map((kase) => (
        <li key={kase.id}>
          <a
            href={`/lab/cases/${kase.id}`}
            class="flex flex-col gap-1.5 px-5 py-3.5 hover:bg-slate-50 sm:flex-row sm:items-center sm:gap-4"
            data-lab-case={kase.id}
          >
            <span class="min-w-0 flex-1">
              <span class="flex flex-wrap items-center gap-2">
                <span class="font-mono text-xs font-semibold text-slate-500">
                  {kase.caseNumber}
                </span>
                <span class="font-medium text-slate-900">
                  {CASE_TYPE_LABELS[kase.caseType]}
                  {kase.teeth.length > 0 && (
                    <span class="font-normal text-slate-500">{` · ${kase.teeth.join(", ")}`}</span>
                  )}
                </span>
              </span>
              <span class="mt-0.5 block truncate text-sm text-slate-500">
                {showPatient && <>{kase.patientName} ({kase.patientMrn}) ·{" "}</>}
                {kase.labName}
              </span>
            </span>
            <span class="flex flex-wrap items-center gap-1.5 sm:justify-end">
              <PriorityBadge priority={kase.priority} />
              <CaseFlags overdue={kase.overdue} mayNotBeBack={kase.mayNotBeBack} />
              <LabStatusBadge status={kase.status} />
              <span class="text-xs text-slate-500 sm:w-24 sm:text-right">
                {kase.dueDate ? `Due ${formatDueDate(kase.dueDate)}` : "No due date"}
              </span>
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}
