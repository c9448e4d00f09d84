/**
 * The JSON bodies of `/api/v1/appointments`: booking, changes, status moves,
 * working hours and closed dates, with messages an API client can act on.
 */
import { z } from "zod";
import { MAX_DURATION_MINUTES, MIN_DURATION_MINUTES } from "./queries.ts";
import { APPOINTMENT_STATUSES, COLOR_TAGS } from "./statuses.ts";

/** The widest range one list request may ask for: a month view with its spill-over weeks. */
export const MAX_RANGE_DAYS = 62;

const instant = z.iso.datetime({
  offset: true,
  message: "Use ISO 8601 with an offset, e.g. 2026-11-23T09:00:00+05:00",
})
  .transform((value) => new Date(value))
  .refine((date) => date.getTime() % 60_000 === 0, "Times are whole minutes (no seconds)");

export const calendarDate = z.iso.date({ message: "Use a date as YYYY-MM-DD" });
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a time as HH:MM (24-hour)");

const duration = z.number({ message: "durationMinutes must be a number of minutes" }).int()
  .min(MIN_DURATION_MINUTES, `An appointment lasts at least ${MIN_DURATION_MINUTES} minutes`)
  .max(MAX_DURATION_MINUTES, `An appointment lasts at most ${MAX_DURATION_MINUTES} minutes`);

const colorTag = z.enum(COLOR_TAGS, { message: `colorTag is one of ${COLOR_TAGS.join(", ")}` });

const appointmentFields = {
  patientId: z.uuid(),
  doctorId: z.uuid(),
  operatoryId: z.uuid(),
  startsAt: instant,
  durationMinutes: duration,
  type: z.string().trim().min(1, "type is required").max(80),
  colorTag,
  // An emptied notes field clears the notes.
  notes: z.string().trim().max(2000).nullable().transform((notes) => notes || null),
};

export const bookBody = z.object({
  ...appointmentFields,
  colorTag: colorTag.optional(),
  notes: appointmentFields.notes.optional(),
  allowClosed: z.boolean().optional(),
}).strict();

export const changeBody = z.object({
  ...z.object(appointmentFields).partial().shape,
  allowClosed: z.boolean().optional(),
}).strict().refine(
  ({ allowClosed: _, ...changes }) => Object.keys(changes).length > 0,
  `Send the fields to change: ${Object.keys(appointmentFields).join(", ")}`,
);

export const statusBody = z.object({ status: z.enum(APPOINTMENT_STATUSES) }).strict();

export const hoursBody = z.object({
  hours: z.array(
    z.object({
      weekday: z.number().int().min(0).max(6),
      opensAt: clockTime,
      closesAt: clockTime,
    }).strict(),
  ).max(7),
}).strict();

export const closedDateBody = z.object({
  date: calendarDate,
  reason: z.string().trim().min(1, "Say why the clinic is closed").max(120),
}).strict();
