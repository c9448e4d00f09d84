/**
 * The small month beside the grid: its arrows are plain links that change
 * only the month it shows, a day opens that day, and the week on screen is
 * banded.
 */
import { Card } from "../ui/mod.ts";
import { Icon } from "../Icon.tsx";
import {
  addMonths,
  dayMonth,
  monthGrid,
  monthTitle,
  startOfWeek,
  weekdayName,
} from "../../lib/calendar/calendar-dates.ts";
import { calendarHref, type CalendarPageState } from "./calendar-links.ts";

const ARROW =
  "grid h-8 w-8 place-items-center rounded-lg text-slate-500 hover:bg-slate-100 hover:text-slate-900";

export function MiniCalendar({ state, today }: { state: CalendarPageState; today: string }) {
  const month = `${state.mini}-01`;
  const selectedWeek = startOfWeek(state.query.date);
  return (
    <Card>
      <div class="px-4 pb-4 pt-3" data-mini-calendar={state.mini}>
        <div class="mb-2 flex items-center justify-between">
          <a
            href={calendarHref(state, { mini: addMonths(month, -1).slice(0, 7) })}
            class={ARROW}
            aria-label="Previous month"
            data-mini-nav="prev"
          >
            <Icon name="chevronLeft" class="h-4 w-4" />
          </a>
          <p class="text-sm font-semibold text-slate-900">{monthTitle(month)}</p>
          <a
            href={calendarHref(state, { mini: addMonths(month, 1).slice(0, 7) })}
            class={ARROW}
            aria-label="Next month"
            data-mini-nav="next"
          >
            <Icon name="chevronRight" class="h-4 w-4" />
          </a>
        </div>
        <table class="w-full table-fixed text-center text-xs">
          <thead>
            <tr class="text-slate-500">
              {["M", "T", "W", "T", "F", "S", "S"].map((d, i) => (
                <th key={i} class="pb-1 font-medium" scope="col">{d}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {monthGrid(month).map((week) => {
              const isSelectedWeek = week[0] === selectedWeek;
              return (
                <tr key={week[0]} data-selected-week={isSelectedWeek ? "true" : undefined}>
                  {week.map((day, i) => {
                    const inMonth = day.slice(0, 7) === state.mini;
                    const isToday = day === today;
                    const isSelected = day === state.query.date;
                    const band = isSelectedWeek
                      ? `bg-brand-50 ${i === 0 ? "rounded-l-lg" : ""} ${
                        i === 6 ? "rounded-r-lg" : ""
                      }`
                      : "";
                    return (
                      <td key={day} class={`py-0.5 ${band}`}>
                        <a
                          href={calendarHref(state, { view: "day", date: day })}
                          aria-label={`${weekdayName(day, "long")} ${dayMonth(day, true)}`}
                          aria-current={isToday ? "date" : undefined}
                          class={`mini-day ${
                            isToday
                              ? "bg-brand-600 font-semibold text-white"
                              : isSelected
                              ? "font-semibold text-brand-800 ring-1 ring-brand-500"
                              : inMonth
                              ? "text-slate-700 hover:bg-slate-100"
                              : "text-slate-500 hover:bg-slate-100"
                          }`}
                        >
                          {Number(day.slice(8))}
                        </a>
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
