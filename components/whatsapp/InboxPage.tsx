/** The clinic's WhatsApp inbox: conversations newest first, with unread counts. */
import type { ConversationSummary } from "../../lib/whatsapp/conversations.ts";
import { formatRelative } from "../../lib/view/format.ts";
import { Badge, ButtonLink, Card, Notice, PageHeader } from "../ui/mod.ts";

export function InboxPage(
  { conversations, unread, connected, now, canConfigure }: {
    conversations: ConversationSummary[];
    unread: number;
    connected: boolean;
    now: Date;
    canConfigure: boolean;
  },
) {
  return (
    <>
      <PageHeader
        title="WhatsApp"
        subtitle={unread ? `${unread} unread message${unread === 1 ? "" : "s"}` : "All caught up"}
      >
        {canConfigure && (
          <ButtonLink href="/settings/whatsapp" variant="secondary">Connection</ButtonLink>
        )}
      </PageHeader>
      {!connected && (
        <div class="mb-6">
          <Notice tone="info">
            No WhatsApp number is connected, so nothing is sent or received.
            {canConfigure
              ? " Connect one in Settings → WhatsApp."
              : " Ask a clinic admin to connect one."}
          </Notice>
        </div>
      )}
      <Card>
        {conversations.length === 0
          ? <p class="p-6 text-sm text-slate-500">No conversations yet.</p>
          : (
            <ul class="divide-y divide-slate-100" data-inbox>
              {conversations.map((conversation) => (
                <li key={conversation.path}>
                  <a
                    href={conversation.path}
                    class="flex items-center gap-4 px-5 py-4 hover:bg-slate-50"
                    data-conversation={conversation.name}
                  >
                    <div class="min-w-0 flex-1">
                      <div class="flex items-center gap-2">
                        <p
                          class={`truncate text-sm ${
                            conversation.unread
                              ? "font-semibold text-slate-900"
                              : "font-medium text-slate-700"
                          }`}
                        >
                          {conversation.name}
                        </p>
                        {!conversation.patientId && <Badge tone="amber">Not a patient</Badge>}
                      </div>
                      <p class="mt-0.5 truncate text-sm text-slate-500">{conversation.preview}</p>
                    </div>
                    <div class="flex shrink-0 flex-col items-end gap-1">
                      <span class="text-xs text-slate-400">
                        {formatRelative(conversation.lastAt, now)}
                      </span>
                      {conversation.unread > 0 && (
                        <Badge tone="brand" title="Unread">{String(conversation.unread)}</Badge>
                      )}
                    </div>
                  </a>
                </li>
              ))}
            </ul>
          )}
      </Card>
    </>
  );
}
