/** Superadmin → Error logs → one record: where and when, its attributes and its stack. */
import type { ComponentChildren } from "preact";
import type { ErrorRecordDetail } from "../../lib/observability/error-log-store.ts";
import { formatDateTime } from "../../lib/view/format.ts";
import { BackLink } from "../admin/BackLink.tsx";
import { Card, PageHeader } from "../ui/mod.ts";
import { SeverityBadge } from "./SeverityBadge.tsx";

const PLATFORM_ZONE = "Asia/Karachi";

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="min-w-0">
      <dt class="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd class="mt-1 break-words text-sm text-slate-900">{children}</dd>
    </div>
  );
}

export function ErrorRecordPage({ record }: { record: ErrorRecordDetail }) {
  const attributes = Object.entries(record.attributes).sort(([a], [b]) => a.localeCompare(b));
  return (
    <>
      <BackLink href="/admin/errors" label="Error logs" />
      <PageHeader
        title="Error record"
        subtitle={`${formatDateTime(record.occurredAt, PLATFORM_ZONE)} (Karachi time)`}
      />
      <Card class="mb-6">
        <div class="flex items-start gap-3 px-5 py-5">
          <SeverityBadge number={record.severityNumber} />
          <p class="min-w-0 flex-1 break-words font-mono text-sm text-slate-900" data-message>
            {record.message}
          </p>
        </div>
        <dl class="grid gap-4 border-t border-slate-100 px-5 py-5 sm:grid-cols-2 lg:grid-cols-3">
          <Fact label="Route">
            <span class="font-mono" data-route>{record.route ?? "—"}</span>
          </Fact>
          <Fact label="Clinic">
            {record.clinicId
              ? (
                <a
                  href={`/admin/clinics/${record.clinicId}`}
                  class="font-medium text-brand-700 hover:underline"
                  data-clinic
                >
                  {record.clinicName ?? record.clinicId}
                </a>
              )
              : "—"}
          </Fact>
          <Fact label="Release">
            <span class="font-mono" data-release>{record.release ?? "—"}</span>
          </Fact>
          <Fact label="Service">{record.serviceName ?? "—"}</Fact>
          <Fact label="Trace id">
            <span class="font-mono text-xs" data-trace>{record.traceId ?? "—"}</span>
          </Fact>
          <Fact label="Occurrences of this message">{record.occurrences}</Fact>
        </dl>
      </Card>
      <div class="grid min-w-0 gap-6">
        <Card title="Stack" class="min-w-0 overflow-hidden">
          {record.stack
            ? (
              <pre
                // Scrolls sideways on a narrow screen; keyboard users must be able to reach it.
                tabIndex={0}
                aria-label="Stack trace"
                class="overflow-x-auto whitespace-pre px-5 py-4 font-mono text-xs leading-relaxed text-slate-800"
                data-stack
              >{record.stack}</pre>
            )
            : <p class="px-5 py-4 text-sm text-slate-500">This record carries no stack.</p>}
        </Card>
        <Card title="Attributes" class="min-w-0 overflow-hidden">
          {attributes.length
            ? (
              <table class="w-full table-fixed text-left text-xs" data-attributes>
                <tbody class="divide-y divide-slate-100">
                  {attributes.map(([key, value]) => (
                    <tr key={key}>
                      <th
                        scope="row"
                        class="w-2/5 break-words px-5 py-2 font-mono font-medium text-slate-600"
                      >
                        {key}
                      </th>
                      <td class="break-words px-5 py-2 font-mono text-slate-900">{value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
            : <p class="px-5 py-4 text-sm text-slate-500">No attributes.</p>}
        </Card>
      </div>
    </>
  );
}
