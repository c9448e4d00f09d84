/**
 * The day and week time grid of the calendar, with drag-and-drop
 * rescheduling. A card dragged with the mouse, or with a finger after a long
 * press, lands on the exact 15-minute slot under it (release notes: "snaps to
 * the exact target time slot rather than the nearest hour"): the slot of the
 * card that was grabbed stays under the pointer, and a ghost shows the day and
 * time it will take. The drop asks the API (`PATCH /api/v1/appointments/:id`);
 * the card stays on 200, and goes back with the server's reason (a double
 * booking names the appointment in the way) otherwise.
 *
 * On a touch screen a finger that moves at once scrolls the page as usual;
 * only a finger held still for half a second picks the card up, and from
 * then on its moves drag instead of scrolling.
 *
 * Changes made elsewhere (a patient confirming from the email link, a
 * colleague's move) arrive as live `appointment.changed` events: a card on
 * show takes its new status, colour and place at once; one the grid does not
 * hold yet (booked elsewhere) brings a notice with a refresh link instead, as
 * the event does not carry everything a card shows.
 *
 * Server-rendered like any page content, so the calendar reads fine before
 * (or without) JavaScript; cards are links to the appointment. The props are
 * the compact cards of `lib/calendar/week-cards.ts`.
 *
 * @example
 * ```tsx
 * <WeekCalendar
 *   days={view.days}
 *   {...weekCardProps(view.appointments, view.days.map((d) => d.date))}
 *   filterQuery="doctor=…"
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
import { dayMonth, weekdayName } from "../lib/calendar/calendar-dates.ts";
import type { DaySchedule } from "../lib/calendar/opening-hours.ts";
import { layoutOverlaps } from "../lib/calendar/overlap-layout.ts";
import {
  dropStartMinute,
  type GridGeometry,
  PX_PER_MINUTE,
  SLOT_MINUTES,
  yOfMinute,
} from "../lib/calendar/slots.ts";
import {
  CARD_CSS,
  cardClass,
  CLOSED_DAY_HATCH,
  CLOSED_HOURS_FILL,
} from "../lib/calendar/card-styles.ts";
import {
  statusInfo,
  unpackWeekCards,
  type WeekCard,
  type WeekCardProps,
} from "../lib/calendar/week-cards.ts";
import type { AppointmentChanged } from "../lib/appointments/live-updates.ts";
import { subscribeLive } from "../lib/islands/live-events.ts";
import {
  clockTime,
  fromWallClock,
  localDateOf,
  toClinicIso,
  wallClock,
} from "../lib/time/zoned.ts";

export interface WeekCalendarProps extends WeekCardProps {
  days: DaySchedule[];
  /** What the day links keep besides view and date (the filters): `doctor=…&operatory=…`. */
  filterQuery: string;
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
  touch: boolean;
  x0: number;
  y0: number;
  /** The latest pointer position, for the long-press timer. */
  x: number;
  y: number;
  grabOffsetMinutes: number;
  /** Dragging: the mouse moved past the threshold, or the finger was held long enough. */
  active: boolean;
  timer?: ReturnType<typeof setTimeout>;
};
type Toast = { kind: "error" | "ok"; text: string; link?: string; linkText?: string };

/** A mouse press that moves less than this is a click that opens the appointment. */
const DRAG_THRESHOLD_PX = 4;
/** How long a finger rests on a card before it picks the card up. */
const LONG_PRESS_MS = 450;
/** A finger that strays further than this before the long press is scrolling. */
const TOUCH_SLOP_PX = 8;
/** Line height of card text. */
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

/** `Wed 5 Jun`. */
const shortDate = (date: string) => `${weekdayName(date)} ${dayMonth(date)}`;

function timeSpan(startMinute: number, duration: number): string {
  return `${clockTime(startMinute)}–${clockTime((startMinute + duration) % (24 * 60))}`;
}

