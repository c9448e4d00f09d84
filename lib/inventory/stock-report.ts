/**
 * The questions the reorder list, the dashboards and the end-of-day email
 * ask of the stock: what is low, what expires soon, what was used and
 * received in a span. One module, so the email and the pages never disagree.
 *
 * @example
 * ```ts
 * const low = await lowStockItems(db, clinicId); // for a nurse's dashboard card
 * ```
 */
import { and, asc, eq, gte, inArray, lt, lte, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { preparedPerDatabase } from "../db/prepared.ts";
import {
  inventoryItems,
  inventoryLots,
  inventoryMovements,
  inventorySuppliers,
  type InventoryUnit,
} from "../db/schema.ts";

export interface LowStockItem {
  id: string;
  name: string;
  unit: InventoryUnit;
  packSize: number;
  onHand: number;
  reorderThreshold: number;
  reorderQuantity: number;
  supplier: {
    id: string;
    name: string;
    contactPerson: string | null;
    phone: string | null;
    email: string | null;
  } | null;
}

/** Read on the nurse's and the owner's dashboards, so planned once per database. */
const lowStockOfClinic = preparedPerDatabase((db) =>
  db.select({
    id: inventoryItems.id,
    name: inventoryItems.name,
    unit: inventoryItems.unit,
    packSize: inventoryItems.packSize,
    onHand: inventoryItems.onHand,
    reorderThreshold: inventoryItems.reorderThreshold,
    reorderQuantity: inventoryItems.reorderQuantity,
    supplierId: inventorySuppliers.id,
    supplierName: inventorySuppliers.name,
    contactPerson: inventorySuppliers.contactPerson,
    phone: inventorySuppliers.phone,
    email: inventorySuppliers.email,
  }).from(inventoryItems)
    .leftJoin(inventorySuppliers, eq(inventorySuppliers.id, inventoryItems.supplierId))
    .where(and(
      eq(inventoryItems.clinicId, sql.placeholder("clinicId")),
      eq(inventoryItems.archived, false),
      sql`${inventoryItems.onHand} <= ${inventoryItems.reorderThreshold}`,
    ))
    .orderBy(asc(inventoryItems.onHand), asc(sql`lower(${inventoryItems.name})`))
    .prepare("inventory_low_stock")
);

/** Items at or below their reorder threshold (out of stock first), with their supplier's contact. */
export async function lowStockItems(db: Db, clinicId: string): Promise<LowStockItem[]> {
  const rows = await lowStockOfClinic(db).execute({ clinicId });
  return rows.map(({ supplierId, supplierName, contactPerson, phone, email, ...item }) => ({
    ...item,
    supplier: supplierId
      ? { id: supplierId, name: supplierName!, contactPerson, phone, email }
      : null,
  }));
}

export interface ExpiringLot {
  itemId: string;
  itemName: string;
  unit: InventoryUnit;
  lotNumber: string | null;
  expiresOn: string;
  remaining: number;
}

/** Lots on the shelf expiring on or before `until` (YYYY-MM-DD), expired ones included. */
export async function expiringLots(
  db: Db,
  clinicId: string,
  until: string,
): Promise<ExpiringLot[]> {
  return await db.select({
    itemId: inventoryItems.id,
    itemName: inventoryItems.name,
    unit: inventoryItems.unit,
    lotNumber: inventoryLots.lotNumber,
    expiresOn: sql<string>`${inventoryLots.expiresOn}::text`,
    remaining: inventoryLots.remaining,
  }).from(inventoryLots)
    .innerJoin(inventoryItems, eq(inventoryItems.id, inventoryLots.itemId))
    .where(and(
      eq(inventoryLots.clinicId, clinicId),
      eq(inventoryItems.archived, false),
      sql`${inventoryLots.remaining} > 0`,
      lte(inventoryLots.expiresOn, until),
    ))
    .orderBy(asc(inventoryLots.expiresOn), asc(inventoryItems.name));
}

export interface ConsumedItem {
  itemId: string;
  name: string;
  unit: InventoryUnit;
  /** Used minus returned in the span. */
  quantity: number;
}

/** What was used between `from` (inclusive) and `to` (exclusive), net of returns. */
export async function consumedBetween(
  db: Db,
  clinicId: string,
  from: Date,
  to: Date,
): Promise<ConsumedItem[]> {
  const rows = await db.select({
    itemId: inventoryItems.id,
    name: inventoryItems.name,
    unit: inventoryItems.unit,
    quantity: sql<number>`(-sum(${inventoryMovements.delta}))::int`,
  }).from(inventoryMovements)
    .innerJoin(inventoryItems, eq(inventoryItems.id, inventoryMovements.itemId))
    .where(and(
      eq(inventoryMovements.clinicId, clinicId),
      inArray(inventoryMovements.kind, ["consume", "return"]),
      gte(inventoryMovements.createdAt, from),
      lt(inventoryMovements.createdAt, to),
    ))
    .groupBy(inventoryItems.id, inventoryItems.name, inventoryItems.unit)
    .orderBy(asc(inventoryItems.name));
  return rows.filter((row) => row.quantity > 0);
}

export interface Receipt {
  itemId: string;
  itemName: string;
  unit: InventoryUnit;
  quantity: number;
  supplierName: string | null;
  costMinor: number | null;
  receivedAt: Date;
}

/** Stock received between `from` (inclusive) and `to` (exclusive), newest first. */
export async function receiptsBetween(
  db: Db,
  clinicId: string,
  from: Date,
  to: Date,
): Promise<Receipt[]> {
  return await db.select({
    itemId: inventoryItems.id,
    itemName: inventoryItems.name,
    unit: inventoryItems.unit,
    quantity: inventoryMovements.delta,
    supplierName: inventorySuppliers.name,
    costMinor: inventoryMovements.costMinor,
    receivedAt: inventoryMovements.createdAt,
  }).from(inventoryMovements)
    .innerJoin(inventoryItems, eq(inventoryItems.id, inventoryMovements.itemId))
    .leftJoin(inventorySuppliers, eq(inventorySuppliers.id, inventoryMovements.supplierId))
    .where(and(
      eq(inventoryMovements.clinicId, clinicId),
      eq(inventoryMovements.kind, "receive"),
      gte(inventoryMovements.createdAt, from),
      lt(inventoryMovements.createdAt, to),
    ))
    .orderBy(sql`${inventoryMovements.createdAt} desc`);
}
