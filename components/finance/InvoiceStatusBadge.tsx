/** Where an invoice stands: draft, issued, partially paid, paid or void; overdue when past due. */
import { Badge, type BadgeTone } from "../ui/mod.ts";
import type { InvoiceStatus } from "../../lib/db/schema.ts";
import { INVOICE_STATUS_LABELS } from "../../lib/finance/totals.ts";

const TONES: Record<InvoiceStatus, BadgeTone> = {
  draft: "slate",
  issued: "sky",
  partially_paid: "amber",
  paid: "green",
  void: "red",
};

export function InvoiceStatusBadge(
  { status, overdue }: { status: InvoiceStatus; overdue?: boolean },
) {
  if (overdue) return <Badge tone="rose" dot>Overdue</Badge>;
  return <Badge tone={TONES[status]}>{INVOICE_STATUS_LABELS[status]}</Badge>;
}

export function isOverdue(invoice: { status: InvoiceStatus; dueDate: string }, today: string) {
  return (invoice.status === "issued" || invoice.status === "partially_paid") &&
    invoice.dueDate < today;
}
