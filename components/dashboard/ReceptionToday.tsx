/**
 * The front desk's day: who is due at the desk within the hour, the visits
 * of the next 48 hours still unconfirmed (remind or confirm with one tap),
 * the day across the operatories, and today's cancellations and no-shows.
 */
import type { ComponentChildren } from "preact";
import { Badge, Button } from "../ui/mod.ts";
import type { TodayBoard } from "../../lib/dashboard/today.ts";
import type {
  Arrival,
  DayAppointment,
  OperatoryDay,
  UnconfirmedVisit,
} from "../../lib/dashboard/day-summary.ts";
import { formatShortDay, formatTime } from "../../lib/view/format.ts";
import {
  AppointmentRow,
  ColorBar,
  EmptyLine,
  Panel,
  StackedTime,
  StatusBadge,
} from "./today-parts.tsx";

const appointmentHref = (a: DayAppointment) => `/appointments/${a.id}`;

export function ArrivalsPanel({ arrivals, board }: { arrivals: Arrival[]; board: TodayBoard }) {
  return (
    <Panel id="arrivals" title="Arriving within the hour" count={arrivals.length}>
      {arrivals.length === 0
        ? <EmptyLine>Nobody is due in the next hour.</EmptyLine>
        : (
          <ul class="divide-y divide-slate-100">
            {arrivals.map(({ appointment: a, lateMinutes }) => (
              <AppointmentRow
                key={a.id}
                appointment={a}
                href={appointmentHref(a)}
                time={<StackedTime appointment={a} timeZone={board.timeZone} />}
                title={a.patientName}
                subtitle={`${a.doctorName} · ${a.operatoryName}`}
                aside={
                  <>
                    <StatusBadge appointment={a} />
                    {lateMinutes > 0 && <Badge tone="amber">{lateMinutes} min late</Badge>}
                  </>
                }
              />
            ))}
          </ul>
        )}
    </Panel>
  );
}

function whenLabel(visit: UnconfirmedVisit, timeZone: string): string {
  const time = formatTime(visit.appointment.startsAt, timeZone);
  if (visit.day === "today") return `Today ${time}`;
  if (visit.day === "tomorrow") return `Tomorrow ${time}`;
  return `${formatShortDay(visit.appointment.startsAt, timeZone)} ${time}`;
}

function remindedLabel(at: Date, board: TodayBoard): string {
  const sameDay = formatShortDay(at, board.timeZone) === formatShortDay(board.now, board.timeZone);
  return `Reminder sent ${sameDay ? "" : `${formatShortDay(at, board.timeZone)} `}${
    formatTime(at, board.timeZone)
  }`;
}

