/**
 * The full-page item form, one component for adding (`/inventory/items/new`)
 * and editing (`/inventory/items/:id/edit`). Each refused field shows its own
 * message under it, and the values entered stay.
 */
import {
  Button,
  ButtonLink,
  Card,
  Field,
  Input,
  Notice,
  PageHeader,
  Select,
  Textarea,
} from "../ui/mod.ts";
import { INVENTORY_UNITS, SUGGESTED_CATEGORIES, UNIT_LABELS } from "../../lib/inventory/catalog.ts";
import type { Item } from "../../lib/inventory/items.ts";
import type { Supplier } from "../../lib/inventory/suppliers.ts";

export type ItemFormValues = Record<string, string | number | boolean | null | undefined>;

export function itemFormTitle(item?: Pick<Item, "name">): string {
  return item ? `Edit ${item.name}` : "New item";
}

export function ItemFormPage(
  { item, values, errors, suppliers, categories }: {
    item?: Item;
    values: ItemFormValues;
    /** Field → message; `form` for a message about the whole form. */
    errors?: Record<string, string>;
    suppliers: Supplier[];
    categories: string[];
  },
) {
  const e = errors ?? {};
  const v = (name: string) => {
    const value = values[name];
    return value === null || value === undefined ? "" : String(value);
  };
  const field = (name: string) => ({
    id: `item-${name}`,
    name,
    invalid: Boolean(e[name]),
    "aria-describedby": e[name] ? `item-${name}-error` : undefined,
  });
  const action = item ? `/inventory/items/${item.id}/edit` : "/inventory/items/new";
  const suggestions = [...new Set([...categories, ...SUGGESTED_CATEGORIES])].sort();
  const fieldCount = Object.keys(e).filter((k) => k !== "form").length;
  return (
    <div class="mx-auto max-w-3xl">
      <PageHeader
        title={itemFormTitle(item)}
        subtitle={item
          ? "Details only: stock moves from the item page."
          : "Add a consumable to track its stock."}
      />
      {(e.form || fieldCount > 0) && (
        <Notice tone="error">
          {e.form ?? (fieldCount === 1
            ? Object.values(e)[0]
            : `Please correct the ${fieldCount} highlighted fields.`)}
        </Notice>
      )}
      <form method="post" action={action} class="space-y-6" data-item-form novalidate>
        <Card title="Item">
          <div class="grid gap-5 p-5 sm:grid-cols-2">
            <Field id="item-name" name="name" label="Name" error={e.name} class="sm:col-span-2">
              <Input
                {...field("name")}
                value={v("name")}
                maxLength={120}
                required
                autoComplete="off"
              />
            </Field>
            <Field
              id="item-sku"
              name="sku"
              label="SKU / barcode"
              optional
              error={e.sku}
              hint="Unique in the clinic; scan it into the field."
            >
              <Input {...field("sku")} value={v("sku")} maxLength={64} autoComplete="off" />
            </Field>
            <Field id="item-category" name="category" label="Category" error={e.category}>
              <Input
                {...field("category")}
                value={v("category")}
                list="item-categories"
                maxLength={60}
                required
              />
              <datalist id="item-categories">
                {suggestions.map((c) => <option key={c} value={c} />)}
              </datalist>
            </Field>
            <Field id="item-unit" name="unit" label="Unit of measure" error={e.unit}>
              <Select {...field("unit")} value={v("unit")} required>
                <option value="">Choose a unit</option>
                {INVENTORY_UNITS.map((unit) => (
                  <option key={unit} value={unit}>{UNIT_LABELS[unit].one}</option>
                ))}
              </Select>
            </Field>
            <Field
              id="item-packSize"
              name="packSize"
              label="Pack size"
              error={e.packSize}
              hint="Pieces in one unit, e.g. 100 gloves in a box."
            >
              <Input
                {...field("packSize")}
                value={v("packSize") || "1"}
                type="number"
                min={1}
                inputMode="numeric"
              />
            </Field>
          </div>
        </Card>
        <Card title="Reordering">
          <div class="grid gap-5 p-5 sm:grid-cols-3">
            <Field
              id="item-reorderThreshold"
              name="reorderThreshold"
              label="Reorder threshold"
              error={e.reorderThreshold}
              hint="Alert at or below this."
            >
              <Input
                {...field("reorderThreshold")}
                value={v("reorderThreshold") || "0"}
                type="number"
                min={0}
                inputMode="numeric"
              />
            </Field>
            <Field
              id="item-reorderQuantity"
              name="reorderQuantity"
              label="Reorder quantity"
              error={e.reorderQuantity}
              hint="What to order each time."
            >
              <Input
                {...field("reorderQuantity")}
                value={v("reorderQuantity") || "0"}
                type="number"
                min={0}
                inputMode="numeric"
              />
            </Field>
            <Field
              id="item-leadTimeDays"
              name="leadTimeDays"
              label="Delivery lead time (days)"
              error={e.leadTimeDays}
            >
              <Input
                {...field("leadTimeDays")}
                value={v("leadTimeDays") || "7"}
                type="number"
                min={0}
                max={365}
                inputMode="numeric"
              />
            </Field>
            <Field
              id="item-supplierId"
              name="supplierId"
              label="Supplier"
              optional
              error={e.supplierId}
              class="sm:col-span-2"
            >
              <Select {...field("supplierId")} value={v("supplierId")}>
                <option value="">No supplier</option>
                {suppliers.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
              </Select>
            </Field>
            <Field
              id="item-labPreset"
              name="labPreset"
              label="Lab preset"
              optional
              error={e.labPreset}
              hint="The external lab this consumable is for."
            >
              <Input {...field("labPreset")} value={v("labPreset")} maxLength={120} />
            </Field>
            <Field
              id="item-supplierNotes"
              name="supplierNotes"
              label="Supplier notes"
              optional
              error={e.supplierNotes}
              class="sm:col-span-3"
            >
              <Textarea {...field("supplierNotes")} rows={3} maxLength={2000}>
                {v("supplierNotes")}
              </Textarea>
            </Field>
            {item && (
              <label class="inline-flex items-center gap-2 text-sm text-slate-700 sm:col-span-3">
                <input
                  type="checkbox"
                  name="archived"
                  checked={values.archived === true || values.archived === "on"}
                  class="h-4 w-4 rounded border-slate-300"
                />
                Archived (hidden from the list and the reorder list)
              </label>
            )}
          </div>
        </Card>
        <div class="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
          <ButtonLink
            href={item ? `/inventory/items/${item.id}` : "/inventory"}
            variant="secondary"
          >
            Cancel
          </ButtonLink>
          <Button type="submit">{item ? "Save item" : "Add item"}</Button>
        </div>
      </form>
    </div>
  );
}
