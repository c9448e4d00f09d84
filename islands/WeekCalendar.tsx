/**
 * The day and week time grid of the calendar, with drag-and-drop
 * rescheduling. A card dragged with the pointer lands on the exact 15-minute
 * slot under it (release notes: "snaps to the exact target time slot rather
 * than the nearest hour"): the slot of the card that was grabbed stays under
 * the pointer, and a ghost shows the day and time it will take. The drop asks
 * the API (`PATCH /api/v1/appointments/:id`); the card stays on 200, and goes
 * back with the server's reason (a double booking names the appointment in
 * the way) otherwise.
 *
 * Server-rendered like any page content, so the calendar reads fine before
 * (or without) JavaScript; cards are links to the appointment.
 *
 * @example
 * ```tsx
 * <WeekCalendar
 *   days={days}
 *   appointments={view.appointments}
 *   startMinute={480}
 *   endMinute={1080}
 *   timeZone="Asia/Karachi"
 *   today="2026-11-23"
 *   nowMinute={615}
 *   canReschedule
 * />
 * ```
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { CalendarAppointment } from "../lib/calendar/calendar-view.ts";
import { layoutOverlaps } from "../lib/calendar/overlap-layout.ts";
import {
  dropStartMinute,
  type GridGeometry,
  PX_PER_MINUTE,
  SLOT_MINUTES,
  yOfMinute,
} from "../lib/calendar/slots.ts";
import {
  cardColors,
  CLOSED_DAY_HATCH,
  CLOSED_HOURS_FILL,
  isMuted,
} from "../lib/calendar/card-styles.ts";
import {
  clockLabel,
  instantAt,
  isoWithOffset,
  localDateOf,
  minuteOfDay,
} from "../lib/calendar/zoned-time.ts";

export interface WeekCalendarDay {
  date: string;
  /** `Mon`. */
  weekday: string;
  dayNumber: number;
  /** The day view of this date, keeping the filters. */
  href: string;
  closed: boolean;
  closedReason?: string;
  /** Opening and closing minute of day; null on a closed day. */
  opens: number | null;
  closes: number | null;
}

export interface WeekCalendarProps {
  days: WeekCalendarDay[];
  appointments: CalendarAppointment[];
  /** Minute of day at the top and bottom of the grid (whole hours). */
  startMinute: number;
  endMinute: number;
  timeZone: string;
  /** The clinic's date and minute of day now, for the "now" line. */
  today: string;
  nowMinute: number;
  /** The member may move appointments (appointments.edit and calendar.reschedule). */
  canReschedule: boolean;
}

type Target = { dayIndex: number; startMinute: number };
type Gesture = {
  id: string;
  pointerId: number;
  x0: number;
  y0: number;
  grabOffsetMinutes: number;
  moved: boolean;
};
type Toast = { kind: "error" | "ok"; text: string; link?: string };

/** A press that moves less than this is a click that opens the appointment. */
const DRAG_THRESHOLD_PX = 4;
/** Line height of card text (`leading-[14px]`). */
const LINE_PX = 14;
const TOAST_MS = 8_000;

const GRID_LINES = "repeating-linear-gradient(to bottom, #e2e8f0 0 1px, transparent 1px " +
  `${60 * PX_PER_MINUTE}px), repeating-linear-gradient(to bottom, #f1f5f9 0 1px, transparent 1px ` +
  `${SLOT_MINUTES * PX_PER_MINUTE}px)`;

// What appears only after interaction is styled inline: twind emits CSS only
// for the classes of the server render.
const OVERLAY = { position: "absolute", pointerEvents: "none" } as const;
const TOAST = {
  position: "fixed",
  right: "16px",
  bottom: "16px",
  left: "16px",
  marginLeft: "auto",
  maxWidth: "28rem",
  zIndex: 50,
  display: "flex",
  alignItems: "flex-start",
  gap: "12px",
  borderRadius: "8px",
  padding: "12px 16px",
  fontSize: "14px",
  lineHeight: "20px",
  boxShadow: "0 10px 25px rgba(15,23,42,0.15)",
} as const;

const WEEKDAY = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTH = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
function shortDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return `${WEEKDAY[d.getUTCDay()]} ${d.getUTCDate()} ${MONTH[d.getUTCMonth()]}`;
}

function timeSpan(startMinute: number, duration: number): string {
  return `${clockLabel(startMinute)}–${clockLabel((startMinute + duration) % (24 * 60))}`;
}

const movable = (a: CalendarAppointment, canReschedule: boolean) => canReschedule && !a.final;

