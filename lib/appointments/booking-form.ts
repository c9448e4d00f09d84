/**
 * The full-page booking form: its fields as zod reads them, the values a new
 * form starts with, and booking from it through the same `bookAppointment` as
 * POST /api/v1/appointments, so a clash (409), closed time (422) or a bad
 * field (400) comes back on the form.
 *
 * @example
 * ```ts
 * submitForm(c, bookingForm, {
 *   onValid: async (input) => {
 *     const booked = await bookFromForm(db, { ...input, clinicId, timeZone, actorId, mayOverrideClosed });
 *     return c.redirect(`/appointments/${booked.id}`, 303);
 *   },
 *   onProblem: (values, problem) => renderForm(values, problem),
 * });
 * ```
 */
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { FormValues } from "../http/form.ts";
import type { Access } from "../permissions/access.ts";
import { listBookableDoctors } from "../calendar/calendar-view.ts";
import { type PatientOption, patientPickerOptions } from "../patients/patient-picker.ts";
import { bookAppointment } from "./booking.ts";
import type { DomainDeps } from "../events/domain-hooks.ts";
import { fromWallClock, minutesOfDay } from "../time/zoned.ts";
import { listOperatories, type Operatory } from "./operatories.ts";
import { MAX_DURATION_MINUTES } from "./queries.ts";
import { COLOR_TAGS } from "./statuses.ts";

const DURATION_STEP = 15;
const DEFAULT_DURATION = 30;
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The durations the form offers: 15-minute steps up to the longest appointment. */
export const BOOKING_DURATIONS: readonly number[] = Array.from(
  { length: MAX_DURATION_MINUTES / DURATION_STEP },
  (_, i) => (i + 1) * DURATION_STEP,
);

export const bookingForm = z.object({
  patientId: z.string().min(1, "Choose a patient"),
  doctorId: z.string().min(1, "Choose a doctor"),
  operatoryId: z.string().min(1, "Choose an operatory"),
  date: z.iso.date({ message: "Pick a date" }),
  time: z.string().regex(CLOCK_TIME, "Pick a time (HH:MM)"),
  durationMinutes: z.coerce.number({ message: "Pick a duration" }).int()
    .refine((n) => BOOKING_DURATIONS.includes(n), "Pick a duration in 15-minute steps"),
  type: z.string().trim().min(1, "Say what the appointment is for").max(80),
  colorTag: z.enum(COLOR_TAGS, { message: "Pick a colour" }),
  notes: z.string().trim().max(2000, "Notes are at most 2000 characters")
    .transform((notes) => notes || null),
  /** The "Allow booking outside working hours" checkbox. */
  allowClosed: z.string().optional().transform((value) => value === "on"),
});

export type BookingFormInput = z.output<typeof bookingForm>;

/**
 * A new form's values from the link that opened it (`?patient=&date=&time=`,
 * as the calendar and the patient's record send): what cannot be used falls
 * back to today at 09:00.
 */
export function bookingFormDefaults(
  link: { patient?: string; date?: string; time?: string },
  today: string,
): FormValues {
  return {
    patientId: link.patient ?? "",
    date: link.date && z.iso.date().safeParse(link.date).success ? link.date : today,
    time: link.time && CLOCK_TIME.test(link.time) ? link.time : "09:00",
    durationMinutes: String(DEFAULT_DURATION),
    colorTag: "teal",
  };
}

/** What the form's selects offer. */
export interface BookingChoices {
  patients: PatientOption[];
  doctors: { id: string; name: string }[];
  /** Operatories in use; one taken out of use is not offered. */
  operatories: Operatory[];
}

export async function loadBookingChoices(
  db: Db,
  encryptionKey: string,
  access: Access,
  { query, patientId }: { query: string; patientId?: string },
): Promise<BookingChoices> {
  const [patients, doctors, rooms] = await Promise.all([
    patientPickerOptions(db, encryptionKey, access, { query, selectedId: patientId }),
    listBookableDoctors(db, access.clinicId),
    listOperatories(db, access.clinicId),
  ]);
  return { patients, doctors, operatories: rooms.filter((room) => room.active) };
}

export interface FormBooking extends BookingFormInput {
  clinicId: string;
  timeZone: string;
  actorId: string;
  /** The member holds appointments.hours.manage, so is shown the checkbox. */
  mayOverrideClosed: boolean;
}

/**
 * Books what the form sent. A refusal for closed time is reworded for the
 * form: the API's hint names its JSON field, the form has a checkbox instead
 * (or nothing, for a member who may not override the hours).
 */
export async function bookFromForm(
  deps: DomainDeps,
  booking: FormBooking,
): Promise<{ id: string }> {
  const { date, time, timeZone, allowClosed, mayOverrideClosed, ...fields } = booking;
  try {
    return await bookAppointment(deps, {
      ...fields,
      startsAt: fromWallClock(date, minutesOfDay(time), timeZone),
      // Only members shown the checkbox can tick it.
      allowClosed: mayOverrideClosed && allowClosed,
      mayOverrideClosed,
    });
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 422) throw error;
    const message = error.message.replace(
      /\. Send allowClosed: true to book it anyway\.$/,
      mayOverrideClosed
        ? '. Tick "Allow booking outside working hours" to book it anyway'
        : ". Choose a time when the clinic is open",
    );
    throw new AppError(error.status, error.code, message, error.extra);
  }
}
