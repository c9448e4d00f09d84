/**
 * Consumables used by catalog services. A service lists what one unit of it
 * uses; marking a plan item done takes that times the item's quantity, one
 * movement per inventory item, linked to the plan item (and to its
 * appointment when it has one). Taking is once per item: while the item's
 * consumption is outstanding a second "done" takes nothing, and putting the
 * item back to planned returns exactly what was taken, lot by lot.
 *
 * Like an appointment's completion, marking done is never refused for want of
 * stock: the treatment happened. What is on hand is taken and the shortfall
 * is written on the movement.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  activityLog,
  inventoryItems,
  inventoryMovements,
  type InventoryUnit,
  treatmentServiceConsumables,
  treatmentServices,
} from "../db/schema.ts";
import { AppError, notFound } from "../errors.ts";
import { applyMovement, returnConsumed, unreturnedConsumption } from "./movements.ts";
import { hasInventory } from "./appointment-consumption.ts";
import type { ServiceConsumablesInput } from "./schemas.ts";

export interface ServiceConsumable {
  serviceId: string;
  serviceName: string;
  itemId: string;
  itemName: string;
  unit: InventoryUnit;
  quantity: number;
}

/** Every service's consumables (or one service's), by service name then item name. */
export async function listServiceConsumables(
  db: Db,
  clinicId: string,
  serviceId?: string,
): Promise<ServiceConsumable[]> {
  return await db.select({
    serviceId: treatmentServiceConsumables.serviceId,
    serviceName: treatmentServices.name,
    itemId: treatmentServiceConsumables.itemId,
    itemName: inventoryItems.name,
    unit: inventoryItems.unit,
    quantity: treatmentServiceConsumables.quantity,
  }).from(treatmentServiceConsumables)
    .innerJoin(treatmentServices, eq(treatmentServices.id, treatmentServiceConsumables.serviceId))
    .innerJoin(inventoryItems, eq(inventoryItems.id, treatmentServiceConsumables.itemId))
    .where(and(
      eq(treatmentServiceConsumables.clinicId, clinicId),
      serviceId ? eq(treatmentServiceConsumables.serviceId, serviceId) : undefined,
    ))
    .orderBy(asc(sql`lower(${treatmentServices.name})`), asc(sql`lower(${inventoryItems.name})`));
}

/** Replaces one service's consumables; an empty list removes them all. */
export async function setServiceConsumables(
  db: Db,
  input: { clinicId: string; actorId: string; consumables: ServiceConsumablesInput },
): Promise<ServiceConsumable[]> {
  const { clinicId, consumables } = input;
  const itemIds = [...new Set(consumables.items.map((c) => c.itemId))];
  if (itemIds.length !== consumables.items.length) {
    throw new AppError(400, "DUPLICATE_ITEM", "List each item once");
  }
  await db.transaction(async (tx) => {
    const [service] = await tx.select({ id: treatmentServices.id }).from(treatmentServices)
      .where(and(
        eq(treatmentServices.clinicId, clinicId),
        eq(treatmentServices.id, consumables.serviceId),
      ));
    if (!service) throw notFound("Service not found");
    if (itemIds.length) {
      const known = await tx.select({ id: inventoryItems.id }).from(inventoryItems)
        .where(and(eq(inventoryItems.clinicId, clinicId), inArray(inventoryItems.id, itemIds)));
      if (known.length !== itemIds.length) {
        throw new AppError(422, "UNKNOWN_ITEM", "Choose items from the clinic's inventory", {
          field: "items",
        });
      }
    }
    await tx.delete(treatmentServiceConsumables).where(and(
      eq(treatmentServiceConsumables.clinicId, clinicId),
      eq(treatmentServiceConsumables.serviceId, consumables.serviceId),
    ));
    if (consumables.items.length) {
      await tx.insert(treatmentServiceConsumables).values(consumables.items.map((c) => ({
        clinicId,
        serviceId: consumables.serviceId,
        itemId: c.itemId,
        quantity: c.quantity,
      })));
    }
    await tx.insert(activityLog).values({
      clinicId,
      actorUserId: input.actorId,
      action: "inventory.service_consumables_set",
      entityType: "treatment_service",
      entityId: consumables.serviceId,
      details: { items: consumables.items },
    });
  });
  return (await listServiceConsumables(db, clinicId)).filter((c) =>
    c.serviceId === consumables.serviceId
  );
}

/** The plan item's consumptions not given back. */
async function outstandingForItem(tx: Db, planItemId: string) {
  return await unreturnedConsumption(tx, eq(inventoryMovements.planItemId, planItemId));
}

export interface DonePlanItem {
  id: string;
  clinicId: string;
  serviceId: string;
  name: string;
  quantity: number;
  appointmentId: string | null;
}

/**
 * Consumes what the item's service lists (times the item's quantity), unless
 * the item's consumption is already outstanding. Runs in the caller's
 * transaction; returns the number of movements written.
 */
export async function consumeForPlanItem(
  tx: Db,
  item: DonePlanItem,
  actorId: string | null,
  now = new Date(),
): Promise<number> {
  if (!(await hasInventory(tx, item.clinicId))) return 0;
  if ((await outstandingForItem(tx, item.id)).length) return 0;
  const needs = await tx.select({
    itemId: treatmentServiceConsumables.itemId,
    quantity: treatmentServiceConsumables.quantity,
  }).from(treatmentServiceConsumables)
    .innerJoin(inventoryItems, eq(inventoryItems.id, treatmentServiceConsumables.itemId))
    .where(and(
      eq(treatmentServiceConsumables.clinicId, item.clinicId),
      eq(treatmentServiceConsumables.serviceId, item.serviceId),
      eq(inventoryItems.archived, false),
    ))
    .orderBy(asc(treatmentServiceConsumables.itemId));
  let moved = 0;
  for (const need of needs) {
    const wanted = need.quantity * item.quantity;
    const [stock] = await tx.select({ onHand: inventoryItems.onHand }).from(inventoryItems)
      .where(eq(inventoryItems.id, need.itemId)).for("update");
    const quantity = Math.min(wanted, stock.onHand);
    if (quantity === 0) continue;
    const short = wanted - quantity;
    await applyMovement(tx, {
      clinicId: item.clinicId,
      itemId: need.itemId,
      actorId,
      now,
      planItemId: item.id,
      movement: {
        kind: "consume",
        quantity,
        appointmentId: item.appointmentId,
        note: `${item.name} done` + (short ? `; ${short} short of the ${wanted} it lists` : ""),
      },
    });
    moved++;
  }
  return moved;
}

/** Gives back everything the plan item consumed and has not yet returned. */
export async function returnForPlanItem(
  tx: Db,
  planItemId: string,
  actorId: string | null,
  now = new Date(),
): Promise<number> {
  const taken = await outstandingForItem(tx, planItemId);
  return await returnConsumed(tx, taken, actorId, now);
}
