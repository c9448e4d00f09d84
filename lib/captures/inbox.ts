/**
 * Staff side of captures: reading one, the "Unassigned captures" inbox, and
 * assigning, tagging or re-categorising. Assigning a capture publishes
 * `xray.assigned` in the same transaction, so open panels pick it up.
 */
import { and, asc, desc, eq, isNull, ne, notInArray, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  appointments,
  bridgeDevices,
  type CaptureCategory,
  operatories,
  patients,
  storedFiles,
  xrayCaptures,
} from "../db/schema.ts";
import { AppError, forbidden, notFound } from "../errors.ts";
import { publishEvent } from "../events/publish.ts";
import { isUuid } from "../ids.ts";
import type { Access } from "../permissions/access.ts";
import { APPOINTMENT_LEAD_MINUTES } from "./patient-match.ts";
import { captureEventData, type XrayCapture } from "./ingest.ts";

export interface CaptureView {
  id: string;
  patientId: string | null;
  category: CaptureCategory;
  operatoryId: string | null;
  capturedAt: string;
  fileId: string;
  teeth: number[];
  appointmentId: string | null;
  matchMethod: string | null;
  status: "assigned" | "unassigned";
}

export function captureView(capture: XrayCapture): CaptureView {
  return {
    id: capture.id,
    patientId: capture.patientId,
    category: capture.category,
    operatoryId: capture.operatoryId,
    capturedAt: capture.capturedAt.toISOString(),
    fileId: capture.fileId,
    teeth: capture.teeth,
    appointmentId: capture.appointmentId,
    matchMethod: capture.matchMethod,
    status: capture.patientId ? "assigned" : "unassigned",
  };
}

export async function getCapture(db: Db, clinicId: string, captureId: string) {
  if (!isUuid(captureId)) throw notFound("Capture not found");
  const [row] = await db.select().from(xrayCaptures)
    .where(and(eq(xrayCaptures.clinicId, clinicId), eq(xrayCaptures.id, captureId)));
  if (!row) throw notFound("Capture not found");
  return row;
}

export interface InboxItem {
  capture: XrayCapture;
  deviceName: string | null;
  operatoryName: string | null;
  /** The name the sensor software gave the file: often all staff need to recognise it. */
  fileName: string | null;
  /** Patients with an appointment in that operatory around the capture time, nearest first. */
  suggestions: { patientId: string; patientName: string; mrn: string; startsAt: Date }[];
}

/** The clinic's unassigned captures, newest first, with what the inbox page shows. */
export async function captureInbox(db: Db, clinicId: string, limit = 100): Promise<InboxItem[]> {
  const rows = await db.select({
    capture: xrayCaptures,
    deviceName: bridgeDevices.name,
    operatoryName: operatories.name,
    fileName: storedFiles.originalName,
  }).from(xrayCaptures)
    .leftJoin(bridgeDevices, eq(bridgeDevices.id, xrayCaptures.deviceId))
    .leftJoin(storedFiles, eq(storedFiles.id, xrayCaptures.fileId))
    .leftJoin(operatories, eq(operatories.id, xrayCaptures.operatoryId))
    .where(and(eq(xrayCaptures.clinicId, clinicId), isNull(xrayCaptures.patientId)))
    .orderBy(desc(xrayCaptures.capturedAt), asc(xrayCaptures.id))
    .limit(limit);
  const items: InboxItem[] = [];
  for (const row of rows) {
    items.push({ ...row, suggestions: await suggestionsFor(db, clinicId, row.capture) });
  }
  return items;
}

/** Window either side of the capture in which an appointment counts as "around" it. */
const SUGGESTION_WINDOW_MINUTES = 120;

async function suggestionsFor(db: Db, clinicId: string, capture: XrayCapture) {
  if (!capture.operatoryId) return [];
  const at = capture.capturedAt.toISOString();
  const rows = await db.select({
    patientId: appointments.patientId,
    patientName: patients.fullName,
    mrn: patients.mrn,
    startsAt: appointments.startsAt,
  }).from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .where(and(
      eq(appointments.clinicId, clinicId),
      eq(appointments.operatoryId, capture.operatoryId),
      notInArray(appointments.status, ["cancelled", "no_show"]),
      sql`${appointments.startsAt} <= ${at}::timestamptz + make_interval(mins => ${
        SUGGESTION_WINDOW_MINUTES + APPOINTMENT_LEAD_MINUTES
      })`,
      sql`${appointments.startsAt} + make_interval(mins => ${appointments.durationMinutes}) >= ${at}::timestamptz - make_interval(mins => ${SUGGESTION_WINDOW_MINUTES})`,
    ))
    .orderBy(sql`abs(extract(epoch from ${appointments.startsAt} - ${at}::timestamptz))`)
    .limit(5);
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(row.patientId) && seen.add(row.patientId));
}

