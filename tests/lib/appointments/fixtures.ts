/**
 * Rows the appointment tests book with: the demo clinics, their members and
 * operatories (seeded), and patients of their own. Test appointments live in
 * 2030 and later, far from the demo book around today, and each case takes
 * a week of its own so the cases of one file never collide.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../../lib/db/client.ts";
import { clinics, operatories, patients, users } from "../../../lib/db/schema.ts";
import { addDays } from "../../../lib/calendar/calendar-dates.ts";
import { bookAppointment, type BookingInput } from "../../../lib/appointments/booking.ts";
import type { DomainDeps } from "../../../lib/events/domain-hooks.ts";
import type { Appointment } from "../../../lib/appointments/queries.ts";

export interface ClinicFixture {
  id: string;
  timeZone: string;
  operatoryIds: string[];
}

export async function clinicFixture(db: Db, slug: string): Promise<ClinicFixture> {
  const [clinic] = await db.select().from(clinics).where(eq(clinics.slug, slug));
  const rooms = await db.select({ id: operatories.id }).from(operatories)
    .where(eq(operatories.clinicId, clinic.id)).orderBy(asc(operatories.name));
  return { id: clinic.id, timeZone: clinic.timeZone, operatoryIds: rooms.map((r) => r.id) };
}

export async function userId(db: Db, email: string): Promise<string> {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return user.id;
}

let patientSequence = 0;

/** A patient of the clinic, as the patients module would register one. */
export async function createPatient(db: Db, clinicId: string, fullName: string): Promise<string> {
  for (;;) {
    const mrn = `T-${String(++patientSequence).padStart(6, "0")}`;
    const [existing] = await db.select({ id: patients.id }).from(patients)
      .where(and(eq(patients.clinicId, clinicId), eq(patients.mrn, mrn)));
    if (existing) continue;
    const [row] = await db.insert(patients).values({ clinicId, mrn, fullName })
      .returning({ id: patients.id });
    return row.id;
  }
}

let weekSequence = 0;

/** The Monday (YYYY-MM-DD) of a week no other case of the run uses. */
export function freshMonday(): string {
  // 2030-01-07 is a Monday.
  return addDays("2030-01-07", 7 * weekSequence++);
}

/** `2030-01-07` + `09:00` → `2030-01-07T09:00:00+05:00` (Karachi has no daylight saving). */
export function karachi(date: string, time: string): string {
  return `${date}T${time}:00+05:00`;
}

/**
 * A Demo Dental visit at `time` (Karachi) on `date`: reception books a
 * 30-minute check-up with doctor@demo-dental.test in the first room, unless
 * `changes` say otherwise.
 */
export async function bookDemoVisit(
  deps: DomainDeps,
  clinic: ClinicFixture,
  patientId: string,
  date: string,
  time: string,
  changes: Partial<BookingInput> = {},
): Promise<Appointment> {
  return await bookAppointment(deps, {
    clinicId: clinic.id,
    actorId: await userId(deps.db, "reception@demo-dental.test"),
    patientId,
    doctorId: await userId(deps.db, "doctor@demo-dental.test"),
    operatoryId: clinic.operatoryIds[0],
    startsAt: new Date(karachi(date, time)),
    durationMinutes: 30,
    type: "Check-up",
    ...changes,
  });
}
