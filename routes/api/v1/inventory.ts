/**
 * Inventory API: items (list, create, read, change), stock movements,
 * suppliers, low-stock alerts, the reorder list and the consumables of each
 * appointment type and each catalog service. Every route needs the clinic's inventory module first;
 * a movement needs the permission of its kind (receive, consume, adjust).
 */
import { Hono } from "hono";
import type { AppEnv, ClinicScope } from "../../../lib/http/app-env.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import { forbidden } from "../../../lib/errors.ts";
import {
  accessOf,
  requireModule,
  requirePermission,
} from "../../../lib/permissions/route-policy.ts";
import { can } from "../../../lib/permissions/access.ts";
import { clinicTimeZone } from "../../../lib/time/clinic-zone.ts";
import {
  consumablesSchema,
  itemChangesSchema,
  movementSchema,
  newItemSchema,
  serviceConsumablesSchema,
  supplierSchema,
} from "../../../lib/inventory/schemas.ts";
import { createItem, updateItem } from "../../../lib/inventory/items.ts";
import { recordMovement } from "../../../lib/inventory/movements.ts";
import { createSupplier, listSuppliers, updateSupplier } from "../../../lib/inventory/suppliers.ts";
import { listAlerts } from "../../../lib/inventory/alerts.ts";
import {
  itemListView,
  itemView,
  parseItemFilter,
  reorderList,
} from "../../../lib/inventory/overview.ts";
import { alertJson, itemJson, movementJson } from "../../../lib/inventory/api-json.ts";
import {
  listServiceConsumables,
  setServiceConsumables,
} from "../../../lib/inventory/service-consumption.ts";
import {
  listTypeConsumables,
  setTypeConsumables,
} from "../../../lib/inventory/appointment-consumption.ts";

const MOVEMENT_PERMISSIONS = {
  receive: "inventory.stock.receive",
  consume: "inventory.stock.consume",
  adjust: "inventory.stock.adjust",
} as const;

const inventory = () => requireModule("inventory");

export const inventoryApi = new Hono<AppEnv & ClinicScope>()
  .get("/items", inventory(), requirePermission("inventory.items.view"), async (c) => {
    const view = await itemListView(
      c.var.deps.db,
      c.var.clinicId,
      parseItemFilter(c.req.query()),
      new Date(),
    );
    return c.json({
      items: view.items.map(({ item, cover }) => itemJson(item, cover)),
      total: view.total,
      page: view.page,
      pageSize: view.pageSize,
    });
  })
  .post(
    "/items",
    inventory(),
    requirePermission("inventory.items.create"),
    jsonBody(newItemSchema),
    async (c) => {
      const item = await createItem(c.var.deps.db, {
        clinicId: c.var.clinicId,
        actorId: c.var.principal.userId,
        fields: c.req.valid("json"),
      });
      return c.json({ item: itemJson(item) }, 201);
    },
  )
  .get("/items/:id", inventory(), requirePermission("inventory.items.view"), async (c) => {
    const view = await itemView(c.var.deps.db, c.var.clinicId, c.req.param("id"), new Date());
    return c.json({
      item: itemJson(view.item, view.cover),
      lots: view.lots,
      movements: view.movements.map((m) => movementJson(m, view.timeZone)),
      usedBy: view.usedBy,
    });
  })
  .patch(
    "/items/:id",
    inventory(),
    requirePermission("inventory.items.edit"),
    jsonBody(itemChangesSchema),
    async (c) => {
      const item = await updateItem(c.var.deps.db, {
        clinicId: c.var.clinicId,
        itemId: c.req.param("id"),
        actorId: c.var.principal.userId,
        changes: c.req.valid("json"),
      });
      return c.json({ item: itemJson(item) });
    },
  )
  .post(
    "/items/:id/movements",
    inventory(),
    requirePermission("inventory.items.view"),
    jsonBody(movementSchema),
    async (c) => {
      const movement = c.req.valid("json");
      const permission = MOVEMENT_PERMISSIONS[movement.kind];
      if (!can(await accessOf(c), permission)) {
        throw forbidden("FORBIDDEN", `You do not have permission "${permission}"`, { permission });
      }
      const { deps, clinicId } = c.var;
      const result = await recordMovement(deps.db, {
        clinicId,
        itemId: c.req.param("id"),
        actorId: c.var.principal.userId,
        movement,
        appUrl: deps.config.appUrl,
      });
      const timeZone = await clinicTimeZone(deps.db, clinicId);
      return c.json(
        { movement: movementJson(result.movement, timeZone), onHand: result.onHand },
        201,
      );
    },
  )
  .get("/suppliers", inventory(), requirePermission("inventory.suppliers.view"), async (c) => {
    return c.json({ suppliers: await listSuppliers(c.var.deps.db, c.var.clinicId) });
  })
  .post(
    "/suppliers",
    inventory(),
    requirePermission("inventory.suppliers.manage"),
    jsonBody(supplierSchema),
    async (c) => {
      const supplier = await createSupplier(c.var.deps.db, {
        clinicId: c.var.clinicId,
        actorId: c.var.principal.userId,
        fields: c.req.valid("json"),
      });
      return c.json({ supplier }, 201);
    },
  )
  .patch(
    "/suppliers/:id",
    inventory(),
    requirePermission("inventory.suppliers.manage"),
    jsonBody(supplierSchema),
    async (c) => {
      const supplier = await updateSupplier(c.var.deps.db, {
        clinicId: c.var.clinicId,
        supplierId: c.req.param("id"),
        actorId: c.var.principal.userId,
        fields: c.req.valid("json"),
      });
      return c.json({ supplier });
    },
  )
  .get("/alerts", inventory(), requirePermission("inventory.alerts.view"), async (c) => {
    const { db } = c.var.deps;
    const timeZone = await clinicTimeZone(db, c.var.clinicId);
    const open = c.req.query("open") === "1";
    const alerts = await listAlerts(db, c.var.clinicId, { open });
    return c.json({ alerts: alerts.map((a) => alertJson(a, timeZone)) });
  })
  .get("/reorder", inventory(), requirePermission("inventory.items.view"), async (c) => {
    return c.json({ lines: await reorderList(c.var.deps.db, c.var.clinicId, new Date()) });
  })
  .get("/consumables", inventory(), requirePermission("inventory.items.view"), async (c) => {
    return c.json({ consumables: await listTypeConsumables(c.var.deps.db, c.var.clinicId) });
  })
  .put(
    "/consumables",
    inventory(),
    requirePermission("inventory.items.edit"),
    jsonBody(consumablesSchema),
    async (c) => {
      const consumables = await setTypeConsumables(c.var.deps.db, {
        clinicId: c.var.clinicId,
        actorId: c.var.principal.userId,
        consumables: c.req.valid("json"),
      });
      return c.json({ consumables });
    },
  )
  .get(
    "/service-consumables",
    inventory(),
    requirePermission("inventory.items.view"),
    async (c) => {
      return c.json({
        consumables: await listServiceConsumables(c.var.deps.db, c.var.clinicId),
      });
    },
  )
  .put(
    "/service-consumables",
    inventory(),
    requirePermission("inventory.items.edit"),
    jsonBody(serviceConsumablesSchema),
    async (c) => {
      const consumables = await setServiceConsumables(c.var.deps.db, {
        clinicId: c.var.clinicId,
        actorId: c.var.principal.userId,
        consumables: c.req.valid("json"),
      });
      return c.json({ consumables });
    },
  );
