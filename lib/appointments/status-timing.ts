/**
 * When a status may be set at all. Starting, completing or marking a no-show
 * describes a visit that is happening or happened, so reception cannot do it
 * days ahead by a slip of the finger: nothing before the appointment's day in
 * the clinic's time zone; a visit starts at the earliest an hour before its
 * time (a patient who comes early), and a no-show only once the time passed.
 * Confirming and cancelling are answers about the future and always allowed.
 *
 * @example
 * ```ts
 * const early = tooEarly("no_show", appointment.startsAt, new Date(), "Asia/Karachi");
 * if (early) throw new AppError(422, "TOO_EARLY", early.message);
 * ```
 */
import { clockTime, describeDate, fromWallClock, localDateOf, wallClock } from "../time/zoned.ts";
import type { AppointmentStatus } from "./statuses.ts";

/** A visit may be started this long before its time, on its own day. */
export const EARLY_START_MINUTES = 60;

export interface TooEarly {
  /** The first moment the status may be set. */
  earliest: Date;
  /** Why not yet, in words for reception (also the hint beside a disabled button). */
  message: string;
}

/** The first moment `to` may be set for an appointment at `startsAt`; null when any time will do. */
export function earliestFor(to: AppointmentStatus, startsAt: Date, timeZone: string): Date | null {
  if (to === "no_show") return startsAt;
  if (to === "completed") return fromWallClock(localDateOf(startsAt, timeZone), 0, timeZone);
  if (to === "in_progress") {
    const dayStart = fromWallClock(localDateOf(startsAt, timeZone), 0, timeZone);
    const early = new Date(startsAt.getTime() - EARLY_START_MINUTES * 60_000);
    return early > dayStart ? early : dayStart;
  }
  return null;
}

export function tooEarly(
  to: AppointmentStatus,
  startsAt: Date,
  now: Date,
  timeZone: string,
): TooEarly | null {
  const earliest = earliestFor(to, startsAt, timeZone);
  if (!earliest || now >= earliest) return null;
  const day = describeDate(localDateOf(startsAt, timeZone));
  const at = clockTime(wallClock(startsAt, timeZone).minutes);
  const from = clockTime(wallClock(earliest, timeZone).minutes);
  const message = to === "in_progress"
    ? `Too early to start this visit: it is on ${day} at ${at}; it can be started from ${from} that day`
    : to === "completed"
    ? `Too early to complete this visit: it is on ${day} at ${at}`
    : `Too early for a no-show: the appointment is on ${day} at ${at}; mark it after that time`;
  return { earliest, message };
}
