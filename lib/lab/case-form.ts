/**
 * The full-page case form (`/lab/cases/new`, `/lab/cases/:id/edit`): its
 * fields as text, read through the same schema as the API, and what the page
 * needs around them (patients, the patient's appointments, labs, the due
 * date their turnaround suggests).
 */
import { z } from "zod";
import type { Db } from "../db/client.ts";
import type { FormValues } from "../http/form.ts";
import type { Access } from "../permissions/access.ts";
import { type PatientOption, patientPickerOptions } from "../patients/patient-picker.ts";
import { listPatientAppointments } from "../appointments/patient-appointments.ts";
import { clinicTimeZone } from "../time/clinic-zone.ts";
import { localDateOf } from "../time/zoned.ts";
import { caseChanges, newCaseInput } from "./case-input.ts";
import { labChoices, turnaroundFor } from "./labs.ts";
import { addWorkingDays, loadWorkingCalendar } from "./working-days.ts";
import { LAB_CASE_TYPES, type LabCaseType } from "./statuses.ts";
import type { LabCaseDetail } from "./case-queries.ts";

/** Form text → the API's shape: teeth come as `tooth-<FDI>` checkboxes, empty text is absent. */
function fromForm(form: Record<string, unknown>) {
  const text = (key: string) => {
    const value = form[key];
    return typeof value === "string" && value.trim() !== "" ? value : undefined;
  };
  const teeth = Object.keys(form).filter((key) => /^tooth-\d+$/.test(key))
    .map((key) => Number(key.slice(6)));
  return {
    patientId: text("patientId"),
    appointmentId: text("appointmentId") ?? null,
    labId: text("labId"),
    caseType: text("caseType"),
    teeth,
    shade: text("shade") ?? null,
    material: text("material") ?? null,
    instructions: text("instructions") ?? null,
    priority: text("priority") ?? "normal",
    dueDate: text("dueDate") ?? null,
  };
}

export const newCaseForm = z.preprocess(
  (form) => {
    const values = fromForm(form as Record<string, unknown>);
    return {
      ...values,
      dueDate: values.dueDate ?? undefined,
      status: (form as FormValues).sendNow ? "sent_to_lab" : "draft",
    };
  },
  newCaseInput,
);

export const editCaseForm = z.preprocess(
  (form) => fromForm(form as Record<string, unknown>),
  caseChanges,
);

/** The form's values for an existing case. */
export function caseFormValues(kase: LabCaseDetail): FormValues {
  const values: FormValues = {
    patientId: kase.patientId,
    appointmentId: kase.appointmentId ?? "",
    labId: kase.labId,
    caseType: kase.caseType,
    shade: kase.shade ?? "",
    material: kase.material ?? "",
    instructions: kase.instructions ?? "",
    priority: kase.priority,
    dueDate: kase.dueDate ?? "",
  };
  for (const tooth of kase.teeth) values[`tooth-${tooth}`] = "on";
  return values;
}

export interface CaseFormChoices {
  patients: PatientOption[];
  /** The chosen patient's appointments, soonest upcoming first, then recent past ones. */
  appointments: { id: string; startsAt: string; type: string; doctorName: string }[];
  labs: { id: string; name: string; active: boolean; days: Partial<Record<LabCaseType, number>> }[];
  /** labId → case type → the due date its turnaround gives a case started today. */
  suggestedDue: Record<string, Partial<Record<LabCaseType, string>>>;
  timeZone: string;
}

export async function loadCaseFormChoices(
  db: Db,
  encryptionKey: string,
  access: Access,
  input: { patientId?: string; query?: string; now?: Date },
): Promise<CaseFormChoices> {
  const clinicId = access.clinicId;
  const now = input.now ?? new Date();
  const timeZone = await clinicTimeZone(db, clinicId);
  const today = localDateOf(now, timeZone);
  const [patients, labs, calendar, appointments] = await Promise.all([
    patientPickerOptions(db, encryptionKey, access, {
      query: input.query ?? "",
      selectedId: input.patientId,
    }),
    labChoices(db, clinicId),
    loadWorkingCalendar(db, clinicId, today),
    input.patientId
      ? listPatientAppointments(db, clinicId, input.patientId, now)
      : Promise.resolve({ upcoming: [], past: [] }),
  ]);
  const suggestedDue: CaseFormChoices["suggestedDue"] = {};
  for (const lab of labs) {
    suggestedDue[lab.id] = Object.fromEntries(
      LAB_CASE_TYPES.map((
        type,
      ) => [type, addWorkingDays(today, turnaroundFor(lab, type), calendar)]),
    );
  }
  return {
    patients,
    appointments: [...appointments.upcoming, ...appointments.past.slice(0, 10)]
      .filter((a) => a.status !== "cancelled")
      .map((a) => ({
        id: a.id,
        startsAt: a.startsAt.toISOString(),
        type: a.type,
        doctorName: a.doctorName,
      })),
    labs: labs.map((lab) => ({
      id: lab.id,
      name: lab.name,
      active: lab.active,
      days: Object.fromEntries(LAB_CASE_TYPES.map((t) => [t, turnaroundFor(lab, t)])),
    })),
    suggestedDue,
    timeZone,
  };
}
