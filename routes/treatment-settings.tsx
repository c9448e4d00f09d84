/**
 * Settings → Service catalog (list, add, edit, archive, CSV import and export) and
 * Settings → Discounts (policies). Reading needs the catalog or plan view permission; changing
 * needs treatment.catalog.manage.
 */
import { type Context, Hono } from "hono";
import type { AppEnv, ClinicScope, StaffPageScope } from "../lib/http/app-env.ts";
import { isFormUserError, submitForm } from "../lib/http/form.ts";
import { type Access, can } from "../lib/permissions/access.ts";
import {
  createService,
  getService,
  listServices,
  updateService,
} from "../lib/treatment/catalog.ts";
import { catalogCsv, type CsvProblem, importCatalogCsv } from "../lib/treatment/catalog-csv.ts";
import { getPolicy, listPolicies, savePolicy } from "../lib/treatment/policies.ts";
import {
  csvFromRequest,
  policyForm,
  policyFromForm,
  serviceForm,
  serviceFormValues,
  serviceFromForm,
} from "../lib/treatment/settings-forms.ts";
import {
  CatalogPage,
  ServiceFields,
  type ServiceFormState,
} from "../components/treatment/CatalogPage.tsx";
import {
  DiscountsPage,
  PolicyFields,
  policyFormValues,
} from "../components/treatment/DiscountsPage.tsx";
import { Card, PageHeader } from "../components/ui/mod.ts";
import { staffPage } from "./_page.tsx";
import {
  consumableValues,
  ServiceConsumablesCard,
} from "../components/treatment/ServiceConsumablesCard.tsx";
import {
  listServiceConsumables,
  setServiceConsumables,
} from "../lib/inventory/service-consumption.ts";
import { consumablesFormOfService, itemChoices } from "../lib/inventory/consumables-page.ts";

const MODULE = "treatment";
const page = (permission: string) => staffPage({ module: MODULE, permission });
type PageContext = Context<AppEnv & StaffPageScope & ClinicScope>;
const CATALOG_NOTICES: Record<string, string> = {
  added: "Service added.",
  saved: "Service saved.",
};

async function renderCatalog(
  c: PageContext,
  extra: { add?: ServiceFormState; importResult?: { message: string; problems: CsvProblem[] } } =
    {},
) {
  const query = (c.req.query("q") ?? "").slice(0, 100);
  const category = c.req.query("category") ?? "";
  const showConsumables = can(c.var.me.access as Access, "inventory.items.view");
  const [services, consumables] = await Promise.all([
    listServices(c.var.deps.db, c.var.clinicId, {
      search: query,
      category: category || undefined,
      includeArchived: true,
    }),
    showConsumables ? listServiceConsumables(c.var.deps.db, c.var.clinicId) : [],
  ]);
  const uses = new Map<string, string[]>();
  for (const row of consumables) {
    uses.set(row.serviceId, [
      ...(uses.get(row.serviceId) ?? []),
      `${row.quantity} × ${row.itemName}`,
    ]);
  }
  const imported = c.req.query("imported");
  return c.render(
    <CatalogPage
      services={services}
      consumables={showConsumables ? uses : undefined}
      query={query}
      category={category}
      canManage={can(c.var.me.access as Access, "treatment.catalog.manage")}
      notice={imported ? `Imported: ${imported}.` : CATALOG_NOTICES[c.req.query("notice") ?? ""]}
      {...extra}
    />,
    { title: "Service catalog", current: "/settings" },
  );
}

async function renderPolicies(c: PageContext, add?: ServiceFormState) {
  const policies = await listPolicies(c.var.deps.db, c.var.clinicId);
  return c.render(
    <DiscountsPage
      policies={policies}
      canManage={can(c.var.me.access as Access, "treatment.catalog.manage")}
      add={add}
      notice={c.req.query("notice") === "saved" ? "Discount policy saved." : undefined}
    />,
    { title: "Discounts", current: "/settings" },
  );
}

function editPage(
  c: PageContext,
  title: string,
  action: string,
  body: preact.JSX.Element,
  after?: preact.JSX.Element | null,
) {
  return c.render(
    <>
      <PageHeader title={title} />
      <Card>
        <form method="post" action={action}>{body}</form>
      </Card>
      {after}
    </>,
    { title, current: "/settings" },
  );
}

/**
 * The service's consumables under its form, for a reader of the inventory (the permission
 * implies the clinic has the module); editable with inventory.items.edit.
 */
async function consumablesCard(
  c: PageContext,
  serviceId: string,
  posted?: { values: Record<string, string>; errors: Record<string, string> },
) {
  const access = c.var.me.access as Access;
  if (!can(access, "inventory.items.view")) return null;
  const canEdit = can(access, "inventory.items.edit");
  const { db } = c.var.deps;
  const [consumables, items] = await Promise.all([
    listServiceConsumables(db, c.var.clinicId, serviceId),
    canEdit ? itemChoices(db, c.var.clinicId) : [],
  ]);
  return (
    <ServiceConsumablesCard
      serviceId={serviceId}
      consumables={consumables}
      items={items}
      canEdit={canEdit}
      values={posted?.values ?? consumableValues(consumables)}
      errors={posted?.errors}
      saved={c.req.query("notice") === "consumables"}
    />
  );
}

