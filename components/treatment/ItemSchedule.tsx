/**
 * Under a plan item that is not done: the visit it is scheduled into (with a
 * way to unlink it), or a picker of the patient's upcoming visits to schedule
 * it into, or — when the patient has none — a link to book one.
 */
import { Button, Select } from "../ui/mod.ts";
import type { ItemAppointment } from "../../lib/treatment/item-appointments.ts";
import type { PlanItem } from "../../lib/treatment/plans.ts";
import { formatDateTime } from "../../lib/view/format.ts";

export interface ScheduleContext {
  planId: string;
  patientId: string;
  appointments: ItemAppointment[];
  timeZone: string;
  /** The member may book appointments: offer "Book a visit" when there is none to pick. */
  canBook: boolean;
}

const visitText = (a: ItemAppointment, timeZone: string) =>
  `${formatDateTime(a.startsAt, timeZone)} · ${a.type}`;

export function ItemSchedule({ item, context }: { item: PlanItem; context: ScheduleContext }) {
  const action = `/treatment-plans/${context.planId}/items/${item.id}/schedule`;
  const linked = item.appointmentId
    ? context.appointments.find((a) => a.id === item.appointmentId)
    : undefined;
  if (item.appointmentId) {
    return (
      <form
        method="post"
        action={action}
        class="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs"
        data-item-schedule="linked"
      >
        <input type="hidden" name="appointmentId" value="" />
        <a
          href={`/appointments/${item.appointmentId}`}
          class="font-medium text-sky-800 hover:underline"
          data-linked-appointment={item.appointmentId}
        >
          {linked ? visitText(linked, context.timeZone) : "Linked appointment"}
        </a>
        <button type="submit" class="font-semibold text-slate-600 hover:underline">
          Unschedule
        </button>
      </form>
    );
  }
  const open = context.appointments.filter((a) => a.open);
  if (open.length === 0) {
    return context.canBook
      ? (
        <p class="mt-1.5 text-xs text-slate-500" data-item-schedule="book">
          No upcoming visit to schedule it into.{" "}
          <a
            href={`/appointments/new?patient=${context.patientId}`}
            class="font-semibold text-brand-700 hover:underline"
          >
            Book a visit
          </a>
        </p>
      )
      : null;
  }
  const id = `schedule-${item.id}`;
  // Folded: a plan lists many items, and a picker under each would bury the plan itself.
  return (
    <details class="group mt-1 text-xs" data-item-schedule="pick">
      <summary class="inline-flex min-h-[1.75rem] cursor-pointer list-none items-center font-semibold text-brand-700 hover:underline">
        Schedule into a visit…
      </summary>
      <form method="post" action={action} class="mt-1.5 flex flex-wrap items-center gap-2">
        <label for={id} class="sr-only">Visit for {item.name}</label>
        <Select id={id} name="appointmentId" class="min-w-[14rem] max-w-full flex-1 text-xs">
          {open.map((a) => <option key={a.id} value={a.id}>{visitText(a, context.timeZone)}
          </option>)}
        </Select>
        <Button type="submit" variant="secondary" size="sm">Schedule</Button>
      </form>
    </details>
  );
}
