/** The pieces both consumables lists and forms (per type, per service) share. */
import { ButtonLink, Input, Select } from "../ui/mod.ts";
import { type ConsumablesPageData, FORM_ROWS } from "../../lib/inventory/consumables-page.ts";

/** The item and quantity rows of a consumables form; a long list gets one spare row. */
export function ItemRows(
  { items, values }: { items: ConsumablesPageData["items"]; values: Record<string, string> },
) {
  const filled = Object.keys(values).filter((k) => /^itemId\d+$/.test(k) && values[k]).length;
  const rows = Math.max(FORM_ROWS, filled + 1);
  return (
    <>
      {Array.from(
        { length: rows },
        (_, row) => (
          <div key={row} class="grid grid-cols-[1fr_5.5rem] gap-2" data-consumable-row>
            <Select
              name={`itemId${row}`}
              aria-label={`Item ${row + 1}`}
              value={values[`itemId${row}`] ?? ""}
            >
              <option value="">—</option>
              {items.map((item) => (
                <option key={item.id} value={item.id}>{item.name} ({item.unit})</option>
              ))}
            </Select>
            <Input
              name={`quantity${row}`}
              aria-label={`Quantity of item ${row + 1}`}
              inputMode="numeric"
              value={values[`quantity${row}`] ?? ""}
              placeholder="1"
            />
          </div>
        ),
      )}
    </>
  );
}

/** One line of a consumables list: what uses them, the items, and where to edit them. */
export interface ConsumableListRow {
  key: string;
  name: string;
  items: readonly { quantity: number; itemName: string }[];
  /** Present when the reader may edit the list. */
  editHref?: string;
}

/** The lists of what each appointment type or treatment service uses, one row each. */
export function ConsumableList(
  { rows, empty, kind }: { rows: ConsumableListRow[]; empty: string; kind: "types" | "services" },
) {
  if (rows.length === 0) {
    return <p class="px-5 py-8 text-center text-sm text-slate-500">{empty}</p>;
  }
  return (
    <ul class="divide-y divide-slate-100 text-sm" {...{ [`data-consumable-${kind}`]: "" }}>
      {rows.map((row) => (
        <li key={row.key} class="flex items-start justify-between gap-3 px-5 py-4">
          <div class="min-w-0 flex-1">
            <p class="font-medium text-slate-900">{row.name}</p>
            <p class="text-slate-600">
              {row.items.map((i) => `${i.quantity} × ${i.itemName}`).join(" · ")}
            </p>
          </div>
          {row.editHref && (
            <ButtonLink variant="secondary" size="sm" class="shrink-0" href={row.editHref}>
              Edit
            </ButtonLink>
          )}
        </li>
      ))}
    </ul>
  );
}
