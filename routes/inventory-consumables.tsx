/**
 * Inventory → Consumables: the appointment types' and the treatment services'
 * consumables, each set from a plain form that calls the same lib function as
 * PUT /api/v1/inventory/consumables or /api/v1/inventory/service-consumables.
 */
import { Hono } from "hono";
import type { AppEnv } from "../lib/http/app-env.ts";
import { can } from "../lib/permissions/access.ts";
import { type FormProblem, submitForm } from "../lib/http/form.ts";
import { setTypeConsumables } from "../lib/inventory/appointment-consumption.ts";
import { setServiceConsumables } from "../lib/inventory/service-consumption.ts";
import {
  consumablesForm,
  loadConsumablesPage,
  serviceConsumablesForm,
} from "../lib/inventory/consumables-page.ts";
import {
  consumablesFormValues,
  ConsumablesPage,
} from "../components/inventory/ConsumablesPage.tsx";
import { serviceFormValues } from "../components/inventory/ServiceConsumables.tsx";
import { staffPage } from "./_page.tsx";

const page = (permission: string) => staffPage({ module: "inventory", permission });
const head = { title: "Consumables", current: "/inventory" };

function errorsOf(problem: FormProblem): Record<string, string> {
  return Object.keys(problem.fields).length ? problem.fields : { form: problem.message };
}

export const inventoryConsumablesRoutes = new Hono<AppEnv>()
  .get("/inventory/consumables", page("inventory.items.view"), async (c) => {
    const access = c.var.me.access!;
    const data = await loadConsumablesPage(c.var.deps.db, c.var.clinicId);
    return c.render(
      <ConsumablesPage
        data={data}
        canEdit={can(access, "inventory.items.edit")}
        values={consumablesFormValues(data, c.req.query("type"))}
        serviceValues={serviceFormValues(data, c.req.query("service"))}
        notice={c.req.query("notice")}
        suppliers={can(access, "inventory.suppliers.view")}
      />,
      head,
    );
  })
  .post(
    "/inventory/consumables",
    page("inventory.items.edit"),
    (c) =>
      submitForm(c, consumablesForm, {
        onValid: async (consumables) => {
          await setTypeConsumables(c.var.deps.db, {
            clinicId: c.var.clinicId,
            actorId: c.var.me.user.id,
            consumables,
          });
          const type = encodeURIComponent(consumables.appointmentType);
          return c.redirect(`/inventory/consumables?type=${type}&notice=consumables`, 303);
        },
        onProblem: async (values, problem) =>
          c.render(
            <ConsumablesPage
              data={await loadConsumablesPage(c.var.deps.db, c.var.clinicId)}
              canEdit
              values={values}
              errors={errorsOf(problem)}
              serviceValues={{}}
              suppliers={can(c.var.me.access!, "inventory.suppliers.view")}
            />,
            head,
          ),
      }),
  )
  .post(
    "/inventory/consumables/services",
    page("inventory.items.edit"),
    (c) =>
      submitForm(c, serviceConsumablesForm, {
        onValid: async (consumables) => {
          await setServiceConsumables(c.var.deps.db, {
            clinicId: c.var.clinicId,
            actorId: c.var.me.user.id,
            consumables,
          });
          return c.redirect(
            `/inventory/consumables?service=${consumables.serviceId}` +
              `&notice=service-consumables#service-form`,
            303,
          );
        },
        onProblem: async (values, problem) =>
          c.render(
            <ConsumablesPage
              data={await loadConsumablesPage(c.var.deps.db, c.var.clinicId)}
              canEdit
              values={{}}
              serviceValues={values}
              serviceErrors={errorsOf(problem)}
              suppliers={can(c.var.me.access!, "inventory.suppliers.view")}
            />,
            head,
          ),
      }),
  );
