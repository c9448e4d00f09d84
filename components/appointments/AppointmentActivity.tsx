/**
 * The appointment's history in words: booked, moved, status changes and
 * edits, each with who did it and when on the clinic's clock. Entries name
 * doctors and rooms by id, so a removed one still reads sensibly.
 */
import { type ComponentChildren, Fragment } from "preact";
import { Card } from "../ui/mod.ts";
import { StatusBadge } from "./StatusBadge.tsx";
import type { ActivityEntry } from "../../lib/appointments/queries.ts";
import type { AppointmentDetail } from "../../lib/appointments/detail.ts";
import type { AppointmentStatus } from "../../lib/appointments/statuses.ts";
import { describeSlot } from "../../lib/time/zoned.ts";
import { formatDateTime } from "../../lib/view/format.ts";

type Names = AppointmentDetail["names"];

const FIELD_LABELS: Record<string, string> = {
  patientId: "patient",
  type: "type",
  colorTag: "colour tag",
  notes: "notes",
};

/** A moment in an activity entry's details (`startsAt` with offset), on the clinic's clock. */
function slotOf(details: unknown, timeZone: string): string | null {
  const schedule = details as { startsAt?: string; durationMinutes?: number } | undefined;
  if (!schedule?.startsAt || !schedule.durationMinutes) return null;
  return describeSlot(new Date(schedule.startsAt), schedule.durationMinutes, timeZone);
}

function describeEntry(entry: ActivityEntry, names: Names, timeZone: string): ComponentChildren {
  const d = entry.details;
  const doctor = (id: unknown) => names.doctors.get(String(id)) ?? "a former doctor";
  const room = (id: unknown) => names.operatories.get(String(id)) ?? "a removed operatory";
  switch (entry.action) {
    case "appointments.created":
      return (
        <>
          Booked for <strong class="font-medium">{slotOf(d, timeZone)}</strong> with{" "}
          {doctor(d.doctorId)} in {room(d.operatoryId)}
          {d.allowClosed ? " (outside working hours)" : ""}
        </>
      );
    case "appointments.rescheduled": {
      const from = d.from as Record<string, unknown>;
      const to = d.to as Record<string, unknown>;
      const parts: ComponentChildren[] = [];
      if (from.startsAt !== to.startsAt || from.durationMinutes !== to.durationMinutes) {
        parts.push(
          <>
            moved from {slotOf(from, timeZone)} to{" "}
            <strong class="font-medium">{slotOf(to, timeZone)}</strong>
          </>,
        );
      }
      if (from.doctorId !== to.doctorId) {
        parts.push(<>doctor {doctor(from.doctorId)} → {doctor(to.doctorId)}</>);
      }
      if (from.operatoryId !== to.operatoryId) {
        parts.push(<>{room(from.operatoryId)} → {room(to.operatoryId)}</>);
      }
      return (
        <>
          Rescheduled: {parts.map((part, i) => (
            <Fragment key={i}>
              {i > 0 && "; "}
              {part}
            </Fragment>
          ))}
        </>
      );
    }
    case "appointments.status_changed":
      return (
        <span class="inline-flex flex-wrap items-center gap-1.5">
          Status
          <StatusBadge status={d.from as AppointmentStatus} />
          <span aria-label="to">→</span>
          <StatusBadge status={d.to as AppointmentStatus} />
        </span>
      );
    case "appointments.updated": {
      const fields = (d.fields as string[] | undefined) ?? [];
      return <>Changed the {fields.map((f) => FIELD_LABELS[f] ?? f).join(", ")}</>;
    }
    default:
      return entry.action;
  }
}

export function AppointmentActivity(
  { entries, names, timeZone }: { entries: ActivityEntry[]; names: Names; timeZone: string },
) {
  return (
    <Card title="Activity">
      {entries.length === 0
        ? <p class="px-5 py-6 text-sm text-slate-500">Nothing has happened yet.</p>
        : (
          <ol class="divide-y divide-slate-100" data-activity>
            {entries.map((entry) => (
              <li key={entry.id} class="px-5 py-3.5" data-action={entry.action}>
                <p class="text-sm text-slate-800">{describeEntry(entry, names, timeZone)}</p>
                <p class="mt-1 text-xs text-slate-500">
                  {entry.actorName ?? "The patient"} ·{" "}
                  <time dateTime={entry.createdAt.toISOString()}>
                    {formatDateTime(entry.createdAt, timeZone)}
                  </time>
                </p>
              </li>
            ))}
          </ol>
        )}
    </Card>
  );
}
