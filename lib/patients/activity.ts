/**
 * A patient's recent history from the clinic's activity log (registration,
 * edits, chart and notes), for the record's overview. Scoped by clinic.
 */
import type { Db } from "../db/client.ts";
import { type ActivityEntry, entityActivity } from "../activity-log.ts";

export type PatientActivityEntry = ActivityEntry;

const FIELD_NAMES: Record<string, string> = {
  fullName: "name",
  dateOfBirth: "date of birth",
  gender: "gender",
  phone: "phone",
  whatsappPhone: "WhatsApp number",
  email: "email",
  address: "address",
  medicalAlerts: "medical alerts",
};

const ACTIONS: Record<string, string> = {
  "patients.created": "Registered the patient",
  "clinical.chart_entry_added": "Added a chart entry",
  "clinical.chart_entry_removed": "Removed a chart entry",
  "clinical.note_added": "Wrote a clinical note",
  "clinical.note_edited": "Edited a clinical note",
  "clinical.note_deleted": "Deleted a clinical note",
  "portal.invited": "Invited to the patient portal",
  "portal.invitation_resent": "Sent a new patient portal link",
  "portal.invitation_accepted": "Set up the patient portal account",
};

/** The entry in words: "Updated phone and email". Unknown actions still read as something. */
export function describePatientActivity(entry: Pick<PatientActivityEntry, "action" | "details">) {
  if (entry.action === "patients.updated") {
    const fields = Array.isArray(entry.details.fields)
      ? entry.details.fields.map((f) => FIELD_NAMES[String(f)] ?? String(f))
      : [];
    if (fields.length === 0) return "Updated the record";
    const list = fields.length === 1
      ? fields[0]
      : `${fields.slice(0, -1).join(", ")} and ${fields.at(-1)}`;
    return `Updated ${list}`;
  }
  return ACTIONS[entry.action] ??
    entry.action.split(".").at(-1)!.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
}

export function listPatientActivity(
  db: Db,
  clinicId: string,
  patientId: string,
  limit = 10,
): Promise<PatientActivityEntry[]> {
  return entityActivity(db, { clinicId, entityType: "patient", entityId: patientId, limit });
}
