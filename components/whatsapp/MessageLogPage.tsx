/** Settings → WhatsApp → Messages: every message with its kind, template, status trail and error. */
import type { LogFilter, LogPage } from "../../lib/whatsapp/message-log.ts";
import { formatDateTime } from "../../lib/view/format.ts";
import { Badge, Button, ButtonLink, Card, PageHeader, Select } from "../ui/mod.ts";

const KIND_LABELS: Record<string, string> = {
  booking_confirmation: "Booking confirmation",
  reminder: "Reminder",
  reschedule: "Reschedule",
  missed_visit: "Missed visit",
  reply: "Reply",
  reopen: "Follow-up template",
  inbound: "Inbound",
};

function pageHref(filter: LogFilter, page: number): string {
  const query = new URLSearchParams();
  if (filter.status) query.set("status", filter.status);
  if (filter.kind) query.set("kind", filter.kind);
  if (page > 1) query.set("page", String(page));
  const text = query.toString();
  return `/settings/whatsapp/messages${text ? `?${text}` : ""}`;
}

export function MessageLogPage(
  { log, filter, timeZone, statuses, kinds }: {
    log: LogPage;
    filter: LogFilter;
    timeZone: string;
    /** The filter's choices. */
    statuses: readonly string[];
    kinds: readonly string[];
  },
) {
  return (
    <>
      <PageHeader
        title="WhatsApp messages"
        subtitle={`${log.total} message${log.total === 1 ? "" : "s"}`}
      >
        <ButtonLink href="/settings/whatsapp" variant="secondary">Connection</ButtonLink>
      </PageHeader>
      <form method="get" class="mb-4 flex flex-wrap items-end gap-3">
        <label class="text-sm text-slate-600">
          Status
          <Select name="status" class="mt-1 block">
            <option value="">Any</option>
            {statuses.map((s) => (
              <option key={s} value={s} selected={filter.status === s}>{s}</option>
            ))}
          </Select>
        </label>
        <label class="text-sm text-slate-600">
          Kind
          <Select name="kind" class="mt-1 block">
            <option value="">Any</option>
            {kinds.map((k) => (
              <option key={k} value={k} selected={filter.kind === k}>{KIND_LABELS[k]}</option>
            ))}
          </Select>
        </label>
        <Button type="submit" variant="secondary" size="sm">Filter</Button>
      </form>
      <Card>
        {log.entries.length === 0
          ? <p class="p-6 text-sm text-slate-500">No messages match.</p>
          : (
            <ul class="divide-y divide-slate-100" data-message-log>
              {log.entries.map((entry) => (
                <li
                  key={entry.id}
                  class="grid grid-cols-1 gap-2 px-5 py-3 text-sm md:grid-cols-12 md:items-start"
                >
                  <div class="md:col-span-3">
                    <p class="font-medium text-slate-900">
                      {entry.patientName ?? entry.contactName ?? "Unknown number"}
                    </p>
                    <p class="text-xs text-slate-500">
                      {formatDateTime(entry.createdAt, timeZone)}
                    </p>
                  </div>
                  <div class="md:col-span-3">
                    <p class="text-slate-700">
                      {entry.direction === "inbound" ? "← " : "→ "}
                      {KIND_LABELS[entry.kind] ?? entry.kind}
                    </p>
                    {entry.templateName && (
                      <p class="text-xs text-slate-500">
                        {entry.templateName} ({entry.templateLanguage})
                      </p>
                    )}
                  </div>
                  <div class="md:col-span-6">
                    <p class="flex flex-wrap items-center gap-1 text-xs text-slate-500">
                      {entry.trail.map((step, index) => (
                        <span key={index} title={step.note}>
                          {index > 0 && "→ "}
                          {step.status}
                          {step.code ? ` (${step.code})` : ""}
                        </span>
                      ))}
                    </p>
                    {entry.errorTitle && (
                      <p class="mt-1 text-xs text-red-700">
                        <Badge tone="red">{entry.errorCode ?? "error"}</Badge> {entry.errorTitle}
                      </p>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          )}
      </Card>
      <nav class="mt-4 flex justify-between" aria-label="Pages">
        {log.page > 1
          ? (
            <ButtonLink href={pageHref(filter, log.page - 1)} variant="secondary" size="sm">
              Newer
            </ButtonLink>
          )
          : <span />}
        {log.hasMore && (
          <ButtonLink href={pageHref(filter, log.page + 1)} variant="secondary" size="sm">
            Older
          </ButtonLink>
        )}
      </nav>
    </>
  );
}
