/** An invoice's status as a coloured label. */
import type { PlatformInvoiceStatus } from "../../lib/db/schema/platform-invoices.ts";
import { STATUS_LABELS } from "../../lib/platform-billing/labels.ts";
import { Badge, type BadgeTone } from "../ui/mod.ts";

const TONES: Record<PlatformInvoiceStatus, BadgeTone> = {
  draft: "slate",
  sent: "sky",
  paid: "green",
  void: "red",
};

export function InvoiceStatusBadge({ status }: { status: PlatformInvoiceStatus }) {
  return (
    <span data-status={status}>
      <Badge tone={TONES[status]} dot>{STATUS_LABELS[status]}</Badge>
    </span>
  );
}
