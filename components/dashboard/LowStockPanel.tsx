/**
 * The nurse's low-stock card: what is at or below its reorder threshold, out
 * of stock first, so whoever prepares the chairs knows before a tray is short.
 * Each item links to its page; the footer to the printable reorder list.
 */
import type { LowStockItem } from "../../lib/inventory/stock-report.ts";
import { quantityText, stockStatus } from "../../lib/inventory/catalog.ts";
import { StockBadge } from "../inventory/StockBadge.tsx";
import { EmptyLine, Panel } from "./today-parts.tsx";

/** How many items the card lists; the reorder list has the rest. */
const SHOWN = 8;

export function LowStockPanel({ items }: { items: LowStockItem[] }) {
  const more = items.length - SHOWN;
  return (
    <Panel
      id="low-stock"
      title="Low stock"
      count={items.length}
      action={items.length > 0 && (
        <a href="/inventory/reorder" class="text-sm font-medium text-brand-700 hover:underline">
          Reorder list
        </a>
      )}
    >
      {items.length === 0
        ? <EmptyLine>Everything is above its reorder level.</EmptyLine>
        : (
          <ul class="divide-y divide-slate-100">
            {items.slice(0, SHOWN).map((item) => (
              <li key={item.id} data-low-stock={item.id}>
                <a
                  href={`/inventory/items/${item.id}`}
                  class="flex min-h-[3.25rem] items-center justify-between gap-3 px-5 py-2.5 hover:bg-slate-50"
                >
                  <span class="min-w-0">
                    <span class="block truncate text-sm font-medium text-slate-900">
                      {item.name}
                    </span>
                    <span class="block text-xs text-slate-500">
                      <span data-on-hand>{quantityText(item.onHand, item.unit)}</span>
                      {` left · reorder at ${item.reorderThreshold}`}
                    </span>
                  </span>
                  <StockBadge status={stockStatus(item.onHand, item.reorderThreshold)} />
                </a>
              </li>
            ))}
          </ul>
        )}
      {more > 0 && (
        <p class="border-t border-slate-100 px-5 py-3 text-sm text-slate-500">
          and {more} more on the reorder list
        </p>
      )}
    </Panel>
  );
}
