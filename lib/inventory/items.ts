/**
 * Inventory items: the list (search, filters, sorting, pages), one item,
 * and saving an item's details. Stock itself only moves through
 * ./movements.ts; nothing here writes `on_hand`.
 */
import { and, asc, desc, eq, ilike, ne, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  activityLog,
  inventoryAlerts,
  inventoryItems,
  inventoryLots,
  inventorySuppliers,
  type InventoryUnit,
} from "../db/schema.ts";
import { AppError, notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { type StockStatus, stockStatus } from "./catalog.ts";
import { publishInventoryChanged } from "./live.ts";
import type { ItemChanges, NewItem } from "./schemas.ts";

export interface Item {
  id: string;
  name: string;
  sku: string | null;
  category: string;
  unit: InventoryUnit;
  packSize: number;
  reorderThreshold: number;
  reorderQuantity: number;
  leadTimeDays: number;
  supplierId: string | null;
  supplierName: string | null;
  labPreset: string | null;
  supplierNotes: string | null;
  archived: boolean;
  onHand: number;
  status: StockStatus;
  /** The earliest expiry among lots still on the shelf, YYYY-MM-DD. */
  nextExpiry: string | null;
  updatedAt: Date;
}

const nextExpiry = sql<string | null>`(
  select min(${inventoryLots.expiresOn})::text from ${inventoryLots}
  where ${inventoryLots.itemId} = ${inventoryItems.id} and ${inventoryLots.remaining} > 0
)`;

const columns = {
  id: inventoryItems.id,
  name: inventoryItems.name,
  sku: inventoryItems.sku,
  category: inventoryItems.category,
  unit: inventoryItems.unit,
  packSize: inventoryItems.packSize,
  reorderThreshold: inventoryItems.reorderThreshold,
  reorderQuantity: inventoryItems.reorderQuantity,
  leadTimeDays: inventoryItems.leadTimeDays,
  supplierId: inventoryItems.supplierId,
  supplierName: inventorySuppliers.name,
  labPreset: inventoryItems.labPreset,
  supplierNotes: inventoryItems.supplierNotes,
  archived: inventoryItems.archived,
  onHand: inventoryItems.onHand,
  nextExpiry,
  updatedAt: inventoryItems.updatedAt,
};

type Row = Omit<Item, "status">;
const withStatus = (row: Row): Item => ({
  ...row,
  status: stockStatus(row.onHand, row.reorderThreshold),
});

export const ITEM_SORTS = ["name", "category", "onHand", "threshold", "status"] as const;
export type ItemSort = typeof ITEM_SORTS[number];
export const DEFAULT_PAGE_SIZE = 25;

export interface ItemFilter {
  /** Part of the name, SKU or barcode. */
  q?: string;
  category?: string;
  supplierId?: string;
  /** Only items at or below their threshold (out of stock included). */
  low?: boolean;
  archived?: boolean;
  sort?: ItemSort;
  dir?: "asc" | "desc";
  page?: number;
  pageSize?: number;
}

export interface ItemPage {
  items: Item[];
  total: number;
  page: number;
  pageSize: number;
}

const isLow = sql`${inventoryItems.onHand} <= ${inventoryItems.reorderThreshold}`;

function orderFor(sort: ItemSort, dir: "asc" | "desc"): SQL[] {
  const by = dir === "desc" ? desc : asc;
  const name = asc(sql`lower(${inventoryItems.name})`);
  switch (sort) {
    case "category":
      return [by(sql`lower(${inventoryItems.category})`), name];
    case "onHand":
      return [by(inventoryItems.onHand), name];
    case "threshold":
      return [by(inventoryItems.reorderThreshold), name];
    case "status":
      // Out first, then low, then OK, when ascending: the order a nurse wants to act in.
      return [
        by(sql`case when ${inventoryItems.onHand} <= 0 then 0 when ${isLow} then 1 else 2 end`),
        name,
      ];
    default:
      return [by(sql`lower(${inventoryItems.name})`)];
  }
}

export async function listItems(
  db: Db,
  clinicId: string,
  filter: ItemFilter = {},
): Promise<ItemPage> {
  const pageSize = Math.min(Math.max(filter.pageSize ?? DEFAULT_PAGE_SIZE, 1), 100);
  const page = Math.max(filter.page ?? 1, 1);
  const q = filter.q?.trim();
  const where = and(
    eq(inventoryItems.clinicId, clinicId),
    eq(inventoryItems.archived, filter.archived ?? false),
    q
      ? or(
        ilike(inventoryItems.name, `%${escapeLike(q)}%`),
        ilike(inventoryItems.sku, `%${escapeLike(q)}%`),
      )
      : undefined,
    filter.category
      ? sql`lower(${inventoryItems.category}) = lower(${filter.category})`
      : undefined,
    filter.supplierId && isUuid(filter.supplierId)
      ? eq(inventoryItems.supplierId, filter.supplierId)
      : undefined,
    filter.low ? isLow : undefined,
  );
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` })
    .from(inventoryItems).where(where);
  const rows = await db.select(columns).from(inventoryItems)
    .leftJoin(inventorySuppliers, eq(inventorySuppliers.id, inventoryItems.supplierId))
    .where(where)
    .orderBy(...orderFor(filter.sort ?? "name", filter.dir ?? "asc"), asc(inventoryItems.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { items: rows.map(withStatus), total, page, pageSize };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** The categories the clinic uses, for the filter and the form's suggestions. */
export async function itemCategories(db: Db, clinicId: string): Promise<string[]> {
  const rows = await db.selectDistinct({ category: inventoryItems.category })
    .from(inventoryItems).where(eq(inventoryItems.clinicId, clinicId))
    .orderBy(asc(inventoryItems.category));
  return rows.map((r) => r.category);
}

export async function getItem(db: Db, clinicId: string, itemId: string): Promise<Item> {
  if (!isUuid(itemId)) throw notFound("Item not found");
  const [row] = await db.select(columns).from(inventoryItems)
    .leftJoin(inventorySuppliers, eq(inventorySuppliers.id, inventoryItems.supplierId))
    .where(and(eq(inventoryItems.clinicId, clinicId), eq(inventoryItems.id, itemId)));
  if (!row) throw notFound("Item not found");
  return withStatus(row);
}

/** A supplier id from a body must be one of the clinic's: another clinic's reads as unknown. */
async function checkSupplier(db: Db, clinicId: string, supplierId: string | null | undefined) {
  if (!supplierId) return;
  const [row] = await db.select({ id: inventorySuppliers.id }).from(inventorySuppliers)
    .where(and(eq(inventorySuppliers.clinicId, clinicId), eq(inventorySuppliers.id, supplierId)));
  if (!row) {
    throw new AppError(422, "UNKNOWN_SUPPLIER", "Choose a supplier from the list", {
      field: "supplierId",
    });
  }
}

async function refuseDuplicateSku(db: Db, clinicId: string, sku: string | null, except?: string) {
  if (!sku) return;
  const [clash] = await db.select({ name: inventoryItems.name }).from(inventoryItems)
    .where(and(
      eq(inventoryItems.clinicId, clinicId),
      sql`lower(${inventoryItems.sku}) = lower(${sku})`,
      except ? ne(inventoryItems.id, except) : undefined,
    ));
  if (clash) {
    throw new AppError(409, "DUPLICATE_SKU", `SKU ${sku} is already used by ${clash.name}`, {
      field: "sku",
    });
  }
}

export async function createItem(
  db: Db,
  input: { clinicId: string; actorId: string; fields: NewItem },
): Promise<Item> {
  const { clinicId, actorId, fields } = input;
  const id = await db.transaction(async (tx) => {
    await checkSupplier(tx, clinicId, fields.supplierId);
    await refuseDuplicateSku(tx, clinicId, fields.sku);
    const [row] = await tx.insert(inventoryItems)
      .values({ clinicId, createdBy: actorId, ...fields })
      .returning({ id: inventoryItems.id });
    await tx.insert(activityLog).values({
      clinicId,
      actorUserId: actorId,
      action: "inventory.item_created",
      entityType: "inventory_item",
      entityId: row.id,
      details: { name: fields.name },
    });
    await publishInventoryChanged(tx, clinicId, { itemIds: [row.id], change: "saved" });
    return row.id;
  });
  return await getItem(db, clinicId, id);
}

export async function updateItem(
  db: Db,
  input: { clinicId: string; itemId: string; actorId: string; changes: ItemChanges },
): Promise<Item> {
  const { clinicId, itemId, actorId, changes } = input;
  const before = await getItem(db, clinicId, itemId);
  await db.transaction(async (tx) => {
    await checkSupplier(tx, clinicId, changes.supplierId);
    if (changes.sku !== undefined) await refuseDuplicateSku(tx, clinicId, changes.sku, itemId);
    const [after] = await tx.update(inventoryItems)
      .set({ ...changes, updatedAt: new Date() })
      .where(and(eq(inventoryItems.clinicId, clinicId), eq(inventoryItems.id, itemId)))
      .returning({ onHand: inventoryItems.onHand, threshold: inventoryItems.reorderThreshold });
    // A raised threshold waits for the next movement to alert; a lowered one ends an open alert.
    if (after.onHand > after.threshold) {
      await tx.update(inventoryAlerts).set({ resolvedAt: new Date() })
        .where(and(
          eq(inventoryAlerts.itemId, itemId),
          sql`${inventoryAlerts.resolvedAt} is null`,
        ));
    }
    const changed = Object.keys(changes).filter((key) =>
      (before as unknown as Record<string, unknown>)[key] !==
        (changes as Record<string, unknown>)[key]
    );
    await tx.insert(activityLog).values({
      clinicId,
      actorUserId: actorId,
      action: "inventory.item_updated",
      entityType: "inventory_item",
      entityId: itemId,
      details: { changed },
    });
    await publishInventoryChanged(tx, clinicId, { itemIds: [itemId], change: "saved" });
  });
  return await getItem(db, clinicId, itemId);
}

export interface Lot {
  id: string;
  lotNumber: string | null;
  expiresOn: string | null;
  remaining: number;
  receivedAt: Date;
}

/** Lots still on the shelf, in the order consumption draws them: earliest expiry first. */
export async function itemLots(db: Db, clinicId: string, itemId: string): Promise<Lot[]> {
  return await db.select({
    id: inventoryLots.id,
    lotNumber: inventoryLots.lotNumber,
    expiresOn: inventoryLots.expiresOn,
    remaining: inventoryLots.remaining,
    receivedAt: inventoryLots.receivedAt,
  }).from(inventoryLots)
    .where(and(
      eq(inventoryLots.clinicId, clinicId),
      eq(inventoryLots.itemId, itemId),
      sql`${inventoryLots.remaining} > 0`,
    ))
    .orderBy(sql`${inventoryLots.expiresOn} asc nulls last`, asc(inventoryLots.receivedAt));
}
