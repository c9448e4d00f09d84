/**
 * The default provider: nothing leaves the machine. One line per message
 * names it without its body (bodies hold patient details and invitation
 * links); the development mailbox at /dev/mailbox shows the whole message.
 */
import type { EmailProvider } from "./provider.ts";

export function logProvider(write: (line: string) => void = console.log): EmailProvider {
  return {
    name: "log",
    send(message) {
      write(
        `email ${message.kind} to=${message.to} subject=${JSON.stringify(message.subject)} ` +
          `id=${message.id}` +
          (message.attachments?.length ? ` attachments=${message.attachments.length}` : ""),
      );
      return Promise.resolve({ messageId: `log-${message.id}` });
    },
  };
}
