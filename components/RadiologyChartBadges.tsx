/**
 * The dental chart's X-ray badge (issue 7): teeth tagged on a capture or a
 * DICOM study get a dot on the chart, and a line under the chart links each
 * such tooth to the Radiology tab filtered to it. The counts come from
 * `taggedTeeth` in `lib/radiology/tagged-teeth.ts`.
 */
import type { ToothBadge } from "./clinical/DentalChart.tsx";
import type { ToothFindings } from "../lib/dicom/analysis/finding-teeth.ts";

export const XRAY_BADGE_COLOR = "#0284c7";
export const AI_FINDING_BADGE_COLOR = "#7c3aed";

/** Teeth the patient's AI analyses name in a finding; the tooltip says how many and how serious. */
export function aiFindingBadges(teeth: Map<string, ToothFindings>): Record<string, ToothBadge[]> {
  const badges: Record<string, ToothBadge[]> = {};
  for (const [tooth, { count, severity }] of teeth) {
    badges[tooth] = [{
      label: `${count === 1 ? "1 AI finding" : `${count} AI findings`} (highest: ${severity})`,
      color: AI_FINDING_BADGE_COLOR,
    }];
  }
  return badges;
}

export function xrayBadges(teeth: Map<string, number>): Record<string, ToothBadge[]> {
  const badges: Record<string, ToothBadge[]> = {};
  for (const [tooth, count] of teeth) {
    badges[tooth] = [{
      label: count === 1 ? "1 X-ray" : `${count} X-rays`,
      color: XRAY_BADGE_COLOR,
    }];
  }
  return badges;
}

export function XrayTeethLinks(
  { patientId, teeth }: { patientId: string; teeth: Map<string, number> },
) {
  if (teeth.size === 0) return null;
  const sorted = [...teeth.keys()].sort((a, b) => Number(a) - Number(b));
  return (
    <p
      class="mt-3 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-600"
      data-xray-teeth
    >
      <span class="inline-block h-2.5 w-2.5 rounded-full bg-sky-600" aria-hidden="true" />
      <span>X-rays on</span>
      {sorted.map((tooth) => (
        <a
          key={tooth}
          href={`/patients/${patientId}?tab=radiology&tooth=${tooth}`}
          class="rounded bg-sky-50 px-1.5 py-0.5 font-mono font-semibold text-sky-700 ring-1 ring-sky-200 hover:bg-sky-100"
        >
          {tooth}
        </a>
      ))}
      <a
        href={`/patients/${patientId}?tab=radiology`}
        class="font-medium text-brand-700 hover:text-brand-800"
      >
        Open Radiology
      </a>
    </p>
  );
}
