/**
 * The page a lab technician opens from the clinic's link, without an
 * account: the case as the lab needs it, its files, and three things the lab
 * can do (move its part of the flow, add a note, upload files). Every form
 * carries the page's form token.
 */
import type { ComponentChildren } from "preact";
import type { SharedCaseView } from "../../lib/lab/shared-view.ts";
import { CASE_TYPE_LABELS, PRIORITY_LABELS, statusLabel } from "../../lib/lab/statuses.ts";
import { ACCEPTED_EXTENSIONS } from "../../lib/lab/attachment-kind.ts";
import { Button, Card, Field, Notice, Textarea } from "../ui/mod.ts";
import { LabStatusBadge } from "./LabBadges.tsx";
import { formatDueDate } from "../../lib/lab/due-date-label.ts";
import LabUpload from "../../islands/LabUpload.tsx";

export function SharedFrame(
  { title, children }: { title?: string; children: ComponentChildren },
) {
  return (
    <div class="min-h-screen bg-slate-100 px-4 py-6 sm:py-10">
      <div class="mx-auto max-w-3xl">
        {title && <p class="mb-4 text-sm font-semibold text-brand-800">{title}</p>}
        {children}
        <p class="mt-8 text-center text-xs text-slate-500">OdontoX · shared lab case</p>
      </div>
    </div>
  );
}

export function SharedProblemPage({ title, message }: { title: string; message: string }) {
  return (
    <SharedFrame>
      <div
        class="rounded-2xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200"
        data-link-problem
      >
        <h1 class="text-xl font-semibold text-slate-900">{title}</h1>
        <p class="mt-2 text-sm text-slate-600">{message}</p>
      </div>
    </SharedFrame>
  );
}

function Row({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="px-5 py-2.5 sm:grid sm:grid-cols-3 sm:gap-4">
      <dt class="text-sm text-slate-500">{label}</dt>
      <dd class="text-sm text-slate-900 sm:col-span-2">{children}</dd>
    </div>
  );
}

export function SharedCasePage(
  { view, base, formToken, notice, error }: {
    view: SharedCaseView;
    /** `/lab/shared/<token>`. */
    base: string;
    formToken: string;
    notice?: string | null;
    error?: string | null;
  },
) {
  return (
    <SharedFrame title={`${view.clinicName} → ${view.labName}`}>
      <div class="mb-6 flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 class="text-2xl font-semibold text-slate-900">
            {view.caseNumber} · {CASE_TYPE_LABELS[view.caseType]}
          </h1>
          <p class="text-sm text-slate-600">
            {view.patientName} ({view.patientMrn})
          </p>
        </div>
        <span data-case-status={view.status}>
          <LabStatusBadge status={view.status} />
        </span>
      </div>
      {notice && <Notice tone="success">{notice}</Notice>}
      {error && <Notice tone="error">{error}</Notice>}
      <div class="space-y-6">
        <Card title="Case">
          <dl class="divide-y divide-slate-100">
            <Row label="Teeth">{view.teeth.length ? view.teeth.join(", ") : "—"}</Row>
            <Row label="Shade">{view.shade ?? "—"}</Row>
            <Row label="Material">{view.material ?? "—"}</Row>
            <Row label="Priority">{PRIORITY_LABELS[view.priority]}</Row>
            <Row label="Due back">{view.dueDate ? formatDueDate(view.dueDate) : "—"}</Row>
            <Row label="Instructions">
              <span class="whitespace-pre-line">{view.instructions ?? "—"}</span>
            </Row>
          </dl>
        </Card>
        <Card title="Update the clinic">
          <form method="post" action={`${base}/update`} class="space-y-3 p-5">
            <input type="hidden" name="formToken" value={formToken} />
            <Field id="shared-note" label="Note for the clinic" optional>
              <Textarea id="shared-note" name="note" rows={3} maxLength={2000} />
            </Field>
            <div class="flex flex-wrap gap-2">
              {view.moves.map((status) => (
                <Button key={status} name="status" value={status} size="sm">
                  Mark {statusLabel(status).toLowerCase()}
                </Button>
              ))}
              <Button name="status" value="" size="sm" variant="secondary">Send note only</Button>
            </div>
            {!view.moves.length && (
              <p class="text-sm text-slate-500">
                The case is {statusLabel(view.status).toLowerCase()}; the clinic moves it from here.
              </p>
            )}
          </form>
        </Card>
        <Card title="Files">
          {view.attachments.length
            ? (
              <ul class="divide-y divide-slate-100" data-attachments>
                {view.attachments.map((file) => (
                  <li key={file.id} class="flex items-center justify-between gap-3 px-5 py-3">
                    <span class="min-w-0 truncate text-sm text-slate-900" data-attachment-name>
                      {file.name}
                      <span class="ml-2 text-xs text-slate-500">
                        {file.fromLab ? "from you" : "from the clinic"}
                      </span>
                    </span>
                    <a
                      class="shrink-0 text-sm font-medium text-brand-700 hover:underline"
                      href={`${base}/files/${file.id}`}
                    >
                      Download
                    </a>
                  </li>
                ))}
              </ul>
            )
            : <p class="px-5 py-4 text-sm text-slate-500">No files yet.</p>}
          <div class="border-t border-slate-100 p-5">
            <p class="mb-2 text-sm font-medium text-slate-900">Upload files</p>
            <LabUpload
              action={`${base}/attachments`}
              formToken={formToken}
              accept={ACCEPTED_EXTENSIONS.join(",")}
              reloadAfter
            />
          </div>
        </Card>
        <p class="text-center text-xs text-slate-500">
          This link works until {new Date(view.expiresAt).toUTCString().slice(0, 16)}.
        </p>
      </div>
    </SharedFrame>
  );
}
