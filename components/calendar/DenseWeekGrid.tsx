/**
 * A week too busy to draw as cards (`DENSE_WEEK_LIMIT`): a notice saying so,
 * and a table of how many appointments start in each hour of each day,
 * shaded by load, every count a link to that day's view with the filters
 * kept. Drawn by the server alone; no card crosses into an island.
 */
import { dayMonth, weekdayName } from "../../lib/calendar/calendar-dates.ts";
import type { CalendarViewData, DenseWeek } from "../../lib/calendar/calendar-view.ts";
import { CLOSED_DAY_HATCH } from "../../lib/calendar/card-styles.ts";
import { clockTime } from "../../lib/time/zoned.ts";
import { calendarHref, type CalendarPageState } from "./calendar-links.ts";

/** Shades from a quiet hour to the week's busiest, readable text on each. */
const LOAD_SHADES = [
  "bg-brand-50 text-brand-900",
  "bg-brand-100 text-brand-900",
  "bg-brand-300 text-brand-950",
  "bg-brand-700 text-white",
];

function shadeOf(count: number, busiest: number): string {
  const level = Math.min(
    LOAD_SHADES.length - 1,
    Math.floor((count / busiest) * LOAD_SHADES.length),
  );
  return LOAD_SHADES[level];
}

/** Appointments per shown day, from the hour counts. */
export function denseDayTotals(dense: DenseWeek): Map<string, number> {
  const totals = new Map<string, number>();
  for (const c of dense.hours) totals.set(c.date, (totals.get(c.date) ?? 0) + c.count);
  return totals;
}

/** What the week is and what to do instead, above the grid and the phone's list. */
export function DenseWeekNotice(
  { state, dense }: { state: CalendarPageState; dense: DenseWeek },
) {
  const filtered = Boolean(state.query.doctorId || state.query.operatoryId);
  return (
    <p
      class="mx-4 mt-3 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
      data-dense-week-notice
    >
      <b class="font-semibold">This week has {dense.total} appointments</b>, too many to draw as
      cards. {filtered
        ? "Narrow the filters or open a day to see them."
        : "Pick a doctor in the filters to see their cards, or open a day."}
    </p>
  );
}

export function DenseWeekGrid(
  { state, data, dense }: { state: CalendarPageState; data: CalendarViewData; dense: DenseWeek },
) {
  const counts = new Map(dense.hours.map((c) => [`${c.date} ${c.hour}`, c.count]));
  const totals = denseDayTotals(dense);
  const busiest = Math.max(1, ...dense.hours.map((c) => c.count));
  const hours: number[] = [];
  for (let h = data.grid.startMinute / 60; h < data.grid.endMinute / 60; h++) hours.push(h);
  return (
    <div class="overflow-x-auto px-4 pb-4 pt-3" data-dense-week>
      <table class="w-full table-fixed border-separate border-spacing-1 text-sm">
        <caption class="sr-only">
          Appointments starting in each hour of the week, {data.timeZone.replace(/_/g, " ")} time
        </caption>
        <thead>
          <tr>
            <th scope="col" class="w-14">
              <span class="sr-only">Hour</span>
            </th>
            {data.days.map((day) => (
              <th key={day.date} scope="col" class="px-1 pb-1 text-center font-normal">
                <a
                  href={calendarHref(state, { view: "day", date: day.date })}
                  class="block rounded-md py-1 hover:bg-slate-50"
                  data-dense-day={day.date}
                >
                  <span
                    class={`block text-xs font-semibold ${
                      day.date === data.today ? "text-brand-700" : "text-slate-900"
                    }`}
                  >
                    {weekdayName(day.date)} {dayMonth(day.date)}
                  </span>
                  <span class="block text-[11px] text-slate-500">
                    {day.closed
                      ? day.closedReason ?? "Closed"
                      : `${totals.get(day.date) ?? 0} booked`}
                  </span>
                </a>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {hours.map((hour) => (
            <tr key={hour}>
              <th
                scope="row"
                class="pr-1 text-right text-[11px] font-normal tabular-nums text-slate-500"
              >
                {clockTime(hour * 60)}
              </th>
              {data.days.map((day) => {
                const count = counts.get(`${day.date} ${hour}`) ?? 0;
                return (
                  <td
                    key={day.date}
                    class="h-8 rounded text-center"
                    style={day.closed ? { backgroundImage: CLOSED_DAY_HATCH } : undefined}
                    data-dense-cell={`${day.date} ${clockTime(hour * 60)}`}
                  >
                    {count > 0 && (
                      <a
                        href={calendarHref(state, { view: "day", date: day.date })}
                        class={`block rounded py-1.5 font-semibold tabular-nums hover:ring-2 hover:ring-brand-400 ${
                          shadeOf(count, busiest)
                        }`}
                      >
                        {count}
                        <span class="sr-only">
                          {count === 1 ? " appointment" : " appointments"}, open the day
                        </span>
                      </a>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
