/** One outbox message: its delivery facts, its HTML as the recipient sees it, and its text. */
import type { ComponentChildren } from "preact";
import { Icon } from "../Icon.tsx";
import { Card, PageHeader } from "../ui/mod.ts";
import type { AttachmentSummary, OutboxMessage } from "../../lib/email/outbox.ts";
import { formatDateTime } from "../../lib/view/format.ts";
import { EmailStatusBadge } from "./EmailStatusBadge.tsx";
import { MAILBOX_PATH } from "./MailboxPage.tsx";

function formatFileSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="min-w-0">
      <dt class="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd class="mt-1 break-words text-sm text-slate-900">{children}</dd>
    </div>
  );
}

export function MailboxMessagePage(
  { message, timeZone, from }: {
    message: OutboxMessage & { attachments: AttachmentSummary[] };
    timeZone: string;
    from: string;
  },
) {
  return (
    <>
      <a
        href={MAILBOX_PATH}
        class="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-brand-700 hover:text-brand-800"
      >
        <Icon name="arrowLeft" class="h-4 w-4" /> Mailbox
      </a>
      <PageHeader title={message.subject} subtitle={`To ${message.toAddress}`}>
        <EmailStatusBadge status={message.status} />
      </PageHeader>
      <Card class="mb-6">
        <dl class="grid grid-cols-1 gap-4 px-5 py-4 sm:grid-cols-2 lg:grid-cols-4">
          <Fact label="From">{from}</Fact>
          <Fact label="Kind">
            <span class="font-mono text-xs">{message.kind}</span>
          </Fact>
          <Fact label="Queued">{formatDateTime(message.createdAt, timeZone)}</Fact>
          <Fact label="Attempts">{message.attempts}</Fact>
          <Fact label="Sent">
            {message.sentAt ? formatDateTime(message.sentAt, timeZone) : "Not yet"}
          </Fact>
          <Fact label={message.status === "sent" ? "Provider id" : "Next attempt"}>
            {message.status === "sent"
              ? <span class="font-mono text-xs">{message.providerMessageId ?? "—"}</span>
              : message.status === "failed"
              ? "None: gave up"
              : formatDateTime(message.nextAttemptAt, timeZone)}
          </Fact>
          {message.dedupeKey && (
            <Fact label="Dedupe key">
              <span class="font-mono text-xs">{message.dedupeKey}</span>
            </Fact>
          )}
          {message.lastError && (
            <div class="sm:col-span-2 lg:col-span-4">
              <Fact label="Last error">
                <span class="text-red-700">{message.lastError}</span>
              </Fact>
            </div>
          )}
        </dl>
      </Card>
      {message.attachments.length > 0 && (
        <Card title={`Attachments (${message.attachments.length})`} class="mb-6">
          <ul class="divide-y divide-slate-100">
            {message.attachments.map((file) => (
              <li key={file.position} class="flex items-center gap-3 px-5 py-3">
                <Icon name="paperclip" class="h-4 w-4 shrink-0 text-slate-400" />
                <span class="min-w-0 flex-1 truncate text-sm text-slate-900">{file.filename}</span>
                <span class="text-xs text-slate-500">
                  {file.contentType} · {formatFileSize(file.sizeBytes)}
                </span>
                <a
                  href={`${MAILBOX_PATH}/${message.id}/attachments/${file.position}`}
                  download={file.filename}
                  class="text-sm font-medium text-brand-700 hover:text-brand-800"
                >
                  Download
                </a>
              </li>
            ))}
          </ul>
        </Card>
      )}
      <Card title="As the recipient sees it" class="mb-6 overflow-hidden">
        {/* No scripts and no same-origin access; links may open in a new tab. */}
        <iframe
          title={`Email: ${message.subject}`}
          srcdoc={message.html}
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          class="block h-[760px] w-full rounded-b-xl bg-slate-100"
        />
      </Card>
      <Card title="Plain-text version">
        <pre class="overflow-x-auto whitespace-pre-wrap break-words px-5 py-4 font-mono text-sm text-slate-700">{message.text}</pre>
      </Card>
    </>
  );
}
