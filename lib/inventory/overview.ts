/**
 * What the inventory pages and the API load in one call each: a list page
 * with every item's days of cover, one item with its lots and history, and
 * the reorder list (low items plus those the schedule will run out of).
 */
import type { Db } from "../db/client.ts";
import { clinicTimeZone } from "../time/clinic-zone.ts";
import { AppError } from "../errors.ts";
import { type Cover, coverFor } from "./cover.ts";
import { getItem, type Item, type ItemFilter, itemLots, listItems, type Lot } from "./items.ts";
import { itemMovements, type Movement } from "./movements.ts";
import { type LowStockItem, lowStockItems } from "./stock-report.ts";
import { itemListQuery } from "./api-json.ts";
import { listSuppliers } from "./suppliers.ts";
import { listTypeConsumables, type TypeConsumable } from "./appointment-consumption.ts";

export interface ItemListView {
  items: { item: Item; cover: Cover }[];
  total: number;
  page: number;
  pageSize: number;
  filter: ItemFilter;
}

/** Reads the list's query parameters; bad ones are a 400 naming them. */
export function parseItemFilter(query: Record<string, string>): ItemFilter {
  const parsed = itemListQuery.safeParse(query);
  if (!parsed.success) {
    const message = parsed.error.issues
      .map((i) => (i.path.length ? `${i.path.join(".")}: ` : "") + i.message).join("; ");
    throw new AppError(400, "VALIDATION_FAILED", message);
  }
  return parsed.data;
}

export async function itemListView(
  db: Db,
  clinicId: string,
  filter: ItemFilter,
  now: Date,
): Promise<ItemListView> {
  const page = await listItems(db, clinicId, filter);
  const covers = await coverFor(db, clinicId, page.items, now);
  return {
    ...page,
    items: page.items.map((item) => ({ item, cover: covers.get(item.id)! })),
    filter,
  };
}

export interface ItemView {
  item: Item;
  cover: Cover;
  lots: Lot[];
  movements: Movement[];
  timeZone: string;
  usedBy: TypeConsumable[];
}

export async function itemView(
  db: Db,
  clinicId: string,
  itemId: string,
  now: Date,
): Promise<ItemView> {
  const item = await getItem(db, clinicId, itemId);
  const [covers, lots, movements, timeZone, consumables] = [
    await coverFor(db, clinicId, [item], now),
    await itemLots(db, clinicId, item.id),
    await itemMovements(db, clinicId, item.id),
    await clinicTimeZone(db, clinicId),
    await listTypeConsumables(db, clinicId),
  ];
  return {
    item,
    cover: covers.get(item.id)!,
    lots,
    movements,
    timeZone,
    usedBy: consumables.filter((c) => c.itemId === item.id),
  };
}

export interface ReorderLine extends LowStockItem {
  /** Not yet low, but booked appointments will run it out before a delivery could arrive. */
  scheduleRisk: boolean;
  cover: Cover | null;
}

/** Items to order now: low ones, then those the booked schedule puts at risk. */
export async function reorderList(db: Db, clinicId: string, now: Date): Promise<ReorderLine[]> {
  const low = await lowStockItems(db, clinicId);
  const lowIds = new Set(low.map((item) => item.id));
  const all = await listItems(db, clinicId, { pageSize: 100 });
  let items = all.items;
  for (let page = 2; (page - 1) * all.pageSize < all.total; page++) {
    items = items.concat((await listItems(db, clinicId, { pageSize: 100, page })).items);
  }
  const covers = await coverFor(db, clinicId, items, now);
  const suppliers = await listSuppliers(db, clinicId);
  const lines: ReorderLine[] = low.map((item) => ({
    ...item,
    scheduleRisk: covers.get(item.id)?.atRisk ?? false,
    cover: covers.get(item.id) ?? null,
  }));
  for (const item of items) {
    const cover = covers.get(item.id)!;
    if (lowIds.has(item.id) || !cover.atRisk) continue;
    const supplier = suppliers.find((s) => s.id === item.supplierId);
    lines.push({
      id: item.id,
      name: item.name,
      unit: item.unit,
      packSize: item.packSize,
      onHand: item.onHand,
      reorderThreshold: item.reorderThreshold,
      reorderQuantity: item.reorderQuantity,
      supplier: supplier
        ? {
          id: supplier.id,
          name: supplier.name,
          contactPerson: supplier.contactPerson,
          phone: supplier.phone,
          email: supplier.email,
        }
        : null,
      scheduleRisk: true,
      cover,
    });
  }
  return lines;
}
