/**
 * Consumables per treatment service: marking a plan item of the service done
 * takes its list (times the item's quantity) from stock. The list of every
 * service that has one, and a form for one service.
 */
import { Button, ButtonLink, Card, Field, Notice, Select } from "../ui/mod.ts";
import type { ConsumablesPageData } from "../../lib/inventory/consumables-page.ts";
import { ConsumableList, ItemRows } from "./ConsumableRows.tsx";

export function ServiceConsumables(
  { data, canEdit, values, errors }: {
    data: ConsumablesPageData;
    canEdit: boolean;
    values: Record<string, string>;
    errors?: Record<string, string>;
  },
) {
  const e = errors ?? {};
  const open = data.catalog.find((s) => s.id === values.serviceId);
  return (
    <section class="mt-8 grid gap-4" aria-labelledby="service-consumables">
      <div>
        <h2 id="service-consumables" class="text-lg font-semibold text-slate-900">
          By treatment service
        </h2>
        <p class="text-sm text-slate-600">
          Taken when a plan item of the service is marked done, or its appointment is completed;
          quantities are per unit of the item.
        </p>
      </div>
      <div class="grid gap-6 lg:grid-cols-[1fr_26rem]">
        <Card>
          <ConsumableList
            kind="services"
            empty="No treatment service uses consumables yet."
            rows={data.services.map((service) => ({
              key: service.serviceId,
              name: service.serviceName,
              items: service.items,
              editHref: canEdit
                ? `/inventory/consumables?service=${service.serviceId}#service-form`
                : undefined,
            }))}
          />
        </Card>
        {canEdit && (
          <Card title={open ? `Consumables of ${open.name}` : "Set a service's consumables"}>
            <form
              id="service-form"
              method="post"
              action="/inventory/consumables/services"
              class="grid gap-4 p-5"
              novalidate
            >
              {(e.form || e.items) && <Notice tone="error">{e.form ?? e.items}</Notice>}
              <Field
                id="consumables-service"
                name="serviceId"
                label="Treatment service"
                error={e.serviceId}
              >
                <Select
                  id="consumables-service"
                  name="serviceId"
                  value={values.serviceId ?? ""}
                  invalid={!!e.serviceId}
                  required
                >
                  <option value="">Choose a service</option>
                  {data.catalog.map((s) => (
                    <option key={s.id} value={s.id}>{s.name} ({s.code})</option>
                  ))}
                </Select>
              </Field>
              <fieldset class="grid gap-2">
                <legend class="mb-1 text-sm font-medium text-slate-700">
                  Items and quantity per unit of the service
                </legend>
                <ItemRows items={data.items} values={values} />
              </fieldset>
              <p class="text-xs text-slate-500">
                Leave every row empty to stop consuming anything for the service.
              </p>
              <div class="flex flex-wrap gap-2">
                <Button>Save service consumables</Button>
                {open && (
                  <ButtonLink variant="secondary" href="/inventory/consumables#service-form">
                    Another service
                  </ButtonLink>
                )}
              </div>
            </form>
          </Card>
        )}
      </div>
    </section>
  );
}

/** A service's saved rows as the form's values. */
export function serviceFormValues(
  data: ConsumablesPageData,
  serviceId: string | undefined,
): Record<string, string> {
  const service = serviceId && data.services.find((s) => s.serviceId === serviceId);
  if (!service) return serviceId ? { serviceId } : {};
  const values: Record<string, string> = { serviceId: service.serviceId };
  service.items.forEach((item, row) => {
    values[`itemId${row}`] = item.itemId;
    values[`quantity${row}`] = String(item.quantity);
  });
  return values;
}
