/**
 * One conversation: the messages as chat bubbles with their delivery
 * status, and the reply box. While the patient's last message is under 24
 * hours old staff write freely; after that WhatsApp allows only a template,
 * and the box says so and offers the follow-up template instead.
 */
import type { Conversation } from "../../lib/whatsapp/conversations.ts";
import { formatDateTime } from "../../lib/view/format.ts";
import { Badge, Button, Card, Notice, Textarea } from "../ui/mod.ts";

const KIND_LABELS: Record<string, string> = {
  booking_confirmation: "Booking confirmation",
  reminder: "Reminder",
  reschedule: "Reschedule notice",
  missed_visit: "Missed-visit follow-up",
  reopen: "Follow-up template",
};

const STATUS_TONES: Record<string, "slate" | "green" | "sky" | "red" | "amber"> = {
  queued: "slate",
  sending: "slate",
  sent: "sky",
  delivered: "green",
  read: "green",
  failed: "red",
  cancelled: "amber",
};

export function ConversationView(
  { conversation, timeZone, canSend, connected, problem, text }: {
    conversation: Conversation;
    timeZone: string;
    canSend: boolean;
    connected: boolean;
    problem?: string;
    text?: string;
  },
) {
  const open = conversation.windowClosesAt !== null;
  return (
    <Card>
      <ol class="max-h-[60vh] space-y-3 overflow-y-auto bg-slate-50 p-4" data-messages>
        {conversation.messages.length === 0 && (
          <li class="text-center text-sm text-slate-500">No messages yet.</li>
        )}
        {conversation.messages.map((message) => {
          const inbound = message.direction === "inbound";
          return (
            <li key={message.id} class={`flex ${inbound ? "justify-start" : "justify-end"}`}>
              <div
                class={`max-w-[85%] rounded-2xl px-4 py-2 text-sm shadow-sm ring-1 sm:max-w-[70%] ${
                  inbound ? "bg-white ring-slate-200" : "bg-brand-50 ring-brand-200"
                }`}
                data-message={message.direction}
              >
                {message.kind !== "reply" && message.kind !== "inbound" && (
                  <p class="mb-1 text-xs font-medium text-brand-700">{KIND_LABELS[message.kind]}</p>
                )}
                <p class="whitespace-pre-wrap break-words text-slate-800">
                  {message.body ??
                    (message.templateName
                      ? `Template ${message.templateName}`
                      : `[${message.messageType}]`)}
                </p>
                <p class="mt-1 flex items-center justify-end gap-2 text-xs text-slate-400">
                  {formatDateTime(message.createdAt, timeZone)}
                  {!inbound && (
                    <Badge tone={STATUS_TONES[message.status] ?? "slate"}>{message.status}</Badge>
                  )}
                </p>
                {message.status === "failed" && message.errorTitle && (
                  <p class="mt-1 text-xs text-red-700">
                    {message.errorCode ? `${message.errorCode}: ` : ""}
                    {message.errorTitle}
                  </p>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      {canSend && (
        <div class="border-t border-slate-100 p-4">
          {problem && (
            <div class="mb-3">
              <Notice tone="error">{problem}</Notice>
            </div>
          )}
          {!connected
            ? <Notice tone="info">No WhatsApp number is connected; replies cannot be sent.</Notice>
            : open
            ? (
              <form
                method="post"
                action={`${conversation.path}/reply`}
                class="flex flex-col gap-2 sm:flex-row sm:items-end"
              >
                <label for="wa-reply" class="sr-only">Reply</label>
                <Textarea
                  id="wa-reply"
                  name="text"
                  rows={2}
                  class="flex-1"
                  required
                  maxLength={4096}
                >
                  {text ?? ""}
                </Textarea>
                <Button type="submit">Send</Button>
              </form>
            )
            : (
              <form
                method="post"
                action={`${conversation.path}/template`}
                class="space-y-3"
                data-window-closed
              >
                <p class="text-sm text-slate-600">
                  {conversation.reachable
                    ? "The patient last wrote more than 24 hours ago (or never), so WhatsApp allows only an approved template. Send the follow-up template; once they answer, you can write freely for 24 hours."
                    : "This patient has no WhatsApp or phone number."}
                </p>
                {conversation.reachable && (
                  <Button type="submit" variant="secondary">Send follow-up template</Button>
                )}
              </form>
            )}
          {open && (
            <p class="mt-2 text-xs text-slate-400">
              Free replies allowed until {formatDateTime(conversation.windowClosesAt!, timeZone)}.
            </p>
          )}
        </div>
      )}
    </Card>
  );
}
