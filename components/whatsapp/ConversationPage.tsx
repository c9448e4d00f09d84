/** A conversation on its own page, reached from the inbox. */
import type { ComponentProps } from "preact";
import { ButtonLink, PageHeader } from "../ui/mod.ts";
import { ConversationView } from "./ConversationView.tsx";

export function ConversationPage(props: ComponentProps<typeof ConversationView>) {
  const { conversation } = props;
  return (
    <>
      <PageHeader title={conversation.name} subtitle="WhatsApp conversation">
        <div class="flex gap-2">
          {conversation.patientId && (
            <ButtonLink href={`/patients/${conversation.patientId}`} variant="secondary">
              Patient record
            </ButtonLink>
          )}
          <ButtonLink href="/whatsapp" variant="ghost">Inbox</ButtonLink>
        </div>
      </PageHeader>
      <ConversationView {...props} />
    </>
  );
}
