/**
 * The calendar (release notes, "Calendar & Appointments"): day, week and
 * month views of the clinic's appointments in the clinic's time zone, with a
 * doctor and operatory filter and a mini calendar; every control is a link.
 *
 *   GET /calendar?view=day|week|month&date=YYYY-MM-DD&doctor=<userId>&operatory=<id>&mini=YYYY-MM
 */
import { Hono } from "hono";
import { CalendarPage } from "../components/calendar/CalendarPage.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { can } from "../lib/permissions/access.ts";
import { parseCalendarMonth, viewTitle } from "../lib/calendar/calendar-dates.ts";
import { loadCalendarView, parseCalendarQuery } from "../lib/calendar/calendar-view.ts";
import { localDateOf } from "../lib/time/zoned.ts";
import { mayOpen, PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import { staffPage } from "./_page.tsx";

export const calendarRoutes = new Hono<AppEnv>()
  .get("/calendar", staffPage(PAGE_ACCESS.calendar), async (c) => {
    const { deps, me } = c.var;
    const clinic = me.clinic!;
    const now = new Date();
    const params = new URL(c.req.url).searchParams;
    const query = parseCalendarQuery(params, localDateOf(now, clinic.timeZone));
    const mini = parseCalendarMonth(params.get("mini")) ?? query.date.slice(0, 7);
    const data = await loadCalendarView(deps.db, clinic, query, now, {
      labWarnings: mayOpen(PAGE_ACCESS.lab, me.access),
    });
    // Dragging calls PATCH /api/v1/appointments/:id, which needs appointments.edit;
    // "Reschedule by drag and drop" is the calendar's own switch for it.
    const canReschedule = can(me.access, "appointments.edit") &&
      can(me.access, "appointments.calendar.reschedule");
    return c.render(
      <CalendarPage
        state={{ query, mini }}
        data={data}
        canReschedule={canReschedule}
        canBook={can(me.access, "appointments.create")}
      />,
      { title: `Calendar · ${viewTitle(query.view, query.date)}`, current: "/calendar" },
    );
  });
