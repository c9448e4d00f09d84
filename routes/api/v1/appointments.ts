/**
 * Appointments: the calendar's range query, booking,
 * rescheduling, status changes, and the clinic's working hours and closed
 * dates. Times travel as ISO 8601 with an offset; responses carry the
 * clinic's own offset (`2026-11-23T09:00:00+05:00` in Karachi).
 *
 * Booking into closed time answers 422 CLOSED unless the body says
 * `allowClosed: true`, which needs appointments.hours.manage: whoever may
 * decide when the clinic opens may also book outside it.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv, ClinicScope } from "../../../lib/http/app-env.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import { AppError, badRequest, forbidden } from "../../../lib/errors.ts";
import { accessOf, requirePermission } from "../../../lib/permissions/route-policy.ts";
import { can } from "../../../lib/permissions/access.ts";
import { bookAppointment, updateAppointment } from "../../../lib/appointments/booking.ts";
import { setAppointmentStatus } from "../../../lib/appointments/status-changes.ts";
import {
  type AppointmentDetails,
  endsAt,
  getAppointment,
  listAppointments,
} from "../../../lib/appointments/queries.ts";
import {
  bookBody,
  calendarDate,
  changeBody,
  closedDateBody,
  hoursBody,
  MAX_RANGE_DAYS,
  statusBody,
} from "../../../lib/appointments/api-schemas.ts";
import { permissionForStatus, REOPEN_PERMISSION } from "../../../lib/appointments/statuses.ts";
import { fromWallClock, toClinicIso } from "../../../lib/time/zoned.ts";
import { clinicTimeZone } from "../../../lib/time/clinic-zone.ts";
import {
  addClosedDate,
  getWorkingHours,
  listClosedDates,
  removeClosedDate,
  setWorkingHours,
  WEEKDAY_NAMES,
} from "../../../lib/appointments/working-hours.ts";

export function appointmentJson(appointment: AppointmentDetails, timeZone: string) {
  return {
    id: appointment.id,
    patientId: appointment.patientId,
    patientName: appointment.patientName,
    patientMrn: appointment.patientMrn,
    doctorId: appointment.doctorId,
    doctorName: appointment.doctorName,
    operatoryId: appointment.operatoryId,
    operatoryName: appointment.operatoryName,
    startsAt: toClinicIso(appointment.startsAt, timeZone),
    endsAt: toClinicIso(endsAt(appointment), timeZone),
    durationMinutes: appointment.durationMinutes,
    type: appointment.type,
    colorTag: appointment.colorTag,
    status: appointment.status,
    notes: appointment.notes,
    createdAt: appointment.createdAt.toISOString(),
    updatedAt: appointment.updatedAt.toISOString(),
  };
}

/** A range bound: a date means the clinic's midnight, a date-time is taken as given. */
function rangeBound(name: string, value: string | undefined, timeZone: string): Date {
  if (!value) throw badRequest(`${name} is required (YYYY-MM-DD or ISO 8601 with an offset)`);
  if (calendarDate.safeParse(value).success) return fromWallClock(value, 0, timeZone);
  const parsed = z.iso.datetime({ offset: true }).safeParse(value);
  if (!parsed.success) {
    throw badRequest(`${name} must be YYYY-MM-DD or ISO 8601 with an offset`);
  }
  return new Date(parsed.data);
}

async function respondWith(
  c: Context<AppEnv & ClinicScope>,
  appointmentId: string,
  status: 200 | 201 = 200,
) {
  const { db } = c.var.deps;
  const clinicId = c.var.clinicId;
  const [appointment, timeZone] = await Promise.all([
    getAppointment(db, clinicId, appointmentId),
    clinicTimeZone(db, clinicId),
  ]);
  return c.json({ appointment: appointmentJson(appointment, timeZone) }, status);
}

