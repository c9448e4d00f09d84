/** Suppliers: the list with their contacts (each with an edit link), and a form to add one. */
import { Button, Card, Notice, PageHeader } from "../ui/mod.ts";
import type { Supplier } from "../../lib/inventory/suppliers.ts";
import { InventoryNav, noticeText } from "./InventoryNav.tsx";
import { SupplierFields } from "./SupplierFields.tsx";

export function SuppliersPage(
  { suppliers, canManage, values, errors, notice }: {
    suppliers: Supplier[];
    canManage: boolean;
    values: Record<string, string>;
    errors?: Record<string, string>;
    notice?: string;
  },
) {
  const text = noticeText(notice);
  return (
    <>
      <PageHeader
        title="Suppliers"
        subtitle={`${suppliers.length} supplier${suppliers.length === 1 ? "" : "s"}`}
      />
      <InventoryNav current="/inventory/suppliers" />
      {text && <Notice tone="success">{text}</Notice>}
      <div class="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <Card>
          {suppliers.length === 0
            ? <p class="px-5 py-8 text-center text-sm text-slate-500">No suppliers yet.</p>
            : (
              <ul class="divide-y divide-slate-100 text-sm" data-suppliers>
                {suppliers.map((s) => (
                  <li key={s.id} class="px-5 py-4" data-supplier={s.id}>
                    <div class="flex items-start justify-between gap-3">
                      <p class="font-medium text-slate-900">{s.name}</p>
                      {canManage && (
                        <a
                          href={`/inventory/suppliers/${s.id}/edit`}
                          class="shrink-0 font-medium text-brand-700 hover:underline"
                          aria-label={`Edit ${s.name}`}
                        >
                          Edit
                        </a>
                      )}
                    </div>
                    <p class="text-slate-600">
                      {[s.contactPerson, s.phone, s.email].filter(Boolean).join(" · ") ||
                        "No contact details"}
                    </p>
                    {s.notes && <p class="mt-1 text-slate-500">{s.notes}</p>}
                  </li>
                ))}
              </ul>
            )}
        </Card>
        {canManage && (
          <Card title="Add a supplier">
            <form method="post" action="/inventory/suppliers" class="grid gap-4 p-5" novalidate>
              <SupplierFields values={values} errors={errors} />
              <Button type="submit">Add supplier</Button>
            </form>
          </Card>
        )}
      </div>
    </>
  );
}
