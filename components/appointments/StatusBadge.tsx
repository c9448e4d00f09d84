/** An appointment's status as a coloured label, the same on every page that lists visits. */
import { Badge, type BadgeTone } from "../ui/mod.ts";
import { type AppointmentStatus, STATUS_LABELS } from "../../lib/appointments/statuses.ts";

const TONES: Record<AppointmentStatus, BadgeTone> = {
  scheduled: "slate",
  confirmed: "sky",
  in_progress: "amber",
  completed: "green",
  cancelled: "red",
  no_show: "rose",
};

export function StatusBadge({ status }: { status: AppointmentStatus }) {
  return (
    <span class="inline-flex" data-status={status}>
      <Badge tone={TONES[status]}>{STATUS_LABELS[status]}</Badge>
    </span>
  );
}