export const appointmentsApi = new Hono<AppEnv>()
  .get("/", requirePermission("appointments.view"), async (c) => {
    const { db } = c.var.deps;
    const clinicId = c.var.clinicId;
    const timeZone = await clinicTimeZone(db, clinicId);
    const from = rangeBound("from", c.req.query("from"), timeZone);
    const to = rangeBound("to", c.req.query("to"), timeZone);
    if (to <= from) throw badRequest("to must be after from");
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
      throw badRequest(`Ask for at most ${MAX_RANGE_DAYS} days at a time`);
    }
    const appointments = await listAppointments(db, clinicId, {
      from,
      to,
      doctorId: c.req.query("doctorId") || undefined,
      operatoryId: c.req.query("operatoryId") || undefined,
    });
    return c.json({
      timeZone,
      from: toClinicIso(from, timeZone),
      to: toClinicIso(to, timeZone),
      appointments: appointments.map((a) => appointmentJson(a, timeZone)),
    });
  })
  .post(
    "/",
    requirePermission("appointments.create"),
    jsonBody(bookBody),
    async (c) => {
      const access = await accessOf(c);
      const appointment = await bookAppointment(c.var.deps, {
        ...c.req.valid("json"),
        clinicId: c.var.clinicId,
        actorId: c.var.principal.userId,
        mayOverrideClosed: can(access, "appointments.hours.manage"),
      });
      return await respondWith(c, appointment.id, 201);
    },
  )
  .get("/settings/hours", requirePermission("appointments.hours.view"), async (c) => {
    const { db } = c.var.deps;
    const clinicId = c.var.clinicId;
    const [hours, timeZone] = await Promise.all([
      getWorkingHours(db, clinicId),
      clinicTimeZone(db, clinicId),
    ]);
    return c.json({ timeZone, hours: hoursJson(hours) });
  })
  .put(
    "/settings/hours",
    requirePermission("appointments.hours.manage"),
    jsonBody(hoursBody),
    async (c) => {
      const { db } = c.var.deps;
      const clinicId = c.var.clinicId;
      const hours = await setWorkingHours(db, {
        clinicId,
        hours: c.req.valid("json").hours,
        actorId: c.var.principal.userId,
      });
      return c.json({ timeZone: await clinicTimeZone(db, clinicId), hours: hoursJson(hours) });
    },
  )
  .get("/settings/closed-dates", requirePermission("appointments.hours.view"), async (c) => {
    const range: { from?: string; to?: string } = {};
    for (const name of ["from", "to"] as const) {
      const value = c.req.query(name);
      if (value === undefined) continue;
      if (!calendarDate.safeParse(value).success) throw badRequest(`${name}: use YYYY-MM-DD`);
      range[name] = value;
    }
    const closedDates = await listClosedDates(c.var.deps.db, c.var.clinicId, range);
    return c.json({ closedDates });
  })
  .post(
    "/settings/closed-dates",
    requirePermission("appointments.hours.manage"),
    jsonBody(closedDateBody),
    async (c) => {
      const closedDate = await addClosedDate(c.var.deps.db, {
        clinicId: c.var.clinicId,
        ...c.req.valid("json"),
        actorId: c.var.principal.userId,
      });
      return c.json({ closedDate }, 201);
    },
  )
  .delete(
    "/settings/closed-dates/:date",
    requirePermission("appointments.hours.manage"),
    async (c) => {
      const date = c.req.param("date");
      if (!calendarDate.safeParse(date).success) {
        throw new AppError(404, "NOT_FOUND", "Closed date not found");
      }
      await removeClosedDate(c.var.deps.db, {
        clinicId: c.var.clinicId,
        date,
        actorId: c.var.principal.userId,
      });
      return c.json({ ok: true });
    },
  )
  .get("/:id", requirePermission("appointments.view"), (c) => respondWith(c, c.req.param("id")))
  .patch(
    "/:id",
    requirePermission("appointments.edit"),
    jsonBody(changeBody),
    async (c) => {
      const { allowClosed, ...changes } = c.req.valid("json");
      const access = await accessOf(c);
      const appointment = await updateAppointment(c.var.deps, {
        clinicId: c.var.clinicId,
        appointmentId: c.req.param("id"),
        actorId: c.var.principal.userId,
        changes,
        allowClosed,
        mayOverrideClosed: can(access, "appointments.hours.manage"),
      });
      return await respondWith(c, appointment.id);
    },
  )
  .post(
    "/:id/status",
    requirePermission("appointments.status.update"),
    jsonBody(statusBody),
    async (c) => {
      const { status } = c.req.valid("json");
      const needed = permissionForStatus(status);
      const access = await accessOf(c);
      if (!can(access, needed)) {
        throw forbidden("FORBIDDEN", `You do not have permission "${needed}"`, {
          permission: needed,
        });
      }
      const appointment = await setAppointmentStatus(c.var.deps, {
        clinicId: c.var.clinicId,
        appointmentId: c.req.param("id"),
        status,
        actorId: c.var.principal.userId,
        mayReopen: can(access, REOPEN_PERMISSION),
      });
      return await respondWith(c, appointment.id);
    },
  );

function hoursJson(hours: { weekday: number; opensAt: string; closesAt: string }[]) {
  return WEEKDAY_NAMES.map((name, weekday) => {
    const day = hours.find((h) => h.weekday === weekday);
    return day
      ? { weekday, name, open: true, opensAt: day.opensAt, closesAt: day.closesAt }
      : { weekday, name, open: false, opensAt: null, closesAt: null };
  });
}
