/**
 * A patient's recent history from the clinic's activity log (registration,
 * edits, chart and notes), for the record's overview. Scoped by clinic.
 */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { activityLog, users } from "../db/schema.ts";

export interface PatientActivityEntry {
  id: number;
  action: string;
  actorName: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

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

export async function listPatientActivity(
  db: Db,
  clinicId: string,
  patientId: string,
  limit = 10,
): Promise<PatientActivityEntry[]> {
  return await db
    .select({
      id: activityLog.id,
      action: activityLog.action,
      actorName: users.name,
      details: activityLog.details,
      createdAt: activityLog.createdAt,
    })
    .from(activityLog)
    .leftJoin(users, eq(users.id, activityLog.actorUserId))
    .where(and(
      eq(activityLog.clinicId, clinicId),
      eq(activityLog.entityType, "patient"),
      eq(activityLog.entityId, patientId),
    ))
    .orderBy(desc(activityLog.createdAt), desc(activityLog.id))
    .limit(limit);
}
