/**
 * Days of cover: how long an item's stock lasts at the last 30 days' rate,
 * and at the rate the booked appointments of the next 14 days will use it
 * (where their types list consumables). An item the booked schedule runs out
 * of before a delivery ordered today could arrive (its lead time) is at risk,
 * whether or not it has reached its threshold yet.
 */
import { and, asc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { appointments, inventoryMovements, inventoryTypeConsumables } from "../db/schema.ts";

export const RECENT_DAYS = 30;
export const BOOKED_DAYS = 14;
const DAY_MS = 86_400_000;

export interface Cover {
  /** Used per day over the last 30 days; 0 when nothing was used. */
  recentDailyUse: number;
  /** Whole days the stock lasts at that rate; null when nothing was used. */
  daysAtRecentRate: number | null;
  /** What the booked appointments of the next 14 days will use. */
  bookedUse: number;
  /** Whole days the stock lasts at the booked rate; null when nothing is booked. */
  daysAtBookedRate: number | null;
  /** The first booked appointment the stock will not cover. */
  runsOutAt: Date | null;
  /** Runs out before a delivery ordered now would arrive. */
  atRisk: boolean;
}

export interface CoverSubject {
  id: string;
  onHand: number;
  leadTimeDays: number;
}

export async function coverFor(
  db: Db,
  clinicId: string,
  items: readonly CoverSubject[],
  now: Date,
): Promise<Map<string, Cover>> {
  const covers = new Map<string, Cover>();
  if (items.length === 0) return covers;
  const ids = items.map((item) => item.id);
  const used = await db.select({
    itemId: inventoryMovements.itemId,
    quantity: sql<number>`(-sum(${inventoryMovements.delta}))::int`,
  }).from(inventoryMovements)
    .where(and(
      eq(inventoryMovements.clinicId, clinicId),
      inArray(inventoryMovements.itemId, ids),
      inArray(inventoryMovements.kind, ["consume", "return"]),
      gte(inventoryMovements.createdAt, new Date(now.getTime() - RECENT_DAYS * DAY_MS)),
      lt(inventoryMovements.createdAt, now),
    ))
    .groupBy(inventoryMovements.itemId);
  const booked = await db.select({
    itemId: inventoryTypeConsumables.itemId,
    startsAt: appointments.startsAt,
    quantity: inventoryTypeConsumables.quantity,
  }).from(appointments)
    .innerJoin(
      inventoryTypeConsumables,
      and(
        eq(inventoryTypeConsumables.clinicId, appointments.clinicId),
        sql`lower(${inventoryTypeConsumables.appointmentType}) = lower(${appointments.type})`,
      ),
    )
    .where(and(
      eq(appointments.clinicId, clinicId),
      inArray(appointments.status, ["scheduled", "confirmed", "in_progress"]),
      gte(appointments.startsAt, now),
      lt(appointments.startsAt, new Date(now.getTime() + BOOKED_DAYS * DAY_MS)),
      inArray(inventoryTypeConsumables.itemId, ids),
    ))
    .orderBy(asc(appointments.startsAt));

  const usedBy = new Map(used.map((row) => [row.itemId, Math.max(row.quantity, 0)]));
  for (const item of items) {
    const recent = usedBy.get(item.id) ?? 0;
    const recentDailyUse = recent / RECENT_DAYS;
    let need = 0;
    let runsOutAt: Date | null = null;
    for (const visit of booked) {
      if (visit.itemId !== item.id) continue;
      need += visit.quantity;
      if (!runsOutAt && need > item.onHand) runsOutAt = visit.startsAt;
    }
    const bookedDailyUse = need / BOOKED_DAYS;
    covers.set(item.id, {
      recentDailyUse,
      daysAtRecentRate: recentDailyUse > 0 ? Math.floor(item.onHand / recentDailyUse) : null,
      bookedUse: need,
      daysAtBookedRate: bookedDailyUse > 0 ? Math.floor(item.onHand / bookedDailyUse) : null,
      runsOutAt,
      atRisk: runsOutAt !== null &&
        runsOutAt.getTime() < now.getTime() + item.leadTimeDays * DAY_MS,
    });
  }
  return covers;
}
