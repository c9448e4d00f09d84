/**
 * The full-page booking form: patient (with a search that narrows the
 * select), doctor, operatory, date and time on the clinic's clock, duration,
 * type, colour tag and notes. Re-rendered after a refusal with what was
 * typed kept, the refusal on top and each bad field marked.
 */
import { COLOR_TAG_SWATCHES } from "../color-tags.ts";
import { Icon } from "../Icon.tsx";
import { Button, ButtonLink, Card, Input, Select, Textarea } from "../ui/mod.ts";
import type { BookingChoices } from "../../lib/appointments/booking-form.ts";
import { BOOKING_DURATIONS } from "../../lib/appointments/booking-form.ts";
import { COLOR_TAGS } from "../../lib/appointments/statuses.ts";
import type { FormProblem, FormValues } from "../../lib/http/form.ts";
import { BookingField, fieldControl, FieldError } from "./BookingField.tsx";
import { BookingProblem } from "./BookingProblem.tsx";
import { PatientSearch } from "./PatientSearch.tsx";

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

function durationLabel(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return `${rest} min`;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

export interface BookingPageProps {
  values: FormValues;
  /** The patient search, as typed. */
  query: string;
  choices: BookingChoices;
  timeZone: string;
  /** The member may find a patient by phone number. */
  searchByPhone: boolean;
  /** The member holds appointments.hours.manage: offer "Allow booking outside working hours". */
  mayOverrideClosed: boolean;
  problem?: FormProblem;
}

export function BookingPage(props: BookingPageProps) {
  const { values, query, choices, timeZone, problem } = props;
  const errors = problem?.fields ?? {};
  const control = (name: string) => fieldControl(name, errors);
  // A refusal about no one field (a clash, closed time) goes on top; bad fields speak for themselves.
  const banner = problem && Object.keys(errors).length === 0 ? problem.message : undefined;
  const colour = (COLOR_TAGS as readonly string[]).includes(values.colorTag)
    ? values.colorTag
    : "teal";
  const calendar = values.date ? `/calendar?view=day&date=${values.date}` : "/calendar";
  const patients = choices.patients;
  return (
    <div class="mx-auto max-w-3xl">
      <a
        href={calendar}
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
          Times are on the clinic's clock ({timeZone.replace(/_/g, " ")}).
        </p>
      </div>
      {banner && (
        <BookingProblem
          message={banner}
          conflictingAppointmentId={typeof problem?.extra.conflictingAppointmentId === "string"
            ? problem.extra.conflictingAppointmentId
            : undefined}
        />
      )}

      <PatientSearch query={query} values={values} byPhone={props.searchByPhone} />

      <form method="post" action="/appointments/new" data-booking-form>
        <input type="hidden" name="q" value={query} />
        <Card>
          <div class="grid grid-cols-1 gap-5 p-5 sm:grid-cols-2 sm:p-6">
            <BookingField
              name="patientId"
              label="Patient"
              error={errors.patientId}
              class="sm:col-span-2"
              hint={query
                ? `${patients.length} ${
                  patients.length === 1 ? "patient matches" : "patients match"
                } “${query}”`
                : undefined}
            >
              <Select {...control("patientId")} required>
                <option value="">
                  {patients.length ? "Choose a patient" : "No patient matches"}
                </option>
                {patients.map((p) => (
                  <option key={p.id} value={p.id} selected={p.id === values.patientId}>
                    {p.fullName} · {p.mrn}
                  </option>
                ))}
              </Select>
            </BookingField>
            <BookingField name="doctorId" label="Doctor" error={errors.doctorId}>
              <Select {...control("doctorId")} required>
                <option value="">Choose a doctor</option>
                {choices.doctors.map((d) => (
                  <option key={d.id} value={d.id} selected={d.id === values.doctorId}>
                    {d.name}
                  </option>
                ))}
              </Select>
            </BookingField>
            <BookingField name="operatoryId" label="Operatory" error={errors.operatoryId}>
              <Select {...control("operatoryId")} required>
                <option value="">Choose an operatory</option>
                {choices.operatories.map((o) => (
                  <option key={o.id} value={o.id} selected={o.id === values.operatoryId}>
                    {o.name}
                  </option>
                ))}
              </Select>
            </BookingField>
            <div class="grid grid-cols-2 gap-4 sm:col-span-2 sm:grid-cols-3">
              <BookingField
                name="date"
                label="Date"
                error={errors.date}
                class="col-span-2 sm:col-span-1"
              >
                <Input {...control("date")} type="date" required value={values.date} />
              </BookingField>
              <BookingField name="time" label="Start time" error={errors.time}>
                <Input {...control("time")} type="time" required step={300} value={values.time} />
              </BookingField>
              <BookingField name="durationMinutes" label="Duration" error={errors.durationMinutes}>
                <Select {...control("durationMinutes")}>
                  {BOOKING_DURATIONS.map((minutes) => (
                    <option
                      key={minutes}
                      value={minutes}
                      selected={String(minutes) === values.durationMinutes}
                    >
                      {durationLabel(minutes)}
                    </option>
                  ))}
                </Select>
              </BookingField>
            </div>
            <BookingField
              name="type"
              label="Type"
              error={errors.type}
              hint="Pick a common one or type your own."
              class="sm:col-span-2"
            >
              <Input
                {...control("type")}
                type="text"
                required
                maxLength={80}
                list="booking-types"
                value={values.type}
                placeholder="e.g. Check-up"
              />
              <datalist id="booking-types">
                {COMMON_TYPES.map((type) => <option key={type} value={type} />)}
              </datalist>
            </BookingField>
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
              <FieldError name="colorTag" error={errors.colorTag} />
            </fieldset>
            <BookingField
              name="notes"
              label="Notes"
              error={errors.notes}
              hint="Optional."
              class="sm:col-span-2"
            >
              <Textarea
                {...control("notes")}
                rows={3}
                maxLength={2000}
                value={values.notes ?? ""}
              />
            </BookingField>
            {props.mayOverrideClosed && (
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
            <ButtonLink href={calendar} variant="secondary">Cancel</ButtonLink>
            <Button>Book appointment</Button>
          </div>
        </Card>
      </form>
    </div>
  );
}