export function UnconfirmedPanel(
  { visits, board }: { visits: UnconfirmedVisit[]; board: TodayBoard },
) {
  return (
    <Panel id="unconfirmed" title="Unconfirmed · next 48 h" count={visits.length}>
      {visits.length === 0
        ? <EmptyLine>Every visit of the next two days is confirmed.</EmptyLine>
        : (
          <ul class="divide-y divide-slate-100">
            {visits.map((visit) => {
              const a = visit.appointment;
              const remind = board.may.remind && a.hasEmail === true;
              return (
                <li key={a.id} data-appointment={a.id} class="px-4 py-3.5 sm:px-5">
                  <div class="flex items-start gap-3">
                    <ColorBar appointment={a} />
                    <div class="min-w-0 flex-1">
                      <a
                        href={appointmentHref(a)}
                        class="block truncate font-medium text-slate-900 hover:underline"
                      >
                        {a.patientName}
                      </a>
                      <p class="text-sm text-slate-600">
                        <span class="font-medium tabular-nums text-slate-900">
                          {whenLabel(visit, board.timeZone)}
                        </span>{" "}
                        · {a.type} · {a.doctorName}
                      </p>
                      {visit.remindedAt && (
                        <p class="mt-0.5 text-xs text-slate-500" data-reminded="">
                          {remindedLabel(visit.remindedAt, board)}
                        </p>
                      )}
                      {a.hasEmail === false && (
                        <p class="mt-0.5 text-xs text-amber-700">
                          No email on file: call to confirm
                        </p>
                      )}
                    </div>
                  </div>
                  {(remind || board.may.confirm) && (
                    <div class="mt-3 grid grid-cols-2 gap-2">
                      {remind && (
                        <form method="post" action={`/dashboard/appointments/${a.id}/reminder`}>
                          <Button
                            variant="secondary"
                            size="sm"
                            class="min-h-[2.75rem] w-full whitespace-nowrap"
                            data-remind=""
                          >
                            Send reminder
                          </Button>
                        </form>
                      )}
                      {board.may.confirm && (
                        <form
                          method="post"
                          action={`/dashboard/appointments/${a.id}/confirm`}
                          class={remind ? "" : "col-start-2"}
                        >
                          <Button
                            size="sm"
                            class="min-h-[2.75rem] w-full whitespace-nowrap"
                            data-confirm=""
                          >
                            Mark confirmed
                          </Button>
                        </form>
                      )}
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        )}
    </Panel>
  );
}

function ScheduleRow({ a, board }: { a: DayAppointment; board: TodayBoard }) {
  return (
    <AppointmentRow
      appointment={a}
      href={appointmentHref(a)}
      time={<StackedTime appointment={a} timeZone={board.timeZone} />}
      title={a.patientName}
      subtitle={`${a.type} · ${a.doctorName}`}
      aside={<StatusBadge appointment={a} />}
      tone={a.status === "in_progress" ? "live" : a.status === "completed" ? "muted" : "plain"}
      stacked
    />
  );
}

export function SchedulePanel(
  { rooms, board, narrow = false }: {
    rooms: OperatoryDay[];
    board: TodayBoard;
    /** In two thirds of the page rather than all of it: two rooms a row at most. */
    narrow?: boolean;
  },
) {
  const total = rooms.reduce((n, room) => n + room.appointments.length, 0);
  return (
    <Panel
      id="schedule"
      title="Today's schedule"
      count={total}
      action={board.may.openCalendar && (
        <a
          href={`/calendar?view=day&date=${board.date}`}
          class="rounded-md px-2 py-1 text-sm font-medium text-brand-700 hover:bg-brand-50"
        >
          Open calendar
        </a>
      )}
    >
      {rooms.length === 0 ? <EmptyLine>No operatories are set up yet.</EmptyLine> : (
        <div
          class={`grid grid-cols-1 divide-y divide-slate-100 md:grid-cols-2 md:divide-y-0 ${
            narrow ? "" : "xl:grid-cols-3"
          }`}
        >
          {rooms.map((room) => (
            <section
              key={room.operatory.id}
              data-operatory={room.operatory.id}
              class="min-w-0 md:border-r md:border-slate-100"
            >
              <h3 class="flex items-center justify-between bg-slate-50 px-4 py-2 text-xs font-semibold uppercase tracking-wide text-slate-600">
                {room.operatory.name}
                <span class="font-medium normal-case tracking-normal text-slate-500">
                  {room.appointments.length === 0
                    ? "free all day"
                    : `${room.appointments.length} booked`}
                </span>
              </h3>
              {room.appointments.length > 0 && (
                <ol class="divide-y divide-slate-100">
                  {room.appointments.map((a) => <ScheduleRow key={a.id} a={a} board={board} />)}
                </ol>
              )}
            </section>
          ))}
        </div>
      )}
    </Panel>
  );
}

export function CancellationsPanel(
  { list, board }: { list: DayAppointment[]; board: TodayBoard },
) {
  return (
    <Panel id="cancellations" title="Cancellations and no-shows" count={list.length}>
      {list.length === 0
        ? <EmptyLine>No cancellations or no-shows today.</EmptyLine>
        : (
          <ul class="divide-y divide-slate-100">
            {list.map((a) => (
              <AppointmentRow
                key={a.id}
                appointment={a}
                href={appointmentHref(a)}
                time={<StackedTime appointment={a} timeZone={board.timeZone} />}
                title={a.patientName}
                subtitle={`${a.type} · ${a.doctorName}`}
                aside={<StatusBadge appointment={a} />}
              />
            ))}
          </ul>
        )}
    </Panel>
  );
}

export function ReceptionToday(
  { board, actionItems }: {
    board: TodayBoard;
    /**
     * SLOT — the "Action items" card. A later module (ai.action_items.view)
     * renders it and passes it here; nothing fills it yet.
     */
    actionItems?: ComponentChildren;
  },
) {
  // On a phone: arrivals, then what to confirm, then the day; on a desk the
  // unconfirmed visits run down the right-hand column beside the day.
  return (
    <div class="grid grid-cols-1 items-start gap-6 lg:grid-cols-3 lg:grid-rows-[auto_auto_auto_1fr]">
      {board.arrivals && (
        <div class="min-w-0 lg:col-span-2 lg:row-start-1">
          <ArrivalsPanel arrivals={board.arrivals} board={board} />
        </div>
      )}
      {board.unconfirmed && (
        <div class="min-w-0 lg:col-start-3 lg:row-span-4 lg:row-start-1">
          <UnconfirmedPanel visits={board.unconfirmed} board={board} />
        </div>
      )}
      {board.schedule && (
        <div class="min-w-0 lg:col-span-2 lg:row-start-2">
          <SchedulePanel rooms={board.schedule} board={board} narrow />
        </div>
      )}
      {board.cancellations && (
        <div class="min-w-0 lg:col-span-2 lg:row-start-3">
          <CancellationsPanel list={board.cancellations} board={board} />
        </div>
      )}
      {/* SLOT: the "Action items" card of a later module goes here, under the day. */}
      {actionItems && (
        <div data-slot="action-items" class="min-w-0 lg:col-span-2 lg:row-start-4">
          {actionItems}
        </div>
      )}
    </div>
  );
}