export async function listCaptures(
  db: Db,
  clinicId: string,
  filter: { status?: "assigned" | "unassigned"; limit?: number },
): Promise<XrayCapture[]> {
  const status = filter.status === "unassigned"
    ? isNull(xrayCaptures.patientId)
    : filter.status === "assigned"
    ? sql`${xrayCaptures.patientId} is not null`
    : undefined;
  return await db.select().from(xrayCaptures)
    .where(and(eq(xrayCaptures.clinicId, clinicId), status))
    .orderBy(desc(xrayCaptures.capturedAt), asc(xrayCaptures.id))
    .limit(filter.limit ?? 100);
}

export interface CaptureChanges {
  patientId?: string;
  teeth?: number[];
  category?: CaptureCategory;
}

/**
 * Assigns, tags or re-categorises a capture. Assigning an unassigned capture
 * needs `radiology.inbox.assign`; moving an assigned one to another patient
 * needs it too (it is the same decision); tagging needs `radiology.tags.edit`.
 */
export async function updateCapture(
  db: Db,
  input: {
    clinicId: string;
    captureId: string;
    changes: CaptureChanges;
    access: Access;
    actorId: string;
  },
): Promise<XrayCapture> {
  const { changes, access } = input;
  if (changes.patientId !== undefined && !access.permissions.has("radiology.inbox.assign")) {
    throw forbidden("FORBIDDEN", 'You do not have permission "radiology.inbox.assign"', {
      permission: "radiology.inbox.assign",
    });
  }
  if (
    (changes.teeth !== undefined || changes.category !== undefined) &&
    !access.permissions.has("radiology.tags.edit")
  ) {
    throw forbidden("FORBIDDEN", 'You do not have permission "radiology.tags.edit"', {
      permission: "radiology.tags.edit",
    });
  }
  return await db.transaction(async (tx) => {
    const capture = await getCapture(tx, input.clinicId, input.captureId);
    let patientName: string | null = null;
    const set: Partial<typeof xrayCaptures.$inferInsert> = {};
    if (changes.patientId !== undefined && changes.patientId !== capture.patientId) {
      if (!isUuid(changes.patientId)) throw patientMissing();
      const [patient] = await tx.select({ id: patients.id, name: patients.fullName })
        .from(patients)
        .where(and(eq(patients.clinicId, input.clinicId), eq(patients.id, changes.patientId)));
      if (!patient) throw patientMissing();
      patientName = patient.name;
      Object.assign(set, {
        patientId: patient.id,
        matchMethod: "manual",
        assignedBy: input.actorId,
        // The appointment belonged to the previous guess; keep it only if it is this patient's.
        appointmentId: await appointmentOfPatient(tx, capture, patient.id),
      });
    }
    if (changes.teeth !== undefined) set.teeth = [...new Set(changes.teeth)].sort((a, b) => a - b);
    if (changes.category !== undefined) set.category = changes.category;
    if (Object.keys(set).length === 0) return capture;
    const [updated] = await tx.update(xrayCaptures).set(set)
      .where(eq(xrayCaptures.id, capture.id)).returning();
    if (set.patientId) {
      await publishEvent(tx, {
        clinicId: input.clinicId,
        type: "xray.assigned",
        permission: "radiology.view",
        data: captureEventData(updated, patientName),
      });
    }
    return updated;
  });
}

const patientMissing = () =>
  new AppError(404, "PATIENT_NOT_FOUND", "Patient not found", { field: "patientId" });

async function appointmentOfPatient(tx: Db, capture: XrayCapture, patientId: string) {
  if (!capture.operatoryId) return null;
  const at = capture.capturedAt.toISOString();
  const [row] = await tx.select({ id: appointments.id }).from(appointments)
    .where(and(
      eq(appointments.clinicId, capture.clinicId),
      eq(appointments.patientId, patientId),
      eq(appointments.operatoryId, capture.operatoryId),
      ne(appointments.status, "cancelled"),
      sql`${appointments.startsAt} <= ${at}::timestamptz + make_interval(mins => ${APPOINTMENT_LEAD_MINUTES})`,
      sql`${appointments.startsAt} + make_interval(mins => ${appointments.durationMinutes}) > ${at}::timestamptz`,
    ))
    .limit(1);
  return row?.id ?? null;
}
