/**
 * The calendar (release notes, "Calendar & Appointments"): day, week and
 * month views of the clinic's appointments in the clinic's time zone, a
 * doctor and operatory filter, and a mini calendar whose arrows are plain
 * links. Closed days carry a subtle cross-hatch that leaves cards readable.
 * The day and week grids are the WeekCalendar island, which adds
 * drag-and-drop rescheduling for members who may move appointments and
 * follows live changes; the month view and the phone's agenda, drawn by the
 * server, get only a small CalendarChangeNotice offering a refresh.
 *
 *   GET /calendar?view=day|week|month&date=YYYY-MM-DD&doctor=<userId>&operatory=<id>&mini=YYYY-MM
 */
import { Hono } from "hono";
import { AppShell } from "../components/AppShell.tsx";
import { Card } from "../components/Card.tsx";
import WeekCalendar from "../islands/WeekCalendar.tsx";
import CalendarChangeNotice from "../islands/CalendarChangeNotice.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { loadStaffContext } from "../lib/auth/staff-context.ts";
import { can } from "../lib/permissions/access.ts";
import { pageAllows } from "../lib/permissions/page-guards.ts";
import { PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import {
  addMonths,
  CALENDAR_VIEWS,
  type CalendarView,
  dayMonth,
  monthGrid,
  monthTitle,
  startOfWeek,
  stepDate,
  viewTitle,
  weekdayName,
} from "../lib/calendar/calendar-dates.ts";
import {
  type CalendarAppointment,
  type CalendarQuery,
  type CalendarViewData,
  loadCalendarView,
  parseCalendarQuery,
} from "../lib/calendar/calendar-view.ts";
import { cardClass, cardColors, CLOSED_DAY_HATCH, isMuted } from "../lib/calendar/card-styles.ts";
import { weekCardProps } from "../lib/calendar/week-cards.ts";
import type { DaySchedule } from "../lib/calendar/opening-hours.ts";
import { clockLabel, localDateOf } from "../lib/calendar/zoned-time.ts";
import { renderDocument } from "../lib/view/render.ts";
import { staffPage } from "./resume.tsx";

/** Chips a month cell shows before "+N more". */
const MONTH_CHIPS = 3;

const VIEW_LABELS: Record<CalendarView, string> = { day: "Day", week: "Week", month: "Month" };
const BUTTON =
  "inline-flex items-center justify-center rounded-lg text-sm font-semibold focus:outline-none focus:ring-2 focus:ring-brand-500/50";
const SECONDARY =
  `${BUTTON} h-9 bg-white px-3 text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50`;
const SELECT =
  "block w-full rounded-lg border border-slate-300 bg-white py-2 pl-3 pr-8 text-sm text-slate-900 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";

interface PageState {
  query: CalendarQuery;
  /** The month the mini calendar shows, YYYY-MM. */
  mini: string;
}

/** A calendar URL with some of the current state changed; filters and view are kept. */
function calendarHref(
  state: PageState,
  changes: Partial<CalendarQuery> & { mini?: string | null } = {},
): string {
  const query = { ...state.query, ...changes };
  const params = new URLSearchParams({ view: query.view, date: query.date });
  if (query.doctorId) params.set("doctor", query.doctorId);
  if (query.operatoryId) params.set("operatory", query.operatoryId);
  const mini = changes.mini === undefined ? null : changes.mini;
  if (mini) params.set("mini", mini);
  return `/calendar?${params}`;
}

function parseMiniMonth(value: string | null): string | null {
  if (!value || !/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) return null;
  return value;
}

function Chevron({ direction }: { direction: "left" | "right" }) {
  return (
    <svg
      class="h-4 w-4"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
    >
      <path d={direction === "left" ? "M15 18l-6-6 6-6" : "M9 18l6-6-6-6"} />
    </svg>
  );
}

function Toolbar({ state, data }: { state: PageState; data: CalendarViewData }) {
  const { view, date } = state.query;
  const labels = { day: "day", week: "week", month: "month" }[view];
  return (
    <div class="flex flex-wrap items-center gap-2">
      <div class="flex items-center">
        <a
          href={calendarHref(state, { date: stepDate(view, date, -1) })}
          class={`${SECONDARY} w-9 rounded-r-none px-0`}
          aria-label={`Previous ${labels}`}
          title={`Previous ${labels}`}
          data-nav="prev"
        >
          <Chevron direction="left" />
        </a>
        <a
          href={calendarHref(state, { date: data.today })}
          class={`${SECONDARY} -ml-px rounded-none`}
          data-nav="today"
        >
          Today
        </a>
        <a
          href={calendarHref(state, { date: stepDate(view, date, 1) })}
          class={`${SECONDARY} -ml-px w-9 rounded-l-none px-0`}
          aria-label={`Next ${labels}`}
          title={`Next ${labels}`}
          data-nav="next"
        >
          <Chevron direction="right" />
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

/** One select per row on a phone: two side by side cut "All operatories" short at 390 px. */
function Filters({ state, data }: { state: PageState; data: CalendarViewData }) {
  const { query } = state;
  const filtered = Boolean(query.doctorId || query.operatoryId);
  return (
    <form
      method="get"
      action="/calendar"
      class="grid grid-cols-1 items-end gap-3 sm:grid-cols-[1fr_1fr_auto]"
      data-calendar-filters
    >
      <input type="hidden" name="view" value={query.view} />
      <input type="hidden" name="date" value={query.date} />
      <label class="block min-w-0">
        <span class="mb-1 block text-xs font-medium uppercase tracking-wide text-slate-500">
          Doctor
        </span>
        <select name="doctor" class={SELECT}>
          <option value="">All doctors</option>
          {data.doctors.map((d) => (
            <option key={d.id} value={d.id} selected={d.id === query.doctorId}>{d.name}</option>
          ))}
        </select>
      </label>
      <label class="block min-w-0">
        <span class="mb-1 block text-xs font-medium uppercase tracking-wide text-slate-500">
          Operatory
        </span>
        <select name="operatory" class={SELECT}>
          <option value="">All operatories</option>
          {data.operatories.map((o) => (
            <option key={o.id} value={o.id} selected={o.id === query.operatoryId}>
              {o.name}
              {o.active ? "" : " (not in use)"}
            </option>
          ))}
        </select>
      </label>
      <div class="flex gap-2">
        <button
          type="submit"
          class={`${BUTTON} h-9 flex-1 bg-brand-600 px-4 text-white hover:bg-brand-700`}
        >
          Apply
        </button>
        {filtered && (
          <a
            href={calendarHref({ ...state, query: { view: query.view, date: query.date } })}
            class={SECONDARY}
          >
            Clear
          </a>
        )}
      </div>
    </form>
  );
}

function MiniCalendar({ state, data }: { state: PageState; data: CalendarViewData }) {
  const month = `${state.mini}-01`;
  const selectedWeek = startOfWeek(state.query.date);
  return (
    <Card>
      <div class="px-4 pb-4 pt-3" data-mini-calendar={state.mini}>
        <div class="mb-2 flex items-center justify-between">
          <a
            href={calendarHref(state, { mini: addMonths(month, -1).slice(0, 7) })}
            class="grid h-8 w-8 place-items-center rounded-lg text-slate-500 hover:bg-slate-100 hover:text-slate-900"
            aria-label="Previous month"
            data-mini-nav="prev"
          >
            <Chevron direction="left" />
          </a>
          <p class="text-sm font-semibold text-slate-900">{monthTitle(month)}</p>
          <a
            href={calendarHref(state, { mini: addMonths(month, 1).slice(0, 7) })}
            class="grid h-8 w-8 place-items-center rounded-lg text-slate-500 hover:bg-slate-100 hover:text-slate-900"
            aria-label="Next month"
            data-mini-nav="next"
          >
            <Chevron direction="right" />
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
                    const isToday = day === data.today;
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
                          class={`mx-auto grid h-7 w-7 place-items-center rounded-full tabular-nums ${
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

function Legend({ canReschedule }: { canReschedule: boolean }) {
  return (
    <Card>
      <ul class="space-y-2.5 px-4 py-4 text-xs text-slate-600">
        <li class="flex items-center gap-2.5">
          <span
            class="h-4 w-6 shrink-0 rounded ring-1 ring-slate-200"
            style={{ backgroundImage: CLOSED_DAY_HATCH }}
          />
          Clinic closed
        </li>
        <li class="flex items-center gap-2.5">
          <span
            class="h-4 w-6 shrink-0 rounded ring-1 ring-slate-200"
            style={{ background: "rgba(148,163,184,0.18)" }}
          />
          Outside working hours
        </li>
        <li class="flex items-center gap-2.5">
          <span
            class="h-4 w-6 shrink-0 rounded"
            style={{ background: "#f8fafc", borderLeft: "3px dashed #cbd5e1" }}
          />
          Cancelled or no-show
        </li>
        {canReschedule && (
          <li class="border-t border-slate-100 pt-2.5 text-slate-500">
            In the day and week grids, drag an appointment to another day or time to reschedule it
            (on a touch screen, press and hold it first); it snaps to 15 minutes.
          </li>
        )}
      </ul>
    </Card>
  );
}

/** The filters as a query string, for links that change only the view and date. */
function filterQuery(query: CalendarQuery): string {
  const params = new URLSearchParams();
  if (query.doctorId) params.set("doctor", query.doctorId);
  if (query.operatoryId) params.set("operatory", query.operatoryId);
  return params.toString();
}

const timeSpan = (a: CalendarAppointment) =>
  `${clockLabel(a.startMinute)}–${clockLabel((a.startMinute + a.durationMinutes) % 1440)}`;

/**
 * The week on a phone: a list per day, which reads better than seven 50-pixel
 * columns. Its colour classes come from the stylesheet the week island renders
 * alongside it (`CARD_CSS`).
 */
function Agenda({ state, data }: { state: PageState; data: CalendarViewData }) {
  return (
    <ol class="divide-y divide-slate-100">
      {data.days.map((day) => {
        const items = data.appointments.filter((a) => a.date === day.date);
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
                  : items.length === 0
                  ? "No appointments"
                  : `${items.length} booked`}
              </span>
            </a>
            {items.length > 0 && (
              <ul class="mt-2 space-y-1.5">
                {items.map((a) => (
                  <li key={a.id}>
                    <a
                      href={`/appointments/${a.id}`}
                      class={`flex gap-3 rounded-md px-2.5 py-1.5 text-sm ${
                        cardClass(a.colorTag, a.status)
                      }`}
                    >
                      <span class="w-24 shrink-0 text-xs tabular-nums">{timeSpan(a)}</span>
                      <span class="min-w-0 flex-1 truncate">
                        <b class="cal-name font-medium">{a.patientName}</b>
                        <br />
                        <small class="opacity-80">{a.type} · {a.statusLabel}</small>
                      </span>
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

function MonthView({ state, data }: { state: PageState; data: CalendarViewData }) {
  const month = state.query.date.slice(0, 7);
  const byDay = new Map<string, CalendarAppointment[]>();
  for (const a of data.appointments) {
    const list = byDay.get(a.date);
    if (list) list.push(a);
    else byDay.set(a.date, [a]);
  }
  const weeks: DaySchedule[][] = [];
  for (let i = 0; i < data.days.length; i += 7) weeks.push(data.days.slice(i, i + 7));
  return (
    <div data-month-view={month}>
      <div class="grid grid-cols-7 border-b border-slate-200 text-center text-[11px] font-medium uppercase tracking-wide text-slate-500">
        {weeks[0].map((d) => (
          <div key={d.date} class="py-2">
            <span class="sm:hidden">{weekdayName(d.date).slice(0, 1)}</span>
            <span class="hidden sm:inline">{weekdayName(d.date)}</span>
          </div>
        ))}
      </div>
      <div class="grid grid-cols-7">
        {data.days.map((day, i) => {
          const items = byDay.get(day.date) ?? [];
          const inMonth = day.date.slice(0, 7) === month;
          const isToday = day.date === data.today;
          const more = items.length - MONTH_CHIPS;
          const dayHref = calendarHref(state, { view: "day", date: day.date });
          return (
            <div
              key={day.date}
              data-day={day.date}
              data-count={items.length}
              data-closed={day.closed ? "true" : undefined}
              title={day.closed
                ? `Closed${day.closedReason ? `: ${day.closedReason}` : ""}`
                : undefined}
              class={`min-h-[4.5rem] border-b border-slate-100 p-1 sm:min-h-[7.5rem] sm:p-1.5 ${
                i % 7 === 6 ? "" : "border-r"
              } ${inMonth ? "" : "bg-slate-50/70"}`}
              style={day.closed ? { backgroundImage: CLOSED_DAY_HATCH } : undefined}
            >
              <div class="mb-1 flex items-center justify-between gap-1">
                <a
                  href={dayHref}
                  class={`grid h-6 w-6 place-items-center rounded-full text-xs tabular-nums ${
                    isToday
                      ? "bg-brand-600 font-semibold text-white"
                      : inMonth
                      ? "font-medium text-slate-800 hover:bg-slate-100"
                      : "text-slate-500 hover:bg-slate-100"
                  }`}
                  aria-label={`${weekdayName(day.date, "long")} ${dayMonth(day.date, true)}`}
                >
                  {Number(day.date.slice(8))}
                </a>
                {day.closed && (
                  <span class="hidden truncate text-[10px] text-slate-500 sm:block">
                    {day.closedReason ?? "Closed"}
                  </span>
                )}
              </div>
              {items.length > 0 && (
                <a
                  href={dayHref}
                  class="grid h-6 w-6 place-items-center rounded-full bg-brand-100 text-[11px] font-semibold text-brand-800 sm:hidden"
                  aria-label={`${items.length} appointments`}
                >
                  {items.length}
                </a>
              )}
              <ul class="hidden space-y-0.5 sm:block">
                {items.slice(0, MONTH_CHIPS).map((a) => {
                  const colors = cardColors(a.colorTag, a.status);
                  return (
                    <li key={a.id}>
                      <a
                        href={`/appointments/${a.id}`}
                        data-chip-id={a.id}
                        title={`${a.patientName} · ${timeSpan(a)} · ${a.type} · ${a.statusLabel}`}
                        class="block truncate rounded px-1.5 py-0.5 text-[11px] leading-4 hover:brightness-95"
                        style={{
                          background: colors.background,
                          color: colors.color,
                          borderLeft: `3px solid ${colors.borderColor}`,
                          textDecoration: isMuted(a.status) ? "line-through" : undefined,
                        }}
                      >
                        <span class="tabular-nums">{clockLabel(a.startMinute)}</span>{" "}
                        {a.patientName}
                      </a>
                    </li>
                  );
                })}
                {more > 0 && (
                  <li>
                    <a
                      href={dayHref}
                      class="block px-1.5 text-[11px] font-medium text-slate-500 hover:text-brand-700"
                      data-more={more}
                    >
                      +{more} more
                    </a>
                  </li>
                )}
              </ul>
            </div>
          );
        })}
      </div>
    </div>
  );
}

function summary(data: CalendarViewData): string {
  const count = data.appointments.length;
  const active = data.appointments.filter((a) => !isMuted(a.status)).length;
  const period = { day: "this day", week: "this week", month: "in this view" }[data.query.view];
  if (count === 0) return `No appointments ${period}`;
  const word = count === 1 ? "appointment" : "appointments";
  return active === count
    ? `${count} ${word} ${period}`
    : `${count} ${word} ${period} · ${count - active} cancelled or no-show`;
}

function CalendarPage(
  { state, data, canReschedule, canBook }: {
    state: PageState;
    data: CalendarViewData;
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
          <Toolbar state={state} data={data} />
          {canBook && (
            <a
              href={`/appointments/new?date=${state.query.date}`}
              class={`${BUTTON} h-9 bg-brand-600 px-3 text-white shadow-sm hover:bg-brand-700`}
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
            <MiniCalendar state={state} data={data} />
          </div>
          <Legend canReschedule={canReschedule} />
          <p class="px-1 text-xs text-slate-500">Times in {data.timeZone.replace(/_/g, " ")}</p>
        </div>
        <div class="order-1 min-w-0 space-y-4 xl:order-2">
          <Card>
            <div class="px-4 py-3">
              <Filters state={state} data={data} />
            </div>
          </Card>
          <Card class="overflow-hidden">
            {view === "month"
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
                      <Agenda state={state} data={data} />
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

export const calendarRoutes = new Hono<AppEnv>()
  .get("/calendar", staffPage, pageAllows(PAGE_ACCESS.calendar), async (c) => {
    const { deps, principal } = c.var;
    const me = await loadStaffContext(deps, principal);
    const clinic = me.clinic!;
    const now = new Date();
    const params = new URL(c.req.url).searchParams;
    const query = parseCalendarQuery(params, localDateOf(now, clinic.timeZone));
    const state: PageState = {
      query,
      mini: parseMiniMonth(params.get("mini")) ?? query.date.slice(0, 7),
    };
    const data = await loadCalendarView(deps.db, clinic, query, now);
    // Dragging calls PATCH /api/v1/appointments/:id, which needs appointments.edit;
    // "Reschedule by drag and drop" is the calendar's own switch for it.
    const canReschedule = can(me.access, "appointments.edit") &&
      can(me.access, "appointments.calendar.reschedule");
    return c.html(renderDocument(
      <AppShell me={me} refreshLeadMs={deps.config.refreshLeadSeconds * 1000} current="/calendar">
        <CalendarPage
          state={state}
          data={data}
          canReschedule={canReschedule}
          canBook={can(me.access, "appointments.create")}
        />
      </AppShell>,
      { title: `Calendar · ${viewTitle(query.view, query.date)}` },
    ));
  });
