/** What the hatches and muted cards mean, and how to drag for those who may. */
import { Card } from "../ui/mod.ts";
import { CLOSED_DAY_HATCH } from "../../lib/calendar/card-styles.ts";

export function CalendarLegend({ canReschedule }: { canReschedule: boolean }) {
  return (
    <Card>
      <ul class="space-y-2.5 px-4 py-4 text-xs text-slate-600">
        <li class="flex items-center gap-2.5">
          <span
            class="h-4 w-6 shrink-0 rounded ring-1 ring-slate-200"
            style={{ backgroundImage: CLOSED_DAY_HATCH }}
          />
          Clinic closed
        </li>
        <li class="flex items-center gap-2.5">
          <span
            class="h-4 w-6 shrink-0 rounded ring-1 ring-slate-200"
            style={{ background: "rgba(148,163,184,0.18)" }}
          />
          Outside working hours
        </li>
        <li class="flex items-center gap-2.5">
          <span
            class="h-4 w-6 shrink-0 rounded"
            style={{ background: "#f8fafc", borderLeft: "3px dashed #cbd5e1" }}
          />
          Cancelled or no-show
        </li>
        {canReschedule && (
          <li class="border-t border-slate-100 pt-2.5 text-slate-500">
            In the day and week grids, drag an appointment to another day or time to reschedule it
            (on a touch screen, press and hold it first); it snaps to 15 minutes.
          </li>
        )}
      </ul>
    </Card>
  );
}
