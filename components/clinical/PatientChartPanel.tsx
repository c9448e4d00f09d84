/**
 * The Chart tab of a patient's record: the odontogram (adult, primary or
 * mixed dentition) with X-ray, AI-finding and planned-treatment badges, the
 * chart's history (the chart as it stood on any past date), the form that
 * charts without JavaScript, and everything charted so far.
 */
import { ButtonLink, Card } from "../ui/mod.ts";
import {
  AI_FINDING_BADGE_COLOR,
  aiFindingBadges,
  XRAY_BADGE_COLOR,
  xrayBadges,
  XrayTeethLinks,
} from "../RadiologyChartBadges.tsx";
import type { ToothFindings } from "../../lib/dicom/analysis/finding-teeth.ts";
import { AddToChartForm, ChartEntryList } from "./ChartEntries.tsx";
import { ClinicalNotice } from "./ClinicalNotice.tsx";
import type { ToothBadge } from "./DentalChart.tsx";
import { ChartHistoryPicker } from "./ChartHistoryPicker.tsx";
import Odontogram from "../../islands/Odontogram.tsx";
import { chartAsOf, type ChartEntry } from "../../lib/clinical/chart.ts";
import type { ChartPermissions } from "../../lib/clinical/permissions.ts";
import type { ChartView } from "../../lib/clinical/odontogram-geometry.ts";
import type { ChartPalette } from "../../lib/clinical/odontogram-findings.ts";
import { PLANNED_BADGE_COLOR } from "../../lib/clinical/chart-palette.ts";

const NOTE_BADGE_COLOR = "#475569";
const MOBILITY_BADGE_COLOR = "#7c3aed";

/** A badge on each tooth with a charted note (the latest note read out) and on each mobile tooth. */
function noteAndMobilityBadges(
  entries: readonly ChartEntry[],
  mobility: ReadonlyMap<string, number>,
): Record<string, ToothBadge[]> {
  const badges: Record<string, ToothBadge[]> = {};
  const notes = new Map<string, string>();
  for (const entry of entries) if (entry.note) notes.set(entry.tooth, entry.note);
  for (const [tooth, note] of notes) {
    badges[tooth] = [{ label: `Note: ${note.slice(0, 80)}`, color: NOTE_BADGE_COLOR }];
  }
  for (const [tooth, grade] of mobility) {
    badges[tooth] = [...(badges[tooth] ?? []), {
      label: `Mobility ${grade}`,
      color: MOBILITY_BADGE_COLOR,
    }];
  }
  return badges;
}

function mergeBadges(...sets: Record<string, ToothBadge[]>[]): Record<string, ToothBadge[]> {
  const merged: Record<string, ToothBadge[]> = {};
  for (const set of sets) {
    for (const [tooth, badges] of Object.entries(set)) {
      merged[tooth] = [...(merged[tooth] ?? []), ...badges];
    }
  }
  return merged;
}

const VIEW_LABELS: Record<ChartView, string> = {
  permanent: "Adult",
  primary: "Primary",
  mixed: "Mixed",
};

export function chartTabHref(patientId: string, view: ChartView, asOf?: string) {
  const params = new URLSearchParams({ tab: "chart" });
  if (view !== "permanent") params.set("dentition", view);
  if (asOf) params.set("asOf", asOf);
  return `/patients/${patientId}?${params}`;
}

function DentitionToggle(
  { patientId, view, asOf }: { patientId: string; view: ChartView; asOf?: string },
) {
  return (
    <nav
      aria-label="Dentition"
      class="flex gap-1 rounded-lg bg-slate-100 p-1"
      data-dentition-toggle
    >
      {(Object.keys(VIEW_LABELS) as ChartView[]).map((value) => (
        <a
          key={value}
          href={chartTabHref(patientId, value, asOf)}
          aria-current={view === value ? "page" : undefined}
          class={`grid min-h-[36px] place-items-center rounded-md px-3 text-xs font-semibold ${
            view === value
              ? "bg-white text-slate-900 shadow-sm"
              : "text-slate-600 hover:text-slate-900"
          }`}
        >
          {VIEW_LABELS[value]}
        </a>
      ))}
    </nav>
  );
}

export interface PatientChartPanelProps {
  patientId: string;
  view: ChartView;
  /** The chart as it stands. */
  entries: readonly ChartEntry[];
  /** Every entry ever charted, removed ones too. */
  history: readonly ChartEntry[];
  /** `?asOf=`: draw the chart as it stood at the end of this date. */
  asOf?: string;
  /** Today's visit of the patient: new entries are charted at it. */
  visitToday: string | null;
  /** Mobile teeth from the latest perio exam. */
  mobility?: ReadonlyMap<string, number>;
  /** The clinic's chart colours; the convention's when omitted. */
  palette?: ChartPalette;
  timeZone: string;
  /** Teeth tagged on the patient's X-rays, with how many each. */
  xrayTeeth: Map<string, number>;
  /** Teeth named in findings of the patient's AI analyses. */
  aiTeeth?: Map<string, ToothFindings>;
  /** Teeth with planned treatment (treatment plans), badged beside the X-ray dot. */
  plannedBadges?: Record<string, ToothBadge[]>;
  permissions: ChartPermissions;
  /** The clinic's date, YYYY-MM-DD: the default date of a new entry. */
  today: string;
  /** `?clinical=`: the chart form just posted. */
  notice?: string;
}

