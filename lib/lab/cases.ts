/**
 * Creating and editing lab cases. The patient, the appointment (one of that
 * patient's) and the lab must all be the clinic's; a missing due date is
 * counted from the lab's turnaround for the case type in the clinic's working
 * days. Status moves live in ./case-status.ts.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { activityLog, appointments, labCases, labs, patients } from "../db/schema.ts";
import { AppError, badRequest, notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { localDateOf } from "../time/zoned.ts";
import { clinicTimeZone } from "../time/clinic-zone.ts";
import type { CaseChanges, NewCaseInput } from "./case-input.ts";
import { turnaroundFor } from "./labs.ts";
import { recordCaseChange } from "./timeline.ts";
import { addWorkingDays, loadWorkingCalendar } from "./working-days.ts";
import { assertReadyToSend } from "./case-status.ts";
import type { LabCaseType } from "./statuses.ts";

export type LabCaseRow = typeof labCases.$inferSelect;

const field = (name: string, message: string) => badRequest(message, { field: name });

async function assertPatient(tx: Db, clinicId: string, patientId: string) {
  const [row] = await tx.select({ id: patients.id }).from(patients)
    .where(and(eq(patients.clinicId, clinicId), eq(patients.id, patientId)));
  if (!row) throw field("patientId", "Patient not found");
}

async function assertAppointment(tx: Db, clinicId: string, patientId: string, id: string) {
  const [row] = await tx.select({ patientId: appointments.patientId }).from(appointments)
    .where(and(eq(appointments.clinicId, clinicId), eq(appointments.id, id)));
  if (!row) throw field("appointmentId", "Appointment not found");
  if (row.patientId !== patientId) {
    throw field("appointmentId", "That appointment is another patient's");
  }
}

async function findLab(tx: Db, clinicId: string, labId: string) {
  const [row] = await tx.select().from(labs)
    .where(and(eq(labs.clinicId, clinicId), eq(labs.id, labId)));
  if (!row) throw field("labId", "Lab not found");
  return row;
}

/**
 * The due date a lab's turnaround gives a case started on `from` (the
 * clinic's today): counted in the clinic's working days.
 */
export async function suggestedDueDate(
  db: Db,
  input: {
    clinicId: string;
    lab: { defaultTurnaroundDays: number; turnaroundByType: Partial<Record<LabCaseType, number>> };
    caseType: LabCaseType;
    from: string;
  },
): Promise<string> {
  const calendar = await loadWorkingCalendar(db, input.clinicId, input.from);
  return addWorkingDays(input.from, turnaroundFor(input.lab, input.caseType), calendar);
}

async function reserveCaseNumber(tx: Db, clinicId: string): Promise<number> {
  const result = await tx.execute<{ value: string | number }>(sql`
    insert into clinic_counters (clinic_id, name, value) values (${clinicId}, 'lab_case', 1)
    on conflict (clinic_id, name) do update set value = clinic_counters.value + 1
    returning value`);
  const rows = Array.isArray(result) ? result : (result as { rows: { value: string }[] }).rows;
  return Number(rows[0].value);
}

export async function createLabCase(
  db: Db,
  input: { clinicId: string; actorId: string; values: NewCaseInput; now?: Date },
): Promise<LabCaseRow> {
  const { clinicId, values } = input;
  const today = localDateOf(input.now ?? new Date(), await clinicTimeZone(db, clinicId));
  return await db.transaction(async (tx) => {
    await assertPatient(tx, clinicId, values.patientId);
    if (values.appointmentId) {
      await assertAppointment(tx, clinicId, values.patientId, values.appointmentId);
    }
    const lab = await findLab(tx, clinicId, values.labId);
    if (!lab.active) throw field("labId", `${lab.name} no longer takes new cases`);
    if (values.status === "sent_to_lab") {
      await assertReadyToSend(tx, { clinicId, caseType: values.caseType, shade: values.shade });
    }
    const dueDate = values.dueDate ??
      await suggestedDueDate(tx, { clinicId, lab, caseType: values.caseType, from: today });
    const [kase] = await tx.insert(labCases).values({
      clinicId,
      number: await reserveCaseNumber(tx, clinicId),
      patientId: values.patientId,
      appointmentId: values.appointmentId,
      labId: values.labId,
      caseType: values.caseType,
      teeth: values.teeth,
      shade: values.shade,
      material: values.material,
      instructions: values.instructions,
      priority: values.priority,
      dueDate,
      status: values.status,
      createdBy: input.actorId,
    }).returning();
    const actor = { kind: "staff", userId: input.actorId } as const;
    await recordCaseChange(tx, { kase, actor, kind: "created", toStatus: kase.status });
    await tx.insert(activityLog).values({
      clinicId,
      actorUserId: input.actorId,
      action: "lab.case_created",
      entityType: "lab_case",
      entityId: kase.id,
      details: { number: kase.number, patientId: kase.patientId, labId: kase.labId },
    });
    return kase;
  });
}

