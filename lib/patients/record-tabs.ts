/**
 * The tabs of a patient's record, which ones a member sees, and what the
 * open tab needs from the database. A tab shows only to members allowed to
 * see what it holds; asking for another falls back to the overview.
 */
import type { Db } from "../db/client.ts";
import { type Access, can } from "../permissions/access.ts";
import { type ChartEntry, listChartHistory } from "../clinical/chart.ts";
import { visitOn } from "../clinical/chart-visits.ts";
import { latestMobility } from "../perio/exams.ts";
import { clinicTimeZone } from "../time/clinic-zone.ts";
import { localDateOf } from "../time/zoned.ts";
import { type ClinicalNote, listNotes } from "../clinical/notes.ts";
import {
  listPatientAppointments,
  type PatientAppointments,
} from "../appointments/patient-appointments.ts";
import { listPatientActivity, type PatientActivityEntry } from "./activity.ts";
import { getPatientWithTags, type Patient } from "./records.ts";
import { loadPatientLabPanel, type PatientLabPanel } from "../lab/patient-lab.ts";
import { clinicChartPalette } from "../clinical/chart-palette.ts";
import type { ChartPalette } from "../clinical/odontogram-findings.ts";

export const PATIENT_TABS = [
  "overview",
  "appointments",
  "chart",
  "notes",
  "radiology",
  "whatsapp",
  "lab",
  "billing",
] as const;
export type PatientTabKey = typeof PATIENT_TABS[number];

/** Needed to see each tab; the overview needs only `patients.view`, like the record. */
const TAB_PERMISSIONS: Record<PatientTabKey, string | null> = {
  overview: null,
  appointments: "appointments.view",
  chart: "clinical.chart.view",
  notes: "clinical.notes.view",
  radiology: "radiology.view",
  // Only granted while the clinic has the WhatsApp module.
  whatsapp: "whatsapp.messages.view",
  lab: "lab.cases.view",
  billing: "finance.invoices.view",
};

export function visiblePatientTabs(access: Access): PatientTabKey[] {
  return PATIENT_TABS.filter((tab) => {
    const permission = TAB_PERMISSIONS[tab];
    return !permission || can(access, permission);
  });
}

/** The open tab's data; radiology and WhatsApp load their own. */
export type PatientTabPanel =
  | { tab: "overview"; activity: PatientActivityEntry[] | null }
  | { tab: "appointments"; lists: PatientAppointments }
  | {
    tab: "chart";
    /** The chart as it stands. */
    entries: ChartEntry[];
    /** Every entry ever charted, removed ones too, for the chart of a past date. */
    history: ChartEntry[];
    /** Today's visit of the patient, which new entries are charted at. */
    visitToday: string | null;
    /** Mobile teeth (grade 1–3) from the latest perio exam. */
    mobility: Map<string, number>;
    /** The clinic's chart colours (Settings → Chart colours). */
    palette: ChartPalette;
  }
  | { tab: "notes"; notes: ClinicalNote[] }
  | { tab: "radiology" }
  | { tab: "whatsapp" }
  | { tab: "billing" }
  | { tab: "lab"; lab: PatientLabPanel };

export interface PatientRecord {
  patient: Patient & { tags: string[] };
  tabs: PatientTabKey[];
  panel: PatientTabPanel;
}

async function loadPanel(
  db: Db,
  access: Access,
  patientId: string,
  tab: PatientTabKey,
): Promise<PatientTabPanel> {
  const { clinicId } = access;
  switch (tab) {
    case "overview":
      return {
        tab,
        activity: can(access, "patients.activity.view")
          ? await listPatientActivity(db, clinicId, patientId)
          : null,
      };
    case "appointments":
      return { tab, lists: await listPatientAppointments(db, clinicId, patientId) };
    case "chart": {
      const timeZone = await clinicTimeZone(db, clinicId);
      const [history, visitToday, mobility, palette] = await Promise.all([
        listChartHistory(db, clinicId, patientId),
        visitOn(db, { clinicId, patientId, date: localDateOf(new Date(), timeZone), timeZone }),
        latestMobility(db, clinicId, patientId),
        clinicChartPalette(db, clinicId),
      ]);
      const entries = history.filter((entry) => entry.removedAt === null);
      return { tab, entries, history, visitToday, mobility, palette };
    }
    case "notes":
      return { tab, notes: await listNotes(db, clinicId, { patientId }) };
    case "radiology":
    case "billing":
    case "whatsapp":
      return { tab };
    case "lab":
      return { tab, lab: await loadPatientLabPanel(db, access, patientId) };
  }
}

/** The record (404 when it is not this clinic's) with the tab asked for, if the member sees it. */
export async function patientRecord(
  db: Db,
  secret: string,
  access: Access,
  input: { patientId: string; tab?: string },
): Promise<PatientRecord> {
  const patient = await getPatientWithTags(db, secret, access, input.patientId);
  const tabs = visiblePatientTabs(access);
  const tab = tabs.find((key) => key === input.tab) ?? "overview";
  return { patient, tabs, panel: await loadPanel(db, access, patient.id, tab) };
}
