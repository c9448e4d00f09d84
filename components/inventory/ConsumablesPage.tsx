/**
 * Consumables per appointment type: completing an appointment of a type takes
 * its listed items out of stock. The list of every type, and a form for one
 * type (a type picked from the list opens with its rows filled in).
 */
import { Button, ButtonLink, Card, Field, Input, Notice, PageHeader } from "../ui/mod.ts";
import type { ConsumablesPageData } from "../../lib/inventory/consumables-page.ts";
import { InventoryNav, noticeText } from "./InventoryNav.tsx";
import { ServiceConsumables } from "./ServiceConsumables.tsx";
import { ConsumableList, ItemRows } from "./ConsumableRows.tsx";

export function ConsumablesPage(
  { data, canEdit, values, errors, serviceValues, serviceErrors, notice, suppliers }: {
    data: ConsumablesPageData;
    canEdit: boolean;
    /** The form's values: a type opened for editing, or what was posted. */
    values: Record<string, string>;
    errors?: Record<string, string>;
    /** The service form's values: a service opened for editing, or what was posted. */
    serviceValues: Record<string, string>;
    serviceErrors?: Record<string, string>;
    notice?: string;
    /** The member may open the suppliers tab. */
    suppliers: boolean;
  },
) {
  const e = errors ?? {};
  const text = notice === "consumables" || notice === "service-consumables"
    ? "Consumables saved."
    : noticeText(notice);
  return (
    <>
      <PageHeader
        title="Consumables"
        subtitle="What each appointment type and treatment service uses; completing the appointment or marking the treatment done takes it from stock."
      />
      <InventoryNav current="/inventory/consumables" suppliers={suppliers} />
      {text && <Notice tone="success">{text}</Notice>}
      <div class="grid gap-6 lg:grid-cols-[1fr_26rem]">
        <Card>
          <ConsumableList
            kind="types"
            empty="No appointment type uses consumables yet."
            rows={data.types.map((type) => ({
              key: type.appointmentType,
              name: type.appointmentType,
              items: type.items,
              editHref: canEdit
                ? `/inventory/consumables?type=${encodeURIComponent(type.appointmentType)}`
                : undefined,
            }))}
          />
        </Card>
        {canEdit && (
          <Card
            title={values.appointmentType
              ? `Consumables of ${values.appointmentType}`
              : "Set consumables"}
          >
            <form
              method="post"
              action="/inventory/consumables"
              class="grid gap-4 p-5"
              novalidate
            >
              {(e.form || e.items) && <Notice tone="error">{e.form ?? e.items}</Notice>}
              <Field
                id="consumables-type"
                name="appointmentType"
                label="Appointment type"
                hint="As it is booked, e.g. “Root canal”. Letter case does not matter."
                error={e.appointmentType}
              >
                <Input
                  id="consumables-type"
                  name="appointmentType"
                  value={values.appointmentType ?? ""}
                  invalid={!!e.appointmentType}
                  list="booked-types"
                  required
                  maxLength={80}
                />
              </Field>
              <datalist id="booked-types">
                {data.bookedTypes.map((type) => <option key={type} value={type} />)}
              </datalist>
              <fieldset class="grid gap-2">
                <legend class="mb-1 text-sm font-medium text-slate-700">
                  Items and quantity per appointment
                </legend>
                <ItemRows items={data.items} values={values} />
              </fieldset>
              <p class="text-xs text-slate-500">
                Leave every row empty to stop consuming anything for the type.
              </p>
              <div class="flex flex-wrap gap-2">
                <Button>Save consumables</Button>
                {values.appointmentType && (
                  <ButtonLink variant="secondary" href="/inventory/consumables">
                    New type
                  </ButtonLink>
                )}
              </div>
            </form>
          </Card>
        )}
      </div>
      <ServiceConsumables
        data={data}
        canEdit={canEdit}
        values={serviceValues}
        errors={serviceErrors}
      />
    </>
  );
}

/** A type's saved rows as the form's values. */
export function consumablesFormValues(
  data: ConsumablesPageData,
  appointmentType: string | undefined,
): Record<string, string> {
  const type = appointmentType &&
    data.types.find((t) => t.appointmentType.toLowerCase() === appointmentType.toLowerCase());
  if (!type) return appointmentType ? { appointmentType } : {};
  const values: Record<string, string> = { appointmentType: type.appointmentType };
  type.items.forEach((item, row) => {
    values[`itemId${row}`] = item.itemId;
    values[`quantity${row}`] = String(item.quantity);
  });
  return values;
}
