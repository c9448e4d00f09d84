/** Where an outbox message stands: queued, sending, sent or failed. */
import { Badge, type BadgeTone } from "../ui/mod.ts";
import type { EmailStatus } from "../../lib/db/schema.ts";

const TONES: Record<EmailStatus, BadgeTone> = {
  queued: "amber",
  sending: "sky",
  sent: "brand",
  failed: "red",
};

export function EmailStatusBadge({ status }: { status: EmailStatus }) {
  return <Badge tone={TONES[status]} class="capitalize">{status}</Badge>;
}
