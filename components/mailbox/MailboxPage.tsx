/** The development mailbox: what the outbox holds, newest first, filtered by status. */
import { Card, PageHeader } from "../ui/mod.ts";
import type { EmailStatus } from "../../lib/db/schema.ts";
import type { OutboxMessage } from "../../lib/email/outbox.ts";
import { formatRelative } from "../../lib/view/format.ts";
import { EmailStatusBadge } from "./EmailStatusBadge.tsx";

export const MAILBOX_PATH = "/dev/mailbox";

function StatusFilter(
  { statuses, current }: { statuses: readonly EmailStatus[]; current: EmailStatus | undefined },
) {
  const options: [string, EmailStatus | undefined][] = [
    ["All", undefined],
    ...statuses.map((s): [string, EmailStatus] => [s[0].toUpperCase() + s.slice(1), s]),
  ];
  return (
    <nav aria-label="Filter by status" class="flex flex-wrap gap-1.5">
      {options.map(([label, status]) => {
        const active = status === current;
        return (
          <a
            key={label}
            href={status ? `${MAILBOX_PATH}?status=${status}` : MAILBOX_PATH}
            aria-current={active ? "page" : undefined}
            class={`rounded-full px-3 py-1 text-sm font-medium ring-1 ${
              active
                ? "bg-slate-900 text-white ring-slate-900"
                : "bg-white text-slate-600 ring-slate-200 hover:bg-slate-50"
            }`}
          >
            {label}
          </a>
        );
      })}
    </nav>
  );
}

function MessageRow({ message, now }: { message: OutboxMessage; now: Date }) {
  return (
    <li>
      <a
        href={`${MAILBOX_PATH}/${message.id}`}
        class="flex flex-col gap-1.5 px-5 py-3.5 hover:bg-slate-50 sm:flex-row sm:items-center sm:gap-4"
      >
        <div class="min-w-0 flex-1">
          <p class="truncate text-sm font-medium text-slate-900">{message.subject}</p>
          <p class="truncate text-sm text-slate-500">
            {message.toAddress} · <span class="font-mono text-xs">{message.kind}</span>
          </p>
        </div>
        <div class="flex shrink-0 items-center gap-3 text-sm text-slate-500">
          <EmailStatusBadge status={message.status} />
          <span class="tabular-nums" title="Delivery attempts">
            {message.attempts} {message.attempts === 1 ? "attempt" : "attempts"}
          </span>
          <time class="w-28 text-right" dateTime={message.createdAt.toISOString()}>
            {formatRelative(message.createdAt, now)}
          </time>
        </div>
      </a>
    </li>
  );
}

export function MailboxPage(
  { messages, statuses, filter, provider, allClinics, now }: {
    messages: OutboxMessage[];
    statuses: readonly EmailStatus[];
    filter: EmailStatus | undefined;
    /** The configured email provider's name. */
    provider: string;
    /** The reader sees every clinic's mail (a platform administrator). */
    allClinics: boolean;
    now: Date;
  },
) {
  return (
    <>
      <PageHeader
        title="Dev mailbox"
        subtitle={`Email in the outbox, newest first. Provider: ${provider}` +
          (provider === "log" ? " (nothing leaves this machine)." : ".")}
      >
        <StatusFilter statuses={statuses} current={filter} />
      </PageHeader>
      <Card
        title={`${messages.length} ${messages.length === 1 ? "message" : "messages"}${
          allClinics ? " · all clinics" : ""
        }`}
      >
        {messages.length === 0
          ? (
            <p class="px-5 py-10 text-center text-sm text-slate-500">
              No email{" "}
              {filter ? `with status “${filter}”` : "yet"}. Invitations and appointment emails
              appear here as soon as they are queued.
            </p>
          )
          : (
            <ul class="divide-y divide-slate-100">
              {messages.map((message) => (
                <MessageRow
                  key={message.id}
                  message={message}
                  now={now}
                />
              ))}
            </ul>
          )}
      </Card>
    </>
  );
}