export default function WeekCalendar(props: WeekCalendarProps) {
  const { days, startMinute, endMinute, timeZone, canReschedule } = props;
  const grid: GridGeometry = { startMinute, endMinute, pxPerMinute: PX_PER_MINUTE };
  const height = yOfMinute(endMinute, grid);
  const movable = (card: WeekCard) => canReschedule && !(statuses[card.status]?.final ?? true);
  const dayHref = (date: string) =>
    `/calendar?view=day&date=${date}${props.filterQuery ? `&${props.filterQuery}` : ""}`;

  const [items, setItems] = useState(() => unpackWeekCards(props));
  const [statuses, setStatuses] = useState(() => statusInfo(props));
  const shown = useRef(items);
  shown.current = items;
  const [target, setTarget] = useState<Target | null>(null);
  const [draggingId, setDraggingId] = useState<string | null>(null);
  const [saving, setSaving] = useState<string | null>(null);
  const [toast, setToast] = useState<Toast | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const columns = useRef<(HTMLDivElement | null)[]>([]);
  const gesture = useRef<Gesture | null>(null);
  const suppressClick = useRef(false);
  // Says the handlers are attached: the server-drawn grid looks the same before hydration.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);

  useEffect(() =>
    subscribeLive(["appointment.changed"], (event) => {
      const change = event.data as AppointmentChanged;
      const status = change.status as WeekCard["status"];
      setStatuses((known) =>
        known[status]
          ? known
          : { ...known, [status]: { label: change.statusLabel, final: change.final } }
      );
      const startsAt = new Date(change.startsAt);
      const day = days.findIndex((d) => d.date === localDateOf(startsAt, timeZone));
      const start = wallClock(startsAt, timeZone).minutes;
      if (!shown.current.some((a) => a.id === change.appointmentId)) {
        if (day >= 0) {
          setToast({
            kind: "ok",
            text: "Appointments changed in this view.",
            link: location.href,
            linkText: "Refresh",
          });
        }
        return;
      }
      setItems((list) =>
        list.flatMap((a) => {
          if (a.id !== change.appointmentId) return [a];
          // Moved out of the days on show: it leaves the grid.
          if (day < 0) return [];
          return [{ ...a, status, day, start, minutes: change.durationMinutes }];
        })
      );
    }), []);

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

  useEffect(() => {
    // Once a finger has picked a card up, its moves drag the card instead of
    // scrolling the page. Only a non-passive touch listener can say so.
    const el = root.current;
    if (!el) return;
    const hold = (event: TouchEvent) => {
      if (gesture.current?.active) event.preventDefault();
    };
    el.addEventListener("touchmove", hold, { passive: false });
    return () => el.removeEventListener("touchmove", hold);
  }, []);

  function cancelDrag() {
    clearTimeout(gesture.current?.timer);
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

  function startDragging(g: Gesture, card: WeekCard) {
    g.active = true;
    setDraggingId(g.id);
    setTarget(targetAt(g.x, g.y, g, card.minutes));
  }

  function onPointerDown(event: PointerEvent, card: WeekCard) {
    // A drop whose card moved to another column never got its click; this press starts afresh.
    suppressClick.current = false;
    if (!movable(card) || event.button !== 0 || saving) return;
    const element = event.currentTarget as HTMLElement;
    const rect = element.getBoundingClientRect();
    const g: Gesture = {
      id: card.id,
      pointerId: event.pointerId,
      touch: event.pointerType === "touch",
      x0: event.clientX,
      y0: event.clientY,
      x: event.clientX,
      y: event.clientY,
      // Cards sit 1 px below their start line.
      grabOffsetMinutes: (event.clientY - rect.top + 1) / PX_PER_MINUTE,
      active: false,
    };
    clearTimeout(gesture.current?.timer);
    gesture.current = g;
    element.setPointerCapture(event.pointerId);
    if (g.touch) {
      g.timer = setTimeout(() => {
        if (gesture.current !== g) return;
        startDragging(g, card);
        navigator.vibrate?.(10);
      }, LONG_PRESS_MS);
    }
  }

  function onPointerMove(event: PointerEvent, card: WeekCard) {
    const g = gesture.current;
    if (!g || g.pointerId !== event.pointerId || g.id !== card.id) return;
    g.x = event.clientX;
    g.y = event.clientY;
    if (!g.active) {
      const distance = Math.hypot(g.x - g.x0, g.y - g.y0);
      if (g.touch) {
        // Moving before the long press: the finger is scrolling, not dragging.
        if (distance > TOUCH_SLOP_PX) cancelDrag();
        return;
      }
      if (distance < DRAG_THRESHOLD_PX) return;
      startDragging(g, card);
    }
    event.preventDefault();
    setTarget(targetAt(g.x, g.y, g, card.minutes));
  }

  function onPointerUp(event: PointerEvent, card: WeekCard) {
    const g = gesture.current;
    if (!g || g.pointerId !== event.pointerId || g.id !== card.id) return;
    cancelDrag();
    if (!g.active) return;
    // The click that follows this pointerup must not open the appointment.
    suppressClick.current = true;
    const drop = targetAt(event.clientX, event.clientY, g, card.minutes);
    void move(card, drop.dayIndex, drop.startMinute);
  }

  async function move(card: WeekCard, dayIndex: number, start: number) {
    if (dayIndex === card.day && start === card.start) return;
    const date = days[dayIndex].date;
    const startsAt = toClinicIso(fromWallClock(date, start, timeZone), timeZone);
    const moved: WeekCard = { ...card, day: dayIndex, start };
    const put = (next: WeekCard) =>
      setItems((list) => list.map((a) => (a.id === next.id ? next : a)));
    put(moved);
    setSaving(card.id);
    setToast(null);
    try {
      const response = await fetch(`/api/v1/appointments/${card.id}`, {
        method: "PATCH",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ startsAt }),
      });
      const body = await response.json().catch(() => null);
      if (!response.ok) {
        put(card);
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
      const savedDate = localDateOf(saved, timeZone);
      put({
        ...moved,
        day: days.findIndex((d) => d.date === savedDate),
        start: wallClock(saved, timeZone).minutes,
        minutes: answer.durationMinutes ?? moved.minutes,
      });
      setToast({
        kind: "ok",
        text: `${card.patient} moved to ${shortDate(date)}, ${timeSpan(start, moved.minutes)}`,
      });
    } catch {
      put(card);
      setToast({ kind: "error", text: "The appointment could not be moved: the network failed" });
    } finally {
      setSaving(null);
    }
  }

  // A busy week's cards share a few dozen start times; each is worked out once.
  const isoByStart = new Map<string, string>();
  const startsAtIso = (date: string, start: number) => {
    const key = `${date}T${start}`;
    let iso = isoByStart.get(key);
    if (iso === undefined) {
      isoByStart.set(key, iso = toClinicIso(fromWallClock(date, start, timeZone), timeZone));
    }
    return iso;
  };

  const hours: number[] = [];
  for (let m = startMinute; m < endMinute; m += 60) hours.push(m);
  const dragged = draggingId ? items.find((a) => a.id === draggingId) : undefined;

  return (
    <div
      ref={root}
      class="relative"
      data-week-calendar
      data-calendar-ready={ready ? "" : undefined}
      data-start-minute={startMinute}
      data-px-per-minute={PX_PER_MINUTE}
      // A link's own drag would take over from the card's; one listener here
      // rather than an attribute on every card.
      onDragStart={(e) => e.preventDefault()}
    >
      <style dangerouslySetInnerHTML={{ __html: CARD_CSS }} />
      <div class="overflow-x-auto">
        <div style={{ minWidth: days.length > 1 ? "760px" : undefined }}>
          <div class="flex border-b border-slate-200 bg-white">
            <div class="w-14 shrink-0" />
            {days.map((day) => {
              const isToday = day.date === props.today;
              return (
                <a
                  key={day.date}
                  href={dayHref(day.date)}
                  class="group week-day-head"
                  title={day.closed
                    ? `Closed${day.closedReason ? `: ${day.closedReason}` : ""}`
                    : undefined}
                >
                  <span class="text-[11px] font-medium uppercase tracking-wide text-slate-500">
                    {weekdayName(day.date)}
                  </span>
                  <span
                    class={`grid h-8 w-8 place-items-center rounded-full text-base font-semibold ${
                      isToday
                        ? "bg-brand-600 text-white"
                        : "text-slate-900 group-hover:bg-slate-100"
                    }`}
                  >
                    {Number(day.date.slice(8))}
                  </span>
                  <span class="h-4 max-w-full truncate text-[11px] text-slate-500">
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
                  class="week-hour"
                  style={{ top: `${Math.max(0, yOfMinute(m, grid) - 7)}px` }}
                >
                  {clockTime(m)}
                </span>
              ))}
            </div>
            {days.map((day, dayIndex) => {
              const dayItems = items.filter((a) => a.day === dayIndex);
              const placements = layoutOverlaps(dayItems.map((a) => ({
                id: a.id,
                start: a.start,
                end: a.start + a.minutes,
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
                    const top = yOfMinute(a.start, grid);
                    const cardHeight = Math.max(
                      SLOT_MINUTES * PX_PER_MINUTE,
                      Math.min(a.minutes * PX_PER_MINUTE, height - top),
                    ) - 2;
                    const canMove = movable(a);
                    const span = timeSpan(a.start, a.minutes);
                    const status = statuses[a.status]?.label ?? a.status;
                    const doctor = props.doctors[a.doctor];
                    const left = (place.column / place.columns) * 100;
                    const width = (place.span / place.columns) * 100;
                    // A card a quarter of a column wide or less has room for a
                    // few letters at most: it shows the name alone, and the
                    // rest is one hover (the title) or one click away.
                    const compact = width <= 25;
                    // Whole lines only: a line cut in half reads as a rendering fault.
                    const lines = compact ? 1 : Math.max(1, Math.floor((cardHeight - 2) / LINE_PX));
                    // A string, not an object: hundreds of cards, and the stylesheet
                    // already places a card that has its column to itself.
                    let style = `top:${top + 1}px;height:${cardHeight}px`;
                    if (left) style += `;left:calc(${left}% + 2px)`;
                    if (width < 100) style += `;width:calc(${width}% - 4px)`;
                    if (draggingId === a.id) style += ";opacity:.35;cursor:grabbing";
                    else if (saving === a.id) style += ";opacity:.7";
                    return (
                      <a
                        key={a.id}
                        href={`/appointments/${a.id}`}
                        data-appointment-id={a.id}
                        // Like the title, for the browser only: scripts and tests
                        // read it once the calendar runs, and a busy week has
                        // hundreds of cards.
                        data-starts-at={ready ? startsAtIso(day.date, a.start) : undefined}
                        data-status={a.status}
                        // Served too: without script it is all a compact card tells, and a
                        // week busy enough for its bytes to matter is drawn as counts.
                        title={`${a.patient} · ${span} · ${a.type} · ${status} · ${doctor} · ${
                          props.rooms[a.room]
                        }${a.lab ? ` · ${LAB_RISK}` : ""}`}
                        class={`cal-card ${cardClass(a.color, a.status)}${
                          canMove ? " cal-move" : ""
                        }`}
                        style={style}
                        onPointerDown={(e) => onPointerDown(e, a)}
                        onPointerMove={(e) => onPointerMove(e, a)}
                        onPointerUp={(e) => onPointerUp(e, a)}
                        onPointerCancel={cancelDrag}
                        onContextMenu={(e) => {
                          // A long press on a link opens the phone's link menu; here it drags.
                          if (gesture.current?.id === a.id) e.preventDefault();
                        }}
                        onClick={(e) => {
                          if (suppressClick.current) {
                            suppressClick.current = false;
                            e.preventDefault();
                          }
                        }}
                      >
                        <span>
                          {a.lab && <LabRiskMark />}
                          {lines === 1 && !compact && <i>{`${clockTime(a.start)} `}</i>}
                          {a.patient}
                        </span>
                        {lines >= 2 && <span>{span} · {a.type}</span>}
                        {lines >= 3 && <small>{status} · {doctor}</small>}
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
                        height: `${Math.max(SLOT_MINUTES, dragged.minutes) * PX_PER_MINUTE - 2}px`,
                        border: "2px dashed #0b7d72",
                        background: "rgba(20,168,151,0.14)",
                        color: "#0f6c64",
                        boxShadow: "0 4px 12px rgba(15,23,42,0.12)",
                      }}
                    >
                      {shortDate(day.date)} · {timeSpan(target.startMinute, dragged.minutes)}
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
                  {toast.linkText ?? "Open the conflicting appointment"}
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

const LAB_RISK = "Lab case may not be back in time";

/** The card's flag for lab work that may miss the appointment; the words are for screen readers. */
function LabRiskMark() {
  return (
    <span
      title={LAB_RISK}
      data-lab-risk
      style={{
        display: "inline-block",
        marginRight: "4px",
        padding: "0 4px",
        borderRadius: "4px",
        background: "#b45309",
        color: "#fff",
        fontSize: "10px",
        fontWeight: 700,
        lineHeight: "14px",
      }}
    >
      Lab<span class="sr-only">: {LAB_RISK}</span>
    </span>
  );
}
