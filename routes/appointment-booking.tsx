/**
 * Booking an appointment from a full-page form (issue 4): patient, doctor,
 * operatory, date and time on the clinic's clock, duration, type, colour tag
 * and notes. The form posts here; this module checks the same permission and
 * calls the same `bookAppointment` as POST /api/v1/appointments, so a clash
 * (409), closed time (422) or a bad field (400) comes back on the form with
 * what was typed kept.
 *
 *   GET /appointments/new?patient=<id>&date=YYYY-MM-DD&time=HH:MM&q=<patient search>
 */
import { COLOR_TAG_SWATCHES } from "../components/color-tags.ts";
import { Hono } from "hono";
import type { Context } from "hono";
import type { ComponentChildren } from "preact";
import { and, asc, eq, ilike, or } from "drizzle-orm";
import { z } from "zod";
import { AppShell } from "../components/AppShell.tsx";
import { Card } from "../components/Card.tsx";
import { Icon } from "../components/Icon.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { loadStaffContext, type StaffContext } from "../lib/auth/staff-context.ts";
import { patients } from "../lib/db/schema.ts";
import { AppError } from "../lib/errors.ts";
import { type Access, can } from "../lib/permissions/access.ts";
import { pageRequires } from "../lib/permissions/page-guards.ts";
import { isUuid } from "../lib/ids.ts";
import { bookAppointment } from "../lib/appointments/booking.ts";
import { disclosureFor, listPatients } from "../lib/patients/records.ts";
import { fromWallClock, minutesOfDay, wallClock } from "../lib/time/zoned.ts";
import { listOperatories, type Operatory } from "../lib/appointments/operatories.ts";
import { MAX_DURATION_MINUTES } from "../lib/appointments/queries.ts";
import { COLOR_TAGS } from "../lib/appointments/statuses.ts";
import { listBookableDoctors } from "../lib/calendar/calendar-view.ts";
import { renderDocument } from "./_document.ts";
import { staffPage } from "./resume.tsx";

const DURATION_STEP = 15;
const DEFAULT_DURATION = 30;
/** The select narrows by search beyond this many patients. */
const PATIENT_OPTIONS = 200;
/** What the front desk books most; any other type can be typed in. */
const COMMON_TYPES = [
  "Check-up",
  "Consultation",
  "Scaling & polishing",
  "Filling",
  "Root canal",
  "Extraction",
  "Crown fitting",
  "Orthodontic review",
];

const INPUT =
  "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";
const INVALID = "border-red-400 focus:border-red-500 focus:ring-red-500/30";
const BUTTON =
  "inline-flex items-center justify-center gap-2 rounded-lg px-4 py-2 text-sm font-semibold shadow-sm focus:outline-none focus:ring-2 focus:ring-brand-500/50 focus:ring-offset-2";
const PRIMARY = `${BUTTON} bg-brand-600 text-white hover:bg-brand-700`;
const SECONDARY =
  `${BUTTON} bg-white text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50`;

const DURATIONS = Array.from(
  { length: MAX_DURATION_MINUTES / DURATION_STEP },
  (_, i) => (i + 1) * DURATION_STEP,
);

const bookingForm = z.object({
  patientId: z.string().min(1, "Choose a patient"),
  doctorId: z.string().min(1, "Choose a doctor"),
  operatoryId: z.string().min(1, "Choose an operatory"),
  date: z.iso.date({ message: "Pick a date" }),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Pick a time (HH:MM)"),
  durationMinutes: z.coerce.number({ message: "Pick a duration" }).int()
    .refine((n) => DURATIONS.includes(n), "Pick a duration in 15-minute steps"),
  type: z.string().trim().min(1, "Say what the appointment is for").max(80),
  colorTag: z.enum(COLOR_TAGS, { message: "Pick a colour" }),
  notes: z.string().trim().max(2000, "Notes are at most 2000 characters")
    .transform((notes) => notes || null),
});

type FormValues = Record<string, string>;

interface Problem {
  message: string;
  conflictingAppointmentId?: string;
}

