/**
 * Booking an appointment from a full-page form. The form posts here; this
 * module checks the same permission and books through the same
 * `bookAppointment` as POST /api/v1/appointments, so a clash (409), closed
 * time (422) or a bad field (400) comes back on the form with what was typed
 * kept.
 *
 *   GET /appointments/new?patient=<id>&date=YYYY-MM-DD&time=HH:MM&q=<patient search>
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { BookingPage } from "../components/booking/BookingPage.tsx";
import type { AppEnv, ClinicScope, StaffPageScope } from "../lib/http/app-env.ts";
import { type FormProblem, type FormValues, submitForm } from "../lib/http/form.ts";
import { can } from "../lib/permissions/access.ts";
import { wallClock } from "../lib/time/zoned.ts";
import {
  bookFromForm,
  bookingForm,
  bookingFormDefaults,
  loadBookingChoices,
} from "../lib/appointments/booking-form.ts";
import { disclosureFor } from "../lib/patients/records.ts";
import { patientSearchTerm } from "../lib/patients/patient-picker.ts";
import { staffPage } from "./_page.tsx";

type BookingContext = Context<AppEnv & StaffPageScope & ClinicScope>;

const guard = staffPage({ permission: "appointments.create" });

async function renderBooking(
  c: BookingContext,
  form: { values: FormValues; problem?: FormProblem },
) {
  const { deps, me } = c.var;
  const access = me.access!;
  const query = patientSearchTerm(form.values.q);
  const choices = await loadBookingChoices(deps.db, deps.config.encryptionKey, access, {
    query,
    patientId: form.values.patientId,
  });
  return c.render(
    <BookingPage
      {...form}
      query={query}
      choices={choices}
      timeZone={me.clinic!.timeZone}
      searchByPhone={disclosureFor(access).contact}
      mayOverrideClosed={can(access, "appointments.hours.manage")}
    />,
    { title: "New appointment", current: "/calendar" },
  );
}

export const appointmentBookingRoutes = new Hono<AppEnv>()
  .get("/appointments/new", guard, async (c) => {
    const today = wallClock(new Date(), c.var.me.clinic!.timeZone).date;
    const values = bookingFormDefaults(c.req.query(), today);
    return await renderBooking(c, { values: { ...values, q: c.req.query("q") ?? "" } });
  })
  .post("/appointments/new", guard, async (c) => {
    const { deps, me, clinicId } = c.var;
    return await submitForm(c, bookingForm, {
      onValid: async (input) => {
        const booked = await bookFromForm(deps, {
          ...input,
          clinicId,
          timeZone: me.clinic!.timeZone,
          actorId: me.user.id,
          mayOverrideClosed: can(me.access, "appointments.hours.manage"),
        });
        return c.redirect(`/appointments/${booked.id}`, 303);
      },
      onProblem: async (values, problem) => await renderBooking(c, { values, problem }),
    });
  });
