/**
 * Consumables used by treatment. Until the service catalog exists, an
 * appointment's type (its free text, matched without regard to case) lists
 * the consumables it uses; completing the appointment consumes them, one
 * movement per item linked to the appointment, and undoing the completion
 * returns exactly what was taken, lot by lot.
 *
 * A completion is never refused for want of stock: the visit happened. What
 * is on hand is taken and the shortfall is written on the movement.
 *
 * @example
 * ```ts
 * registerInventoryConsumption(deps.hooks); // once per app, in createApp
 * ```
 */
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  activityLog,
  clinics,
  inventoryItems,
  inventoryMovements,
  inventoryTypeConsumables,
  type InventoryUnit,
} from "../db/schema.ts";
import { AppError } from "../errors.ts";
import { loadClinicModules } from "../permissions/access.ts";
import type { PlanId } from "../permissions/features.ts";
import type { DomainHooks } from "../events/domain-hooks.ts";
import type { Appointment } from "../appointments/queries.ts";
import { applyMovement, returnConsumed, unreturnedConsumption } from "./movements.ts";
import type { ConsumablesInput } from "./schemas.ts";

export interface TypeConsumable {
  appointmentType: string;
  itemId: string;
  itemName: string;
  unit: InventoryUnit;
  quantity: number;
}

/** Every appointment type's consumables, by type then item. */
export async function listTypeConsumables(db: Db, clinicId: string): Promise<TypeConsumable[]> {
  return await db.select({
    appointmentType: inventoryTypeConsumables.appointmentType,
    itemId: inventoryTypeConsumables.itemId,
    itemName: inventoryItems.name,
    unit: inventoryItems.unit,
    quantity: inventoryTypeConsumables.quantity,
  }).from(inventoryTypeConsumables)
    .innerJoin(inventoryItems, eq(inventoryItems.id, inventoryTypeConsumables.itemId))
    .where(eq(inventoryTypeConsumables.clinicId, clinicId))
    .orderBy(
      asc(sql`lower(${inventoryTypeConsumables.appointmentType})`),
      asc(inventoryItems.name),
    );
}

/** Replaces the consumables of one appointment type; an empty list removes them all. */
export async function setTypeConsumables(
  db: Db,
  input: { clinicId: string; actorId: string; consumables: ConsumablesInput },
): Promise<TypeConsumable[]> {
  const { clinicId, consumables } = input;
  const itemIds = [...new Set(consumables.items.map((c) => c.itemId))];
  if (itemIds.length !== consumables.items.length) {
    throw new AppError(400, "DUPLICATE_ITEM", "List each item once");
  }
  await db.transaction(async (tx) => {
    if (itemIds.length) {
      const known = await tx.select({ id: inventoryItems.id }).from(inventoryItems)
        .where(and(eq(inventoryItems.clinicId, clinicId), inArray(inventoryItems.id, itemIds)));
      if (known.length !== itemIds.length) {
        throw new AppError(422, "UNKNOWN_ITEM", "Choose items from the clinic's inventory", {
          field: "items",
        });
      }
    }
    await tx.delete(inventoryTypeConsumables).where(and(
      eq(inventoryTypeConsumables.clinicId, clinicId),
      sql`lower(${inventoryTypeConsumables.appointmentType}) = lower(${consumables.appointmentType})`,
    ));
    if (consumables.items.length) {
      await tx.insert(inventoryTypeConsumables).values(consumables.items.map((c) => ({
        clinicId,
        appointmentType: consumables.appointmentType,
        itemId: c.itemId,
        quantity: c.quantity,
      })));
    }
    await tx.insert(activityLog).values({
      clinicId,
      actorUserId: input.actorId,
      action: "inventory.consumables_set",
      entityType: "appointment_type",
      entityId: consumables.appointmentType,
      details: { items: consumables.items },
    });
  });
  return (await listTypeConsumables(db, clinicId)).filter((c) =>
    c.appointmentType.toLowerCase() === consumables.appointmentType.toLowerCase()
  );
}

export async function hasInventory(tx: Db, clinicId: string): Promise<boolean> {
  const [clinic] = await tx.select({ planId: clinics.planId }).from(clinics)
    .where(eq(clinics.id, clinicId));
  if (!clinic) return false;
  return (await loadClinicModules(tx, clinicId, clinic.planId as PlanId)).has("inventory");
}

/** Consumes what the appointment's type lists, unless this appointment already did. */
export async function consumeForAppointment(
  tx: Db,
  appointment: Pick<Appointment, "id" | "clinicId" | "type">,
  actorId: string | null,
  now = new Date(),
): Promise<number> {
  const outstanding = await outstandingConsumption(tx, appointment.id);
  if (outstanding.length) return 0;
  const needs = await tx.select({
    itemId: inventoryTypeConsumables.itemId,
    quantity: inventoryTypeConsumables.quantity,
  }).from(inventoryTypeConsumables)
    .innerJoin(inventoryItems, eq(inventoryItems.id, inventoryTypeConsumables.itemId))
    .where(and(
      eq(inventoryTypeConsumables.clinicId, appointment.clinicId),
      sql`lower(${inventoryTypeConsumables.appointmentType}) = lower(${appointment.type})`,
      eq(inventoryItems.archived, false),
    ))
    .orderBy(asc(inventoryTypeConsumables.itemId));
  let moved = 0;
  for (const need of needs) {
    const [item] = await tx.select({ onHand: inventoryItems.onHand }).from(inventoryItems)
      .where(eq(inventoryItems.id, need.itemId)).for("update");
    const quantity = Math.min(need.quantity, item.onHand);
    if (quantity === 0) continue;
    const short = need.quantity - quantity;
    await applyMovement(tx, {
      clinicId: appointment.clinicId,
      itemId: need.itemId,
      actorId,
      now,
      movement: {
        kind: "consume",
        quantity,
        appointmentId: appointment.id,
        note: `${appointment.type} completed` +
          (short ? `; ${short} short of the ${need.quantity} it lists` : ""),
      },
    });
    moved++;
  }
  return moved;
}

/**
 * Consumptions of the appointment's own type list not given back. What its plan items took is
 * theirs: it stays with the item, which stays done when the appointment is reopened.
 */
async function outstandingConsumption(tx: Db, appointmentId: string) {
  return await unreturnedConsumption(
    tx,
    and(
      eq(inventoryMovements.appointmentId, appointmentId),
      isNull(inventoryMovements.planItemId),
    ),
  );
}

/** Gives back everything the appointment consumed and has not yet returned. */
export async function returnForAppointment(
  tx: Db,
  appointmentId: string,
  actorId: string | null,
  now = new Date(),
): Promise<number> {
  const taken = await outstandingConsumption(tx, appointmentId);
  return await returnConsumed(tx, taken, actorId, now);
}

/**
 * Registers the status-change listener on one app's domain hooks. Runs inside
 * the transaction of the status change, so stock moves only if it commits.
 */
export function registerInventoryConsumption(hooks: DomainHooks): void {
  hooks.on("appointment.status_changed", async ({ appointment, from, to, actorId }, tx) => {
    if (to === "completed" && from !== "completed") {
      if (await hasInventory(tx, appointment.clinicId)) {
        await consumeForAppointment(tx, appointment, actorId);
      }
    } else if (from === "completed" && to !== "completed") {
      await returnForAppointment(tx, appointment.id, actorId);
    }
  });
}
