/**
 * The visits the chart links to: today's appointment of the patient (what a
 * finding charted now belongs to) and the dates of the patient's
 * appointments, so completed treatment on the chart links to its visit.
 */
import { and, asc, eq, gte, lt, ne } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { appointments } from "../db/schema.ts";
import { fromWallClock } from "../time/zoned.ts";
import { addDays } from "../calendar/calendar-dates.ts";

/** The patient's first appointment on the clinic's `today` that was not cancelled, if any. */
export async function visitOn(
  db: Db,
  input: { clinicId: string; patientId: string; date: string; timeZone: string },
): Promise<string | null> {
  const from = fromWallClock(input.date, 0, input.timeZone);
  const to = fromWallClock(addDays(input.date, 1), 0, input.timeZone);
  const [row] = await db.select({ id: appointments.id }).from(appointments).where(and(
    eq(appointments.clinicId, input.clinicId),
    eq(appointments.patientId, input.patientId),
    gte(appointments.startsAt, from),
    lt(appointments.startsAt, to),
    ne(appointments.status, "cancelled"),
  )).orderBy(asc(appointments.startsAt)).limit(1);
  return row?.id ?? null;
}
