import { renderToString } from "preact-render-to-string";
import { assert, assertEquals, assertMatch } from "../../support/assert.ts";
import { AGENDA_DAY_LIMIT, WeekAgenda } from "../../../components/calendar/WeekAgenda.tsx";
import type { CalendarAppointment, CalendarViewData } from "../../../lib/calendar/calendar-view.ts";

const MONDAY = "2030-06-03";
const TUESDAY = "2030-06-04";

function visit(date: string, i: number): CalendarAppointment {
  const startMinute = 9 * 60 + (i % 16) * 30;
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    startsAt: `${date}T09:00:00+05:00`,
    durationMinutes: 30,
    date,
    startMinute,
    patientName: `Patient ${date} ${i}`,
    doctorName: "Dr. Ayesha Khan",
    operatoryName: "Chair 1",
    type: "Check-up",
    colorTag: "teal",
    status: "scheduled",
    statusLabel: "Scheduled",
    final: false,
  };
}

function agenda(appointments: CalendarAppointment[]): string {
  const days = [MONDAY, TUESDAY].map((date) => ({ date, closed: false, opens: 540, closes: 1080 }));
  const data = { days, appointments, today: MONDAY } as unknown as CalendarViewData;
  return renderToString(
    <WeekAgenda state={{ query: { view: "week", date: MONDAY }, mini: "2030-06" }} data={data} />,
  );
}

function dayOf(html: string, date: string): string {
  const at = html.indexOf(`data-agenda-day="${date}"`);
  assert(at >= 0, `${date} is listed`);
  const end = html.indexOf("data-agenda-day=", at + 1);
  return html.slice(at, end < 0 ? undefined : end);
}

Deno.test("the phone agenda lists a day's visits, and sends a very busy day to its own view", () => {
  const busy = Array.from({ length: AGENDA_DAY_LIMIT + 1 }, (_, i) => visit(MONDAY, i));
  const quiet = [visit(TUESDAY, 100), visit(TUESDAY, 101)];
  const html = agenda([...busy, ...quiet]);

  const monday = dayOf(html, MONDAY);
  assertEquals(monday.match(/class="cal-row /g), null, "no rows for the busy day");
  assertMatch(monday, new RegExp(`${AGENDA_DAY_LIMIT + 1} booked`), "the count is in the heading");
  assertMatch(monday, /Too many to list here: open the day/);
  assertMatch(monday, /href="\/calendar\?view=day&amp;date=2030-06-03"[^>]*data-agenda-dense/);

  const tuesday = dayOf(html, TUESDAY);
  assertEquals(tuesday.match(/class="cal-row /g)?.length, 2);
  assertMatch(tuesday, /Patient 2030-06-04 100/);
  assert(!tuesday.includes("data-agenda-dense"), "a quiet day lists its rows");
});
