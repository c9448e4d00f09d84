/** An item's stock state as a chip: OK, Low or Out. */
import { Badge, type BadgeTone } from "../ui/mod.ts";
import { STOCK_STATUS_LABELS, type StockStatus } from "../../lib/inventory/catalog.ts";

const TONES: Record<StockStatus, BadgeTone> = { ok: "green", low: "amber", out: "red" };

export function StockBadge({ status }: { status: StockStatus }) {
  return <Badge tone={TONES[status]} dot>{STOCK_STATUS_LABELS[status]}</Badge>;
}