export default function WeekCalendar(props: WeekCalendarProps) {
  const { days, startMinute, endMinute, timeZone, canReschedule } = props;
  const grid: GridGeometry = { startMinute, endMinute, pxPerMinute: PX_PER_MINUTE };
  const height = yOfMinute(endMinute, grid);

  const [items, setItems] = useState(props.appointments);
  const [target, setTarget] = useState<Target | null>(null);
  const [draggingId, setDraggingId] = useState<string | null>(null);
  const [saving, setSaving] = useState<string | null>(null);
  const [toast, setToast] = useState<Toast | null>(null);
  const columns = useRef<(HTMLDivElement | null)[]>([]);
  const gesture = useRef<Gesture | null>(null);
  const suppressClick = useRef(false);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);

  useEffect(() => {
    if (!draggingId) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      // The button is still down: its release must not open the appointment either.
      suppressClick.current = true;
      cancelDrag();
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [draggingId]);

  function cancelDrag() {
    gesture.current = null;
    setDraggingId(null);
    setTarget(null);
  }

  function targetAt(clientX: number, clientY: number, g: Gesture, duration: number): Target {
    const rects = columns.current.map((el) => el!.getBoundingClientRect());
    let dayIndex = rects.findIndex((r) => clientX >= r.left && clientX < r.right);
    if (dayIndex === -1) dayIndex = clientX < rects[0].left ? 0 : rects.length - 1;
    const pointerY = clientY - rects[dayIndex].top;
    return {
      dayIndex,
      startMinute: dropStartMinute(
        { pointerY, grabOffsetMinutes: g.grabOffsetMinutes, durationMinutes: duration },
        grid,
      ),
    };
  }

  function onPointerDown(event: PointerEvent, appointment: CalendarAppointment) {
    // A drop whose card moved to another column never got its click; this press starts afresh.
    suppressClick.current = false;
    if (!movable(appointment, canReschedule) || event.button !== 0 || saving) return;
    const card = event.currentTarget as HTMLElement;
    const rect = card.getBoundingClientRect();
    gesture.current = {
      id: appointment.id,
      pointerId: event.pointerId,
      x0: event.clientX,
      y0: event.clientY,
      // Cards sit 1 px below their start line.
      grabOffsetMinutes: (event.clientY - rect.top + 1) / PX_PER_MINUTE,
      moved: false,
    };
    card.setPointerCapture(event.pointerId);
  }

  function onPointerMove(event: PointerEvent, appointment: CalendarAppointment) {
    const g = gesture.current;
    if (!g || g.pointerId !== event.pointerId || g.id !== appointment.id) return;
    if (!g.moved) {
      if (Math.hypot(event.clientX - g.x0, event.clientY - g.y0) < DRAG_THRESHOLD_PX) return;
      g.moved = true;
      setDraggingId(g.id);
    }
    event.preventDefault();
    setTarget(targetAt(event.clientX, event.clientY, g, appointment.durationMinutes));
  }

  function onPointerUp(event: PointerEvent, appointment: CalendarAppointment) {
    const g = gesture.current;
    if (!g || g.pointerId !== event.pointerId || g.id !== appointment.id) return;
    cancelDrag();
    if (!g.moved) return;
    // The click that follows this pointerup must not open the appointment.
    suppressClick.current = true;
    const drop = targetAt(event.clientX, event.clientY, g, appointment.durationMinutes);
    void move(appointment, days[drop.dayIndex].date, drop.startMinute);
  }

  async function move(appointment: CalendarAppointment, date: string, start: number) {
    if (date === appointment.date && start === appointment.startMinute) return;
    const startsAt = isoWithOffset(instantAt(date, start, timeZone), timeZone);
    const moved = { ...appointment, date, startMinute: start, startsAt };
    const put = (next: CalendarAppointment) =>
      setItems((list) => list.map((a) => (a.id === next.id ? next : a)));
    put(moved);
    setSaving(appointment.id);
    setToast(null);
    try {
      const response = await fetch(`/api/v1/appointments/${appointment.id}`, {
        method: "PATCH",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ startsAt }),
      });
      const body = await response.json().catch(() => null);
      if (!response.ok) {
        put(appointment);
        const conflicting = body?.conflictingAppointmentId as string | undefined;
        const reason: string = body?.error ??
          `The appointment could not be moved (HTTP ${response.status})`;
        setToast({
          kind: "error",
          // Closed time can be overridden through the booking form, not by a drag.
          text: body?.code === "CLOSED" ? reason.replace(/\.? Send allowClosed.*$/, ".") : reason,
          link: conflicting ? `/appointments/${conflicting}` : undefined,
        });
        return;
      }
      // The server's answer is the truth (it may round or keep other fields).
      const answer = body?.appointment ?? {};
      const saved = new Date(answer.startsAt ?? startsAt);
      put({
        ...moved,
        startsAt: isoWithOffset(saved, timeZone),
        date: localDateOf(saved, timeZone),
        startMinute: minuteOfDay(saved, timeZone),
        durationMinutes: answer.durationMinutes ?? moved.durationMinutes,
      });
      setToast({
        kind: "ok",
        text: `${appointment.patientName} moved to ${shortDate(date)}, ${
          timeSpan(start, moved.durationMinutes)
        }`,
      });
    } catch {
      put(appointment);
      setToast({ kind: "error", text: "The appointment could not be moved: the network failed" });
    } finally {
      setSaving(null);
    }
  }

  const hours: number[] = [];
  for (let m = startMinute; m < endMinute; m += 60) hours.push(m);
  const dragged = draggingId ? items.find((a) => a.id === draggingId) : undefined;

  return (
    <div
      class="relative"
      data-week-calendar
      data-start-minute={startMinute}
      data-px-per-minute={PX_PER_MINUTE}
    >
      <div class="overflow-x-auto">
        <div style={{ minWidth: days.length > 1 ? "760px" : undefined }}>
          <div class="flex border-b border-slate-200 bg-white">
            <div class="w-14 shrink-0" />
            {days.map((day) => {
              const isToday = day.date === props.today;
              return (
                <a
                  key={day.date}
                  href={day.href}
                  class="group flex min-w-0 flex-1 flex-col items-center gap-0.5 border-l border-slate-100 px-1 py-2 hover:bg-slate-50"
                  title={day.closed
                    ? `Closed${day.closedReason ? `: ${day.closedReason}` : ""}`
                    : undefined}
                >
                  <span class="text-[11px] font-medium uppercase tracking-wide text-slate-500">
                    {day.weekday}
                  </span>
                  <span
                    class={`grid h-8 w-8 place-items-center rounded-full text-base font-semibold ${
                      isToday
                        ? "bg-brand-600 text-white"
                        : "text-slate-900 group-hover:bg-slate-100"
                    }`}
                  >
                    {day.dayNumber}
                  </span>
                  <span class="h-4 max-w-full truncate text-[11px] text-slate-400">
                    {day.closed ? day.closedReason ?? "Closed" : ""}
                  </span>
                </a>
              );
            })}
          </div>

          <div class="flex">
            <div
              class="relative w-14 shrink-0"
              style={{ height: `${height}px` }}
              aria-hidden="true"
            >
              {hours.map((m) => (
                <span
                  key={m}
                  class="absolute right-2 text-[11px] tabular-nums text-slate-400"
                  style={{ top: `${Math.max(0, yOfMinute(m, grid) - 7)}px` }}
                >
                  {clockLabel(m)}
                </span>
              ))}
            </div>
            {days.map((day, dayIndex) => {
              const dayItems = items.filter((a) => a.date === day.date);
              const placements = layoutOverlaps(dayItems.map((a) => ({
                id: a.id,
                start: a.startMinute,
                end: a.startMinute + a.durationMinutes,
              })));
              return (
                <div
                  key={day.date}
                  ref={(el) => {
                    columns.current[dayIndex] = el;
                  }}
                  class="relative min-w-0 flex-1 border-l border-slate-100"
                  data-date={day.date}
                  data-closed={day.closed ? "true" : undefined}
                  style={{
                    height: `${height}px`,
                    backgroundImage: day.closed ? `${CLOSED_DAY_HATCH}, ${GRID_LINES}` : GRID_LINES,
                  }}
                >
                  {!day.closed && (
                    <>
                      {day.opens! > startMinute && (
                        <div
                          class="absolute inset-x-0 top-0"
                          style={{
                            height: `${yOfMinute(Math.min(day.opens!, endMinute), grid)}px`,
                            background: CLOSED_HOURS_FILL,
                          }}
                          data-closed-hours
                        />
                      )}
                      {day.closes! < endMinute && (
                        <div
                          class="absolute inset-x-0 bottom-0"
                          style={{
                            top: `${yOfMinute(Math.max(day.closes!, startMinute), grid)}px`,
                            background: CLOSED_HOURS_FILL,
                          }}
                          data-closed-hours
                        />
                      )}
                    </>
                  )}
                  {day.date === props.today && props.nowMinute >= startMinute &&
                    props.nowMinute < endMinute && (
                    <div
                      style={{
                        ...OVERLAY,
                        zIndex: 20,
                        left: 0,
                        right: 0,
                        top: `${yOfMinute(props.nowMinute, grid) - 1}px`,
                        borderTop: "2px solid #ef4444",
                      }}
                      aria-hidden="true"
                    />
                  )}
                  {dayItems.map((a) => {
                    const place = placements.get(a.id)!;
                    const top = yOfMinute(a.startMinute, grid);
                    const cardHeight = Math.max(
                      SLOT_MINUTES * PX_PER_MINUTE,
                      Math.min(a.durationMinutes * PX_PER_MINUTE, height - top),
                    ) - 2;
                    const colors = cardColors(a.colorTag, a.status);
                    const canMove = movable(a, canReschedule);
                    const muted = isMuted(a.status);
                    const span = timeSpan(a.startMinute, a.durationMinutes);
                    // Whole lines only: a line cut in half reads as a rendering fault.
                    const lines = Math.max(1, Math.floor((cardHeight - 2) / LINE_PX));
                    return (
                      <a
                        key={a.id}
                        href={`/appointments/${a.id}`}
                        draggable={false}
                        data-appointment-id={a.id}
                        data-starts-at={a.startsAt}
                        data-status={a.status}
                        title={`${a.patientName} · ${span} · ${a.type} · ${a.statusLabel} · ${a.doctorName} · ${a.operatoryName}`}
                        class="absolute z-10 overflow-hidden rounded-md px-1 py-0.5 text-[11px] leading-[14px] shadow-sm hover:z-30 hover:shadow-md focus:z-30 focus:outline-none focus:ring-2 focus:ring-brand-500"
                        style={{
                          top: `${top + 1}px`,
                          height: `${cardHeight}px`,
                          left: `calc(${(place.column / place.columns) * 100}% + 2px)`,
                          width: `calc(${(place.span / place.columns) * 100}% - 4px)`,
                          background: colors.background,
                          color: colors.color,
                          borderLeft: `3px solid ${colors.borderColor}`,
                          opacity: draggingId === a.id ? 0.35 : saving === a.id ? 0.7 : 1,
                          cursor: canMove ? (draggingId === a.id ? "grabbing" : "grab") : "pointer",
                          userSelect: canMove ? "none" : undefined,
                          borderStyle: muted ? "dashed" : undefined,
                        }}
                        onPointerDown={(e) => onPointerDown(e, a)}
                        onPointerMove={(e) => onPointerMove(e, a)}
                        onPointerUp={(e) => onPointerUp(e, a)}
                        onPointerCancel={cancelDrag}
                        onClick={(e) => {
                          if (suppressClick.current) {
                            suppressClick.current = false;
                            e.preventDefault();
                          }
                        }}
                      >
                        <span
                          class="block truncate font-semibold"
                          style={{ textDecoration: muted ? "line-through" : undefined }}
                        >
                          {lines === 1 && (
                            <span style={{ fontWeight: 400 }}>
                              {clockLabel(a.startMinute)}
                              {" "}
                            </span>
                          )}
                          {a.patientName}
                        </span>
                        {lines >= 2 && (
                          <span class="block truncate">
                            <span class="tabular-nums">{span}</span> · {a.type}
                          </span>
                        )}
                        {lines >= 3 && (
                          <span class="block truncate" style={{ opacity: 0.8 }}>
                            {a.statusLabel} · {a.doctorName}
                          </span>
                        )}
                      </a>
                    );
                  })}
                  {dragged && target?.dayIndex === dayIndex && (
                    <div
                      data-drop-preview
                      style={{
                        ...OVERLAY,
                        zIndex: 40,
                        left: "2px",
                        right: "2px",
                        borderRadius: "6px",
                        padding: "2px 6px",
                        fontSize: "11px",
                        fontWeight: 600,
                        lineHeight: "14px",
                        top: `${yOfMinute(target.startMinute, grid) + 1}px`,
                        height: `${
                          Math.max(SLOT_MINUTES, dragged.durationMinutes) * PX_PER_MINUTE - 2
                        }px`,
                        border: "2px dashed #0d877b",
                        background: "rgba(20,168,151,0.14)",
                        color: "#0f6c64",
                        boxShadow: "0 4px 12px rgba(15,23,42,0.12)",
                      }}
                    >
                      {shortDate(day.date)} ·{" "}
                      {timeSpan(target.startMinute, dragged.durationMinutes)}
                    </div>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>

      {toast && (
        <div
          role={toast.kind === "error" ? "alert" : "status"}
          data-calendar-toast={toast.kind}
          style={{
            ...TOAST,
            ...(toast.kind === "error"
              ? { background: "#fef2f2", color: "#991b1b", border: "1px solid #fecaca" }
              : { background: "#f0fdf4", color: "#166534", border: "1px solid #bbf7d0" }),
          }}
        >
          <p style={{ flex: "1 1 auto", margin: 0 }}>
            {toast.text}
            {toast.link && (
              <>
                {" "}
                <a href={toast.link} style={{ textDecoration: "underline", fontWeight: 600 }}>
                  Open the conflicting appointment
                </a>
              </>
            )}
          </p>
          <button
            type="button"
            style={{ flexShrink: 0, fontWeight: 700, fontSize: "18px", lineHeight: "18px" }}
            aria-label="Dismiss"
            onClick={() => setToast(null)}
          >
            ×
          </button>
        </div>
      )}
    </div>
  );
}
