/**
 * The month grid, drawn by the server: a few chips per day and "+N more",
 * a count badge instead of chips on a phone, and the closed-day hatch.
 */
import { LAB_RISK_TEXT, LabRiskBadge } from "./LabRiskBadge.tsx";
import type { DaySchedule } from "../../lib/calendar/opening-hours.ts";
import { dayMonth, weekdayName } from "../../lib/calendar/calendar-dates.ts";
import type { CalendarAppointment, CalendarViewData } from "../../lib/calendar/calendar-view.ts";
import { cardColors, CLOSED_DAY_HATCH, isMuted } from "../../lib/calendar/card-styles.ts";
import { clockTime } from "../../lib/time/zoned.ts";
import { calendarHref, type CalendarPageState, timeSpan } from "./calendar-links.ts";

/** Chips a month cell shows before "+N more". */
const MONTH_CHIPS = 3;

export function MonthView({ state, data }: { state: CalendarPageState; data: CalendarViewData }) {
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
                        title={`${a.patientName} · ${timeSpan(a)} · ${a.type} · ${a.statusLabel}${
                          a.labAtRisk ? ` · ${LAB_RISK_TEXT}` : ""
                        }`}
                        class="block truncate rounded px-1.5 py-0.5 text-[11px] leading-4 hover:brightness-95"
                        style={{
                          background: colors.background,
                          color: colors.color,
                          borderLeft: `3px solid ${colors.borderColor}`,
                          textDecoration: isMuted(a.status) ? "line-through" : undefined,
                        }}
                      >
                        <span class="tabular-nums">{clockTime(a.startMinute)}</span> {a.patientName}
                        {a.labAtRisk && <LabRiskBadge />}
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
