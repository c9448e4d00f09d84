/**
 * The portal's first page: the patient's upcoming appointments, each
 * scheduled one with Confirm and Cancel, the past ones, and how to reach the
 * clinic. Plain forms, no script.
 */
import { StatusBadge } from "../appointments/StatusBadge.tsx";
import { Icon } from "../Icon.tsx";
import { Button, ButtonLink, Card, Notice } from "../ui/mod.ts";
import type { OwnAppointment, OwnAppointments } from "../../lib/portal/appointments.ts";
import type { ClinicContact } from "../../lib/portal/clinic-contact.ts";
import { WEEKDAY_NAMES } from "../../lib/appointments/working-hours.ts";
import { formatLongDate, formatTime, greeting } from "../../lib/view/format.ts";

const NOTICES: Record<string, { tone: "success" | "info"; text: string }> = {
  confirmed: { tone: "success", text: "Thank you: your appointment is confirmed." },
  cancelled: { tone: "info", text: "Your appointment is cancelled. The clinic has been told." },
  already: { tone: "info", text: "Your answer for this appointment was already recorded." },
  welcome: { tone: "success", text: "Your account is ready. Welcome to your patient portal." },
};

function UpcomingCard(
  { appointment, timeZone }: { appointment: OwnAppointment; timeZone: string },
) {
  const { id, actions } = appointment;
  return (
    <li
      class="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-5"
      data-appointment={id}
    >
      <div class="flex items-start justify-between gap-3">
        <div class="min-w-0">
          <p class="text-base font-semibold text-slate-900">
            {formatLongDate(appointment.startsAt, timeZone)}
          </p>
          <p class="mt-0.5 text-sm text-slate-600">
            {formatTime(appointment.startsAt, timeZone)} · {appointment.durationMinutes} min ·{" "}
            {appointment.type}
          </p>
          <p class="mt-0.5 text-sm text-slate-500">With {appointment.doctorName}</p>
        </div>
        <span class="shrink-0 whitespace-nowrap">
          <StatusBadge status={appointment.status} />
        </span>
      </div>
      {actions.length > 0
        ? (
          <div class="mt-4 flex flex-col gap-2 sm:flex-row">
            {actions.includes("confirm") && (
              <form method="post" action={`/portal/appointments/${id}/confirm`} class="sm:flex-1">
                <Button type="submit" class="w-full" data-action="confirm">
                  <Icon name="check" class="h-4 w-4" />
                  Confirm
                </Button>
              </form>
            )}
            {actions.includes("cancel") && (
              <ButtonLink
                href={`/portal/appointments/${id}/cancel`}
                variant="secondary"
                class="sm:flex-1"
                data-action="cancel"
              >
                Cancel appointment
              </ButtonLink>
            )}
          </div>
        )
        : appointment.status === "confirmed" && (
          <p class="mt-3 text-sm text-slate-500">
            Confirmed. To change or cancel it, please contact the clinic.
          </p>
        )}
    </li>
  );
}

function PastList(
  { appointments, timeZone }: { appointments: OwnAppointment[]; timeZone: string },
) {
  if (!appointments.length) {
    return <p class="px-5 py-6 text-sm text-slate-500">No past appointments yet.</p>;
  }
  return (
    <ul class="divide-y divide-slate-100">
      {appointments.map((a) => (
        <li
          key={a.id}
          class="flex items-center justify-between gap-3 px-5 py-3"
          data-appointment={a.id}
        >
          <div class="min-w-0">
            <p class="text-sm font-medium text-slate-900">
              {formatLongDate(a.startsAt, timeZone)}
            </p>
            <p class="truncate text-sm text-slate-500">
              {formatTime(a.startsAt, timeZone)} · {a.type} · {a.doctorName}
            </p>
          </div>
          <span class="shrink-0 whitespace-nowrap">
            <StatusBadge status={a.status} />
          </span>
        </li>
      ))}
    </ul>
  );
}

export function ContactCard(
  { clinicName, contact }: { clinicName: string; contact: ClinicContact },
) {
  const rows: { label: string; href: string; text: string }[] = [];
  if (contact.phone) {
    rows.push({
      label: "Phone",
      href: `tel:${contact.phone}`,
      text: contact.phoneDisplay ?? contact.phone,
    });
  }
  if (contact.email) {
    rows.push({ label: "Email", href: `mailto:${contact.email}`, text: contact.email });
  }
  return (
    <Card title={`Contact ${clinicName}`}>
      <div class="space-y-4 px-5 py-4 text-sm" data-clinic-contact>
        {rows.length > 0 && (
          <dl class="space-y-2">
            {rows.map((row) => (
              <div key={row.label} class="flex gap-3">
                <dt class="w-16 shrink-0 text-slate-500">{row.label}</dt>
                <dd class="min-w-0 break-words">
                  <a href={row.href} class="font-medium text-brand-700 hover:underline">
                    {row.text}
                  </a>
                </dd>
              </div>
            ))}
            {contact.address && (
              <div class="flex gap-3">
                <dt class="w-16 shrink-0 text-slate-500">Address</dt>
                <dd class="text-slate-900">{contact.address}</dd>
              </div>
            )}
          </dl>
        )}
        {contact.hours.length > 0 && (
          <div>
            <h3 class="font-medium text-slate-900">Opening hours</h3>
            <ul class="mt-1.5 space-y-1 text-slate-600">
              {contact.hours.map((h) => (
                <li key={h.weekday} class="flex justify-between gap-3">
                  <span>{WEEKDAY_NAMES[h.weekday]}</span>
                  <span class="tabular-nums">{h.opensAt}–{h.closesAt}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
        {!rows.length && !contact.address && !contact.hours.length && (
          <p class="text-slate-500">Reply to any email from the clinic to reach them.</p>
        )}
      </div>
    </Card>
  );
}

export function PortalHomePage(
  { patientName, clinicName, appointments, contact, timeZone, now, notice }: {
    patientName: string;
    clinicName: string;
    appointments: OwnAppointments;
    contact: ClinicContact;
    timeZone: string;
    now: Date;
    notice?: string;
  },
) {
  const message = notice ? NOTICES[notice] : undefined;
  return (
    <>
      <h1 class="text-2xl font-semibold tracking-tight text-slate-900">
        {greeting(now, timeZone)}, {patientName.split(/\s+/)[0]}
      </h1>
      <p class="mt-1 text-sm text-slate-600">Your appointments at {clinicName}.</p>
      {message && (
        <div class="mt-5">
          <Notice tone={message.tone}>{message.text}</Notice>
        </div>
      )}
      <div class="mt-6 grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div class="space-y-6 lg:col-span-2">
          <section aria-labelledby="upcoming-heading">
            <h2 id="upcoming-heading" class="mb-3 text-sm font-semibold text-slate-900">
              Upcoming
            </h2>
            {appointments.upcoming.length
              ? (
                <ul class="space-y-3" data-upcoming>
                  {appointments.upcoming.map((a) => (
                    <UpcomingCard key={a.id} appointment={a} timeZone={timeZone} />
                  ))}
                </ul>
              )
              : (
                <p class="rounded-xl bg-white px-5 py-6 text-sm text-slate-500 ring-1 ring-slate-200">
                  No upcoming appointments. To book one, please contact the clinic.
                </p>
              )}
          </section>
          <Card title="Past appointments">
            <div data-past>
              <PastList appointments={appointments.past} timeZone={timeZone} />
            </div>
          </Card>
        </div>
        <div>
          <ContactCard clinicName={clinicName} contact={contact} />
        </div>
      </div>
    </>
  );
}
