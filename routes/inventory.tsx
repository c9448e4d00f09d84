/**
 * Inventory pages: the list, the full-page item form (new and edit), an
 * item's page with its stock form and history, and the reorder list (the
 * suppliers are in inventory-suppliers.tsx). Forms post as plain HTML and call the same lib functions as
 * /api/v1/inventory, then redirect back with a notice.
 */
import { type Context, Hono } from "hono";
import type { AppEnv, ClinicScope, StaffPageScope } from "../lib/http/app-env.ts";
import { type FormProblem, submitForm } from "../lib/http/form.ts";
import { can } from "../lib/permissions/access.ts";
import { forbidden } from "../lib/errors.ts";
import { localDateOf } from "../lib/time/zoned.ts";
import {
  createItem,
  getItem,
  type Item,
  itemCategories,
  updateItem,
} from "../lib/inventory/items.ts";
import { recordMovement } from "../lib/inventory/movements.ts";
import { listSuppliers } from "../lib/inventory/suppliers.ts";
import { itemListView, itemView, parseItemFilter, reorderList } from "../lib/inventory/overview.ts";
import { itemJson } from "../lib/inventory/api-json.ts";
import { lowStockItems } from "../lib/inventory/stock-report.ts";
import { itemEditForm, movementForm, newItemForm } from "../lib/inventory/forms.ts";
import { InventoryListPage } from "../components/inventory/InventoryListPage.tsx";
import {
  ItemFormPage,
  itemFormTitle,
  type ItemFormValues,
} from "../components/inventory/ItemFormPage.tsx";
import { ItemPage } from "../components/inventory/ItemPage.tsx";
import { ReorderPage } from "../components/inventory/ReorderPage.tsx";
import type { MovementKindOption } from "../islands/StockMovementForm.tsx";
import { PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import { staffPage } from "./_page.tsx";

type PageContext = Context<AppEnv & StaffPageScope & ClinicScope>;

const MODULE = "inventory";
const page = (permission: string) => staffPage({ module: MODULE, permission });
const head = (title: string) => ({ title, current: "/inventory" });

const MOVEMENT_PERMISSIONS: Record<MovementKindOption, string> = {
  receive: "inventory.stock.receive",
  consume: "inventory.stock.consume",
  adjust: "inventory.stock.adjust",
};

/** The refusal as the form shows it: by field, or one message for the whole form. */
function errorsOf(problem: FormProblem): Record<string, string> {
  return Object.keys(problem.fields).length ? problem.fields : { form: problem.message };
}

async function renderItemForm(
  c: PageContext,
  state: { item?: Item; values: ItemFormValues; problem?: FormProblem },
) {
  const { db } = c.var.deps;
  return c.render(
    <ItemFormPage
      item={state.item}
      values={state.values}
      errors={state.problem && errorsOf(state.problem)}
      suppliers={await listSuppliers(db, c.var.clinicId)}
      categories={await itemCategories(db, c.var.clinicId)}
    />,
    head(itemFormTitle(state.item)),
  );
}

async function renderItemPage(c: PageContext, itemId: string, error?: string) {
  const { db } = c.var.deps;
  const access = c.var.me.access!;
  const now = new Date();
  const view = await itemView(db, c.var.clinicId, itemId, now);
  const kinds = (Object.keys(MOVEMENT_PERMISSIONS) as MovementKindOption[])
    .filter((kind) => can(access, MOVEMENT_PERMISSIONS[kind]));
  return c.render(
    <ItemPage
      view={view}
      kinds={kinds}
      canEdit={can(access, "inventory.items.edit")}
      showSuppliers={can(access, "inventory.suppliers.view")}
      linkPlans={can(access, "treatment.plans.view")}
      suppliers={await listSuppliers(db, c.var.clinicId)}
      notice={c.req.query("notice")}
      error={error}
      today={localDateOf(now, view.timeZone)}
    />,
    head(view.item.name),
  );
}

export const inventoryRoutes = new Hono<AppEnv>()
  .get("/inventory", staffPage(PAGE_ACCESS.inventory), async (c) => {
    const { db } = c.var.deps;
    const query = Object.fromEntries(
      Object.entries(c.req.query()).filter(([k, v]) => v !== "" && k !== "notice"),
    );
    const filter = parseItemFilter(query);
    const view = await itemListView(db, c.var.clinicId, filter, new Date());
    const reorder = await reorderList(db, c.var.clinicId, new Date());
    const low = await lowStockItems(db, c.var.clinicId);
    return c.render(
      <InventoryListPage
        page={{
          items: view.items.map(({ item, cover }) => itemJson(item, cover)),
          total: view.total,
          page: view.page,
          pageSize: view.pageSize,
        }}
        query={query}
        categories={await itemCategories(db, c.var.clinicId)}
        suppliers={(await listSuppliers(db, c.var.clinicId)).map((s) => ({
          id: s.id,
          name: s.name,
        }))}
        lowCount={low.length}
        atRiskCount={reorder.length - low.length}
        canCreate={can(c.var.me.access, "inventory.items.create")}
        showSuppliers={can(c.var.me.access, "inventory.suppliers.view")}
        notice={c.req.query("notice")}
      />,
      head("Inventory"),
    );
  })
  .get(
    "/inventory/items/new",
    page("inventory.items.create"),
    (c) => renderItemForm(c, { values: {} }),
  )
  .post("/inventory/items/new", page("inventory.items.create"), (c) =>
    submitForm(c, newItemForm, {
      onValid: async (fields) => {
        const item = await createItem(c.var.deps.db, {
          clinicId: c.var.clinicId,
          actorId: c.var.me.user.id,
          fields,
        });
        return c.redirect(`/inventory/items/${item.id}?notice=created`, 303);
      },
      onProblem: (values, problem) => renderItemForm(c, { values, problem }),
    }))
  .get(
    "/inventory/items/:id",
    page("inventory.items.view"),
    (c) => renderItemPage(c, c.req.param("id")),
  )
  .get("/inventory/items/:id/edit", page("inventory.items.edit"), async (c) => {
    const item = await getItem(c.var.deps.db, c.var.clinicId, c.req.param("id"));
    const { updatedAt: _, ...values } = item;
    return renderItemForm(c, { item, values });
  })
  .post("/inventory/items/:id/edit", page("inventory.items.edit"), async (c) => {
    const item = await getItem(c.var.deps.db, c.var.clinicId, c.req.param("id"));
    return submitForm(c, itemEditForm, {
      onValid: async (changes) => {
        await updateItem(c.var.deps.db, {
          clinicId: c.var.clinicId,
          itemId: item.id,
          actorId: c.var.me.user.id,
          changes,
        });
        return c.redirect(`/inventory/items/${item.id}?notice=updated`, 303);
      },
      onProblem: (values, problem) =>
        renderItemForm(c, {
          item,
          values: { ...values, archived: "archived" in values },
          problem,
        }),
    });
  })
  .post("/inventory/items/:id/movements", page("inventory.items.view"), (c) => {
    const itemId = c.req.param("id");
    return submitForm(c, movementForm, {
      onValid: async (movement) => {
        const permission = MOVEMENT_PERMISSIONS[movement.kind];
        if (!can(c.var.me.access, permission)) {
          throw forbidden("FORBIDDEN", `You do not have permission "${permission}"`);
        }
        await recordMovement(c.var.deps.db, {
          clinicId: c.var.clinicId,
          itemId,
          actorId: c.var.me.user.id,
          movement,
          appUrl: c.var.deps.config.appUrl,
        });
        return c.redirect(`/inventory/items/${itemId}?notice=${movement.kind}`, 303);
      },
      onProblem: (_values, problem) => renderItemPage(c, itemId, problem.message),
    });
  })
  .get("/inventory/reorder", page("inventory.items.view"), async (c) => {
    const clinic = c.var.me.clinic!;
    const now = new Date();
    return c.render(
      <ReorderPage
        lines={await reorderList(c.var.deps.db, c.var.clinicId, now)}
        clinicName={clinic.name}
        timeZone={clinic.timeZone}
        now={now}
        showSuppliers={can(c.var.me.access, "inventory.suppliers.view")}
      />,
      head("Reorder list"),
    );
  });
