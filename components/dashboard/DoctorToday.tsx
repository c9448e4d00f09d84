/**
 * A doctor's day: who is next (highlighted), who is in the chair, every
 * appointment of the day in order, the visits still waiting for their
 * clinical note, and today's X-rays of the day's patients.
 */
import { ButtonLink } from "../ui/mod.ts";
import { radiologyHref, RadiologyThumb } from "../radiology/RadiologyThumb.tsx";
import type { DayAppointment, TodayBoard, TodayXray } from "../../lib/dashboard/today.ts";
import { formatTime } from "../../lib/view/format.ts";
import {
  AppointmentRow,
  EmptyLine,
  inMinutes,
  MaybeLink,
  Panel,
  StackedTime,
  StatusBadge,
  TimeRange,
} from "./today-parts.tsx";

const appointmentHref = (a: DayAppointment) => `/appointments/${a.id}`;
const FINISHED = new Set(["completed", "cancelled", "no_show"]);

export function NextUp(
  { next, total, board }: { next: DayAppointment | null; total: number; board: TodayBoard },
) {
  if (!next) {
    return (
      <section
        data-panel="next"
        class="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200"
      >
        <p class="text-xs font-medium uppercase tracking-wide text-slate-500">Next</p>
        <p class="mt-1 text-lg font-semibold text-slate-900">No one else is expected today</p>
        <p class="mt-1 text-sm text-slate-500">
          {total === 0
            ? "You have no appointments today."
            : `All ${total} of today's appointments are done, under way or called off.`}
        </p>
      </section>
    );
  }
  const minutes = Math.round((next.startsAt.getTime() - board.now.getTime()) / 60_000);
  const when = minutes > 0 ? inMinutes(minutes) : minutes === 0 ? "now" : `due ${-minutes} min ago`;
  return (
    <a
      href={appointmentHref(next)}
      data-panel="next"
      data-appointment={next.id}
      class="block rounded-xl bg-brand-700 p-5 text-white shadow-sm hover:bg-brand-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
    >
      <p class="text-xs font-semibold uppercase tracking-wide text-brand-100">Next · {when}</p>
      <p class="mt-1 break-words text-2xl font-semibold tracking-tight">{next.patientName}</p>
      <p class="mt-1 text-sm text-brand-50">
        <TimeRange appointment={next} timeZone={board.timeZone} /> · {next.type} ·{" "}
        {next.operatoryName}
      </p>
      <p class="mt-3">
        <StatusBadge appointment={next} />
      </p>
    </a>
  );
}

export function MyDayPanel(
  { appointments, next, board, title = "Your day" }: {
    appointments: DayAppointment[];
    next: DayAppointment | null;
    board: TodayBoard;
    title?: string;
  },
) {
  return (
    <Panel id="my-day" title={title} count={appointments.length}>
      {appointments.length === 0
        ? <EmptyLine>No appointments with you today.</EmptyLine>
        : (
          <ol class="divide-y divide-slate-100">
            {appointments.map((a) => {
              const isNext = a.id === next?.id;
              return (
                <AppointmentRow
                  key={a.id}
                  appointment={a}
                  href={appointmentHref(a)}
                  time={<StackedTime appointment={a} timeZone={board.timeZone} />}
                  title={a.patientName}
                  subtitle={`${a.type} · ${a.operatoryName}`}
                  aside={
                    <>
                      {isNext && (
                        <span class="text-xs font-semibold uppercase tracking-wide text-brand-700">
                          Next
                        </span>
                      )}
                      <StatusBadge appointment={a} />
                    </>
                  }
                  tone={isNext ? "next" : FINISHED.has(a.status) ? "muted" : "plain"}
                  data={isNext ? { "data-next": "" } : {}}
                />
              );
            })}
          </ol>
        )}
    </Panel>
  );
}

