/**
 * One lab case (`/lab/cases/:id`): its facts, the moves it can make, its
 * files, the links shared with its lab and its timeline. The regions marked
 * `data-lab-live` redraw when the case changes anywhere (the lab updating it
 * through its link, a colleague); the upload stays put outside them.
 */
import type { ComponentChildren } from "preact";
import type { LabCaseDetail } from "../../lib/lab/case-queries.ts";
import { CASE_TYPE_LABELS, PRIORITY_LABELS, statusLabel } from "../../lib/lab/statuses.ts";
import { ACCEPTED_EXTENSIONS } from "../../lib/lab/attachment-kind.ts";
import { formatDateTime } from "../../lib/view/format.ts";
import { Button, ButtonLink, Card, Field, Input, Notice, PageHeader, Textarea } from "../ui/mod.ts";
import { BackLink } from "../patients/BackLink.tsx";
import { CaseFlags, LabStatusBadge, PriorityBadge } from "./LabBadges.tsx";
import { formatDueDate } from "../../lib/lab/due-date-label.ts";
import { NotBackWarning } from "./NotBackWarning.tsx";
import LabLiveRefresh from "../../islands/LabLiveRefresh.tsx";
import LabUpload from "../../islands/LabUpload.tsx";

export interface LabCasePageProps {
  kase: LabCaseDetail;
  timeZone: string;
  /** Moves this member may make from the current status. */
  moves: string[];
  may: { edit: boolean; move: boolean; share: boolean; upload: boolean; files: boolean };
  /** A link made just now, shown once with its URL. */
  newLink?: { url: string; expiresAt: string } | null;
  linkDefault: string;
  notice?: string | null;
  error?: string | null;
}

const KIND_LABELS: Record<string, string> = {
  image: "Image",
  pdf: "PDF",
  scan: "3D scan",
  dicom: "DICOM",
  dicom_zip: "DICOM ZIP",
};

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="px-5 py-3 sm:grid sm:grid-cols-3 sm:gap-4">
      <dt class="text-sm text-slate-500">{label}</dt>
      <dd class="mt-0.5 text-sm text-slate-900 sm:col-span-2 sm:mt-0">{children}</dd>
    </div>
  );
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

function timelineText(entry: LabCaseDetail["timeline"][number]): string {
  switch (entry.kind) {
    case "created":
      return `Created as ${statusLabel(entry.toStatus ?? "draft")}`;
    case "status":
      return `${statusLabel(entry.fromStatus ?? "")} → ${statusLabel(entry.toStatus ?? "")}`;
    case "note":
      return "Note";
    case "attachment":
      return "File attached";
    case "link_created":
      return "Shared link created";
    case "link_revoked":
      return "Shared link revoked";
    default:
      return "Edited";
  }
}

