/** The printable reorder list: flagged items with what to order and whom to call. */
import { Card, Notice, PageHeader } from "../ui/mod.ts";
import { formatDateTime } from "../../lib/view/format.ts";
import { quantityText } from "../../lib/inventory/catalog.ts";
import type { ReorderLine } from "../../lib/inventory/overview.ts";
import { InventoryNav } from "./InventoryNav.tsx";
import { StockBadge } from "./StockBadge.tsx";
import { stockStatus } from "../../lib/inventory/catalog.ts";

export function ReorderPage(
  { lines, clinicName, timeZone, now, showSuppliers }: {
    lines: ReorderLine[];
    clinicName: string;
    timeZone: string;
    now: Date;
    showSuppliers: boolean;
  },
) {
  return (
    <>
      <PageHeader
        title="Reorder list"
        subtitle={`${clinicName} · ${formatDateTime(now, timeZone)}`}
      >
        <p class="text-sm text-slate-500 print:hidden">Print it from the browser (Ctrl+P).</p>
      </PageHeader>
      <InventoryNav current="/inventory/reorder" suppliers={showSuppliers} />
      {lines.length === 0
        ? <Notice tone="success">Nothing to reorder: every item is above its threshold.</Notice>
        : (
          <Card>
            <table class="min-w-full text-sm" data-reorder-table>
              <thead>
                <tr class="border-b border-slate-100 text-left text-xs uppercase tracking-wide text-slate-500">
                  <th scope="col" class="px-4 py-3 font-medium sm:px-5">Item</th>
                  <th scope="col" class="px-4 py-3 text-right font-medium">On hand</th>
                  <th scope="col" class="px-4 py-3 text-right font-medium">Order</th>
                  <th scope="col" class="hidden px-5 py-3 font-medium sm:table-cell">Supplier</th>
                </tr>
              </thead>
              <tbody class="divide-y divide-slate-100">
                {lines.map((line) => (
                  <tr key={line.id} data-reorder-row={line.name}>
                    <td class="px-4 py-3 sm:px-5">
                      <a
                        href={`/inventory/items/${line.id}`}
                        class="font-medium text-slate-900 hover:underline"
                      >
                        {line.name}
                      </a>
                      <div class="mt-1 flex flex-wrap items-center gap-2">
                        <StockBadge status={stockStatus(line.onHand, line.reorderThreshold)} />
                        {line.scheduleRisk && (
                          <span class="text-xs font-medium text-red-700">
                            Booked schedule runs out first
                          </span>
                        )}
                      </div>
                      <p class="mt-1 text-xs text-slate-500 sm:hidden">
                        {line.supplier
                          ? [line.supplier.name, line.supplier.phone].filter(Boolean).join(" · ")
                          : "No supplier"}
                      </p>
                    </td>
                    <td class="whitespace-nowrap px-4 py-3 text-right tabular-nums">
                      {line.onHand}
                      <span class="block text-xs text-slate-500">
                        threshold {line.reorderThreshold}
                      </span>
                    </td>
                    <td class="whitespace-nowrap px-4 py-3 text-right font-semibold tabular-nums text-slate-900">
                      {quantityText(line.reorderQuantity, line.unit)}
                    </td>
                    <td class="hidden px-5 py-3 sm:table-cell">
                      {line.supplier
                        ? (
                          <div>
                            <p class="font-medium text-slate-900">{line.supplier.name}</p>
                            <p class="text-slate-500">
                              {[
                                line.supplier.contactPerson,
                                line.supplier.phone,
                                line.supplier.email,
                              ]
                                .filter(Boolean).join(" · ")}
                            </p>
                          </div>
                        )
                        : <span class="text-slate-400">No supplier</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        )}
    </>
  );
}
