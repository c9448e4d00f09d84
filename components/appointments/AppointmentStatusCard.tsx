/**
 * The "Status" card: the status now and one plain form per move the member
 * may make, posting to the appointment's status route. A move that must wait
 * is shown disabled with the reason, so nobody wonders why it is missing.
 * A completed visit offers only "Reopen visit", to members who may undo a
 * completion.
 */
import { Button, type ButtonVariant, Card } from "../ui/mod.ts";
import { StatusBadge } from "./StatusBadge.tsx";
import type { AppointmentDetails } from "../../lib/appointments/queries.ts";
import type { StatusMoves } from "../../lib/appointments/status-moves.ts";
import {
  type AppointmentStatus,
  STATUS_LABELS,
  TRANSITIONS,
} from "../../lib/appointments/statuses.ts";

/** What each move is called on its button, and how prominent it is. */
const ACTIONS: Record<AppointmentStatus, { label: string; variant: ButtonVariant }> = {
  scheduled: { label: "Schedule", variant: "secondary" },
  confirmed: { label: "Confirm", variant: "primary" },
  in_progress: { label: "Start visit", variant: "primary" },
  completed: { label: "Complete visit", variant: "primary" },
  no_show: { label: "Mark no-show", variant: "secondary" },
  cancelled: { label: "Cancel appointment", variant: "danger" },
};

export function AppointmentStatusCard(
  { appointment, moves: { allowed, notYet } }: {
    appointment: AppointmentDetails;
    moves: StatusMoves;
  },
) {
  const next = TRANSITIONS[appointment.status];
  // Reopening undoes a completion; it is no step forward, so it is offered quietly.
  const reopening = appointment.status === "completed";
  return (
    <Card title="Status">
      <div class="space-y-3 px-5 py-4">
        <div class="flex items-center justify-between gap-3">
          <span class="text-sm text-slate-500">Now</span>
          <StatusBadge status={appointment.status} />
        </div>
        {allowed.length > 0 && (
          <div class="space-y-2 pt-1" data-status-actions>
            {allowed.map((status) => (
              <form
                key={status}
                method="post"
                action={`/appointments/${appointment.id}/status`}
              >
                <input type="hidden" name="status" value={status} />
                {reopening && <input type="hidden" name="reopen" value="1" />}
                <Button
                  variant={reopening ? "secondary" : ACTIONS[status].variant}
                  class="w-full"
                  data-action={reopening ? "reopen" : status}
                  disabled={Boolean(notYet[status])}
                  aria-describedby={notYet[status] ? `not-yet-${status}` : undefined}
                >
                  {reopening ? "Reopen visit" : ACTIONS[status].label}
                </Button>
                {reopening && (
                  <p class="mt-1 text-xs text-slate-500" data-reopen-hint>
                    Back to in progress, for a completion recorded by mistake. Consumables the
                    completion took from stock are returned.
                  </p>
                )}
                {notYet[status] && (
                  <p id={`not-yet-${status}`} class="mt-1 text-xs text-slate-500" data-not-yet>
                    {notYet[status]}
                  </p>
                )}
              </form>
            ))}
          </div>
        )}
        {reopening && allowed.length === 0 && (
          <p class="text-sm text-slate-500">The visit is completed.</p>
        )}
        {next.length === 0 && (
          <p class="text-sm text-slate-500">
            {STATUS_LABELS[appointment.status]} is final; the status no longer changes.
          </p>
        )}
        {next.length > 0 && !reopening && allowed.length === 0 && (
          <p class="text-sm text-slate-500">
            You can see this appointment but not change its status.
          </p>
        )}
      </div>
    </Card>
  );
}
