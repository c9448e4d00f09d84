/** Suppliers: the list with their contacts, and a form to add one. */
import { Button, Card, Field, Input, Notice, PageHeader, Textarea } from "../ui/mod.ts";
import type { Supplier } from "../../lib/inventory/suppliers.ts";
import { InventoryNav, noticeText } from "./InventoryNav.tsx";

export function SuppliersPage(
  { suppliers, canManage, values, errors, notice }: {
    suppliers: Supplier[];
    canManage: boolean;
    values: Record<string, string>;
    errors?: Record<string, string>;
    notice?: string;
  },
) {
  const e = errors ?? {};
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
                  <li key={s.id} class="px-5 py-4">
                    <p class="font-medium text-slate-900">{s.name}</p>
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
              {e.form && <Notice tone="error">{e.form}</Notice>}
              <Field id="supplier-name" name="name" label="Name" error={e.name}>
                <Input
                  id="supplier-name"
                  name="name"
                  value={values.name ?? ""}
                  invalid={!!e.name}
                  required
                  maxLength={120}
                />
              </Field>
              <Field
                id="supplier-contactPerson"
                name="contactPerson"
                label="Contact person"
                optional
                error={e.contactPerson}
              >
                <Input
                  id="supplier-contactPerson"
                  name="contactPerson"
                  value={values.contactPerson ?? ""}
                  invalid={!!e.contactPerson}
                />
              </Field>
              <Field
                id="supplier-phone"
                name="phone"
                label="Phone"
                optional
                error={e.phone}
                hint="+92 is assumed, e.g. 0300 1234567"
              >
                <Input
                  id="supplier-phone"
                  name="phone"
                  type="tel"
                  value={values.phone ?? ""}
                  invalid={!!e.phone}
                />
              </Field>
              <Field id="supplier-email" name="email" label="Email" optional error={e.email}>
                <Input
                  id="supplier-email"
                  name="email"
                  type="email"
                  value={values.email ?? ""}
                  invalid={!!e.email}
                />
              </Field>
              <Field id="supplier-notes" name="notes" label="Notes" optional error={e.notes}>
                <Textarea id="supplier-notes" name="notes" rows={3}>{values.notes ?? ""}</Textarea>
              </Field>
              <Button type="submit">Add supplier</Button>
            </form>
          </Card>
        )}
      </div>
    </>
  );
}
