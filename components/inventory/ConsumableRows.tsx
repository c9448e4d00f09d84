/** The item and quantity rows both consumables forms (per type, per service) share. */
import { Input, Select } from "../ui/mod.ts";
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
