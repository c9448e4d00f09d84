/**
 * The stock ledger. Every change to an item's stock is one appended
 * movement — receive, consume, adjust, or the return of what a completed
 * appointment used — written with the item row locked, so movements on one
 * item queue behind each other and `on_hand` (the running sum the item
 * stores) always equals the ledger. Consuming more than is on hand is a 409
 * naming what is; the column's check makes it impossible anyway.
 *
 * Lots: a receipt is a lot (with its lot number and expiry when given);
 * consumption draws from the lot that expires first, then the oldest.
 *
 * @example
 * ```ts
 * await recordMovement(db, {
 *   clinicId, itemId, actorId,
 *   movement: { kind: "consume", quantity: 2, appointmentId: null, note: null },
 * });
 * ```
 */
import { and, asc, desc, eq, isNull, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../db/client.ts";
import {
  inventoryItems,
  inventoryLots,
  inventoryMovements,
  inventorySuppliers,
  type LotChange,
  type MovementKind,
  treatmentPlanItems,
  treatmentPlanOptions,
  treatmentPlanPhases,
  users,
} from "../db/schema.ts";
import { AppError, notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { quantityText } from "./catalog.ts";
import { afterStockChange } from "./alerts.ts";
import { publishInventoryChanged } from "./live.ts";
import type { MovementInput } from "./schemas.ts";

export interface Movement {
  id: number;
  itemId: string;
  kind: MovementKind;
  delta: number;
  balanceAfter: number;
  lotNumber: string | null;
  expiresOn: string | null;
  supplierName: string | null;
  costMinor: number | null;
  currency: string;
  appointmentId: string | null;
  /** The treatment plan item whose completion took (or gave back) this stock. */
  planItemId: string | null;
  /** That item's plan, to link to. */
  planId: string | null;
  reason: string | null;
  actorName: string | null;
  createdAt: Date;
}

/** A movement the caller decided on, beyond what the API accepts (returns, appointment links). */
type LedgerEntry =
  | MovementInput
  | { kind: "return"; reversesId: number };

export interface RecordMovementInput {
  clinicId: string;
  itemId: string;
  /** Null when the system moves stock (an appointment completed by a patient link, the seed). */
  actorId: string | null;
  movement: LedgerEntry;
  now?: Date;
  /** The app's address, for the link in a low-stock email. */
  appUrl?: string;
  /** The treatment plan item whose completion this consumption is. */
  planItemId?: string;
}

export interface MovementResult {
  movement: Movement;
  onHand: number;
}

export async function recordMovement(
  db: Db,
  input: RecordMovementInput,
): Promise<MovementResult> {
  if (!isUuid(input.itemId)) throw notFound("Item not found");
  return await db.transaction(async (tx) => await applyMovement(tx, input));
}

/** Writes one movement in `tx`, which the caller has open (an appointment's completion, say). */
export async function applyMovement(tx: Db, input: RecordMovementInput): Promise<MovementResult> {
  const { clinicId, itemId, movement } = input;
  const now = input.now ?? new Date();
  const [item] = await tx.select({
    id: inventoryItems.id,
    name: inventoryItems.name,
    unit: inventoryItems.unit,
    onHand: inventoryItems.onHand,
  }).from(inventoryItems)
    .where(and(eq(inventoryItems.clinicId, clinicId), eq(inventoryItems.id, itemId)))
    .for("update");
  if (!item) throw notFound("Item not found");

  let delta: number;
  let lotChanges: LotChange[];
  const extra: Partial<typeof inventoryMovements.$inferInsert> = {};
  switch (movement.kind) {
    case "receive": {
      if (movement.supplierId) await checkSupplier(tx, clinicId, movement.supplierId);
      delta = movement.quantity;
      const [lot] = await tx.insert(inventoryLots).values({
        clinicId,
        itemId,
        lotNumber: movement.lotNumber,
        expiresOn: movement.expiresOn,
        remaining: movement.quantity,
        receivedAt: now,
      }).returning({ id: inventoryLots.id });
      lotChanges = [{ lotId: lot.id, quantity: movement.quantity }];
      Object.assign(extra, {
        lotNumber: movement.lotNumber,
        expiresOn: movement.expiresOn,
        supplierId: movement.supplierId,
        costMinor: movement.costMinor,
        reason: movement.note,
      });
      break;
    }
    case "consume": {
      if (movement.quantity > item.onHand) {
        throw new AppError(
          409,
          "INSUFFICIENT_STOCK",
          `Only ${quantityText(item.onHand, item.unit)} of ${item.name} on hand; ` +
            `cannot use ${movement.quantity}`,
          { onHand: item.onHand, requested: movement.quantity, field: "quantity" },
        );
      }
      if (movement.appointmentId) await checkAppointment(tx, clinicId, movement.appointmentId);
      delta = -movement.quantity;
      lotChanges = await drawFromLots(tx, itemId, movement.quantity);
      Object.assign(extra, {
        appointmentId: movement.appointmentId,
        planItemId: input.planItemId ?? null,
        reason: movement.note,
      });
      break;
    }
    case "adjust": {
      delta = movement.quantity - item.onHand;
      lotChanges = delta < 0
        ? await drawFromLots(tx, itemId, -delta)
        : delta > 0
        ? await addCountedLot(tx, clinicId, itemId, delta, now)
        : [];
      extra.reason = movement.reason;
      break;
    }
    case "return": {
      const [original] = await tx.select().from(inventoryMovements)
        .where(and(
          eq(inventoryMovements.id, movement.reversesId),
          eq(inventoryMovements.itemId, itemId),
          eq(inventoryMovements.kind, "consume"),
        ));
      if (!original) throw notFound("Movement not found");
      delta = -original.delta;
      lotChanges = [];
      for (const change of original.lotChanges) {
        await tx.update(inventoryLots)
          .set({ remaining: sql`${inventoryLots.remaining} + ${-change.quantity}` })
          .where(eq(inventoryLots.id, change.lotId));
        lotChanges.push({ lotId: change.lotId, quantity: -change.quantity });
      }
      Object.assign(extra, {
        reversesId: original.id,
        appointmentId: original.appointmentId,
        planItemId: original.planItemId,
        reason: original.planItemId
          ? "Treatment item no longer done"
          : "Appointment completion undone",
      });
      break;
    }
  }

  const balanceAfter = item.onHand + delta;
  const [row] = await tx.insert(inventoryMovements).values({
    clinicId,
    itemId,
    kind: movement.kind,
    delta,
    balanceAfter,
    lotChanges,
    actorId: input.actorId,
    createdAt: now,
    ...extra,
  }).returning({ id: inventoryMovements.id });
  await tx.update(inventoryItems)
    .set({ onHand: balanceAfter, updatedAt: now })
    .where(eq(inventoryItems.id, itemId));
  await afterStockChange(tx, {
    clinicId,
    itemId,
    before: item.onHand,
    after: balanceAfter,
    now,
    appUrl: input.appUrl,
  });
  await publishInventoryChanged(tx, clinicId, { itemIds: [itemId], change: movement.kind });
  const [saved] = await movementQuery(tx, clinicId).where(eq(inventoryMovements.id, row.id));
  return { movement: saved, onHand: balanceAfter };
}

/** Takes `quantity` from the lots, earliest expiry first (no expiry last), then oldest. */
async function drawFromLots(tx: Db, itemId: string, quantity: number): Promise<LotChange[]> {
  const lots = await tx.select({ id: inventoryLots.id, remaining: inventoryLots.remaining })
    .from(inventoryLots)
    .where(and(eq(inventoryLots.itemId, itemId), sql`${inventoryLots.remaining} > 0`))
    .orderBy(
      sql`${inventoryLots.expiresOn} asc nulls last`,
      asc(inventoryLots.receivedAt),
      asc(inventoryLots.id),
    );
  const changes: LotChange[] = [];
  let left = quantity;
  for (const lot of lots) {
    if (left === 0) break;
    const take = Math.min(left, lot.remaining);
    await tx.update(inventoryLots).set({ remaining: lot.remaining - take })
      .where(eq(inventoryLots.id, lot.id));
    changes.push({ lotId: lot.id, quantity: -take });
    left -= take;
  }
  // On-hand and the lots are written together; a gap would mean the two disagree.
  if (left > 0) throw new Error(`inventory lots of item ${itemId} are short of on-hand by ${left}`);
  return changes;
}

async function addCountedLot(
  tx: Db,
  clinicId: string,
  itemId: string,
  quantity: number,
  now: Date,
): Promise<LotChange[]> {
  const [lot] = await tx.insert(inventoryLots)
    .values({ clinicId, itemId, remaining: quantity, receivedAt: now })
    .returning({ id: inventoryLots.id });
  return [{ lotId: lot.id, quantity }];
}

async function checkSupplier(tx: Db, clinicId: string, supplierId: string) {
  const [row] = await tx.select({ id: inventorySuppliers.id }).from(inventorySuppliers)
    .where(and(eq(inventorySuppliers.clinicId, clinicId), eq(inventorySuppliers.id, supplierId)));
  if (!row) {
    throw new AppError(422, "UNKNOWN_SUPPLIER", "Choose a supplier from the list", {
      field: "supplierId",
    });
  }
}

async function checkAppointment(tx: Db, clinicId: string, appointmentId: string) {
  const rows = await tx.execute(sql`select 1 from appointments
    where clinic_id = ${clinicId} and id = ${appointmentId}`);
  const found = Array.isArray(rows) ? rows.length : (rows as { rows: unknown[] }).rows.length;
  if (!found) {
    throw new AppError(422, "UNKNOWN_APPOINTMENT", "No such appointment in this clinic", {
      field: "appointmentId",
    });
  }
}

function movementQuery(db: Db, clinicId: string) {
  return db.select({
    id: inventoryMovements.id,
    itemId: inventoryMovements.itemId,
    kind: inventoryMovements.kind,
    delta: inventoryMovements.delta,
    balanceAfter: inventoryMovements.balanceAfter,
    lotNumber: inventoryMovements.lotNumber,
    expiresOn: inventoryMovements.expiresOn,
    supplierName: inventorySuppliers.name,
    costMinor: inventoryMovements.costMinor,
    currency: inventoryMovements.currency,
    appointmentId: inventoryMovements.appointmentId,
    planItemId: inventoryMovements.planItemId,
    planId: treatmentPlanOptions.planId,
    reason: inventoryMovements.reason,
    actorName: users.name,
    createdAt: inventoryMovements.createdAt,
  }).from(inventoryMovements)
    .leftJoin(inventorySuppliers, eq(inventorySuppliers.id, inventoryMovements.supplierId))
    .leftJoin(users, eq(users.id, inventoryMovements.actorId))
    .leftJoin(treatmentPlanItems, eq(treatmentPlanItems.id, inventoryMovements.planItemId))
    .leftJoin(treatmentPlanPhases, eq(treatmentPlanPhases.id, treatmentPlanItems.phaseId))
    .leftJoin(treatmentPlanOptions, eq(treatmentPlanOptions.id, treatmentPlanPhases.optionId))
    .where(eq(inventoryMovements.clinicId, clinicId))
    .$dynamic();
}

/** An item's history, newest first. */
export async function itemMovements(
  db: Db,
  clinicId: string,
  itemId: string,
  limit = 100,
): Promise<Movement[]> {
  return await movementQuery(db, clinicId)
    .where(and(eq(inventoryMovements.clinicId, clinicId), eq(inventoryMovements.itemId, itemId)))
    .orderBy(desc(inventoryMovements.id))
    .limit(Math.min(limit, 500));
}

/**
 * Returns each of these consume movements in full, as one `return` movement each (the ledger's
 * way to undo): what completing a visit or finishing a plan item took, when that is undone.
 */
export async function returnConsumed(
  tx: Db,
  taken: readonly { id: number; clinicId: string; itemId: string }[],
  actorId: string | null,
  now: Date,
): Promise<number> {
  for (const movement of taken) {
    await applyMovement(tx, {
      clinicId: movement.clinicId,
      itemId: movement.itemId,
      actorId,
      now,
      movement: { kind: "return", reversesId: movement.id },
    });
  }
  return taken.length;
}

/** Consume movements matching `where` that no return has reversed yet, oldest first. */
export async function unreturnedConsumption(tx: Db, where: SQL | undefined) {
  const returns = alias(inventoryMovements, "returns");
  return await tx.select({
    id: inventoryMovements.id,
    clinicId: inventoryMovements.clinicId,
    itemId: inventoryMovements.itemId,
  }).from(inventoryMovements)
    .leftJoin(returns, eq(returns.reversesId, inventoryMovements.id))
    .where(and(where, eq(inventoryMovements.kind, "consume"), isNull(returns.id)))
    .orderBy(asc(inventoryMovements.id));
}
