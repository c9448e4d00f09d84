/**
 * Appointment detail (issue 4): the patient, doctor, operatory and time on
 * the clinic's clock, the status with the moves the member may make, notes,
 * and the appointment's history. Status buttons are plain forms posting to
 * this module, which checks the same permissions and calls the same lib
 * function as POST /api/v1/appointments/:id/status.
 */
import { COLOR_TAG_SWATCHES } from "../components/color-tags.ts";
import { Hono } from "hono";
import type { Context } from "hono";
import { type ComponentChildren, Fragment } from "preact";
import { AppShell } from "../components/AppShell.tsx";
import { Card } from "../components/Card.tsx";
import { Icon } from "../components/Icon.tsx";
import { Notice } from "../components/Notice.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { loadStaffContext } from "../lib/auth/staff-context.ts";
import { AppError, badRequest, forbidden } from "../lib/errors.ts";
import { can } from "../lib/permissions/access.ts";
import { pageRequires } from "../lib/permissions/page-guards.ts";
import { accessOf } from "../lib/permissions/route-policy.ts";
import { listMembers } from "../lib/staff/members.ts";
import { listOperatories } from "../lib/appointments/operatories.ts";
import {
  type ActivityEntry,
  appointmentActivity,
  type AppointmentDetails,
  getAppointment,
} from "../lib/appointments/queries.ts";
import { setAppointmentStatus } from "../lib/appointments/status-changes.ts";
import { tooEarly } from "../lib/appointments/status-timing.ts";
import {
  type AppointmentStatus,
  type ColorTag,
  isAppointmentStatus,
  permissionForStatus,
  STATUS_LABELS,
  TRANSITIONS,
} from "../lib/appointments/statuses.ts";
import {
  clockTime,
  describeDate,
  describeSlot,
  offsetMinutes,
  wallClock,
} from "../lib/time/zoned.ts";
import { formatDateTime } from "../lib/view/format.ts";
import { renderDocument } from "./_document.ts";
import { staffPage } from "./resume.tsx";
import { ClinicalNotice, notePermissions } from "./clinical.tsx";
import { ClinicalNotes } from "../components/ClinicalNotes.tsx";
import { listNotes } from "../lib/clinical/notes.ts";
import {
  appointmentXrays,
  AppointmentXraysCard,
} from "../components/RadiologyAppointmentPanel.tsx";

const NOTICES: Partial<Record<AppointmentStatus, string>> = {
  confirmed: "Appointment confirmed.",
  in_progress: "Visit started.",
  completed: "Visit completed.",
  cancelled: "Appointment cancelled. The doctor and the operatory are free again.",
  no_show: "Marked as a no-show. The doctor and the operatory are free again.",
};

const BUTTON =
  "inline-flex w-full items-center justify-center rounded-lg px-3.5 py-2 text-sm font-semibold shadow-sm focus:outline-none focus:ring-2 focus:ring-brand-500/50 focus:ring-offset-2";
const PRIMARY = `${BUTTON} bg-brand-600 text-white hover:bg-brand-700`;
const SECONDARY =
  `${BUTTON} bg-white text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50`;
const DANGER = `${BUTTON} bg-white text-red-700 ring-1 ring-inset ring-red-200 hover:bg-red-50`;

/** What each move is called on its button, and how prominent it is. */
const ACTIONS: Record<AppointmentStatus, { label: string; style: string }> = {
  scheduled: { label: "Schedule", style: SECONDARY },
  confirmed: { label: "Confirm", style: PRIMARY },
  in_progress: { label: "Start visit", style: PRIMARY },
  completed: { label: "Complete visit", style: PRIMARY },
  no_show: { label: "Mark no-show", style: SECONDARY },
  cancelled: { label: "Cancel appointment", style: DANGER },
};

const STATUS_STYLES: Record<AppointmentStatus, string> = {
  scheduled: "bg-slate-50 text-slate-700 ring-slate-200",
  confirmed: "bg-sky-50 text-sky-700 ring-sky-200",
  in_progress: "bg-amber-50 text-amber-800 ring-amber-200",
  completed: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  cancelled: "bg-red-50 text-red-700 ring-red-200",
  no_show: "bg-orange-50 text-orange-700 ring-orange-200",
};

const FIELD_LABELS: Record<string, string> = {
  patientId: "patient",
  type: "type",
  colorTag: "colour tag",
  notes: "notes",
};

