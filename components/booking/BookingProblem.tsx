/** The refusal above the booking form: a clash links to the appointment in the way. */
import { Icon } from "../Icon.tsx";

export function BookingProblem(
  { message, conflictingAppointmentId }: { message: string; conflictingAppointmentId?: string },
) {
  // The API names the clash by id in its message; the form links to it instead.
  const sentence = message.replace(/\s*\(appointment [0-9a-f-]+\)$/, "").replace(/\.$/, "");
  return (
    <div
      role="alert"
      class="mb-6 flex gap-3 rounded-xl bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-inset ring-red-200"
      data-booking-problem
    >
      <Icon name="alertCircle" class="mt-0.5 h-5 w-5 shrink-0 text-red-500" />
      <div class="min-w-0">
        <p class="font-medium">{sentence}.</p>
        {conflictingAppointmentId && (
          <a
            href={`/appointments/${conflictingAppointmentId}`}
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
