/**
 * The appointments a plan's items can be scheduled into: the patient's
 * visits from today on that still hold their slot, plus any visit an item is
 * already linked to (so its time shows even once it is past).
 *
 * @example
 * ```ts
 * const visits = await itemAppointments(db, clinicId, plan, now, timeZone);
 * ```
 */
import { and, asc, eq, gte, inArray, notInArray, or } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { appointments, type AppointmentStatus } from "../db/schema.ts";
import { fromWallClock, localDateOf } from "../time/zoned.ts";
import type { PlanDetail } from "./plans.ts";

export interface ItemAppointment {
  id: string;
  startsAt: Date;
  type: string;
  status: AppointmentStatus;
  /** Open for scheduling: from today on, not cancelled or missed. */
  open: boolean;
}

/** How many upcoming visits the schedule picker offers. */
const UPCOMING_LIMIT = 20;

export async function itemAppointments(
  db: Db,
  clinicId: string,
  plan: Pick<PlanDetail, "patient" | "options">,
  now: Date,
  timeZone: string,
): Promise<ItemAppointment[]> {
  const linked = [
    ...new Set(
      plan.options.flatMap((o) =>
        o.phases.flatMap((p) => p.items.map((i) => i.appointmentId).filter((a): a is string => !!a))
      ),
    ),
  ];
  const dayStart = fromWallClock(localDateOf(now, timeZone), 0, timeZone);
  const open = and(
    gte(appointments.startsAt, dayStart),
    notInArray(appointments.status, ["cancelled", "no_show"]),
  );
  const rows = await db.select({
    id: appointments.id,
    startsAt: appointments.startsAt,
    type: appointments.type,
    status: appointments.status,
  }).from(appointments)
    .where(and(
      eq(appointments.clinicId, clinicId),
      eq(appointments.patientId, plan.patient.id),
      linked.length ? or(open, inArray(appointments.id, linked)) : open,
    ))
    .orderBy(asc(appointments.startsAt))
    .limit(UPCOMING_LIMIT + linked.length);
  return rows.map((r) => ({
    ...r,
    open: r.startsAt >= dayStart && r.status !== "cancelled" && r.status !== "no_show",
  }));
}
