/**
 * The pieces the Today panels share: an appointment's status badge, its time,
 * a patient's name that links only when the reader may open the record, a
 * panel card with a count, and the quiet line a panel shows when it is empty.
 */
import type { ComponentChildren } from "preact";
import { Badge, type BadgeTone, Card } from "../ui/mod.ts";
import { COLOR_TAG_SWATCHES } from "../color-tags.ts";
import type { AppointmentStatus } from "../../lib/appointments/statuses.ts";
import type { DayAppointment } from "../../lib/dashboard/today.ts";
import { formatTime } from "../../lib/view/format.ts";

const STATUS_TONES: Record<AppointmentStatus, BadgeTone> = {
  scheduled: "slate",
  confirmed: "sky",
  in_progress: "amber",
  completed: "green",
  cancelled: "red",
  no_show: "rose",
};

export function StatusBadge({ appointment }: { appointment: DayAppointment }) {
  return (
    <Badge tone={STATUS_TONES[appointment.status]} dot class="whitespace-nowrap">
      <span data-status={appointment.status}>{appointment.statusLabel}</span>
    </Badge>
  );
}

/** `09:30–10:15`, with the start as a machine-readable time. */
export function TimeRange(
  { appointment, timeZone }: { appointment: DayAppointment; timeZone: string },
) {
  return (
    <span class="whitespace-nowrap tabular-nums">
      <time dateTime={appointment.startsAt.toISOString()}>
        {formatTime(appointment.startsAt, timeZone)}
      </time>
      <span class="font-normal">–{formatTime(appointment.endsAt, timeZone)}</span>
    </span>
  );
}

export function ColorBar({ appointment }: { appointment: DayAppointment }) {
  return (
    <span
      class={`w-1 shrink-0 self-stretch rounded-full ${COLOR_TAG_SWATCHES[appointment.colorTag]}`}
      aria-hidden="true"
    />
  );
}

/** The start, and under it the end, for the narrow time column of a list. */
export function StackedTime(
  { appointment, timeZone }: { appointment: DayAppointment; timeZone: string },
) {
  return (
    <span class="block text-sm font-semibold tabular-nums text-slate-900">
      <time dateTime={appointment.startsAt.toISOString()}>
        {formatTime(appointment.startsAt, timeZone)}
      </time>
      <span class="block text-xs font-normal text-slate-500">
        <span class="sr-only">to</span>
        {formatTime(appointment.endsAt, timeZone)}
      </span>
    </span>
  );
}

const ROW_TONES = {
  plain: "hover:bg-slate-50",
  next: "bg-brand-50 ring-2 ring-inset ring-brand-500",
  live: "bg-amber-50 hover:bg-amber-100/70",
  // A grey ground, not transparency: dimmed text would fall below readable contrast.
  muted: "bg-slate-50 hover:bg-slate-100",
} as const;

/**
 * One appointment in a panel's list, as a link to it. On a phone the time
 * sits left and the badges go under the name, so a name is never cut to a
 * few letters; from `sm` up the badges sit at the right (unless `stacked`,
 * for narrow columns).
 */
export function AppointmentRow(
  { appointment, href, time, title, subtitle, aside, tone = "plain", stacked = false, data = {} }: {
    appointment: DayAppointment;
    href: string;
    time: ComponentChildren;
    title: ComponentChildren;
    subtitle: ComponentChildren;
    aside?: ComponentChildren;
    tone?: keyof typeof ROW_TONES;
    stacked?: boolean;
    /** Extra `data-*` attributes for the list item. */
    data?: Record<string, string>;
  },
) {
  const wide = stacked ? "" : "sm:grid-cols-[3.25rem_minmax(0,1fr)_auto]";
  return (
    <li data-appointment={appointment.id} {...data}>
      <a
        href={href}
        class={`relative grid min-h-[3.5rem] grid-cols-[3.25rem_minmax(0,1fr)] items-center gap-x-3 gap-y-1.5 py-3 pl-5 pr-4 sm:pl-6 ${wide} ${
          ROW_TONES[tone]
        }`}
      >
        <span
          class={`absolute bottom-3 left-2 top-3 w-1 rounded-full sm:left-2.5 ${
            COLOR_TAG_SWATCHES[appointment.colorTag]
          }`}
          aria-hidden="true"
        />
        <span
          class={`row-span-2 self-start pt-0.5 ${stacked ? "" : "sm:row-span-1 sm:self-center"}`}
        >
          {time}
        </span>
        <span class="min-w-0">
          <span class="block break-words font-medium text-slate-900 sm:truncate">{title}</span>
          <span class="block text-sm text-slate-500 sm:truncate">{subtitle}</span>
        </span>
        {aside && (
          <span
            class={`col-start-2 flex flex-wrap items-center gap-1.5 ${
              stacked ? "" : "sm:col-start-3 sm:row-start-1 sm:flex-col sm:items-end"
            }`}
          >
            {aside}
          </span>
        )}
      </a>
    </li>
  );
}

/** A panel: a card whose title carries how many items it holds. */
export function Panel(
  { id, title, count, action, class: extra = "", children }: {
    /** `data-panel`, which tests and the live refresh find panels by. */
    id: string;
    title: string;
    count?: number;
    action?: ComponentChildren;
    class?: string;
    children: ComponentChildren;
  },
) {
  return (
    <div data-panel={id} class={`min-w-0 ${extra}`}>
      <Card
        title={count === undefined ? title : `${title} · ${count}`}
        action={action}
        class="h-full"
      >
        {children}
      </Card>
    </div>
  );
}

export function EmptyLine({ children }: { children: ComponentChildren }) {
  return <p class="px-5 py-6 text-sm text-slate-500">{children}</p>;
}

/** Minutes as people say them: `in 25 min`, `in 1 h 10 min`. */
export function inMinutes(minutes: number): string {
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `in ${hours} h ${rest} min` : `in ${hours} h`;
}

/** A link styled as text, or the bare text when the reader may not follow it. */
export function MaybeLink(
  { href, class: extra = "", children }: {
    href: string | null;
    class?: string;
    children: ComponentChildren;
  },
) {
  return href
    ? <a href={href} class={`hover:underline ${extra}`}>{children}</a>
    : <span class={extra}>{children}</span>;
}
