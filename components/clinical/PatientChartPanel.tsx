/**
 * The Chart tab of a patient's record: the dental chart in FDI numbering
 * (adult or primary teeth), teeth with X-rays marked, the "Add to chart" form
 * for members who may chart, and everything charted so far.
 */
import { Card } from "../ui/mod.ts";
import {
  AI_FINDING_BADGE_COLOR,
  aiFindingBadges,
  xrayBadges,
  XrayTeethLinks,
} from "../RadiologyChartBadges.tsx";
import type { ToothFindings } from "../../lib/dicom/analysis/finding-teeth.ts";
import { AddToChartForm, ChartEntryList } from "./ChartEntries.tsx";
import { ClinicalNotice } from "./ClinicalNotice.tsx";
import { DentalChart, type ToothBadge } from "./DentalChart.tsx";

export const PLANNED_BADGE_COLOR = "#d97706";

function mergeBadges(...sets: Record<string, ToothBadge[]>[]): Record<string, ToothBadge[]> {
  const merged: Record<string, ToothBadge[]> = {};
  for (const set of sets) {
    for (const [tooth, badges] of Object.entries(set)) {
      merged[tooth] = [...(merged[tooth] ?? []), ...badges];
    }
  }
  return merged;
}
import { type ChartEntry, toothStatus } from "../../lib/clinical/chart.ts";
import type { ChartPermissions } from "../../lib/clinical/permissions.ts";
import type { Dentition } from "../../lib/clinical/teeth.ts";

function DentitionToggle({ patientId, dentition }: { patientId: string; dentition: Dentition }) {
  const option = (value: Dentition, label: string) => (
    <a
      href={`/patients/${patientId}?tab=chart${value === "primary" ? "&dentition=primary" : ""}`}
      aria-current={dentition === value ? "page" : undefined}
      class={`rounded-md px-3 py-1 text-xs font-semibold ${
        dentition === value
          ? "bg-white text-slate-900 shadow-sm"
          : "text-slate-600 hover:text-slate-900"
      }`}
    >
      {label}
    </a>
  );
  return (
    <nav
      aria-label="Dentition"
      class="flex gap-1 rounded-lg bg-slate-100 p-1"
      data-dentition-toggle
    >
      {option("permanent", "Adult")}
      {option("primary", "Primary")}
    </nav>
  );
}

export function PatientChartPanel(
  {
    patientId,
    dentition,
    entries,
    xrayTeeth,
    aiTeeth = new Map(),
    plannedBadges = {},
    permissions,
    today,
    notice,
  }: {
    patientId: string;
    dentition: Dentition;
    entries: readonly ChartEntry[];
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
  },
) {
  const { conditions, procedures } = permissions;
  return (
    <div class="space-y-6">
      <ClinicalNotice code={notice} />
      <Card
        title="Dental chart · FDI"
        action={<DentitionToggle patientId={patientId} dentition={dentition} />}
      >
        <div class="px-3 py-4 sm:px-5">
          <DentalChart
            dentition={dentition}
            status={toothStatus(entries)}
            badges={mergeBadges(xrayBadges(xrayTeeth), aiFindingBadges(aiTeeth), plannedBadges)}
            badgeLegend={[
              ...(aiTeeth.size ? [{ label: "AI finding", color: AI_FINDING_BADGE_COLOR }] : []),
              ...(Object.keys(plannedBadges).length
                ? [{ label: "Planned treatment", color: PLANNED_BADGE_COLOR }]
                : []),
            ]}
          />
          <XrayTeethLinks patientId={patientId} teeth={xrayTeeth} />
        </div>
      </Card>
      {(conditions || procedures) && (
        <Card title="Add to chart">
          <AddToChartForm
            patientId={patientId}
            dentition={dentition}
            today={today}
            conditions={conditions}
            procedures={procedures}
          />
        </Card>
      )}
      <Card title={`Charted (${entries.length})`}>
        <ChartEntryList entries={entries} mayRemove={permissions.remove} />
      </Card>
    </div>
  );
}
