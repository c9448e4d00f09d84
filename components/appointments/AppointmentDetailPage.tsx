/**
 * The appointment detail page: the patient, doctor, operatory and time on
 * the clinic's clock, the status with the moves the member may make, notes,
 * X-rays and clinical notes of the visit, and the appointment's history.
 */
import { Card, Notice } from "../ui/mod.ts";
import { COLOR_TAG_SWATCHES } from "../color-tags.ts";
import { AppointmentXraysCard } from "../RadiologyAppointmentPanel.tsx";
import { ClinicalNotes } from "../clinical/ClinicalNotes.tsx";
import { ClinicalNotice } from "../clinical/ClinicalNotice.tsx";
import { BackLink } from "../patients/BackLink.tsx";
import { AppointmentActivity } from "./AppointmentActivity.tsx";
import { AppointmentFacts } from "./AppointmentFacts.tsx";
import { AppointmentStatusCard } from "./AppointmentStatusCard.tsx";
import { StatusBadge } from "./StatusBadge.tsx";
import type { AppointmentXray } from "../../islands/AppointmentXrays.tsx";
import { AppointmentLabCases, type AppointmentLabCasesProps } from "../lab/AppointmentLabCases.tsx";
import type { AppointmentDetail } from "../../lib/appointments/detail.ts";
import type { AppointmentDetails } from "../../lib/appointments/queries.ts";
import type { AppointmentStatus } from "../../lib/appointments/statuses.ts";
import type { NotePermissions } from "../../lib/clinical/permissions.ts";
import { clockTime, describeDate, wallClock } from "../../lib/time/zoned.ts";

/** The banner after a status move, by the `?notice=` it redirects with. */
const NOTICES: Partial<Record<AppointmentStatus | "reopened", string>> = {
  confirmed: "Appointment confirmed.",
  in_progress: "Visit started.",
  reopened: "Visit reopened: it is in progress again.",
  completed: "Visit completed.",
  cancelled: "Appointment cancelled. The doctor and the operatory are free again.",
  no_show: "Marked as a no-show. The doctor and the operatory are free again.",
};

function schedule(appointment: AppointmentDetails, timeZone: string) {
  const start = wallClock(appointment.startsAt, timeZone);
  const end = wallClock(
    new Date(appointment.startsAt.getTime() + appointment.durationMinutes * 60_000),
    timeZone,
  );
  return { date: start.date, when: `${clockTime(start.minutes)}–${clockTime(end.minutes)}` };
}

/** "Zainab Qureshi · Monday 2 March", the page's title. */
export function appointmentTitle(appointment: AppointmentDetails, timeZone: string): string {
  return `${appointment.patientName} · ${describeDate(schedule(appointment, timeZone).date)}`;
}

export interface AppointmentDetailPageProps {
  detail: AppointmentDetail;
  /** The visit's X-rays; null when the member may not see radiology. */
  xrays: AppointmentXray[] | null;
  timeZone: string;
  notePermissions: NotePermissions;
  /** `?notice=`: the status just moved to. */
  notice?: string;
  /** `?clinical=`: the clinical form just posted. */
  clinicalNotice?: string;
  /** A refused move, explained. */
  error?: string;
  /** The visit's lab cases; absent when the member may not see them (or the clinic has no lab). */
  labCases?: Omit<AppointmentLabCasesProps, "appointmentId" | "patientId" | "timeZone"> | null;
}

export function AppointmentDetailPage(
  { detail, xrays, timeZone, notePermissions, notice, clinicalNotice, error, labCases }:
    AppointmentDetailPageProps,
) {
  const { appointment, clinicalNotes } = detail;
  const { date, when } = schedule(appointment, timeZone);
  const noticeText = NOTICES[notice as keyof typeof NOTICES];
  return (
    <>
      <BackLink href={`/patients/${appointment.patientId}`} label={appointment.patientName} />
      <div class="mb-8 flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div class="flex min-w-0 items-start gap-4">
          <span
            class={`mt-1.5 h-10 w-1.5 shrink-0 rounded-full ${
              COLOR_TAG_SWATCHES[appointment.colorTag]
            }`}
            aria-hidden="true"
          />
          <div class="min-w-0">
            <p class="text-sm font-medium text-slate-500">{appointment.type}</p>
            <h1 class="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">
              {describeDate(date)} · <span class="whitespace-nowrap">{when}</span>
            </h1>
            <p class="mt-1 text-sm text-slate-500">
              {appointment.patientName} with {appointment.doctorName} in {appointment.operatoryName}
            </p>
          </div>
        </div>
        <div class="pl-6 sm:pl-0">
          <StatusBadge status={appointment.status} />
        </div>
      </div>
      {noticeText && <Notice tone="success">{noticeText}</Notice>}
      {error && <Notice tone="error">{error}</Notice>}

      {/* On a phone the status actions come first; on a desk they sit beside the details. */}
      <div class="grid grid-cols-1 items-start gap-6 lg:grid-cols-3 lg:grid-rows-[auto_1fr]">
        <div class="min-w-0 lg:col-start-3 lg:row-start-1">
          <AppointmentStatusCard appointment={appointment} moves={detail.moves} />
        </div>
        <div class="min-w-0 space-y-6 lg:col-span-2 lg:col-start-1 lg:row-span-2 lg:row-start-1">
          <AppointmentFacts appointment={appointment} date={date} when={when} timeZone={timeZone} />

          <Card title="Notes">
            <p class="whitespace-pre-line px-5 py-4 text-sm text-slate-700" data-notes>
              {appointment.notes ?? <span class="text-slate-500">No notes.</span>}
            </p>
          </Card>

          {xrays && (
            <AppointmentXraysCard
              appointmentId={appointment.id}
              patientId={appointment.patientId}
              captures={xrays}
              timeZone={timeZone}
            />
          )}

          {labCases && (
            <AppointmentLabCases
              appointmentId={appointment.id}
              patientId={appointment.patientId}
              timeZone={timeZone}
              {...labCases}
            />
          )}

          {clinicalNotes && (
            <div id="clinical-notes" class="space-y-3">
              <ClinicalNotice code={clinicalNotice} />
              <Card title="Clinical notes">
                <ClinicalNotes
                  notes={clinicalNotes}
                  timeZone={timeZone}
                  permissions={notePermissions}
                  patientId={appointment.patientId}
                  appointmentId={appointment.id}
                />
              </Card>
            </div>
          )}
        </div>

        <div class="min-w-0 lg:col-start-3 lg:row-start-2">
          <AppointmentActivity entries={detail.activity} names={detail.names} timeZone={timeZone} />
        </div>
      </div>
    </>
  );
}
