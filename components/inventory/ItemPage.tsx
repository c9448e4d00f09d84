/**
 * One item: its stock and status, days of cover, the lots on the shelf
 * (earliest expiry first, the order they are used in), the stock form, and
 * the movement history.
 */
import StockMovementForm, { type MovementKindOption } from "../../islands/StockMovementForm.tsx";
import { ButtonLink, Card, Notice, PageHeader, Stat } from "../ui/mod.ts";
import { formatDateTime, formatMoney } from "../../lib/view/format.ts";
import { describeDate } from "../../lib/time/zoned.ts";
import { MOVEMENT_LABELS, quantityText, UNIT_LABELS } from "../../lib/inventory/catalog.ts";
import type { ItemView } from "../../lib/inventory/overview.ts";
import type { Supplier } from "../../lib/inventory/suppliers.ts";
import { StockBadge } from "./StockBadge.tsx";
import { InventoryNav, noticeText } from "./InventoryNav.tsx";

function coverHint(view: ItemView): string {
  const { cover } = view;
  if (cover.daysAtBookedRate !== null) {
    return `${cover.daysAtBookedRate} days at the booked schedule (${cover.bookedUse} in 14 days)`;
  }
  return cover.recentDailyUse > 0
    ? `at ${cover.recentDailyUse.toFixed(1)} a day, the last 30 days' rate`
    : "Nothing used in the last 30 days";
}