export function StatusBadge({ status }: { status: AppointmentStatus }) {
  return (
    <span
      class={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${
        STATUS_STYLES[status]
      }`}
      data-status={status}
    >
      {STATUS_LABELS[status]}
    </span>
  );
}

export function ColorTagSwatch({ tag }: { tag: ColorTag }) {
  return (
    <span class="inline-flex items-center gap-2" data-color-tag={tag}>
      <span class={`h-3 w-3 rounded-full ${COLOR_TAG_SWATCHES[tag]}`} aria-hidden="true" />
      <span class="capitalize">{tag}</span>
    </span>
  );
}

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="flex items-baseline justify-between gap-4 px-5 py-3 sm:grid sm:grid-cols-3 sm:justify-start">
      <dt class="shrink-0 text-sm text-slate-500">{label}</dt>
      <dd class="min-w-0 text-right text-sm font-medium text-slate-900 sm:col-span-2 sm:text-left">
        {children}
      </dd>
    </div>
  );
}

/** `UTC+05:00`, so nobody wonders which clock a time is on. */
function utcOffset(instant: Date, timeZone: string): string {
  const offset = offsetMinutes(instant, timeZone);
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `UTC${offset < 0 ? "-" : "+"}${hh}:${mm}`;
}

interface Names {
  doctors: Map<string, string>;
  operatories: Map<string, string>;
}

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

function ActivityLog(
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

function StatusActions(
  { appointment, allowed, mayChange, notYet }: {
    appointment: AppointmentDetails;
    allowed: AppointmentStatus[];
    mayChange: boolean;
    /** Moves the member may make but not yet (./status-timing.ts), with the reason. */
    notYet: Partial<Record<AppointmentStatus, string>>;
  },
) {
  const next = TRANSITIONS[appointment.status];
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
                <button
                  type="submit"
                  class={`${ACTIONS[status].style} disabled:cursor-not-allowed disabled:opacity-50`}
                  data-action={status}
                  disabled={Boolean(notYet[status])}
                  aria-describedby={notYet[status] ? `not-yet-${status}` : undefined}
                >
                  {ACTIONS[status].label}
                </button>
                {notYet[status] && (
                  <p id={`not-yet-${status}`} class="mt-1 text-xs text-slate-500" data-not-yet>
                    {notYet[status]}
                  </p>
                )}
              </form>
            ))}
          </div>
        )}
        {next.length === 0 && (
          <p class="text-sm text-slate-500">
            {STATUS_LABELS[appointment.status]} is final; the status no longer changes.
          </p>
        )}
        {next.length > 0 && !mayChange && (
          <p class="text-sm text-slate-500">
            You can see this appointment but not change its status.
          </p>
        )}
      </div>
    </Card>
  );
}

interface PageState {
  notice?: string;
  error?: string;
}

async function renderAppointmentPage(
  c: Context<AppEnv>,
  appointmentId: string,
  state: PageState = {},
  status = 200,
) {
  const { deps, principal } = c.var;
  const me = await loadStaffContext(deps, principal);
  const clinicId = me.clinic!.id;
  const timeZone = me.clinic!.timeZone;
  const appointment = await getAppointment(deps.db, clinicId, appointmentId);
  const [activity, members, rooms] = await Promise.all([
    appointmentActivity(deps.db, clinicId, appointment.id),
    listMembers(deps.db, clinicId),
    listOperatories(deps.db, clinicId),
  ]);
  const names: Names = {
    doctors: new Map(members.map((m) => [m.userId, m.name])),
    operatories: new Map(rooms.map((r) => [r.id, r.name])),
  };
  const may = (key: string) => can(me.access, key);
  const clinicalNotes = may("clinical.notes.view")
    ? await listNotes(deps.db, clinicId, { appointmentId: appointment.id })
    : null;
  const xrays = may("radiology.view")
    ? await appointmentXrays(deps.db, clinicId, appointment.id)
    : null;
  // Cancelling, the one move that cannot be undone by rebooking the same slot, comes last.
  const allowed = TRANSITIONS[appointment.status]
    .filter((to) => may(permissionForStatus(to)))
    .sort((a, b) => Number(a === "cancelled") - Number(b === "cancelled"));
  const now = new Date();
  const notYet: Partial<Record<AppointmentStatus, string>> = {};
  for (const to of allowed) {
    const early = tooEarly(to, appointment.startsAt, now, timeZone);
    if (early) notYet[to] = early.message;
  }
  const start = wallClock(appointment.startsAt, timeZone);
  const end = wallClock(
    new Date(appointment.startsAt.getTime() + appointment.durationMinutes * 60_000),
    timeZone,
  );
  const when = `${clockTime(start.minutes)}–${clockTime(end.minutes)}`;

  return c.html(
    renderDocument(
      <AppShell me={me} refreshLeadMs={deps.config.refreshLeadSeconds * 1000} current="/calendar">
        <a
          href={`/patients/${appointment.patientId}`}
          class="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-slate-500 hover:text-slate-700"
        >
          <Icon name="arrowLeft" class="h-4 w-4" />
          {appointment.patientName}
        </a>
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
                {describeDate(start.date)} · <span class="whitespace-nowrap">{when}</span>
              </h1>
              <p class="mt-1 text-sm text-slate-500">
                {appointment.patientName} with {appointment.doctorName} in{" "}
                {appointment.operatoryName}
              </p>
            </div>
          </div>
          <div class="pl-6 sm:pl-0">
            <StatusBadge status={appointment.status} />
          </div>
        </div>
        {state.notice && <Notice tone="success">{state.notice}</Notice>}
        {state.error && <Notice tone="error">{state.error}</Notice>}

        {/* On a phone the status actions come first; on a desk they sit beside the details. */}
        <div class="grid grid-cols-1 items-start gap-6 lg:grid-cols-3 lg:grid-rows-[auto_1fr]">
          <div class="min-w-0 lg:col-start-3 lg:row-start-1">
            <StatusActions
              appointment={appointment}
              allowed={allowed}
              mayChange={allowed.length > 0}
              notYet={notYet}
            />
          </div>
          <div class="min-w-0 space-y-6 lg:col-span-2 lg:col-start-1 lg:row-span-2 lg:row-start-1">
            <Card title="Appointment">
              <dl class="divide-y divide-slate-100" data-appointment>
                <Fact label="Patient">
                  <a
                    href={`/patients/${appointment.patientId}`}
                    class="text-brand-700 hover:underline"
                  >
                    {appointment.patientName}
                  </a>
                  <span class="ml-2 font-mono text-xs text-slate-500" data-mrn>
                    {appointment.patientMrn}
                  </span>
                </Fact>
                <Fact label="Doctor">{appointment.doctorName}</Fact>
                <Fact label="Operatory">{appointment.operatoryName}</Fact>
                <Fact label="Date">{describeDate(start.date)}</Fact>
                <Fact label="Time">
                  <time dateTime={appointment.startsAt.toISOString()}>{when}</time>
                  <span class="ml-2 text-xs font-normal text-slate-500">
                    {timeZone} ({utcOffset(appointment.startsAt, timeZone)})
                  </span>
                </Fact>
                <Fact label="Duration">{appointment.durationMinutes} min</Fact>
                <Fact label="Type">{appointment.type}</Fact>
                <Fact label="Colour tag">
                  <ColorTagSwatch tag={appointment.colorTag} />
                </Fact>
              </dl>
            </Card>

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

            {clinicalNotes && (
              <div id="clinical-notes" class="space-y-3">
                <ClinicalNotice code={c.req.query("clinical")} />
                <Card title="Clinical notes">
                  <ClinicalNotes
                    notes={clinicalNotes}
                    timeZone={timeZone}
                    permissions={notePermissions(me.access!, principal.userId)}
                    patientId={appointment.patientId}
                    appointmentId={appointment.id}
                  />
                </Card>
              </div>
            )}
          </div>

          <div class="min-w-0 lg:col-start-3 lg:row-start-2">
            <ActivityLog entries={activity} names={names} timeZone={timeZone} />
          </div>
        </div>
      </AppShell>,
      { title: `${appointment.patientName} · ${describeDate(start.date)}` },
    ),
    status as 200,
  );
}

async function formField(c: Context<AppEnv>, name: string): Promise<string> {
  const form = await c.req.formData().catch(() => new FormData());
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/** A refusal the user can act on (a move no longer allowed) is shown on the page. */
const isUserError = (error: unknown): error is AppError =>
  error instanceof AppError && error.status < 500 && error.status !== 404 && error.status !== 403;

export const appointmentRoutes = new Hono<AppEnv>()
  .get("/appointments/:id", staffPage, pageRequires("appointments.view"), (c) => {
    const notice = NOTICES[c.req.query("notice") as AppointmentStatus];
    return renderAppointmentPage(c, c.req.param("id"), { notice });
  })
  .post(
    "/appointments/:id/status",
    staffPage,
    pageRequires("appointments.status.update"),
    async (c) => {
      const id = c.req.param("id");
      const status = await formField(c, "status");
      try {
        if (!isAppointmentStatus(status)) throw badRequest("Choose a status to move to.");
        const needed = permissionForStatus(status);
        if (!can(await accessOf(c), needed)) {
          throw forbidden("FORBIDDEN", "You do not have permission to do this", {
            permission: needed,
          });
        }
        await setAppointmentStatus(c.var.deps, {
          clinicId: c.var.principal.clinicId!,
          appointmentId: id,
          status,
          actorId: c.var.principal.userId,
        });
      } catch (error) {
        if (!isUserError(error)) throw error;
        return renderAppointmentPage(c, id, { error: error.message }, error.status);
      }
      return c.redirect(`/appointments/${id}?notice=${status}`, 303);
    },
  );
