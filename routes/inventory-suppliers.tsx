/**
 * Inventory → Suppliers: the list with a form to add one, and a full-page
 * form to edit one. Forms post as plain HTML and call the same lib functions
 * as /api/v1/inventory/suppliers, then redirect back with a notice.
 */
import { type Context, Hono } from "hono";
import type { AppEnv, ClinicScope, StaffPageScope } from "../lib/http/app-env.ts";
import { type FormProblem, submitForm } from "../lib/http/form.ts";
import { can } from "../lib/permissions/access.ts";
import {
  createSupplier,
  getSupplier,
  listSuppliers,
  type Supplier,
  updateSupplier,
} from "../lib/inventory/suppliers.ts";
import { supplierForm } from "../lib/inventory/forms.ts";
import { SuppliersPage } from "../components/inventory/SuppliersPage.tsx";
import { SupplierEditPage, supplierEditTitle } from "../components/inventory/SupplierEditPage.tsx";
import { staffPage } from "./_page.tsx";

type PageContext = Context<AppEnv & StaffPageScope & ClinicScope>;

const page = (permission: string) => staffPage({ module: "inventory", permission });
const head = (title: string) => ({ title, current: "/inventory" });

function errorsOf(problem: FormProblem): Record<string, string> {
  return Object.keys(problem.fields).length ? problem.fields : { form: problem.message };
}

async function renderList(
  c: PageContext,
  state: { values?: Record<string, string>; problem?: FormProblem } = {},
) {
  return c.render(
    <SuppliersPage
      suppliers={await listSuppliers(c.var.deps.db, c.var.clinicId)}
      canManage={can(c.var.me.access, "inventory.suppliers.manage")}
      values={state.values ?? {}}
      errors={state.problem && errorsOf(state.problem)}
      notice={state.problem ? undefined : c.req.query("notice")}
    />,
    head("Suppliers"),
  );
}

function renderEdit(
  c: PageContext,
  supplier: Supplier,
  values: Record<string, string | null | undefined>,
  problem?: FormProblem,
) {
  return c.render(
    <SupplierEditPage supplier={supplier} values={values} errors={problem && errorsOf(problem)} />,
    head(supplierEditTitle(supplier)),
  );
}

export const inventorySupplierRoutes = new Hono<AppEnv>()
  .get("/inventory/suppliers", page("inventory.suppliers.view"), (c) => renderList(c))
  .post(
    "/inventory/suppliers",
    page("inventory.suppliers.manage"),
    (c) =>
      submitForm(c, supplierForm, {
        onValid: async (fields) => {
          await createSupplier(c.var.deps.db, {
            clinicId: c.var.clinicId,
            actorId: c.var.me.user.id,
            fields,
          });
          return c.redirect("/inventory/suppliers?notice=supplier", 303);
        },
        onProblem: (values, problem) => renderList(c, { values, problem }),
      }),
  )
  .get("/inventory/suppliers/:id/edit", page("inventory.suppliers.manage"), async (c) => {
    const supplier = await getSupplier(c.var.deps.db, c.var.clinicId, c.req.param("id"));
    return renderEdit(c, supplier, { ...supplier });
  })
  .post("/inventory/suppliers/:id/edit", page("inventory.suppliers.manage"), async (c) => {
    const supplier = await getSupplier(c.var.deps.db, c.var.clinicId, c.req.param("id"));
    return submitForm(c, supplierForm, {
      onValid: async (fields) => {
        await updateSupplier(c.var.deps.db, {
          clinicId: c.var.clinicId,
          supplierId: supplier.id,
          actorId: c.var.me.user.id,
          fields,
        });
        return c.redirect("/inventory/suppliers?notice=supplier", 303);
      },
      onProblem: (values, problem) => renderEdit(c, supplier, values, problem),
    });
  });
