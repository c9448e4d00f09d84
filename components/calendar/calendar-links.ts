/**
 * The calendar page's state as links: every control on the page is a plain
 * link or a GET form, so each view, date, filter and mini-calendar month is a
 * URL that can be bookmarked.
 */
import type { CalendarAppointment, CalendarQuery } from "../../lib/calendar/calendar-view.ts";
import { clockTime } from "../../lib/time/zoned.ts";

export interface CalendarPageState {
  query: CalendarQuery;
  /** The month the mini calendar shows, YYYY-MM. */
  mini: string;
}

/** A calendar URL with some of the current state changed; filters and view are kept. */
export function calendarHref(
  state: CalendarPageState,
  changes: Partial<CalendarQuery> & { mini?: string | null } = {},
): string {
  const query = { ...state.query, ...changes };
  const params = new URLSearchParams({ view: query.view, date: query.date });
  if (query.doctorId) params.set("doctor", query.doctorId);
  if (query.operatoryId) params.set("operatory", query.operatoryId);
  // The mini calendar's month is kept only by its own arrows.
  const mini = changes.mini === undefined ? null : changes.mini;
  if (mini) params.set("mini", mini);
  return `/calendar?${params}`;
}

/** The filters as a query string, for links that change only the view and date. */
export function filterQuery(query: CalendarQuery): string {
  const params = new URLSearchParams();
  if (query.doctorId) params.set("doctor", query.doctorId);
  if (query.operatoryId) params.set("operatory", query.operatoryId);
  return params.toString();
}

export const timeSpan = (a: CalendarAppointment) =>
  `${clockTime(a.startMinute)}–${clockTime((a.startMinute + a.durationMinutes) % 1440)}`;