interface PatientOption {
  id: string;
  fullName: string;
  mrn: string;
}

/** A search that reads as a phone number: the caller on the line. */
const looksLikePhone = (query: string) =>
  /^[\d\s()+.-]+$/.test(query) && query.replace(/\D/g, "").length >= 7;

async function patientOptions(
  c: Context<AppEnv>,
  access: Access,
  query: string,
  selected: string | undefined,
): Promise<PatientOption[]> {
  const { db, config } = c.var.deps;
  const clinicId = access.clinicId;
  const columns = { id: patients.id, fullName: patients.fullName, mrn: patients.mrn };
  const pattern = `%${query.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  // Numbers are stored encrypted: the patient list's keyed index finds them,
  // and only for members who may see numbers.
  const found = looksLikePhone(query)
    ? (await listPatients(db, config.encryptionKey, access, { query, limit: 20 })).patients
      .map(({ id, fullName, mrn }) => ({ id, fullName, mrn }))
    : await db.select(columns).from(patients)
      .where(and(
        eq(patients.clinicId, clinicId),
        query ? or(ilike(patients.fullName, pattern), ilike(patients.mrn, pattern)) : undefined,
      ))
      .orderBy(asc(patients.fullName), asc(patients.mrn))
      .limit(PATIENT_OPTIONS);
  // The chosen patient stays in the list whatever the search says.
  if (selected && isUuid(selected) && !found.some((p) => p.id === selected)) {
    const [row] = await db.select(columns).from(patients)
      .where(and(eq(patients.clinicId, clinicId), eq(patients.id, selected)));
    if (row) found.unshift(row);
  }
  return found;
}

function Field(
  { label, name, error, hint, children }: {
    label: string;
    name: string;
    error?: string;
    hint?: ComponentChildren;
    children: ComponentChildren;
  },
) {
  return (
    <div>
      <label for={`booking-${name}`} class="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div class="mt-1.5">{children}</div>
      {error
        ? <p class="mt-1.5 text-sm text-red-600" data-field-error={name}>{error}</p>
        : hint && <p class="mt-1.5 text-xs text-slate-500">{hint}</p>}
    </div>
  );
}

function ProblemBanner({ problem }: { problem: Problem }) {
  const message = problem.message.replace(/\s*\(appointment [0-9a-f-]+\)$/, "").replace(/\.$/, "");
  return (
    <div
      role="alert"
      class="mb-6 flex gap-3 rounded-xl bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-inset ring-red-200"
      data-booking-problem
    >
      <svg
        viewBox="0 0 20 20"
        fill="currentColor"
        aria-hidden="true"
        class="mt-0.5 h-5 w-5 shrink-0 text-red-500"
      >
        <path d="M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm0 4a.75.75 0 0 1 .75.75v3.5a.75.75 0 0 1-1.5 0v-3.5A.75.75 0 0 1 10 6Zm0 8a1 1 0 1 1 0-2 1 1 0 0 1 0 2Z" />
      </svg>
      <div class="min-w-0">
        <p class="font-medium">{message}.</p>
        {problem.conflictingAppointmentId && (
          <a
            href={`/appointments/${problem.conflictingAppointmentId}`}
            class="mt-1 inline-block font-semibold text-red-700 underline hover:text-red-900"
            data-conflicting-appointment
          >
            Open the conflicting appointment
          </a>
        )}
      </div>
    </div>
  );
}

interface FormState {
  me: StaffContext;
  values: FormValues;
  query: string;
  errors?: Record<string, string>;
  problem?: Problem;
}

async function renderForm(c: Context<AppEnv>, state: FormState, status: 200 | 400 | 409 | 422) {
  const { deps } = c.var;
  const { me, values, errors = {}, problem, query } = state;
  const clinic = me.clinic!;
  const access = me.access as Access;
  const [patientList, doctors, rooms] = await Promise.all([
    patientOptions(c, access, query, values.patientId),
    listBookableDoctors(deps.db, clinic.id),
    listOperatories(deps.db, clinic.id),
  ]);
  const operatories = rooms.filter((room: Operatory) => room.active);
  const mayOverride = can(access, "appointments.hours.manage");
  const colour = (COLOR_TAGS as readonly string[]).includes(values.colorTag)
    ? values.colorTag
    : "teal";
  const invalid = (name: string) => errors[name] ? `${INPUT} ${INVALID}` : INPUT;
  const searchParams = new URLSearchParams();
  for (const key of ["date", "time"] as const) if (values[key]) searchParams.set(key, values[key]);
  const clearSearch = `/appointments/new${searchParams.size ? `?${searchParams.toString()}` : ""}`;

  return c.html(
    renderDocument(
      <AppShell me={me} refreshLeadMs={deps.config.refreshLeadSeconds * 1000} current="/calendar">
        <div class="mx-auto max-w-3xl">
          <a
            href={values.date ? `/calendar?view=day&date=${values.date}` : "/calendar"}
            class="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-slate-500 hover:text-slate-700"
          >
            <Icon name="arrowLeft" class="h-4 w-4" />
            Calendar
          </a>
          <div class="mb-6">
            <h1 class="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">
              New appointment
            </h1>
            <p class="mt-1 text-sm text-slate-500">
              Times are on the clinic's clock ({clinic.timeZone.replace(/_/g, " ")}).
            </p>
          </div>
          {problem && <ProblemBanner problem={problem} />}

          <Card class="mb-6">
            <form
              method="get"
              action="/appointments/new"
              role="search"
              class="flex items-end gap-2 p-4 sm:px-5"
            >
              {values.date && <input type="hidden" name="date" value={values.date} />}
              {values.time && <input type="hidden" name="time" value={values.time} />}
              <div class="min-w-0 flex-1">
                <label for="booking-search" class="block text-sm font-medium text-slate-700">
                  Find a patient
                </label>
                <input
                  id="booking-search"
                  name="q"
                  type="search"
                  value={query}
                  maxLength={200}
                  autoComplete="off"
                  placeholder={disclosureFor(access).contact ? "Name, MRN or phone" : "Name or MRN"}
                  class={`${INPUT} mt-1.5`}
                />
              </div>
              <div class="flex gap-2">
                <button type="submit" class={SECONDARY}>Search</button>
                {query && (
                  <a
                    href={clearSearch}
                    class="inline-flex items-center px-2 text-sm font-medium text-slate-500 hover:text-slate-700"
                  >
                    Clear
                  </a>
                )}
              </div>
            </form>
          </Card>

          <form method="post" action="/appointments/new" data-booking-form>
            <input type="hidden" name="q" value={query} />
            <Card>
              <div class="grid grid-cols-1 gap-5 p-5 sm:grid-cols-2 sm:p-6">
                <div class="sm:col-span-2">
                  <Field
                    label="Patient"
                    name="patientId"
                    error={errors.patientId}
                    hint={query
                      ? `${patientList.length} ${
                        patientList.length === 1 ? "patient matches" : "patients match"
                      } “${query}”`
                      : undefined}
                  >
                    <select
                      id="booking-patientId"
                      name="patientId"
                      required
                      class={invalid("patientId")}
                    >
                      <option value="">
                        {patientList.length ? "Choose a patient" : "No patient matches"}
                      </option>
                      {patientList.map((p) => (
                        <option key={p.id} value={p.id} selected={p.id === values.patientId}>
                          {p.fullName} · {p.mrn}
                        </option>
                      ))}
                    </select>
                  </Field>
                </div>
                <Field label="Doctor" name="doctorId" error={errors.doctorId}>
                  <select
                    id="booking-doctorId"
                    name="doctorId"
                    required
                    class={invalid("doctorId")}
                  >
                    <option value="">Choose a doctor</option>
                    {doctors.map((d) => (
                      <option key={d.id} value={d.id} selected={d.id === values.doctorId}>
                        {d.name}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label="Operatory" name="operatoryId" error={errors.operatoryId}>
                  <select
                    id="booking-operatoryId"
                    name="operatoryId"
                    required
                    class={invalid("operatoryId")}
                  >
                    <option value="">Choose an operatory</option>
                    {operatories.map((o) => (
                      <option key={o.id} value={o.id} selected={o.id === values.operatoryId}>
                        {o.name}
                      </option>
                    ))}
                  </select>
                </Field>
                <div class="grid grid-cols-2 gap-4 sm:col-span-2 sm:grid-cols-3">
                  <div class="col-span-2 sm:col-span-1">
                    <Field label="Date" name="date" error={errors.date}>
                      <input
                        id="booking-date"
                        name="date"
                        type="date"
                        required
                        value={values.date}
                        class={invalid("date")}
                      />
                    </Field>
                  </div>
                  <Field label="Start time" name="time" error={errors.time}>
                    <input
                      id="booking-time"
                      name="time"
                      type="time"
                      required
                      step={300}
                      value={values.time}
                      class={invalid("time")}
                    />
                  </Field>
                  <Field label="Duration" name="durationMinutes" error={errors.durationMinutes}>
                    <select
                      id="booking-durationMinutes"
                      name="durationMinutes"
                      class={invalid("durationMinutes")}
                    >
                      {DURATIONS.map((minutes) => (
                        <option
                          key={minutes}
                          value={minutes}
                          selected={String(minutes) === values.durationMinutes}
                        >
                          {durationLabel(minutes)}
                        </option>
                      ))}
                    </select>
                  </Field>
                </div>
                <div class="sm:col-span-2">
                  <Field
                    label="Type"
                    name="type"
                    error={errors.type}
                    hint="Pick a common one or type your own."
                  >
                    <input
                      id="booking-type"
                      name="type"
                      type="text"
                      required
                      maxLength={80}
                      list="booking-types"
                      value={values.type}
                      placeholder="e.g. Check-up"
                      class={invalid("type")}
                    />
                    <datalist id="booking-types">
                      {COMMON_TYPES.map((type) => <option key={type} value={type} />)}
                    </datalist>
                  </Field>
                </div>
                <fieldset class="sm:col-span-2">
                  <legend class="block text-sm font-medium text-slate-700">Colour tag</legend>
                  <div class="mt-2 flex flex-wrap gap-2">
                    {COLOR_TAGS.map((tag) => (
                      <label key={tag} class="cursor-pointer" title={tag}>
                        <input
                          type="radio"
                          name="colorTag"
                          value={tag}
                          checked={tag === colour}
                          class="peer sr-only"
                        />
                        <span class="flex items-center gap-2 rounded-full px-3 py-1.5 text-sm capitalize text-slate-700 ring-1 ring-inset ring-slate-200 hover:bg-slate-50 peer-checked:bg-slate-50 peer-checked:font-semibold peer-checked:ring-2 peer-checked:ring-slate-900 peer-focus-visible:ring-2 peer-focus-visible:ring-brand-500">
                          <span class={`h-3.5 w-3.5 rounded-full ${COLOR_TAG_SWATCHES[tag]}`} />
                          {tag}
                        </span>
                      </label>
                    ))}
                  </div>
                  {errors.colorTag && (
                    <p class="mt-1.5 text-sm text-red-600" data-field-error="colorTag">
                      {errors.colorTag}
                    </p>
                  )}
                </fieldset>
                <div class="sm:col-span-2">
                  <Field label="Notes" name="notes" error={errors.notes} hint="Optional.">
                    <textarea
                      id="booking-notes"
                      name="notes"
                      rows={3}
                      maxLength={2000}
                      class={invalid("notes")}
                    >
                      {values.notes ?? ""}
                    </textarea>
                  </Field>
                </div>
                {mayOverride && (
                  <label class="flex items-start gap-3 rounded-lg bg-amber-50 p-3 text-sm ring-1 ring-inset ring-amber-200 sm:col-span-2">
                    <input
                      type="checkbox"
                      name="allowClosed"
                      value="on"
                      checked={values.allowClosed === "on"}
                      class="mt-0.5 h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
                      data-allow-closed
                    />
                    <span>
                      <span class="font-medium text-slate-900">
                        Allow booking outside working hours
                      </span>
                      <span class="block text-slate-600">
                        Also books on closed dates. Recorded in the appointment's history.
                      </span>
                    </span>
                  </label>
                )}
              </div>
              <div class="flex flex-col-reverse gap-2 border-t border-slate-100 px-5 py-4 sm:flex-row sm:justify-end sm:px-6">
                <a
                  href={values.date ? `/calendar?view=day&date=${values.date}` : "/calendar"}
                  class={SECONDARY}
                >
                  Cancel
                </a>
                <button type="submit" class={PRIMARY}>Book appointment</button>
              </div>
            </Card>
          </form>
        </div>
      </AppShell>,
      { title: "New appointment" },
    ),
    status,
  );
}

function durationLabel(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return `${rest} min`;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

const isDate = (value: string | undefined): value is string =>
  !!value && z.iso.date().safeParse(value).success;
const isTime = (value: string | undefined): value is string =>
  !!value && /^([01]\d|2[0-3]):[0-5]\d$/.test(value);

async function formFields(c: Context<AppEnv>): Promise<FormValues> {
  const form = await c.req.formData().catch(() => new FormData());
  const fields: FormValues = {};
  for (const [key, value] of form) if (typeof value === "string") fields[key] = value;
  return fields;
}

export const appointmentBookingRoutes = new Hono<AppEnv>()
  .get("/appointments/new", staffPage, pageRequires("appointments.create"), async (c) => {
    const me = await loadStaffContext(c.var.deps, c.var.principal);
    const today = wallClock(new Date(), me.clinic!.timeZone).date;
    const date = c.req.query("date");
    const time = c.req.query("time");
    return await renderForm(c, {
      me,
      query: (c.req.query("q") ?? "").trim().slice(0, 200),
      values: {
        patientId: c.req.query("patient") ?? "",
        date: isDate(date) ? date : today,
        time: isTime(time) ? time : "09:00",
        durationMinutes: String(DEFAULT_DURATION),
        colorTag: "teal",
      },
    }, 200);
  })
  .post("/appointments/new", staffPage, pageRequires("appointments.create"), async (c) => {
    const { deps, principal } = c.var;
    const me = await loadStaffContext(deps, principal);
    const access = me.access as Access;
    const values = await formFields(c);
    const query = (values.q ?? "").trim().slice(0, 200);
    const parsed = bookingForm.safeParse(values);
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
      return await renderForm(c, { me, values, query, errors }, 400);
    }
    const { date, time, ...fields } = parsed.data;
    const mayOverrideClosed = can(access, "appointments.hours.manage");
    let appointmentId: string;
    try {
      const appointment = await bookAppointment(deps, {
        ...fields,
        clinicId: me.clinic!.id,
        actorId: principal.userId,
        startsAt: fromWallClock(date, minutesOfDay(time), me.clinic!.timeZone),
        // Only members shown the checkbox can tick it.
        allowClosed: mayOverrideClosed && values.allowClosed === "on",
        mayOverrideClosed,
      });
      appointmentId = appointment.id;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.status === 409) {
        const conflictingAppointmentId = error.extra.conflictingAppointmentId as string;
        return await renderForm(c, {
          me,
          values,
          query,
          problem: { message: error.message, conflictingAppointmentId },
        }, 409);
      }
      if (error.status === 422) {
        // The API's hint names its JSON field; the form has a checkbox instead.
        const message = error.message.replace(
          /\. Send allowClosed: true to book it anyway\.$/,
          mayOverrideClosed
            ? '. Tick "Allow booking outside working hours" to book it anyway'
            : ". Choose a time when the clinic is open",
        );
        return await renderForm(c, { me, values, query, problem: { message } }, 422);
      }
      if (error.status === 400) {
        const field = String(error.extra.field ?? "form");
        const errors = { [field]: error.message };
        const problem = field === "form" ? { message: error.message } : undefined;
        return await renderForm(c, { me, values, query, errors, problem }, 400);
      }
      throw error;
    }
    return c.redirect(`/appointments/${appointmentId}`, 303);
  });
