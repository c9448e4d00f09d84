/**
 * The inventory's emails to the clinic owner: a low-stock alert when an item
 * reaches its threshold, and the end-of-day summary. Plain values in, the
 * branded `{ subject, html, text }` out.
 */
import { type EmailBlock, type RenderedEmail, renderEmail } from "../email/layout.tsx";
import { describeDate } from "../time/zoned.ts";
import type { InventoryUnit } from "../db/schema.ts";
import { quantityText } from "./catalog.ts";
import type { ConsumedItem, ExpiringLot, LowStockItem, Receipt } from "./stock-report.ts";

export interface LowStockEmail {
  clinicName: string;
  /** The clinic's logo for the email's header, when it has one. */
  clinicLogoUrl?: string | null;
  itemName: string;
  unit: InventoryUnit;
  onHand: number;
  threshold: number;
  reorderQuantity: number;
  itemUrl: string | null;
}

export function lowStockEmail(input: LowStockEmail): RenderedEmail {
  const out = input.onHand === 0;
  const state = out ? "is out of stock" : "is running low";
  const blocks: EmailBlock[] = [
    {
      kind: "paragraph",
      text: `${input.itemName} ${state} at ${input.clinicName}.`,
    },
    {
      kind: "details",
      rows: [
        ["On hand", quantityText(input.onHand, input.unit)],
        ["Reorder threshold", quantityText(input.threshold, input.unit)],
        ["Suggested order", quantityText(input.reorderQuantity, input.unit)],
      ],
    },
  ];
  if (input.itemUrl) blocks.push({ kind: "button", label: "Open the item", href: input.itemUrl });
  blocks.push({
    kind: "note",
    text: "You will not be alerted about this item again until it has been restocked above " +
      "its threshold and drops again.",
  });
  return renderEmail({
    subject: `${out ? "Out of stock" : "Low stock"}: ${input.itemName}`,
    preheader: `${quantityText(input.onHand, input.unit)} left; threshold ${input.threshold}.`,
    clinicName: input.clinicName,
    clinicLogoUrl: input.clinicLogoUrl,
    heading: out ? `${input.itemName} is out of stock` : `${input.itemName} is running low`,
    blocks,
    footer: "You receive low-stock alerts as the clinic owner. Turn them off in Settings → " +
      "Notifications.",
  });
}

export interface EndOfDayEmail {
  clinicName: string;
  /** The clinic's logo for the email's header, when it has one. */
  clinicLogoUrl?: string | null;
  /** The clinic's date the summary covers, YYYY-MM-DD. */
  date: string;
  consumed: ConsumedItem[];
  lowStock: LowStockItem[];
  expiring: ExpiringLot[];
  receiptsToday: Receipt[];
  receiptsThisWeek: Receipt[];
  inventoryUrl: string;
  reorderUrl: string;
}

function rowsOrNone(
  rows: (readonly [string, string])[],
  none: string,
): EmailBlock {
  return rows.length ? { kind: "details", rows } : { kind: "note", text: none };
}

export function endOfDayEmail(input: EndOfDayEmail): RenderedEmail {
  const day = describeDate(input.date);
  const blocks: EmailBlock[] = [
    {
      kind: "paragraph",
      text: `Inventory at ${input.clinicName} for ${day}: ` +
        `${input.consumed.length} item${input.consumed.length === 1 ? "" : "s"} used, ` +
        `${input.lowStock.length} low on stock, ${input.expiring.length} lot` +
        `${input.expiring.length === 1 ? "" : "s"} expiring within 30 days.`,
    },
    { kind: "paragraph", text: "Used today" },
    rowsOrNone(
      input.consumed.map((c) => [c.name, quantityText(c.quantity, c.unit)] as const),
      "Nothing was recorded as used today.",
    ),
    { kind: "paragraph", text: "Low stock" },
    rowsOrNone(
      input.lowStock.map((item) =>
        [
          item.name,
          `${quantityText(item.onHand, item.unit)} (threshold ${item.reorderThreshold})`,
        ] as const
      ),
      "No item is at or below its reorder threshold.",
    ),
    { kind: "paragraph", text: "Expiring within 30 days" },
    rowsOrNone(
      input.expiring.map((lot) =>
        [
          lot.itemName + (lot.lotNumber ? ` (lot ${lot.lotNumber})` : ""),
          `${quantityText(lot.remaining, lot.unit)}, expires ${describeDate(lot.expiresOn)}`,
        ] as const
      ),
      "No stock expires within 30 days.",
    ),
    { kind: "paragraph", text: "Supplier deliveries" },
    rowsOrNone(
      [
        ...input.receiptsToday.map((r) =>
          [
            `Today: ${r.itemName}`,
            `${quantityText(r.quantity, r.unit)}${r.supplierName ? ` from ${r.supplierName}` : ""}`,
          ] as const
        ),
        [
          "This week",
          `${input.receiptsThisWeek.length} deliver${
            input.receiptsThisWeek.length === 1 ? "y" : "ies"
          } received`,
        ] as const,
      ],
      "",
    ),
    {
      kind: "actions",
      primary: { label: "Open the reorder list", href: input.reorderUrl },
      secondary: { label: "View the full inventory", href: input.inventoryUrl },
    },
  ];
  return renderEmail({
    subject: `Inventory summary for ${day}` +
      (input.lowStock.length ? ` · ${input.lowStock.length} low` : ""),
    preheader: `${input.consumed.length} used, ${input.lowStock.length} low, ` +
      `${input.expiring.length} expiring soon.`,
    clinicName: input.clinicName,
    clinicLogoUrl: input.clinicLogoUrl,
    heading: `End-of-day inventory · ${day}`,
    blocks,
    footer: "You receive this summary as the clinic owner. Turn it off in Settings → " +
      "Notifications.",
  });
}
