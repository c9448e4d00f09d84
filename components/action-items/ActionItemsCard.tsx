/**
 * The "Action items" card: what needs someone now (unconfirmed visits within
 * a day, visits left open, overdue invoices, lab cases overdue or pending,
 * low stock), most urgent first, each a one-click link to the page where it
 * is resolved. Items are computed on each render, so a resolved one is gone.
 */
import { Badge, type BadgeTone, Card } from "../ui/mod.ts";
import type { ActionItem, ActionKind, Urgency } from "../../lib/action-items/items.ts";

const KIND_LABELS: Record<ActionKind, string> = {
  appointment_unconfirmed: "Unconfirmed",
  appointment_stale: "Left open",
  invoice_overdue: "Overdue invoice",
  lab_overdue: "Lab overdue",
  lab_pending: "Lab pending",
  stock_low: "Low stock",
};

const URGENCY_TONES: Record<Urgency, BadgeTone> = { high: "red", medium: "amber", low: "slate" };

/** How many items the card lists; the rest are counted under it. */
export const CARD_LIMIT = 12;

export function ActionItemsCard({ items }: { items: ActionItem[] }) {
  const shown = items.slice(0, CARD_LIMIT);
  return (
    <div data-panel="action-items" class="min-w-0">
      <Card title={`Action items · ${items.length}`}>
        {items.length === 0
          ? (
            <p class="px-5 py-6 text-sm text-slate-500">
              Nothing needs attention: no unconfirmed visits, overdue cases or low stock.
            </p>
          )
          : (
            <ul class="divide-y divide-slate-100">
              {shown.map((item) => (
                <li key={`${item.kind}:${item.id}`} data-action-item={item.kind}>
                  <a
                    href={item.href}
                    class="flex items-start gap-3 px-5 py-3 hover:bg-slate-50 focus:bg-slate-50 focus:outline-none"
                  >
                    <span class="min-w-0 flex-1">
                      <span class="block text-sm font-medium text-slate-900">{item.title}</span>
                      <span class="block truncate text-xs text-slate-500">{item.detail}</span>
                      {item.nudge && (
                        <span class="mt-0.5 block text-xs italic text-slate-600">{item.nudge}</span>
                      )}
                    </span>
                    <Badge tone={URGENCY_TONES[item.urgency]} class="shrink-0 whitespace-nowrap">
                      {KIND_LABELS[item.kind]}
                    </Badge>
                  </a>
                </li>
              ))}
            </ul>
          )}
        {items.length > shown.length && (
          <p class="border-t border-slate-100 px-5 py-2 text-xs text-slate-500">
            {items.length - shown.length} more not shown.
          </p>
        )}
      </Card>
    </div>
  );
}
