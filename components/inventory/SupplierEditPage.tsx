/** One supplier's details on a full page: name, contact person, phone, email, notes. */
import { Button, ButtonLink, Card, PageHeader } from "../ui/mod.ts";
import type { Supplier } from "../../lib/inventory/suppliers.ts";
import { InventoryNav } from "./InventoryNav.tsx";
import { SupplierFields } from "./SupplierFields.tsx";

export function supplierEditTitle(supplier: Pick<Supplier, "name">): string {
  return `Edit ${supplier.name}`;
}

export function SupplierEditPage(
  { supplier, values, errors }: {
    supplier: Supplier;
    values: Record<string, string | null | undefined>;
    errors?: Record<string, string>;
  },
) {
  return (
    <>
      <PageHeader
        title={supplierEditTitle(supplier)}
        subtitle="The reorder list and the end-of-day email print these contact details."
      />
      <InventoryNav current="/inventory/suppliers" />
      <div class="mx-auto max-w-2xl">
        <Card>
          <form
            method="post"
            action={`/inventory/suppliers/${supplier.id}/edit`}
            class="grid gap-4 p-5"
            novalidate
            data-supplier-form
          >
            <SupplierFields values={values} errors={errors} />
            <div class="flex flex-wrap items-center justify-end gap-3 border-t border-slate-100 pt-4">
              <ButtonLink href="/inventory/suppliers" variant="secondary">Cancel</ButtonLink>
              <Button type="submit">Save supplier</Button>
            </div>
          </form>
        </Card>
      </div>
    </>
  );
}