export function LabCasePage(props: LabCasePageProps) {
  const { kase, timeZone, may } = props;
  const at = (iso: string) => formatDateTime(new Date(iso), timeZone);
  return (
    <>
      <BackLink href="/lab" label="Lab cases" />
      <LabLiveRefresh scope={{ kind: "case", id: kase.id }} />
      {props.notice && <Notice tone="success">{props.notice}</Notice>}
      {props.error && <Notice tone="error">{props.error}</Notice>}
      <div data-lab-live>
        <PageHeader
          title={`${kase.caseNumber} · ${CASE_TYPE_LABELS[kase.caseType]}`}
          subtitle={
            <>
              <a
                href={`/patients/${kase.patientId}`}
                class="font-medium text-brand-700 hover:underline"
              >
                {kase.patientName}
              </a>{" "}
              ({kase.patientMrn}) · {kase.labName}
            </>
          }
        >
          <div class="flex flex-wrap items-center gap-2">
            <span data-case-status={kase.status}>
              <LabStatusBadge status={kase.status} />
            </span>
            <PriorityBadge priority={kase.priority} />
            <CaseFlags overdue={kase.overdue} mayNotBeBack={kase.mayNotBeBack} />
            {may.edit && kase.status !== "cancelled" && (
              <ButtonLink href={`/lab/cases/${kase.id}/edit`} variant="secondary" size="sm">
                Edit
              </ButtonLink>
            )}
          </div>
        </PageHeader>
        {kase.mayNotBeBack && kase.appointmentStartsAt && (
          <NotBackWarning
            dueDate={kase.dueDate!}
            appointmentId={kase.appointmentId!}
            appointmentStartsAt={kase.appointmentStartsAt}
            timeZone={timeZone}
          />
        )}
        {kase.overdue && (
          <Notice tone="error">
            This case was due {formatDueDate(kase.dueDate!)} and is not back yet.
          </Notice>
        )}
        <div class="grid gap-6 lg:grid-cols-3">
          <div class="min-w-0 space-y-6 lg:col-span-2">
            <Card title="Case">
              <dl class="divide-y divide-slate-100">
                <Fact label="Lab">{kase.labName}</Fact>
                <Fact label="Type">{CASE_TYPE_LABELS[kase.caseType]}</Fact>
                <Fact label="Teeth">{kase.teeth.length ? kase.teeth.join(", ") : "—"}</Fact>
                <Fact label="Shade">{kase.shade ?? "—"}</Fact>
                <Fact label="Material">{kase.material ?? "—"}</Fact>
                <Fact label="Priority">{PRIORITY_LABELS[kase.priority]}</Fact>
                <Fact label="Due">{kase.dueDate ? formatDueDate(kase.dueDate) : "—"}</Fact>
                <Fact label="Appointment">
                  {kase.appointmentId && kase.appointmentStartsAt
                    ? (
                      <a
                        href={`/appointments/${kase.appointmentId}`}
                        class="text-brand-700 hover:underline"
                      >
                        {kase.appointmentType} · {at(kase.appointmentStartsAt)}
                      </a>
                    )
                    : "—"}
                </Fact>
                <Fact label="Instructions">
                  <span class="whitespace-pre-line">{kase.instructions ?? "—"}</span>
                </Fact>
              </dl>
            </Card>
            <Card title="Timeline">
              <ol class="divide-y divide-slate-100" data-timeline>
                {[...kase.timeline].reverse().map((entry) => (
                  <li key={entry.id} class="px-5 py-3">
                    <p class="text-sm font-medium text-slate-900">{timelineText(entry)}</p>
                    {entry.note && (
                      <p class="mt-0.5 whitespace-pre-line text-sm text-slate-700">{entry.note}</p>
                    )}
                    <p class="mt-0.5 text-xs text-slate-500">
                      by {entry.actor} · {at(entry.at)}
                    </p>
                  </li>
                ))}
              </ol>
            </Card>
          </div>
          <div class="order-first min-w-0 space-y-6 lg:order-none">
            {may.move && (
              <Card title={props.moves.length ? "Move the case" : "Add a note"}>
                <form method="post" action={`/lab/cases/${kase.id}/status`} class="space-y-3 p-5">
                  <Field id="status-note" label="Note" optional>
                    <Textarea id="status-note" name="note" rows={2} maxLength={2000} />
                  </Field>
                  <div class="flex flex-wrap gap-2">
                    <Button
                      size="sm"
                      variant="ghost"
                      formAction={`/lab/cases/${kase.id}/notes`}
                    >
                      Add note only
                    </Button>
                    {props.moves.map((status) => (
                      <Button
                        key={status}
                        name="status"
                        value={status}
                        size="sm"
                        variant={status === "cancelled" ? "danger" : "secondary"}
                      >
                        {statusLabel(status)}
                      </Button>
                    ))}
                  </div>
                </form>
              </Card>
            )}
            <Card title="Files">
              {kase.attachments.length
                ? (
                  <ul class="divide-y divide-slate-100" data-attachments>
                    {kase.attachments.map((file) => (
                      <li key={file.id} class="flex items-center justify-between gap-3 px-5 py-3">
                        <span class="min-w-0">
                          <span
                            class="block truncate text-sm font-medium text-slate-900"
                            data-attachment-name
                          >
                            {file.name}
                          </span>
                          <span class="block text-xs text-slate-500">
                            {KIND_LABELS[file.kind]} · {formatBytes(file.sizeBytes)} ·{" "}
                            {file.source === "lab" ? "from the lab" : "from the clinic"}
                            {file.captureId || file.studyIds.length ? " · in Radiology" : ""}
                          </span>
                        </span>
                        {may.files && (
                          <a
                            class="shrink-0 text-sm font-medium text-brand-700 hover:underline"
                            href={`/api/v1/lab/cases/${kase.id}/attachments/${file.id}/content?download=1`}
                          >
                            Download
                          </a>
                        )}
                      </li>
                    ))}
                  </ul>
                )
                : <p class="px-5 py-4 text-sm text-slate-500">No files yet.</p>}
            </Card>
          </div>
        </div>
      </div>
      <div class="mt-6 grid gap-6 lg:grid-cols-3">
        <div class="min-w-0 lg:col-span-2">
          {may.share && <SharedLinks {...props} />}
        </div>
        {may.upload && (
          <Card title="Attach files" class="min-w-0">
            <div class="p-5">
              <p class="mb-3 text-sm text-slate-500">
                Images, PDFs, STL/PLY scans, DICOM files or ZIPs. Images, PDFs and DICOM also appear
                in the patient's Radiology tab.
              </p>
              <LabUpload
                action={`/api/v1/lab/cases/${kase.id}/attachments`}
                accept={ACCEPTED_EXTENSIONS.join(",")}
              />
            </div>
          </Card>
        )}
      </div>
    </>
  );
}

