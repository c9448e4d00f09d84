/**
 * Completing an appointment marks the plan items scheduled into it done,
 * through the same path as marking one done by hand, so each item's
 * consumables are taken once. Reopening the appointment leaves them done: a
 * treatment that was carried out stays carried out, and staff put an item
 * back to planned (which returns its consumables) if it was not.
 *
 * Items of closed plans (completed, cancelled) and of declined options are
 * left alone, as a hand-marked item would be refused there.
 *
 * @example
 * ```ts
 * registerItemCompletion(deps.hooks); // once per app, in createApp
 * ```
 */
import { and, asc, eq, ne, notInArray } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  treatmentPlanItems,
  treatmentPlanOptions,
  treatmentPlanPhases,
  treatmentPlans,
} from "../db/schema.ts";
import type { DomainHooks } from "../events/domain-hooks.ts";
import type { PlanStatus } from "./plan-input.ts";
import { applyItemStatus, CLOSED, lockPlan } from "./plan-writes.ts";

/** Marks the appointment's scheduled items done; returns how many. */
export async function completeAppointmentItems(
  tx: Db,
  appointment: { id: string; clinicId: string },
  actorId: string | null,
  now = new Date(),
): Promise<number> {
  const items = await tx.select({
    planId: treatmentPlans.id,
    patientId: treatmentPlans.patientId,
    id: treatmentPlanItems.id,
    status: treatmentPlanItems.status,
    appointmentId: treatmentPlanItems.appointmentId,
    serviceId: treatmentPlanItems.serviceId,
    name: treatmentPlanItems.name,
    quantity: treatmentPlanItems.quantity,
  }).from(treatmentPlanItems)
    .innerJoin(treatmentPlanPhases, eq(treatmentPlanPhases.id, treatmentPlanItems.phaseId))
    .innerJoin(treatmentPlanOptions, eq(treatmentPlanOptions.id, treatmentPlanPhases.optionId))
    .innerJoin(treatmentPlans, eq(treatmentPlans.id, treatmentPlanOptions.planId))
    .where(and(
      eq(treatmentPlanItems.clinicId, appointment.clinicId),
      eq(treatmentPlanItems.appointmentId, appointment.id),
      eq(treatmentPlanItems.status, "scheduled"),
      ne(treatmentPlanOptions.status, "declined"),
      notInArray(treatmentPlans.status, [...CLOSED]),
    ))
    // Plans locked in one order, so two completions sharing plans cannot deadlock.
    .orderBy(asc(treatmentPlans.id), asc(treatmentPlanItems.position));
  let done = 0;
  for (const item of items) {
    const plan = await lockPlan(tx, appointment.clinicId, item.planId);
    if (CLOSED.includes(plan.status as PlanStatus)) continue;
    await applyItemStatus(tx, {
      clinicId: appointment.clinicId,
      actorId,
      plan: { id: plan.id, status: plan.status as PlanStatus, patientId: item.patientId },
      item: { ...item, status: "scheduled" },
      to: "done",
      now,
    });
    done++;
  }
  return done;
}

/** Registers the listener; it runs inside the status change's transaction. */
export function registerItemCompletion(hooks: DomainHooks): void {
  hooks.on("appointment.status_changed", async ({ appointment, from, to, actorId }, tx) => {
    if (to === "completed" && from !== "completed") {
      await completeAppointmentItems(tx, appointment, actorId);
    }
  });
}
