/**
 * "Case may not be back": a case due too close to the seat appointment it
 * is for, with the way out (reschedule the appointment).
 */
import { formatDateTime } from "../../lib/view/format.ts";
import { localDateOf } from "../../lib/time/zoned.ts";
import { formatDueDate } from "../../lib/lab/due-date-label.ts";

export function NotBackWarning(
  { dueDate, appointmentId, appointmentStartsAt, timeZone, caseNumber }: {
    dueDate: string;
    appointmentId: string;
    appointmentStartsAt: string;
    timeZone: string;
    /** Named when the warning shows away from the case (on the appointment). */
    caseNumber?: string;
  },
) {
  const date = localDateOf(new Date(appointmentStartsAt), timeZone);
  return (
    <div
      role="alert"
      class="mb-6 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200"
      data-not-back-warning
    >
      <p class="font-semibold">Case may not be back</p>
      <p class="mt-0.5">
        {caseNumber ? `${caseNumber} is` : "This case is"} due from the lab{" "}
        {formatDueDate(dueDate)}; with a working day to check it, it may not be ready for the
        appointment on {formatDateTime(new Date(appointmentStartsAt), timeZone)}.{" "}
        <a
          class="font-semibold underline"
          href={`/calendar?view=day&date=${date}#appointment-${appointmentId}`}
        >
          Reschedule the appointment
        </a>
      </p>
    </div>
  );
}