export const treatmentSettingsRoutes = new Hono<AppEnv>()
  .get("/settings/service-catalog", page("treatment.catalog.view"), (c) => renderCatalog(c))
  .get("/settings/service-catalog.csv", page("treatment.catalog.view"), async (c) => {
    const services = await listServices(c.var.deps.db, c.var.clinicId, { includeArchived: true });
    return c.body(catalogCsv(services), 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="service-catalog.csv"',
    });
  })
  .post(
    "/settings/service-catalog",
    page("treatment.catalog.manage"),
    (c) =>
      submitForm(c, serviceForm, {
        onValid: async (form) => {
          await createService(c.var.deps.db, {
            clinicId: c.var.clinicId,
            actorId: c.var.principal.userId,
            service: serviceFromForm(form),
          });
          return c.redirect("/settings/service-catalog?notice=added", 303);
        },
        onProblem: (values, problem) =>
          renderCatalog(c, { add: { values, errors: problem.fields, message: problem.message } }),
      }),
  )
  .post("/settings/service-catalog/import", page("treatment.catalog.manage"), async (c) => {
    try {
      const { added, updated } = await importCatalogCsv(c.var.deps.db, {
        clinicId: c.var.clinicId,
        actorId: c.var.principal.userId,
        text: await csvFromRequest(c.req.raw),
      });
      return c.redirect(
        `/settings/service-catalog?imported=${
          encodeURIComponent(`${added} added, ${updated} updated`)
        }`,
        303,
      );
    } catch (error) {
      if (!isFormUserError(error)) throw error;
      c.status(error.status);
      return await renderCatalog(c, {
        importResult: {
          message: error.message,
          problems: (error.extra.problems as CsvProblem[] | undefined) ?? [],
        },
      });
    }
  })
  .get("/settings/service-catalog/:id", page("treatment.catalog.manage"), async (c) => {
    const s = await getService(c.var.deps.db, c.var.clinicId, c.req.param("id"));
    return editPage(
      c,
      `Edit ${s.name}`,
      `/settings/service-catalog/${s.id}`,
      <ServiceFields state={{ values: serviceFormValues(s), errors: {} }} submit="Save service" />,
      await consumablesCard(c, s.id),
    );
  })
  .post(
    "/settings/service-catalog/:id/consumables",
    staffPage({ module: "inventory", permission: "inventory.items.edit" }),
    async (c) => {
      const s = await getService(c.var.deps.db, c.var.clinicId, c.req.param("id"));
      return await submitForm(c, consumablesFormOfService(s.id), {
        onValid: async (consumables) => {
          await setServiceConsumables(c.var.deps.db, {
            clinicId: c.var.clinicId,
            actorId: c.var.me.user.id,
            consumables,
          });
          return c.redirect(
            `/settings/service-catalog/${s.id}?notice=consumables#consumables`,
            303,
          );
        },
        onProblem: async (values, problem) =>
          editPage(
            c,
            `Edit ${s.name}`,
            `/settings/service-catalog/${s.id}`,
            <ServiceFields
              state={{ values: serviceFormValues(s), errors: {} }}
              submit="Save service"
            />,
            await consumablesCard(c, s.id, {
              values,
              errors: Object.keys(problem.fields).length
                ? problem.fields
                : { form: problem.message },
            }),
          ),
      });
    },
  )
  .post("/settings/service-catalog/:id", page("treatment.catalog.manage"), async (c) => {
    const s = await getService(c.var.deps.db, c.var.clinicId, c.req.param("id"));
    return await submitForm(c, serviceForm, {
      onValid: async (form) => {
        await updateService(c.var.deps.db, {
          clinicId: c.var.clinicId,
          actorId: c.var.principal.userId,
          serviceId: s.id,
          service: serviceFromForm(form),
        });
        return c.redirect("/settings/service-catalog?notice=saved", 303);
      },
      onProblem: (values, problem) =>
        editPage(
          c,
          `Edit ${s.name}`,
          `/settings/service-catalog/${s.id}`,
          <ServiceFields
            state={{ values, errors: problem.fields, message: problem.message }}
            submit="Save service"
          />,
        ),
    });
  })
  .get("/settings/discounts", page("treatment.plans.view"), (c) => renderPolicies(c))
  .post("/settings/discounts", page("treatment.catalog.manage"), (c) =>
    submitForm(c, policyForm, {
      onValid: async (form) => {
        await savePolicy(c.var.deps.db, {
          clinicId: c.var.clinicId,
          actorId: c.var.principal.userId,
          policy: policyFromForm(form),
        });
        return c.redirect("/settings/discounts?notice=saved", 303);
      },
      onProblem: (values, problem) =>
        renderPolicies(c, { values, errors: problem.fields, message: problem.message }),
    }))
  .get("/settings/discounts/:id", page("treatment.catalog.manage"), async (c) => {
    const p = await getPolicy(c.var.deps.db, c.var.clinicId, c.req.param("id"));
    return editPage(
      c,
      `Edit ${p.name}`,
      `/settings/discounts/${p.id}`,
      <PolicyFields state={{ values: policyFormValues(p), errors: {} }} submit="Save policy" />,
    );
  })
  .post("/settings/discounts/:id", page("treatment.catalog.manage"), async (c) => {
    const p = await getPolicy(c.var.deps.db, c.var.clinicId, c.req.param("id"));
    return await submitForm(c, policyForm, {
      onValid: async (form) => {
        await savePolicy(c.var.deps.db, {
          clinicId: c.var.clinicId,
          actorId: c.var.principal.userId,
          policyId: p.id,
          policy: policyFromForm(form),
        });
        return c.redirect("/settings/discounts?notice=saved", 303);
      },
      onProblem: (values, problem) =>
        editPage(
          c,
          `Edit ${p.name}`,
          `/settings/discounts/${p.id}`,
          <PolicyFields
            state={{ values, errors: problem.fields, message: problem.message }}
            submit="Save policy"
          />,
        ),
    });
  });
