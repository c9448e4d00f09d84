/**
 * A patient's record: who they are, the actions the member may take, and
 * the open tab (overview, appointments, chart, notes or radiology).
 */
import type { ToothFindings } from "../../lib/dicom/analysis/finding-teeth.ts";
import type { VNode } from "preact";
import { ButtonLink, Card } from "../ui/mod.ts";
import { PatientChartPanel } from "../clinical/PatientChartPanel.tsx";
import type { ToothBadge } from "../clinical/DentalChart.tsx";
import { PatientNotesPanel } from "../clinical/PatientNotesPanel.tsx";
import { BackLink } from "./BackLink.tsx";
import { PatientActivity } from "./PatientActivity.tsx";
import { PatientAppointments } from "./PatientAppointments.tsx";
import {
  ageAndGender,
  clinicToday,
  PatientAlertBadge,
  PatientAlerts,
  PatientAvatar,
  PatientCard,
} from "./PatientCard.tsx";
import { PatientNotice } from "./PatientNotice.tsx";
import { PatientTabs } from "./PatientTabs.tsx";
import { PatientLabTab } from "../lab/PatientLabTab.tsx";
import type { PatientActivityEntry } from "../../lib/patients/activity.ts";
import type { Disclosure, Patient } from "../../lib/patients/records.ts";
import type { PatientRecord } from "../../lib/patients/record-tabs.ts";
import type { ChartPermissions, NotePermissions } from "../../lib/clinical/permissions.ts";
import type { ChartView } from "../../lib/clinical/odontogram-geometry.ts";
import { formatDateTime } from "../../lib/view/format.ts";

export interface PatientRecordPageProps {
  record: PatientRecord;
  disclosure: Disclosure;
  may: { edit: boolean; book: boolean; notes: NotePermissions; chart: ChartPermissions };
  timeZone: string;
  now: Date;
  /** `?notice=`: the patient was just registered or saved. */
  notice?: string;
  /** `?clinical=`: a chart or note form was just posted. */
  clinicalNotice?: string;
  dentition: ChartView;
  /** `?asOf=`: the chart tab draws the chart as it stood on this date. */
  chartAsOf?: string;
  /** Teeth tagged on X-rays, for the chart tab. */
  xrayTeeth: Map<string, number>;
  /** Teeth named in AI findings, for the chart tab. */
  aiTeeth?: Map<string, ToothFindings>;
  /** Badges of planned treatment per tooth, for the chart tab. */
  plannedBadges?: Record<string, ToothBadge[]>;
  /** The radiology tab, rendered by the radiology module. */
  radiology: VNode | null;
  /** The WhatsApp conversation tab, rendered by the WhatsApp module. */
  whatsapp?: VNode | null;
  /** The Billing tab, rendered by the finance module. */
  billing?: VNode | null;
}

function Overview(
  { patient, disclosure, activity, today, timeZone }: {
    patient: Patient;
    disclosure: Disclosure;
    activity: PatientActivityEntry[] | null;
    today: string;
    timeZone: string;
  },
) {
  return (
    // Alerts come first on a phone; on a wide screen they head the side column.
    <div class="grid grid-cols-1 items-start gap-6 lg:grid-cols-3 lg:grid-rows-[auto_1fr]">
      {disclosure.alerts && (
        <div class="lg:col-start-3 lg:row-start-1">
          <PatientAlerts alerts={patient.medicalAlerts} />
        </div>
      )}
      <div class="lg:col-span-2 lg:col-start-1 lg:row-span-2 lg:row-start-1">
        <PatientCard
          patient={patient}
          today={today}
          contact={disclosure.contact}
          whatsapp={disclosure.whatsapp}
        />
      </div>
      <div class="space-y-6 lg:col-start-3">
        <Card title="Record">
          <dl class="divide-y divide-slate-100 text-sm">
            <div class="flex justify-between gap-4 px-5 py-3">
              <dt class="text-slate-500">Registered</dt>
              <dd class="text-right font-medium text-slate-900">
                {formatDateTime(patient.createdAt, timeZone)}
              </dd>
            </div>
            <div class="flex justify-between gap-4 px-5 py-3">
              <dt class="text-slate-500">Last updated</dt>
              <dd class="text-right font-medium text-slate-900">
                {formatDateTime(patient.updatedAt, timeZone)}
              </dd>
            </div>
          </dl>
        </Card>
        {activity && <PatientActivity entries={activity} timeZone={timeZone} />}
      </div>
    </div>
  );
}

