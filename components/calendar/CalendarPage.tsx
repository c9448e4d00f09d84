/**
 * The calendar page's content: title and summary, the toolbar, the mini
 * calendar and legend, the filters, and the view itself. The day and week
 * grids are the WeekCalendar island (drag-and-drop rescheduling, live
 * changes); the month view and the phone's agenda are drawn here and get
 * only a small CalendarChangeNotice offering a refresh, as does a week too
 * busy to draw as cards (its counts are drawn here too, `DenseWeekGrid`).
 */
import WeekCalendar from "../../islands/WeekCalendar.tsx";
import CalendarChangeNotice from "../../islands/CalendarChangeNotice.tsx";
import { buttonClass, Card } from "../ui/mod.ts";
import { viewTitle } from "../../lib/calendar/calendar-dates.ts";
import type { CalendarViewData } from "../../lib/calendar/calendar-view.ts";
import { isMuted } from "../../lib/calendar/card-styles.ts";
import { weekCardProps } from "../../lib/calendar/week-cards.ts";
import { type CalendarPageState, filterQuery } from "./calendar-links.ts";
import { CalendarFilters } from "./CalendarFilters.tsx";
import { CalendarLegend } from "./CalendarLegend.tsx";
import { CalendarToolbar } from "./CalendarToolbar.tsx";
import { DenseWeekGrid, DenseWeekNotice } from "./DenseWeekGrid.tsx";
import { MiniCalendar } from "./MiniCalendar.tsx";
import { MonthView } from "./MonthView.tsx";
import { WeekAgenda } from "./WeekAgenda.tsx";

function summary(data: CalendarViewData): string {
  const count = data.dense?.total ?? data.appointments.length;
  const active = data.dense?.active ?? data.appointments.filter((a) => !isMuted(a.status)).length;
  const period = { day: "this day", week: "this week", month: "in this view" }[data.query.view];
  if (count === 0) return `No appointments ${period}`;
  const word = count === 1 ? "appointment" : "appointments";
  return active === count
    ? `${count} ${word} ${period}`
    : `${count} ${word} ${period} · ${count - active} cancelled or no-show`;
}

export function CalendarPage(
  { state, data, canReschedule, canBook }: {
    state: CalendarPageState;
    data: CalendarViewData;
    /** May drag cards to another time (the island then calls the API). */
    canReschedule: boolean;
    canBook: boolean;
  },
) {
  const { view } = state.query;
  const doctor = data.doctors.find((d) => d.id === state.query.doctorId);
  const operatory = data.operatories.find((o) => o.id === state.query.operatoryId);
  const scope = [doctor?.name, operatory?.name].filter(Boolean).join(" · ");
  // What the server-drawn views (month, the phone's agenda) cover, for live changes.
  const changeRange = {
    from: data.days[0].date,
    to: data.days[data.days.length - 1].date,
    timeZone: data.timeZone,
  };
  return (
    <>
      <div class="mb-6 flex flex-col gap-4 lg:flex-row lg:items-end lg:justify-between">
        <div class="min-w-0">
          <p class="text-xs font-medium uppercase tracking-wide text-slate-500">Calendar</p>
          <h1 class="mt-1 text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">
            {viewTitle(view, state.query.date)}
          </h1>
          <p class="mt-1 text-sm text-slate-500" data-calendar-summary>
            {summary(data)}
            {scope && (
              <>
                {" · "}
                <span class="font-medium text-slate-700">{scope}</span>
              </>
            )}
          </p>
        </div>
        <div class="flex flex-wrap items-center gap-2">
          <CalendarToolbar state={state} today={data.today} />
          {canBook && (
            <a
              href={`/appointments/new?date=${state.query.date}`}
              class={buttonClass("primary", "sm")}
              data-new-appointment
            >
              New appointment
            </a>
          )}
        </div>
      </div>

      <div class="grid grid-cols-1 gap-6 xl:grid-cols-[15rem_minmax(0,1fr)]">
        <div class="order-2 flex flex-col gap-6 xl:order-1">
          {/* Below the month grid a second month would only repeat it. */}
          <div class={view === "month" ? "hidden xl:block" : ""}>
            <MiniCalendar state={state} today={data.today} />
          </div>
          <CalendarLegend canReschedule={canReschedule} />
          <p class="px-1 text-xs text-slate-500">Times in {data.timeZone.replace(/_/g, " ")}</p>
        </div>
        <div class="order-1 min-w-0 space-y-4 xl:order-2">
          <Card>
            <div class="px-4 py-3">
              <CalendarFilters state={state} data={data} />
            </div>
          </Card>
          <Card class="overflow-hidden">
            {data.dense
              ? (
                <>
                  <CalendarChangeNotice {...changeRange} />
                  <DenseWeekNotice state={state} dense={data.dense} />
                  <div class="hidden md:block">
                    <DenseWeekGrid state={state} data={data} dense={data.dense} />
                  </div>
                  <div class="md:hidden">
                    <WeekAgenda state={state} data={data} />
                  </div>
                </>
              )
              : view === "month"
              ? (
                <>
                  <CalendarChangeNotice {...changeRange} />
                  <MonthView state={state} data={data} />
                </>
              )
              : (
                <>
                  <div class={view === "week" ? "hidden md:block" : ""}>
                    <WeekCalendar
                      days={data.days}
                      {...weekCardProps(data.appointments, data.days.map((d) => d.date))}
                      filterQuery={filterQuery(state.query)}
                      startMinute={data.grid.startMinute}
                      endMinute={data.grid.endMinute}
                      timeZone={data.timeZone}
                      today={data.today}
                      nowMinute={data.nowMinute}
                      canReschedule={canReschedule}
                    />
                  </div>
                  {view === "week" && (
                    <div class="md:hidden">
                      <CalendarChangeNotice {...changeRange} />
                      <WeekAgenda state={state} data={data} />
                    </div>
                  )}
                </>
              )}
          </Card>
        </div>
      </div>
    </>
  );
}
