/** The "Activity" card of a patient's overview: who did what to the record, newest first. */
import { Card } from "../ui/mod.ts";
import { describePatientActivity, type PatientActivityEntry } from "../../lib/patients/activity.ts";
import { formatDateTime } from "../../lib/view/format.ts";

export function PatientActivity(
  { entries, timeZone }: { entries: PatientActivityEntry[]; timeZone: string },
) {
  return (
    <Card title="Activity">
      <div data-patient-activity>
        {entries.length
          ? (
            <ol class="divide-y divide-slate-100">
              {entries.map((entry) => (
                <li key={entry.id} class="px-5 py-3 text-sm" data-activity={entry.action}>
                  <p class="text-slate-900">{describePatientActivity(entry)}</p>
                  <p class="mt-0.5 text-xs text-slate-500">
                    {entry.actorName ?? "System"} · {formatDateTime(entry.createdAt, timeZone)}
                  </p>
                </li>
              ))}
            </ol>
          )
          : <p class="px-5 py-4 text-sm text-slate-500">Nothing recorded yet.</p>}
      </div>
    </Card>
  );
}
