/**
 * The tabs of a patient's record, as links; which ones a member sees is
 * decided in lib/patients/record-tabs.ts.
 */
import { Icon, type IconName } from "../Icon.tsx";
import type { PatientTabKey } from "../../lib/patients/record-tabs.ts";

const TABS: Record<PatientTabKey, { label: string; icon: IconName }> = {
  overview: { label: "Overview", icon: "users" },
  appointments: { label: "Appointments", icon: "calendar" },
  chart: { label: "Chart", icon: "tooth" },
  notes: { label: "Notes", icon: "clipboard" },
  radiology: { label: "Radiology", icon: "xray" },
  whatsapp: { label: "WhatsApp", icon: "message" },
  lab: { label: "Lab cases", icon: "flask" },
  billing: { label: "Billing", icon: "receipt" },
};

export function PatientTabs(
  { patientId, tabs, current }: {
    patientId: string;
    tabs: readonly PatientTabKey[];
    current: string;
  },
) {
  return (
    // On a phone the tabs wrap as pills, so the current one is never scrolled out of sight.
    <nav aria-label="Patient record" class="mb-6">
      <ul class="flex flex-wrap gap-1.5 sm:flex-nowrap sm:gap-1 sm:border-b sm:border-slate-200">
        {tabs.map((key) => {
          const tab = TABS[key];
          const active = key === current;
          return (
            <li key={key}>
              <a
                href={key === "overview"
                  ? `/patients/${patientId}`
                  : `/patients/${patientId}?tab=${key}`}
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
