/** Previous / today / next and the day-week-month switch above the calendar. */
import { buttonClass } from "../ui/mod.ts";
import { Icon } from "../Icon.tsx";
import { CALENDAR_VIEWS, type CalendarView, stepDate } from "../../lib/calendar/calendar-dates.ts";
import { calendarHref, type CalendarPageState } from "./calendar-links.ts";

const VIEW_LABELS: Record<CalendarView, string> = { day: "Day", week: "Week", month: "Month" };
const STEP = buttonClass("secondary", "sm");

export function CalendarToolbar({ state, today }: { state: CalendarPageState; today: string }) {
  const { view, date } = state.query;
  return (
    <div class="flex flex-wrap items-center gap-2">
      <div class="flex items-center">
        <a
          href={calendarHref(state, { date: stepDate(view, date, -1) })}
          class={`${STEP} w-9 rounded-r-none px-0`}
          aria-label={`Previous ${view}`}
          title={`Previous ${view}`}
          data-nav="prev"
        >
          <Icon name="chevronLeft" class="h-4 w-4" />
        </a>
        <a
          href={calendarHref(state, { date: today })}
          class={`${STEP} -ml-px rounded-none`}
          data-nav="today"
        >
          Today
        </a>
        <a
          href={calendarHref(state, { date: stepDate(view, date, 1) })}
          class={`${STEP} -ml-px w-9 rounded-l-none px-0`}
          aria-label={`Next ${view}`}
          title={`Next ${view}`}
          data-nav="next"
        >
          <Icon name="chevronRight" class="h-4 w-4" />
        </a>
      </div>
      <nav aria-label="Calendar view" class="flex rounded-lg bg-slate-100 p-0.5">
        {CALENDAR_VIEWS.map((v) => (
          <a
            key={v}
            href={calendarHref(state, { view: v })}
            aria-current={v === view ? "page" : undefined}
            class={`rounded-md px-3 py-1.5 text-sm font-medium ${
              v === view
                ? "bg-white text-slate-900 shadow-sm ring-1 ring-slate-200"
                : "text-slate-600 hover:text-slate-900"
            }`}
          >
            {VIEW_LABELS[v]}
          </a>
        ))}
      </nav>
    </div>
  );
}
