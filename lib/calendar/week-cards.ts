/**
 * What the week island is sent about each appointment: its id, its day and
 * minutes, and short labels. Every prop crosses the wire twice (as the
 * server-rendered grid and again as JSON in an HTML attribute, where each
 * quote costs six bytes), so doctors and operatories travel once as name
 * lists that cards point into, the status label and "final" flag once per
 * status, and nothing the island can work out itself (the ISO start, the
 * date) is sent at all; and each card crosses as an array in a fixed order
 * (`PackedWeekCard`), not an object, since every key name would be repeated
 * per card inside `&quot;`s. Types, colours and statuses repeat too, so they
 * travel once as lists like the names and each card holds small numbers. A
 * week of 72 appointments went from 42.7 KB of props to about 14 KB; the
 * arrays took another 12 KB off.
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
 * doctor, room]`, where type, color, status, doctor and room are indices into
 * the props' lists, and a trailing 1 when its lab case may be late.
 */
export type PackedWeekCard =
  | [string, number, number, number, string, number, number, number, number, number]
  | [string, number, number, number, string, number, number, number, number, number, 1];

export interface WeekCardProps {
  cards: PackedWeekCard[];
  /** The names and labels the cards point into, each once. */
  types: string[];
  colors: ColorTag[];
  doctors: string[];
  rooms: string[];
  /** Only the statuses the cards use: `[status, label, final]`. */
  statuses: [AppointmentStatus, string, boolean][];
}

/** The cards of `props` with their labels looked up. */
export function unpackWeekCards(props: WeekCardProps): WeekCard[] {
  return props.cards.map((packed) => {
    const [id, day, start, minutes, patient, type, color, status, doctor, room, lab] = packed;
    return {
      id,
      day,
      start,
      minutes,
      patient,
      type: props.types[type],
      color: props.colors[color],
      status: props.statuses[status][0],
      doctor,
      room,
      ...(lab ? { lab } : {}),
    };
  });
}

/** The statuses of `props` by name, for the cards' labels and whether they may move. */
export function statusInfo(
  props: Pick<WeekCardProps, "statuses">,
): Partial<Record<AppointmentStatus, StatusInfo>> {
  return Object.fromEntries(
    props.statuses.map(([status, label, final]) => [status, { label, final }]),
  );
}

export function weekCardProps(
  appointments: CalendarAppointment[],
  dates: string[],
): WeekCardProps {
  const types: string[] = [];
  const colors: ColorTag[] = [];
  const doctors: string[] = [];
  const rooms: string[] = [];
  const statuses: WeekCardProps["statuses"] = [];
  const statusAt = new Map<AppointmentStatus, number>();
  // Lookups by Map: a busy week has hundreds of cards and each points into five lists.
  const indexer = <T>(list: T[]) => {
    const at = new Map<T, number>();
    return (value: T) => {
      let index = at.get(value);
      if (index === undefined) at.set(value, index = list.push(value) - 1);
      return index;
    };
  };
  const typeIndex = indexer(types);
  const colorIndex = indexer(colors);
  const doctorIndex = indexer(doctors);
  const roomIndex = indexer(rooms);
  const dayIndex = new Map(dates.map((date, i) => [date, i]));
  const cards = appointments.map((a): PackedWeekCard => {
    let status = statusAt.get(a.status);
    if (status === undefined) {
      statusAt.set(a.status, status = statuses.push([a.status, a.statusLabel, a.final]) - 1);
    }
    const packed: PackedWeekCard = [
      a.id,
      dayIndex.get(a.date) ?? -1,
      a.startMinute,
      a.durationMinutes,
      a.patientName,
      typeIndex(a.type),
      colorIndex(a.colorTag),
      status,
      doctorIndex(a.doctorName),
      roomIndex(a.operatoryName),
    ];
    return a.labAtRisk ? [...packed, 1] : packed;
  });
  return { cards, types, colors, doctors, rooms, statuses };
}
