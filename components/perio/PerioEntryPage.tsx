/** The page around the perio entry island: who, the keys, and the grid. */
import PerioEntry from "../../islands/PerioEntry.tsx";
import { BackLink } from "../patients/BackLink.tsx";
import { Card, PageHeader } from "../ui/mod.ts";

const KEYS: [string, string][] = [
  ["0–9", "reading for the site, then the next site"],
  ["B · S · P", "bleeding, suppuration, plaque on the site just entered"],
  ["X", "tooth missing (skipped)"],
  ["M 0–3 · F 1–3", "mobility · furcation of the current tooth"],
  ["Backspace", "back one site and clear it"],
  ["R", "switch between depth and recession"],
];

export function PerioEntryPage(
  { patientId, patientName, today, appointmentId }: {
    patientId: string;
    patientName: string;
    today: string;
    appointmentId: string | null;
  },
) {
  return (
    <div class="space-y-6">
      <BackLink href={`/patients/${patientId}/perio`} label="Periodontal chart" />
      <PageHeader
        title="New perio exam"
        subtitle={`${patientName} · depths first, then recession; the cursor moves on with each digit`}
      />
      <Card>
        <div class="px-3 py-4 sm:px-5">
          <noscript>
            <p class="mb-4 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
              Perio entry needs JavaScript; exams can also be recorded through the API.
            </p>
          </noscript>
          <PerioEntry patientId={patientId} today={today} appointmentId={appointmentId} />
        </div>
      </Card>
      <Card title="Keys">
        <dl class="grid gap-x-6 gap-y-2 px-5 py-4 text-sm sm:grid-cols-2">
          {KEYS.map(([key, what]) => (
            <div key={key} class="flex gap-3">
              <dt class="w-28 shrink-0 font-mono font-semibold text-slate-900">{key}</dt>
              <dd class="text-slate-600">{what}</dd>
            </div>
          ))}
        </dl>
      </Card>
    </div>
  );
}