export function ItemPage(
  { view, kinds, canEdit, suppliers, showSuppliers, linkPlans, notice, error, today }: {
    view: ItemView;
    kinds: MovementKindOption[];
    canEdit: boolean;
    /** The reader may open treatment plans: stock a plan item took links to its plan. */
    linkPlans?: boolean;
    showSuppliers: boolean;
    suppliers: Supplier[];
    notice?: string;
    /** A refused stock form posted without JavaScript. */
    error?: string;
    /** The clinic's date, YYYY-MM-DD, to mark expired lots. */
    today: string;
  },
) {
  const { item, cover, lots, movements, timeZone } = view;
  const text = noticeText(notice);
  return (
    <>
      <PageHeader
        title={item.name}
        subtitle={[
          item.category,
          item.sku,
          item.supplierName,
          item.labPreset && `Lab: ${item.labPreset}`,
        ]
          .filter(Boolean).join(" · ")}
      >
        <div class="flex items-center gap-3">
          <StockBadge status={item.status} />
          {canEdit && (
            <ButtonLink href={`/inventory/items/${item.id}/edit`} variant="secondary">
              Edit item
            </ButtonLink>
          )}
        </div>
      </PageHeader>
      <InventoryNav current="/inventory" suppliers={showSuppliers} />
      {text && <Notice tone="success">{text}</Notice>}
      {error && <Notice tone="error">{error}</Notice>}
      {item.archived && <Notice tone="info">This item is archived.</Notice>}
      {cover.atRisk && cover.runsOutAt && (
        <Notice tone="error">
          The booked appointments will use it up by{" "}
          {formatDateTime(cover.runsOutAt, timeZone)}, before a delivery ordered today could arrive
          ({item.leadTimeDays} days). Reorder now.
        </Notice>
      )}
      <div class="grid grid-cols-2 gap-4 lg:grid-cols-4" data-item-stats>
        <Stat
          label="On hand"
          value={<span data-item-on-hand>{quantityText(item.onHand, item.unit)}</span>}
          hint={item.packSize > 1 ? `${item.packSize} pieces each` : undefined}
        />
        <Stat
          label="Reorder at"
          value={item.reorderThreshold}
          hint={`Order ${quantityText(item.reorderQuantity, item.unit)}`}
        />
        <Stat
          label="Days of cover"
          value={cover.daysAtBookedRate ?? cover.daysAtRecentRate ?? "—"}
          hint={coverHint(view)}
        />
        <Stat
          label="Expires first"
          value={item.nextExpiry ? describeDate(item.nextExpiry) : "—"}
          hint={item.nextExpiry ? "used first" : "No dated lots"}
        />
      </div>
      <div class="mt-6 grid gap-6 lg:grid-cols-[22rem_1fr]">
        <div class="space-y-6">
          {kinds.length > 0 && (
            <Card title="Stock">
              <div class="p-5">
                <StockMovementForm
                  itemId={item.id}
                  unitLabel={UNIT_LABELS[item.unit].many}
                  kinds={kinds}
                  suppliers={suppliers.map((s) => ({ id: s.id, name: s.name }))}
                  defaultSupplierId={item.supplierId}
                />
              </div>
            </Card>
          )}
          <Card title="Lots on the shelf">
            {lots.length === 0
              ? <p class="px-5 py-4 text-sm text-slate-500">None.</p>
              : (
                <ul class="divide-y divide-slate-100 text-sm" data-lots>
                  {lots.map((lot) => (
                    <li key={lot.id} class="flex items-center justify-between gap-3 px-5 py-3">
                      <div>
                        <p class="font-medium text-slate-900">{lot.lotNumber ?? "No lot number"}</p>
                        <p
                          class={lot.expiresOn && lot.expiresOn < today
                            ? "text-red-700"
                            : "text-slate-500"}
                        >
                          {lot.expiresOn
                            ? `${lot.expiresOn < today ? "Expired" : "Expires"} ${
                              describeDate(lot.expiresOn)
                            }`
                            : "No expiry"}
                        </p>
                      </div>
                      <span class="tabular-nums text-slate-700">
                        {quantityText(lot.remaining, item.unit)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
          </Card>
          {view.usedBy.length > 0 && (
            <Card title="Used by appointment types">
              <ul class="divide-y divide-slate-100 text-sm">
                {view.usedBy.map((use) => (
                  <li key={use.appointmentType} class="flex justify-between px-5 py-3">
                    <span class="text-slate-900">{use.appointmentType}</span>
                    <span class="text-slate-600">{quantityText(use.quantity, item.unit)} each</span>
                  </li>
                ))}
              </ul>
            </Card>
          )}
        </div>
        <Card title="History" class="min-w-0">
          {movements.length === 0
            ? <p class="px-5 py-4 text-sm text-slate-500">No stock has moved yet.</p>
            : (
              <ul class="divide-y divide-slate-100 text-sm" data-history>
                {movements.map((m) => (
                  <li
                    key={m.id}
                    class="flex items-start justify-between gap-4 px-5 py-3"
                    data-movement={m.kind}
                  >
                    <div class="min-w-0">
                      <p class="font-medium text-slate-900">
                        {MOVEMENT_LABELS[m.kind]}
                        <span
                          class={`ml-2 tabular-nums ${
                            m.delta < 0 ? "text-red-700" : "text-emerald-700"
                          }`}
                        >
                          {m.delta > 0 ? "+" : ""}
                          {m.delta}
                        </span>
                      </p>
                      <p class="truncate text-slate-500">
                        {[
                          formatDateTime(m.createdAt, timeZone),
                          m.actorName,
                          m.supplierName,
                          m.lotNumber && `lot ${m.lotNumber}`,
                          m.expiresOn && `exp. ${describeDate(m.expiresOn)}`,
                          m.costMinor !== null && formatMoney(m.costMinor, m.currency),
                        ].filter(Boolean).join(" · ")}
                      </p>
                      {m.reason && <p class="text-slate-600">{m.reason}</p>}
                      {(m.appointmentId || (linkPlans && m.planId)) && (
                        <p class="flex gap-3">
                          {m.appointmentId && (
                            <a
                              href={`/appointments/${m.appointmentId}`}
                              class="text-brand-700 hover:underline"
                            >
                              Appointment
                            </a>
                          )}
                          {linkPlans && m.planId && (
                            <a
                              href={`/treatment-plans/${m.planId}`}
                              class="text-brand-700 hover:underline"
                            >
                              Treatment plan
                            </a>
                          )}
                        </p>
                      )}
                    </div>
                    <span class="whitespace-nowrap tabular-nums text-slate-500">
                      = {m.balanceAfter}
                    </span>
                  </li>
                ))}
              </ul>
            )}
        </Card>
      </div>
    </>
  );
}
