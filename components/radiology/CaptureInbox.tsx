/**
 * Radiology → Unassigned captures: captures no rule could place. Each shows
 * its thumbnail, when and where it was taken, and one-click buttons for the
 * patients booked in that operatory around that time; a patient search
 * covers the rest. Plain forms: it works without JavaScript.
 */
import type { InboxItem } from "../../lib/captures/inbox.ts";
import type { CaptureInboxPage, PatientChoice } from "../../lib/radiology/inbox-page.ts";
import { CATEGORY_LABELS } from "../../lib/radiology/categories.ts";
import { formatDateTime } from "../../lib/view/format.ts";
import { Button, Card, Input, Notice, PageHeader } from "../ui/mod.ts";
import { RadiologyThumb } from "./RadiologyThumb.tsx";

const PATH = "/radiology/inbox";

function AssignButton({ captureId, patient }: { captureId: string; patient: PatientChoice }) {
  return (
    <form method="post" action={`${PATH}/${captureId}/assign`}>
      <input type="hidden" name="patientId" value={patient.patientId} />
      <Button size="sm">
        Assign to {patient.patientName}
        <span class="font-normal text-brand-100">{patient.mrn}</span>
      </Button>
    </form>
  );
}

function PatientSearch(
  { captureId, search }: { captureId: string; search?: CaptureInboxPage["search"] },
) {
  return (
    <>
      <form method="get" action={PATH} class="flex max-w-md gap-2">
        <input type="hidden" name="capture" value={captureId} />
        <label for={`q-${captureId}`} class="sr-only">Find a patient</label>
        <Input
          id={`q-${captureId}`}
          name="q"
          type="search"
          value={search?.query ?? ""}
          placeholder="Patient name or MRN"
          class="min-w-0 flex-1"
        />
        <Button variant="secondary" size="sm">Find</Button>
      </form>
      {search && (
        search.results.length
          ? (
            <div class="flex flex-wrap gap-2">
              {search.results.map((p) => (
                <AssignButton key={p.patientId} captureId={captureId} patient={p} />
              ))}
            </div>
          )
          : <p class="text-sm text-slate-500">No patient matches “{search.query}”.</p>
      )}
    </>
  );
}

function CaptureCard({ item, timeZone, mayAssign, search }: {
  item: InboxItem;
  timeZone: string;
  mayAssign: boolean;
  search?: CaptureInboxPage["search"];
}) {
  const { capture } = item;
  return (
    <li class="flex flex-col gap-4 p-5 sm:flex-row" data-capture={capture.id}>
      <RadiologyThumb
        src={`/api/v1/files/${capture.fileId}/thumbnail`}
        label="Capture thumbnail"
        size="h-32 w-full rounded-lg sm:h-28 sm:w-36"
      />
      <div class="min-w-0 flex-1">
        <p class="font-medium text-slate-900">
          {CATEGORY_LABELS[capture.category]} ·{" "}
          <time dateTime={capture.capturedAt.toISOString()}>
            {formatDateTime(capture.capturedAt, timeZone)}
          </time>
        </p>
        <p class="mt-0.5 text-sm text-slate-500">
          {item.deviceName ?? "Unknown device"} · {item.operatoryName ?? "No operatory"}
        </p>
        {item.fileName && (
          <p class="mt-0.5 break-all font-mono text-xs text-slate-500" data-file-name>
            {item.fileName}
          </p>
        )}
        {mayAssign && (
          <div class="mt-3 space-y-3">
            {item.suggestions.length > 0 && (
              <div>
                <p class="text-xs font-medium uppercase tracking-wide text-slate-500">
                  Booked in this operatory around then
                </p>
                <div class="mt-2 flex flex-wrap gap-2">
                  {item.suggestions.map((s) => (
                    <AssignButton key={s.patientId} captureId={capture.id} patient={s} />
                  ))}
                </div>
              </div>
            )}
            <PatientSearch captureId={capture.id} search={search} />
          </div>
        )}
      </div>
    </li>
  );
}

export function CaptureInbox(
  { inbox: { items, search }, timeZone, mayAssign, assigned, problem }: {
    inbox: CaptureInboxPage;
    timeZone: string;
    mayAssign: boolean;
    /** Just back from assigning one. */
    assigned: boolean;
    /** Why an assignment was refused. */
    problem?: string;
  },
) {
  return (
    <>
      <PageHeader
        title="Unassigned captures"
        subtitle="X-rays from bridge devices that no MRN, file name or appointment placed."
      />
      {assigned && <Notice tone="success">Capture assigned.</Notice>}
      {problem && <Notice tone="error">{problem}</Notice>}
      <Card title={`Waiting (${items.length})`}>
        {items.length === 0
          ? (
            <p class="px-5 py-10 text-center text-sm text-slate-500">
              Nothing waiting: every capture reached its patient.
            </p>
          )
          : (
            <ul class="divide-y divide-slate-100">
              {items.map((item) => (
                <CaptureCard
                  key={item.capture.id}
                  item={item}
                  timeZone={timeZone}
                  mayAssign={mayAssign}
                  search={item.capture.id === search?.captureId ? search : undefined}
                />
              ))}
            </ul>
          )}
      </Card>
    </>
  );
}
