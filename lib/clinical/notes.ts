/**
 * Clinical notes: written about a patient, optionally at one of
 * their appointments, every call scoped to the member's clinic. A patient,
 * appointment or note of another clinic is reported exactly like a missing
 * one (404).
 *
 * Who may do what: reading needs `clinical.notes.view`, writing
 * `clinical.notes.create`, deleting `clinical.notes.delete`. Editing needs
 * `clinical.notes.edit`, except that an author who may write notes may
 * always correct their own. Deleting only stamps `deleted_at`. The activity
 * log records that a note was added, edited or deleted, never its text.
 *
 * @example
 * ```ts
 * const note = await addNote(db, { access, actorId, patientId, body: "Pain on 36 to percussion." });
 * const notes = await listNotes(db, access.clinicId, { patientId });
 * ```
 */
import { and, desc, eq, isNull, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { appointments, clinicalNotes, patients, users } from "../db/schema.ts";
import { recordActivity } from "../activity-log.ts";
import { badRequest, forbidden, notFound } from "../errors.ts";
import { type Access, can } from "../permissions/access.ts";
import { isUuid } from "../ids.ts";

export const MAX_NOTE_LENGTH = 5000;

export interface ClinicalNote {
  id: string;
  patientId: string;
  appointmentId: string | null;
  /** When the attached appointment starts, for a link that says which visit. */
  appointmentStartsAt: Date | null;
  authorId: string | null;
  authorName: string | null;
  body: string;
  createdAt: Date;
  updatedAt: Date;
}

const columns = {
  id: clinicalNotes.id,
  patientId: clinicalNotes.patientId,
  appointmentId: clinicalNotes.appointmentId,
  appointmentStartsAt: appointments.startsAt,
  authorId: clinicalNotes.authorId,
  authorName: users.name,
  body: clinicalNotes.body,
  createdAt: clinicalNotes.createdAt,
  updatedAt: clinicalNotes.updatedAt,
};

function query(db: Db, where: SQL | undefined) {
  return db.select(columns).from(clinicalNotes)
    .leftJoin(users, eq(users.id, clinicalNotes.authorId))
    .leftJoin(appointments, eq(appointments.id, clinicalNotes.appointmentId))
    .where(and(where, isNull(clinicalNotes.deletedAt)))
    .orderBy(desc(clinicalNotes.createdAt), desc(clinicalNotes.id));
}

/** Throws 404 unless the patient belongs to the clinic. */
export async function assertPatientInClinic(db: Db, clinicId: string, patientId: string) {
  if (!isUuid(patientId)) throw notFound("Patient not found");
  const [row] = await db.select({ id: patients.id }).from(patients)
    .where(and(eq(patients.clinicId, clinicId), eq(patients.id, patientId)));
  if (!row) throw notFound("Patient not found");
}

/** A patient's or an appointment's notes, newest first. */
export async function listNotes(
  db: Db,
  clinicId: string,
  filter: { patientId: string } | { appointmentId: string },
): Promise<ClinicalNote[]> {
  const scope = "patientId" in filter
    ? eq(clinicalNotes.patientId, filter.patientId)
    : eq(clinicalNotes.appointmentId, filter.appointmentId);
  return await query(db, and(eq(clinicalNotes.clinicId, clinicId), scope)).limit(500);
}

export async function getNote(db: Db, clinicId: string, noteId: string): Promise<ClinicalNote> {
  if (!isUuid(noteId)) throw notFound("Note not found");
  const [note] = await query(
    db,
    and(eq(clinicalNotes.clinicId, clinicId), eq(clinicalNotes.id, noteId)),
  );
  if (!note) throw notFound("Note not found");
  return note;
}

function cleanBody(body: string): string {
  const text = body.trim();
  if (!text) throw badRequest("Write the note before saving it.", { field: "body" });
  if (text.length > MAX_NOTE_LENGTH) {
    throw badRequest(`A note holds at most ${MAX_NOTE_LENGTH} characters.`, { field: "body" });
  }
  return text;
}

export interface AddNoteInput {
  access: Access;
  actorId: string;
  patientId: string;
  appointmentId?: string | null;
  body: string;
}

export async function addNote(db: Db, input: AddNoteInput): Promise<ClinicalNote> {
  const { clinicId } = input.access;
  await assertPatientInClinic(db, clinicId, input.patientId);
  const body = cleanBody(input.body);
  const appointmentId = input.appointmentId ?? null;
  if (appointmentId) {
    if (!isUuid(appointmentId)) throw notFound("Appointment not found");
    const [visit] = await db.select({ patientId: appointments.patientId }).from(appointments)
      .where(and(eq(appointments.clinicId, clinicId), eq(appointments.id, appointmentId)));
    if (!visit) throw notFound("Appointment not found");
    if (visit.patientId !== input.patientId) {
      throw badRequest("That appointment belongs to another patient.", {
        field: "appointmentId",
      });
    }
  }
  const id = await db.transaction(async (tx) => {
    const [row] = await tx.insert(clinicalNotes).values({
      clinicId,
      patientId: input.patientId,
      appointmentId,
      authorId: input.actorId,
      body,
    }).returning({ id: clinicalNotes.id });
    await recordActivity(tx, {
      clinicId,
      actorId: input.actorId,
      action: "clinical.note_added",
      entityType: "patient",
      entityId: input.patientId,
      details: { noteId: row.id, appointmentId },
    });
    return row.id;
  });
  return await getNote(db, clinicId, id);
}

/** Whether the member may change this note: any note with the edit permission, their own as its author. */
export function mayEditNote(access: Access, actorId: string, note: ClinicalNote): boolean {
  return can(access, "clinical.notes.edit") ||
    (note.authorId === actorId && can(access, "clinical.notes.create"));
}

export async function editNote(
  db: Db,
  input: { access: Access; actorId: string; noteId: string; body: string },
): Promise<ClinicalNote> {
  const { clinicId } = input.access;
  const note = await getNote(db, clinicId, input.noteId);
  if (!mayEditNote(input.access, input.actorId, note)) {
    throw forbidden("FORBIDDEN", "Only the note's author may edit it without clinical.notes.edit", {
      permission: "clinical.notes.edit",
    });
  }
  const body = cleanBody(input.body);
  await db.transaction(async (tx) => {
    await tx.update(clinicalNotes).set({ body, updatedAt: new Date() })
      .where(and(eq(clinicalNotes.clinicId, clinicId), eq(clinicalNotes.id, note.id)));
    await recordActivity(tx, {
      clinicId,
      actorId: input.actorId,
      action: "clinical.note_edited",
      entityType: "patient",
      entityId: note.patientId,
      details: { noteId: note.id, appointmentId: note.appointmentId },
    });
  });
  return await getNote(db, clinicId, note.id);
}

/** Soft-deletes the note; the caller has checked `clinical.notes.delete`. */
export async function deleteNote(
  db: Db,
  input: { clinicId: string; actorId: string; noteId: string },
): Promise<ClinicalNote> {
  const note = await getNote(db, input.clinicId, input.noteId);
  await db.transaction(async (tx) => {
    await tx.update(clinicalNotes).set({ deletedAt: new Date() })
      .where(and(eq(clinicalNotes.clinicId, input.clinicId), eq(clinicalNotes.id, note.id)));
    await recordActivity(tx, {
      clinicId: input.clinicId,
      actorId: input.actorId,
      action: "clinical.note_deleted",
      entityType: "patient",
      entityId: note.patientId,
      details: { noteId: note.id, appointmentId: note.appointmentId },
    });
  });
  return note;
}
