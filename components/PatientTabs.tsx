/**
 * The tabs of a patient's record. Overview ships with the patients module;
 * the others belong to the calendar, the dental chart and clinical notes,
 * which fill them in (and later issues add radiology, lab, treatment and
 * billing). A tab shows only to members allowed to see what it holds.
 */
import { Icon, type IconName } from "./Icon.tsx";

export type PatientTabKey = "overview" | "appointments" | "chart" | "notes" | "radiology";

export interface PatientTab {
  key: PatientTabKey;
  label: string;
  icon: IconName;
  /** Needed to see the tab; the overview needs only `patients.view`, like the record. */
  permission?: string;
  /** What an empty tab says while its module has not shipped. */
  emptyTitle: string;
  emptyText: string;
}

export const PATIENT_TABS: readonly PatientTab[] = [
  {
    key: "overview",
    label: "Overview",
    icon: "users",
    emptyTitle: "",
    emptyText: "",
  },
  {
    key: "appointments",
    label: "Appointments",
    icon: "calendar",
    permission: "appointments.view",
    emptyTitle: "No appointments yet",
    emptyText: "Visits booked for this patient appear here, upcoming first.",
  },
  {
    key: "chart",
    label: "Chart",
    icon: "tooth",
    permission: "clinical.chart.view",
    emptyTitle: "The dental chart is coming soon",
    emptyText: "Tooth conditions and procedures, in FDI notation, will be charted here.",
  },
  {
    key: "notes",
    label: "Notes",
    icon: "clipboard",
    permission: "clinical.notes.view",
    emptyTitle: "Clinical notes are coming soon",
    emptyText: "Notes written at this patient's appointments will be collected here.",
  },
  {
    key: "radiology",
    label: "Radiology",
    icon: "xray",
    permission: "radiology.view",
    emptyTitle: "No X-rays or scans yet",
    emptyText: "Captures from the chairside bridge and uploaded DICOM studies appear here.",
  },
];

export function PatientTabs(
  { patientId, tabs, current }: {
    patientId: string;
    tabs: readonly PatientTab[];
    current: string;
  },
) {
  return (
    // On a phone the tabs wrap as pills, so the current one is never scrolled out of sight.
    <nav aria-label="Patient record" class="mb-6">
      <ul class="flex flex-wrap gap-1.5 sm:flex-nowrap sm:gap-1 sm:border-b sm:border-slate-200">
        {tabs.map((tab) => {
          const active = tab.key === current;
          return (
            <li key={tab.key}>
              <a
                href={tab.key === "overview"
                  ? `/patients/${patientId}`
                  : `/patients/${patientId}?tab=${tab.key}`}
                aria-current={active ? "page" : undefined}
                class={`flex items-center gap-2 rounded-full px-3 py-1.5 text-sm font-medium ring-1 sm:-mb-px sm:rounded-none sm:border-b-2 sm:py-2.5 sm:ring-0 ${
                  active
                    ? "bg-brand-50 text-brand-700 ring-brand-200 sm:border-brand-600 sm:bg-transparent"
                    : "bg-white text-slate-600 ring-slate-200 hover:text-slate-800 sm:border-transparent sm:bg-transparent sm:hover:border-slate-300"
                }`}
              >
                <Icon name={tab.icon} class="hidden h-4 w-4 sm:block" />
                {tab.label}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
