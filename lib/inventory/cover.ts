/**
 * Days of cover: how long an item's stock lasts at the last 30 days' rate,
 * and at the rate the booked appointments of the next 14 days will use it:
 * what their types list, plus what the catalog services of the plan items
 * scheduled into them list (times the item's quantity), since completing the
 * visit takes both. An item the booked schedule runs out
 * of before a delivery ordered today could arrive (its lead time) is at risk,
 * whether or not it has reached its threshold yet.
 */
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  appointments,
  inventoryMovements,
  inventoryTypeConsumables,
  treatmentPlanItems,
  treatmentPlanOptions,
  treatmentPlanPhases,
  treatmentPlans,
  treatmentServiceConsumables,
} from "../db/schema.ts";

/** Visits that will still happen and take stock when completed. */
const BOOKED = ["scheduled", "confirmed", "in_progress"] as const;

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
  const window = and(
    eq(appointments.clinicId, clinicId),
    inArray(appointments.status, BOOKED),
    gte(appointments.startsAt, now),
    lt(appointments.startsAt, new Date(now.getTime() + BOOKED_DAYS * DAY_MS)),
  );
  const [used, byType, byService] = await Promise.all([
    db.select({
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
      .groupBy(inventoryMovements.itemId),
    db.select({
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
      .where(and(window, inArray(inventoryTypeConsumables.itemId, ids))),
    db.select({
      itemId: treatmentServiceConsumables.itemId,
      startsAt: appointments.startsAt,
      quantity: sql<
        number
      >`${treatmentServiceConsumables.quantity} * ${treatmentPlanItems.quantity}`,
    }).from(appointments)
      .innerJoin(
        treatmentPlanItems,
        and(
          eq(treatmentPlanItems.appointmentId, appointments.id),
          eq(treatmentPlanItems.status, "scheduled"),
        ),
      )
      .innerJoin(treatmentPlanPhases, eq(treatmentPlanPhases.id, treatmentPlanItems.phaseId))
      .innerJoin(treatmentPlanOptions, eq(treatmentPlanOptions.id, treatmentPlanPhases.optionId))
      .innerJoin(treatmentPlans, eq(treatmentPlans.id, treatmentPlanOptions.planId))
      .innerJoin(
        treatmentServiceConsumables,
        and(
          eq(treatmentServiceConsumables.clinicId, appointments.clinicId),
          eq(treatmentServiceConsumables.serviceId, treatmentPlanItems.serviceId),
        ),
      )
      .where(and(
        window,
        inArray(treatmentServiceConsumables.itemId, ids),
        sql`${treatmentPlanOptions.status} <> 'declined'`,
        inArray(treatmentPlans.status, ["draft", "proposed", "accepted", "in_progress"]),
      )),
  ]);
  const booked = [...byType, ...byService].map((row) => ({
    ...row,
    quantity: Number(row.quantity),
  }))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());

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
