/** "Cancel this appointment?": nothing changes until the patient presses the button. */
import { Button, ButtonLink } from "../ui/mod.ts";
import type { OwnAppointment } from "../../lib/portal/appointments.ts";
import { formatLongDate, formatTime } from "../../lib/view/format.ts";

export function CancelAskPage(
  { appointment, timeZone }: { appointment: OwnAppointment; timeZone: string },
) {
  return (
    <div class="mx-auto max-w-md rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
      <h1 class="text-xl font-semibold text-slate-900">Cancel this appointment?</h1>
      <dl class="mt-5 rounded-xl bg-slate-50 px-4 py-3 text-sm">
        {[
          ["Date", formatLongDate(appointment.startsAt, timeZone)],
          ["Time", formatTime(appointment.startsAt, timeZone)],
          ["Visit", appointment.type],
          ["Doctor", appointment.doctorName],
        ].map(([label, value]) => (
          <div key={label} class="flex gap-3 py-1">
            <dt class="w-16 shrink-0 text-slate-500">{label}</dt>
            <dd class="font-medium text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
      <p class="mt-4 text-sm text-slate-600">
        The clinic is told at once. To come at another time, please contact the clinic.
      </p>
      <form
        method="post"
        action={`/portal/appointments/${appointment.id}/cancel`}
        class="mt-6 flex flex-col gap-2 sm:flex-row-reverse"
      >
        <Button type="submit" variant="danger" class="sm:flex-1">Cancel appointment</Button>
        <ButtonLink href="/portal" variant="secondary" class="sm:flex-1">Keep it</ButtonLink>
      </form>
    </div>
  );
}