function SharedLinks({ kase, timeZone, newLink, linkDefault }: LabCasePageProps) {
  const at = (iso: string) => formatDateTime(new Date(iso), timeZone);
  return (
    <Card title={`Shared link for ${kase.labName}`}>
      <div class="space-y-4 p-5">
        {newLink && (
          <div class="rounded-lg bg-brand-50 p-4 ring-1 ring-brand-200" data-new-link>
            <p class="text-sm font-medium text-brand-900">
              Send this link to the lab. It works until {at(newLink.expiresAt)}.
            </p>
            <Input
              class="mt-2 font-mono text-xs"
              readOnly
              value={newLink.url}
              aria-label="Shared link"
              data-shared-link-url
            />
          </div>
        )}
        {kase.status !== "cancelled" && (
          <form
            method="post"
            action={`/lab/cases/${kase.id}/links`}
            class="flex flex-wrap items-end gap-3"
          >
            <Field id="link-expires" label="Valid until">
              <Input id="link-expires" type="date" name="expiresOn" value={linkDefault} required />
            </Field>
            <Button variant="secondary">Create link</Button>
          </form>
        )}
        {kase.links.length > 0 && (
          <ul class="divide-y divide-slate-100 rounded-lg ring-1 ring-slate-200" data-links>
            {kase.links.map((link) => (
              <li
                key={link.id}
                class="flex flex-wrap items-center justify-between gap-2 px-4 py-2.5"
              >
                <span class="text-sm text-slate-700">
                  {link.active
                    ? `Valid until ${at(link.expiresAt)}`
                    : link.revokedAt
                    ? `Revoked ${at(link.revokedAt)}`
                    : `Expired ${at(link.expiresAt)}`}
                  <span class="block text-xs text-slate-500">
                    {link.lastUsedAt ? `Last used ${at(link.lastUsedAt)}` : "Not used yet"}
                  </span>
                </span>
                {link.active && (
                  <form method="post" action={`/lab/cases/${kase.id}/links/${link.id}/revoke`}>
                    <Button variant="danger" size="sm">Revoke</Button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
