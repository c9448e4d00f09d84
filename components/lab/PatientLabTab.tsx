/** The Lab cases tab of a patient's record: their cases, and their scan files to download. */
import type { PatientLabPanel } from "../../lib/lab/patient-lab.ts";
import { formatDateTime } from "../../lib/view/format.ts";
import { ButtonLink, Card } from "../ui/mod.ts";
import { LabCaseList } from "./LabCaseList.tsx";
import LabLiveRefresh from "../../islands/LabLiveRefresh.tsx";

export function PatientLabTab(
  { patientId, panel, timeZone }: { patientId: string; panel: PatientLabPanel; timeZone: string },
) {
  return (
    <>
      <LabLiveRefresh scope={{ kind: "patient", id: patientId }} />
      <div class="space-y-6" data-lab-live>
        <Card
          title="Lab cases"
          action={panel.may.create && (
            <ButtonLink href={`/lab/cases/new?patient=${patientId}`} variant="secondary" size="sm">
              New case
            </ButtonLink>
          )}
        >
          <LabCaseList cases={panel.cases} showPatient={false} empty="No lab cases yet." />
        </Card>
        <Card title="Scan files">
          {panel.files.length
            ? (
              <ul class="divide-y divide-slate-100" data-scan-files>
                {panel.files.map((file) => (
                  <li
                    key={file.attachmentId}
                    class="flex items-center justify-between gap-3 px-5 py-3"
                  >
                    <span class="min-w-0">
                      <span class="block truncate text-sm font-medium text-slate-900">
                        {file.name}
                      </span>
                      <span class="block text-xs text-slate-500">
                        {file.caseNumber} · {formatDateTime(new Date(file.createdAt), timeZone)}
                      </span>
                    </span>
                    {panel.may.download && (
                      <a
                        class="shrink-0 text-sm font-medium text-brand-700 hover:underline"
                        href={`/api/v1/lab/cases/${file.caseId}/attachments/${file.attachmentId}/content?download=1`}
                      >
                        Download
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            )
            : (
              <p class="px-5 py-4 text-sm text-slate-500">
                STL and PLY scans attached to this patient's cases appear here.
              </p>
            )}
        </Card>
      </div>
    </>
  );
}
