/**
 * Which parts of a Ruby report a reader sees. Opening reports takes `ai.reports.view`; each
 * section then needs its own `reports.*` permission, so a clinic can let a doctor read the
 * appointment and lab figures of a report without its revenue. lib/reports/reader.ts cuts a
 * stored report to a reader's sections.
 */
import { type Access, can } from "../permissions/access.ts";

export const REPORT_SECTIONS = {
  billing: "reports.revenue.view",
  appointments: "reports.appointments.view",
  patients: "reports.patients.view",
  clinical: "reports.clinical.view",
  inventory: "reports.inventory.view",
} as const;

export type ReportSection = keyof typeof REPORT_SECTIONS;
export type ReportSections = ReadonlySet<ReportSection>;

export const EVERY_SECTION: ReportSections = new Set(
  Object.keys(REPORT_SECTIONS) as ReportSection[],
);

export function reportSectionsFor(access: Access | null | undefined): ReportSections {
  return new Set(
    (Object.entries(REPORT_SECTIONS) as [ReportSection, string][])
      .filter(([, permission]) => can(access, permission))
      .map(([section]) => section),
  );
}

export function seesEverySection(sections: ReportSections): boolean {
  return sections.size === EVERY_SECTION.size;
}
