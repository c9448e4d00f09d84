/**
 * Superadmin → Applications: clinics waiting for a decision, each with
 * Approve (creates the clinic and invites its owner) and Decline (with a
 * reason the applicant reads), then the latest decisions.
 */
import type { ApplicationQueue, ClinicApplication } from "../../lib/onboarding/applications.ts";
import type { FormProblem, FormValues } from "../../lib/http/form.ts";
import { formatDateTime, formatRelative } from "../../lib/view/format.ts";
import { Badge, Button, Card, Field, Notice, PageHeader, Textarea } from "../ui/mod.ts";

export interface ApplicationsPageProps {
  queue: ApplicationQueue;
  now: Date;
  notice?: string;
  /** A refused decline: which application, what was typed, and why. */
  rejection?: { applicationId: string; values: FormValues; problem: FormProblem };
  error?: string;
}

const ZONE = "Asia/Karachi";

function Applied({ at, now }: { at: Date; now: Date }) {
  return (
    <time dateTime={at.toISOString()} title={formatDateTime(at, ZONE)}>
      {formatRelative(at, now)}
    </time>
  );
}

function PendingApplication(
  { application, now, rejection }: {
    application: ClinicApplication;
    now: Date;
    rejection?: ApplicationsPageProps["rejection"];
  },
) {
  const refused = rejection?.applicationId === application.id ? rejection : undefined;
  const reasonId = `reason-${application.id}`;
  return (
    <li class="px-5 py-4" data-application={application.id}>
      <div class="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div class="min-w-0">
          <p class="text-base font-semibold text-slate-900">{application.clinicName}</p>
          <p class="text-sm text-slate-500">
            {application.city} · applied <Applied at={application.createdAt} now={now} />
          </p>
          <dl class="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt class="text-slate-500">Owner</dt>
            <dd class="text-slate-900">{application.ownerName}</dd>
            <dt class="text-slate-500">Email</dt>
            <dd class="break-all text-slate-900">{application.email}</dd>
            <dt class="text-slate-500">Phone</dt>
            <dd class="text-slate-900">{application.phone}</dd>
          </dl>
        </div>
        <form method="post" action={`/admin/applications/${application.id}/approve`}>
          <Button type="submit" class="w-full sm:w-auto">Approve and invite owner</Button>
        </form>
      </div>
      <details class="mt-3 group" open={!!refused}>
        <summary class="cursor-pointer text-sm font-medium text-red-700 hover:underline">
          Decline…
        </summary>
        <form
          method="post"
          action={`/admin/applications/${application.id}/reject`}
          class="mt-3 space-y-3"
        >
          <Field
            id={reasonId}
            name="reason"
            label="Reason (sent to the applicant)"
            error={refused?.problem.fields.reason ?? refused?.problem.message}
          >
            <Textarea
              id={reasonId}
              name="reason"
              rows={2}
              required
              invalid={!!refused}
              value={refused?.values.reason ?? ""}
              aria-describedby={refused ? `${reasonId}-error` : undefined}
            />
          </Field>
          <Button type="submit" variant="danger">Decline application</Button>
        </form>
      </details>
    </li>
  );
}

function Decided({ application }: { application: ClinicApplication }) {
  return (
    <li class="flex flex-col gap-1 px-5 py-3.5 sm:flex-row sm:items-center sm:gap-4">
      <div class="min-w-0 flex-1">
        <p class="truncate text-sm font-medium text-slate-900">
          {application.clinicId
            ? (
              <a href={`/admin/clinics/${application.clinicId}`} class="hover:underline">
                {application.clinicName}
              </a>
            )
            : application.clinicName}
        </p>
        <p class="truncate text-sm text-slate-500">
          {application.city} · {application.email}
          {application.rejectionReason && ` · “${application.rejectionReason}”`}
        </p>
      </div>
      {application.status === "approved"
        ? <Badge tone="green" dot>Approved</Badge>
        : <Badge tone="red" dot>Declined</Badge>}
    </li>
  );
}

export function ApplicationsPage({ queue, now, notice, rejection, error }: ApplicationsPageProps) {
  return (
    <>
      <PageHeader
        title="Applications"
        subtitle={`${queue.pending.length} ${
          queue.pending.length === 1 ? "clinic is" : "clinics are"
        } waiting for a decision`}
      />
      {notice && <Notice tone="success">{notice}</Notice>}
      {error && <Notice tone="error">{error}</Notice>}
      <Card title={`Waiting · ${queue.pending.length}`}>
        {queue.pending.length === 0
          ? <p class="px-5 py-6 text-sm text-slate-500">No application is waiting.</p>
          : (
            <ul class="divide-y divide-slate-100" data-pending-applications>
              {queue.pending.map((application) => (
                <PendingApplication
                  key={application.id}
                  application={application}
                  now={now}
                  rejection={rejection}
                />
              ))}
            </ul>
          )}
      </Card>
      <Card title="Recent decisions" class="mt-6">
        {queue.decided.length === 0
          ? <p class="px-5 py-6 text-sm text-slate-500">No decisions yet.</p>
          : (
            <ul class="divide-y divide-slate-100">
              {queue.decided.map((application) => (
                <Decided key={application.id} application={application} />
              ))}
            </ul>
          )}
      </Card>
    </>
  );
}
