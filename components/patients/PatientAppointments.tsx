/**
 * The "Appointments" tab of a patient's record: upcoming visits first, then
 * past ones, each on the clinic's clock and linking to its detail page.
 */
import { ButtonLink, Card } from "../ui/mod.ts";
import { Icon } from "../Icon.tsx";
import type {
  PatientAppointment,
  PatientAppointments as Lists,
} from "../../lib/appointments/patient-appointments.ts";
import { describeSlot } from "../../lib/time/zoned.ts";
import { StatusBadge } from "../appointments/StatusBadge.tsx";

function Row({ appointment, timeZone }: { appointment: PatientAppointment; timeZone: string }) {
  return (
    <li>
      <a
        href={`/appointments/${appointment.id}`}
        class="flex flex-col gap-1.5 px-5 py-3.5 hover:bg-slate-50 sm:flex-row sm:items-center sm:gap-4"
        data-patient-appointment={appointment.id}
      >
        <div class="min-w-0 flex-1">
          <p class="text-sm font-medium text-slate-900">
            {describeSlot(appointment.startsAt, appointment.durationMinutes, timeZone)}
          </p>
          <p class="mt-0.5 truncate text-sm text-slate-500">
            {appointment.type} · {appointment.doctorName} · {appointment.operatoryName}
          </p>
        </div>
        <div class="shrink-0">
          <StatusBadge status={appointment.status} />
        </div>
      </a>
    </li>
  );
}

function Section(
  { title, appointments, timeZone, empty }: {
    title: string;
    appointments: PatientAppointment[];
    timeZone: string;
    empty: string;
  },
) {
  return (
    <Card title={`${title} (${appointments.length})`}>
      {appointments.length
        ? (
          <ul class="divide-y divide-slate-100">
            {appointments.map((a) => <Row key={a.id} appointment={a} timeZone={timeZone} />)}
          </ul>
        )
        : <p class="px-5 py-6 text-sm text-slate-500">{empty}</p>}
    </Card>
  );
}

export function PatientAppointments(
  { lists, timeZone, bookHref }: { lists: Lists; timeZone: string; bookHref?: string },
) {
  if (!lists.upcoming.length && !lists.past.length) {
    return (
      <Card>
        <div class="px-5 py-12 text-center" data-patient-appointments="empty">
          <span class="mx-auto grid h-12 w-12 place-items-center rounded-full bg-brand-50 text-brand-600">
            <Icon name="calendar" class="h-6 w-6" />
          </span>
          <p class="mt-3 text-sm font-medium text-slate-900">No appointments yet</p>
          <p class="mx-auto mt-1 max-w-md text-sm text-slate-500">
            Visits booked for this patient appear here, upcoming first.
          </p>
          {bookHref && <ButtonLink href={bookHref} class="mt-4">Book an appointment</ButtonLink>}
        </div>
      </Card>
    );
  }
  return (
    <div class="space-y-6" data-patient-appointments>
      <Section
        title="Upcoming"
        appointments={lists.upcoming}
        timeZone={timeZone}
        empty="Nothing booked ahead."
      />
      <Section
        title="Past"
        appointments={lists.past}
        timeZone={timeZone}
        empty="No past visits."
      />
    </div>
  );
}