export function PatientRecordPage(props: PatientRecordPageProps) {
  const { record: { patient, tabs, panel }, disclosure, may, timeZone, now } = props;
  const today = clinicToday(now, timeZone);
  const bookHref = `/appointments/new?patient=${patient.id}`;
  const summary = ageAndGender(patient, today);
  return (
    <>
      <BackLink href="/patients" label="Patients" />
      <div class="mb-6 flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between">
        <div class="flex min-w-0 items-center gap-4">
          <PatientAvatar name={patient.fullName} size="lg" />
          <div class="min-w-0">
            <h1 class="truncate text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">
              {patient.fullName}
            </h1>
            <p class="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-500">
              <span class="font-mono">{patient.mrn}</span>
              {summary && <span>· {summary}</span>}
              {patient.medicalAlerts && <PatientAlertBadge />}
              {patient.tags.map((tag) => (
                <span
                  key={tag}
                  class="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700"
                  data-patient-tag={tag}
                >
                  {tag.replaceAll("_", " ")}
                </span>
              ))}
            </p>
          </div>
        </div>
        <div class="flex flex-wrap gap-2">
          {may.edit && (
            <ButtonLink href={`/patients/${patient.id}/edit`} variant="secondary" data-edit-patient>
              Edit patient
            </ButtonLink>
          )}
          {may.edit && (
            <ButtonLink
              href={`/patients/${patient.id}/portal-invite`}
              variant="secondary"
              data-portal-invite
            >
              Invite to portal
            </ButtonLink>
          )}
          {may.book && (
            <ButtonLink href={bookHref} data-new-appointment>
              New appointment
            </ButtonLink>
          )}
        </div>
      </div>
      <PatientNotice code={props.notice} />
      <PatientTabs patientId={patient.id} tabs={tabs} current={panel.tab} />
      {panel.tab === "overview" && (
        <Overview
          patient={patient}
          disclosure={disclosure}
          activity={panel.activity}
          today={today}
          timeZone={timeZone}
        />
      )}
      {panel.tab === "appointments" && (
        <PatientAppointments
          lists={panel.lists}
          timeZone={timeZone}
          bookHref={may.book ? bookHref : undefined}
        />
      )}
      {panel.tab === "chart" && (
        <PatientChartPanel
          patientId={patient.id}
          view={props.dentition}
          entries={panel.entries}
          history={panel.history}
          asOf={props.chartAsOf}
          visitToday={panel.visitToday}
          mobility={panel.mobility}
          palette={panel.palette}
          timeZone={timeZone}
          xrayTeeth={props.xrayTeeth}
          aiTeeth={props.aiTeeth}
          plannedBadges={props.plannedBadges}
          permissions={may.chart}
          today={today}
          notice={props.clinicalNotice}
        />
      )}
      {panel.tab === "notes" && (
        <PatientNotesPanel
          patientId={patient.id}
          notes={panel.notes}
          permissions={may.notes}
          timeZone={timeZone}
          notice={props.clinicalNotice}
        />
      )}
      {panel.tab === "radiology" && props.radiology}
      {panel.tab === "whatsapp" && props.whatsapp}
      {panel.tab === "billing" && props.billing}
      {panel.tab === "lab" && (
        <PatientLabTab patientId={patient.id} panel={panel.lab} timeZone={timeZone} />
      )}
    </>
  );
}
