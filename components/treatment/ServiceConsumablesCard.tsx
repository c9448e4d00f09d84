/**
 * A catalog service's consumables on its edit page: what marking one unit of it done takes from
 * stock, and (for inventory editors) the form that sets the list. The same list is kept on
 * Inventory → Consumables.
 */
import { Button, Card, Notice } from "../ui/mod.ts";
import type { ConsumablesPageData } from "../../lib/inventory/consumables-page.ts";
import type { ServiceConsumable } from "../../lib/inventory/service-consumption.ts";
import { ItemRows } from "../inventory/ConsumableRows.tsx";

export function ServiceConsumablesCard(
  { serviceId, consumables, items, canEdit, values, errors, saved }: {
    serviceId: string;
    consumables: readonly ServiceConsumable[];
    /** Choices for the form's rows; only read when `canEdit`. */
    items: ConsumablesPageData["items"];
    canEdit: boolean;
    /** The form's values: the saved rows, or what a refused post sent. */
    values: Record<string, string>;
    errors?: Record<string, string>;
    saved?: boolean;
  },
) {
  const e = errors ?? {};
  return (
    <Card title="Consumables used" class="mt-6">
      <div id="consumables" class="grid gap-4 p-5" data-service-consumables>
        {saved && <Notice tone="success">Consumables saved.</Notice>}
        <p class="text-sm text-slate-600">
          Marking a plan item of this service done, or completing the visit it is scheduled in,
          takes these from stock, times the item's quantity.
        </p>
        {consumables.length === 0
          ? <p class="text-sm text-slate-500">This service uses no consumables yet.</p>
          : (
            <ul class="flex flex-wrap gap-2 text-sm" aria-label="Consumables used">
              {consumables.map((c) => (
                <li key={c.itemId} class="rounded-full bg-slate-100 px-3 py-1 text-slate-700">
                  {c.quantity} × {c.itemName}
                </li>
              ))}
            </ul>
          )}
        {canEdit && (
          <form
            method="post"
            action={`/settings/service-catalog/${serviceId}/consumables`}
            class="grid gap-3"
            novalidate
          >
            {(e.form || e.items) && <Notice tone="error">{e.form ?? e.items}</Notice>}
            <fieldset class="grid max-w-xl gap-2">
              <legend class="mb-1 text-sm font-medium text-slate-700">
                Items and quantity per unit of the service
              </legend>
              <ItemRows items={items} values={values} />
            </fieldset>
            <p class="text-xs text-slate-500">
              Leave every row empty to stop consuming anything for this service.
            </p>
            <div>
              <Button>Save consumables</Button>
            </div>
          </form>
        )}
      </div>
    </Card>
  );
}

/** Saved consumables as the form's row values. */
export function consumableValues(consumables: readonly ServiceConsumable[]) {
  const values: Record<string, string> = {};
  consumables.forEach((item, row) => {
    values[`itemId${row}`] = item.itemId;
    values[`quantity${row}`] = String(item.quantity);
  });
  return values;
}