/** Locks the clinic's case for a change; another clinic's id is a 404. */
export async function lockCase(tx: Db, clinicId: string, caseId: string): Promise<LabCaseRow> {
  if (!isUuid(caseId)) throw notFound("Lab case not found");
  const [row] = await tx.select().from(labCases)
    .where(and(eq(labCases.clinicId, clinicId), eq(labCases.id, caseId)))
    .for("update");
  if (!row) throw notFound("Lab case not found");
  return row;
}

export async function updateLabCase(
  db: Db,
  input: { clinicId: string; caseId: string; actorId: string; changes: CaseChanges },
): Promise<LabCaseRow> {
  const { clinicId, changes } = input;
  return await db.transaction(async (tx) => {
    const current = await lockCase(tx, clinicId, input.caseId);
    if (current.status === "cancelled") {
      throw new AppError(409, "CASE_CANCELLED", "A cancelled case cannot be edited");
    }
    const patientId = changes.patientId ?? current.patientId;
    if (changes.patientId) await assertPatient(tx, clinicId, patientId);
    // A new patient drops an appointment that was the previous patient's.
    const appointmentId = changes.appointmentId !== undefined
      ? changes.appointmentId
      : changes.patientId && changes.patientId !== current.patientId
      ? null
      : current.appointmentId;
    if (appointmentId && (changes.appointmentId || changes.patientId)) {
      await assertAppointment(tx, clinicId, patientId, appointmentId);
    }
    if (changes.labId && changes.labId !== current.labId) {
      const lab = await findLab(tx, clinicId, changes.labId);
      if (!lab.active) throw field("labId", `${lab.name} no longer takes new cases`);
    }
    const set: Partial<typeof labCases.$inferInsert> = { updatedAt: new Date() };
    const changed: string[] = [];
    const assign = <K extends keyof LabCaseRow>(key: K, value: LabCaseRow[K] | undefined) => {
      if (value === undefined) return;
      if (JSON.stringify(value) === JSON.stringify(current[key])) return;
      (set as Record<string, unknown>)[key] = value;
      changed.push(key);
    };
    assign("patientId", changes.patientId);
    assign("appointmentId", appointmentId);
    assign("labId", changes.labId);
    assign("caseType", changes.caseType);
    assign("teeth", changes.teeth);
    assign("shade", changes.shade);
    assign("material", changes.material);
    assign("instructions", changes.instructions);
    assign("priority", changes.priority);
    if (changes.dueDate !== undefined) assign("dueDate", changes.dueDate);
    if (!changed.length) return current;
    const [kase] = await tx.update(labCases).set(set).where(eq(labCases.id, current.id))
      .returning();
    await recordCaseChange(tx, {
      kase,
      actor: { kind: "staff", userId: input.actorId },
      kind: "edited",
      note: `Changed ${changed.map(describeField).join(", ")}`,
    });
    return kase;
  });
}

const FIELD_NAMES: Record<string, string> = {
  patientId: "patient",
  appointmentId: "appointment",
  labId: "lab",
  caseType: "case type",
  dueDate: "due date",
};
const describeField = (key: string) => FIELD_NAMES[key] ?? key;
