/** The "Appointment" card: who, with whom, where and when, on the clinic's clock. */
import type { ComponentChildren } from "preact";
import { Card } from "../ui/mod.ts";
import { COLOR_TAG_SWATCHES } from "../color-tags.ts";
import type { AppointmentDetails } from "../../lib/appointments/queries.ts";
import type { ColorTag } from "../../lib/appointments/statuses.ts";
import { describeDate, offsetMinutes } from "../../lib/time/zoned.ts";

export function ColorTagSwatch({ tag }: { tag: ColorTag }) {
  return (
    <span class="inline-flex items-center gap-2" data-color-tag={tag}>
      <span class={`h-3 w-3 rounded-full ${COLOR_TAG_SWATCHES[tag]}`} aria-hidden="true" />
      <span class="capitalize">{tag}</span>
    </span>
  );
}

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="flex items-baseline justify-between gap-4 px-5 py-3 sm:grid sm:grid-cols-3 sm:justify-start">
      <dt class="shrink-0 text-sm text-slate-500">{label}</dt>
      <dd class="min-w-0 text-right text-sm font-medium text-slate-900 sm:col-span-2 sm:text-left">
        {children}
      </dd>
    </div>
  );
}

/** `UTC+05:00`, so nobody wonders which clock a time is on. */
function utcOffset(instant: Date, timeZone: string): string {
  const offset = offsetMinutes(instant, timeZone);
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `UTC${offset < 0 ? "-" : "+"}${hh}:${mm}`;
}

export function AppointmentFacts(
  { appointment, date, when, timeZone }: {
    appointment: AppointmentDetails;
    /** The clinic's date of the visit, YYYY-MM-DD. */
    date: string;
    /** `09:00–09:45` on the clinic's clock. */
    when: string;
    timeZone: string;
  },
) {
  return (
    <Card title="Appointment">
      <dl class="divide-y divide-slate-100" data-appointment>
        <Fact label="Patient">
          <a href={`/patients/${appointment.patientId}`} class="text-brand-700 hover:underline">
            {appointment.patientName}
          </a>
          <span class="ml-2 font-mono text-xs text-slate-500" data-mrn>
            {appointment.patientMrn}
          </span>
        </Fact>
        <Fact label="Doctor">{appointment.doctorName}</Fact>
        <Fact label="Operatory">{appointment.operatoryName}</Fact>
        <Fact label="Date">{describeDate(date)}</Fact>
        <Fact label="Time">
          <time dateTime={appointment.startsAt.toISOString()}>{when}</time>
          <span class="ml-2 text-xs font-normal text-slate-500">
            {timeZone} ({utcOffset(appointment.startsAt, timeZone)})
          </span>
        </Fact>
        <Fact label="Duration">{appointment.durationMinutes} min</Fact>
        <Fact label="Type">{appointment.type}</Fact>
        <Fact label="Colour tag">
          <ColorTagSwatch tag={appointment.colorTag} />
        </Fact>
      </dl>
    </Card>
  );
}