export function PatientChartPanel(props: PatientChartPanelProps) {
  const { patientId, view, entries, history, asOf, permissions, today, visitToday } = props;
  const { xrayTeeth, aiTeeth = new Map(), plannedBadges = {} } = props;
  const { conditions, procedures } = permissions;
  const past = asOf && asOf < today ? asOf : undefined;
  const drawn = past ? chartAsOf(history, past, props.timeZone) : entries;
  const mobility = props.mobility ?? new Map<string, number>();
  const badges = mergeBadges(
    xrayBadges(xrayTeeth),
    aiFindingBadges(aiTeeth),
    plannedBadges,
    noteAndMobilityBadges(drawn, past ? new Map() : mobility),
  );
  const noted = drawn.some((entry) => entry.note);
  return (
    <div class="space-y-6">
      <ClinicalNotice code={props.notice} />
      <Card
        title="Dental chart · FDI"
        action={<DentitionToggle patientId={patientId} view={view} asOf={past} />}
      >
        <div class="space-y-4 px-2 py-4 lg:px-5" data-dental-chart={view}>
          <ChartHistoryPicker
            patientId={patientId}
            view={view}
            history={history}
            timeZone={props.timeZone}
            today={today}
            asOf={past}
          />
          <Odontogram
            patientId={patientId}
            view={view}
            entries={drawn.map(({ tooth, surface, kind, code }) => ({
              tooth,
              surface,
              kind,
              code,
            }))}
            badges={badges}
            plannedTeeth={Object.keys(plannedBadges)}
            may={{ conditions, procedures }}
            today={today}
            appointmentId={visitToday}
            readOnly={!!past}
            palette={props.palette}
          />
          <ul class="flex flex-wrap gap-x-4 gap-y-2 text-xs text-slate-600">
            {xrayTeeth.size > 0 && <BadgeKey label="X-ray" color={XRAY_BADGE_COLOR} />}
            {aiTeeth.size > 0 && <BadgeKey label="AI finding" color={AI_FINDING_BADGE_COLOR} />}
            {Object.keys(plannedBadges).length > 0 && (
              <BadgeKey label="On a treatment plan" color={PLANNED_BADGE_COLOR} />
            )}
            {noted && <BadgeKey label="Note" color={NOTE_BADGE_COLOR} />}
            {!past && mobility.size > 0 && (
              <BadgeKey label="Mobile (latest perio exam)" color={MOBILITY_BADGE_COLOR} />
            )}
          </ul>
          <XrayTeethLinks patientId={patientId} teeth={xrayTeeth} />
        </div>
      </Card>
      <section
        class="flex flex-wrap items-center justify-between gap-3 rounded-xl bg-white px-5 py-3.5 shadow-sm ring-1 ring-slate-200"
        data-perio-link
      >
        <div>
          <h2 class="text-sm font-semibold text-slate-900">Periodontal chart</h2>
          <p class="text-xs text-slate-500">
            Pocket depths, recession, bleeding per site; exams compared site by site.
          </p>
        </div>
        <div class="flex gap-2">
          <ButtonLink variant="secondary" href={`/patients/${patientId}/perio`}>
            Perio exams
          </ButtonLink>
          {conditions && (
            <ButtonLink href={`/patients/${patientId}/perio/new`}>New perio exam</ButtonLink>
          )}
        </div>
      </section>
      {(conditions || procedures) && !past && (
        <details class="rounded-xl border border-slate-200 bg-white shadow-sm" data-chart-form>
          <summary class="cursor-pointer px-5 py-3 text-sm font-semibold text-slate-800">
            Chart with a form
          </summary>
          <AddToChartForm
            patientId={patientId}
            dentition={view}
            today={today}
            conditions={conditions}
            procedures={procedures}
            appointmentId={visitToday}
          />
        </details>
      )}
      {/* The odontogram swaps this for the server's fresh copy after it charts something. */}
      <div data-chart-list>
        <Card
          title={past ? `Charted by ${past} (${drawn.length})` : `Charted (${entries.length})`}
        >
          <ChartEntryList
            entries={drawn}
            mayRemove={past ? () => false : permissions.remove}
          />
        </Card>
      </div>
    </div>
  );
}

function BadgeKey({ label, color }: { label: string; color: string }) {
  return (
    <li class="flex items-center gap-1.5">
      <svg viewBox="0 0 14 14" class="h-3.5 w-3.5 shrink-0" aria-hidden="true">
        <circle cx="7" cy="7" r="4.5" fill={color} />
      </svg>
      {label}
    </li>
  );
}