export function InChairPanel({ list, board }: { list: DayAppointment[]; board: TodayBoard }) {
  return (
    <Panel id="in-chair" title="In the chair" count={list.length}>
      <ul class="divide-y divide-slate-100">
        {list.map((a) => (
          <AppointmentRow
            key={a.id}
            appointment={a}
            href={appointmentHref(a)}
            time={<StackedTime appointment={a} timeZone={board.timeZone} />}
            title={a.patientName}
            subtitle={`${a.type} · ${a.operatoryName}`}
            aside={<StatusBadge appointment={a} />}
            tone="live"
          />
        ))}
      </ul>
    </Panel>
  );
}

export function NotesMissingPanel(
  { list, board }: { list: DayAppointment[]; board: TodayBoard },
) {
  return (
    <Panel id="notes-missing" title="Visits without a note" count={list.length}>
      {list.length === 0
        ? <EmptyLine>Every visit of today so far has its note.</EmptyLine>
        : (
          <ul class="divide-y divide-slate-100">
            {list.map((a) => (
              <li
                key={a.id}
                data-appointment={a.id}
                class="flex items-center gap-3 px-4 py-3 sm:px-5"
              >
                <span class="min-w-0 flex-1">
                  <span class="block truncate font-medium text-slate-900">{a.patientName}</span>
                  <span class="block text-sm text-slate-500">
                    {formatTime(a.startsAt, board.timeZone)} · {a.type}
                  </span>
                </span>
                <ButtonLink
                  href={`${appointmentHref(a)}#clinical-notes`}
                  variant="secondary"
                  class="min-h-[2.75rem] shrink-0"
                >
                  Write note
                </ButtonLink>
              </li>
            ))}
          </ul>
        )}
    </Panel>
  );
}

function xrayHref(image: TodayXray, board: TodayBoard): string | null {
  return board.may.openRadiology
    ? radiologyHref(image.patientId, `${image.kind}:${image.id}`)
    : null;
}

export function XraysPanel({ images, board }: { images: TodayXray[]; board: TodayBoard }) {
  return (
    <Panel id="xrays" title="New X-rays today" count={images.length}>
      {images.length === 0
        ? <EmptyLine>No X-rays of today's patients yet.</EmptyLine>
        : (
          <ul class="grid grid-cols-2 gap-3 p-4 sm:grid-cols-3 lg:grid-cols-2">
            {images.map((image) => (
              <li key={`${image.kind}:${image.id}`} data-xray={`${image.kind}:${image.id}`}>
                <MaybeLink href={xrayHref(image, board)} class="block">
                  <RadiologyThumb
                    src={image.thumbnailFileId
                      ? `/api/v1/files/${image.thumbnailFileId}/thumbnail`
                      : null}
                    label={image.label}
                    size="h-24 w-full rounded-lg"
                  />
                  <span class="mt-1.5 block truncate text-sm font-medium text-slate-900">
                    {image.patientName}
                  </span>
                  <span class="block truncate text-xs text-slate-500">
                    {image.label} · {formatTime(image.at, board.timeZone)}
                  </span>
                </MaybeLink>
              </li>
            ))}
          </ul>
        )}
    </Panel>
  );
}

export function DoctorToday({ board }: { board: TodayBoard }) {
  const day = board.myDay;
  return (
    <div class="grid grid-cols-1 items-start gap-6 lg:grid-cols-3">
      <div class="min-w-0 space-y-6 lg:col-span-2">
        {day && <NextUp next={day.next} total={day.appointments.length} board={board} />}
        {board.inChair && board.inChair.length > 0 && (
          <InChairPanel list={board.inChair} board={board} />
        )}
        {day && <MyDayPanel appointments={day.appointments} next={day.next} board={board} />}
      </div>
      <div class="min-w-0 space-y-6">
        {board.notesMissing && <NotesMissingPanel list={board.notesMissing} board={board} />}
        {board.xrays && <XraysPanel images={board.xrays} board={board} />}
      </div>
    </div>
  );
}
