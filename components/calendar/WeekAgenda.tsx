/**
 * The week on a phone: a list per day, which reads better than seven 50-pixel
 * columns. Its rows' classes (`cal-row`, the colours) come from the stylesheet
 * the week island renders alongside it (`CARD_CSS`): a week's rows repeat no
 * long class lists, and each row is four elements, the stylesheet's grid
 * putting the name over the type and status. A day busier than
 * `AGENDA_DAY_LIMIT` shows its count and a link to the day instead of its rows,
 * as does every day of a week too busy to draw (`data.dense`).
 */
import { dayMonth, weekdayName } from "../../lib/calendar/calendar-dates.ts";
import type { CalendarViewData } from "../../lib/calendar/calendar-view.ts";
import { cardClass, CLOSED_DAY_HATCH } from "../../lib/calendar/card-styles.ts";
import { LabRiskBadge } from "./LabRiskBadge.tsx";
import { denseDayTotals } from "./DenseWeekGrid.tsx";
import { calendarHref, type CalendarPageState, timeSpan } from "./calendar-links.ts";

/**
 * A day with more appointments than this is not listed in the week: past a
 * few dozen rows a phone's list stops being a week at a glance (and its
 * markup outweighs the rest of the page). The day links to its own view,
 * which shows every one of them.
 */
export const AGENDA_DAY_LIMIT = 40;

export function WeekAgenda({ state, data }: { state: CalendarPageState; data: CalendarViewData }) {
  const denseTotals = data.dense && denseDayTotals(data.dense);
  return (
    <ol class="divide-y divide-slate-100">
      {data.days.map((day) => {
        const items = data.appointments.filter((a) => a.date === day.date);
        const count = denseTotals ? denseTotals.get(day.date) ?? 0 : items.length;
        return (
          <li
            key={day.date}
            class="px-4 py-3"
            data-agenda-day={day.date}
            data-closed={day.closed ? "true" : undefined}
            style={day.closed ? { backgroundImage: CLOSED_DAY_HATCH } : undefined}
          >
            <a
              href={calendarHref(state, { view: "day", date: day.date })}
              class="flex items-baseline justify-between gap-3"
            >
              <span
                class={`text-sm font-semibold ${
                  day.date === data.today ? "text-brand-700" : "text-slate-900"
                }`}
              >
                {weekdayName(day.date, "long")}, {dayMonth(day.date)}
              </span>
              <span class="text-xs text-slate-500">
                {day.closed
                  ? day.closedReason ?? "Closed"
                  : count === 0
                  ? "No appointments"
                  : `${count} booked`}
              </span>
            </a>
            {(count > AGENDA_DAY_LIMIT || (denseTotals && count > 0)) && (
              <a
                href={calendarHref(state, { view: "day", date: day.date })}
                class="mt-2 block rounded-md bg-slate-50 px-2.5 py-1.5 text-sm font-medium text-brand-700"
                data-agenda-dense
              >
                {count > AGENDA_DAY_LIMIT
                  ? "Too many to list here: open the day"
                  : "Open the day to see them"}
              </a>
            )}
            {items.length > 0 && items.length <= AGENDA_DAY_LIMIT && (
              <ul class="mt-2 space-y-1.5">
                {items.map((a) => (
                  <li key={a.id}>
                    <a
                      href={`/appointments/${a.id}`}
                      class={`cal-row ${cardClass(a.colorTag, a.status)}`}
                    >
                      <span>{timeSpan(a)}</span>
                      <b>
                        {a.patientName}
                        {a.labAtRisk && <LabRiskBadge />}
                      </b>
                      <small>{a.type} · {a.statusLabel}</small>
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
