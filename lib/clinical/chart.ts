/**
 * The dental chart: per-tooth conditions and procedures with the
 * date they were recorded, in FDI notation, scoped to the member's clinic.
 * Conditions are charted with `clinical.chart.edit`, procedures with
 * `clinical.procedures.record`; removing an entry needs the same permission
 * as adding it. The tooth's colour on the chart is its latest condition,
 * where a procedure counts as the condition it leaves behind (an extraction
 * leaves the tooth missing).
 *
 * @example
 * ```ts
 * await addChartEntry(db, { access, actorId, patientId, entry: { tooth: "36", kind: "condition", code: "caries", recordedOn: "2026-11-21" } });
 * const entries = await listChartEntries(db, access.clinicId, patientId);
 * const status = toothStatus(entries); // Map { "36" => "caries" }
 * ```
 */
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { appointments, chartEntries, users } from "../db/schema.ts";
import { localDateOf } from "../time/zoned.ts";
import { recordActivity } from "../activity-log.ts";
import { badRequest, forbidden, notFound } from "../errors.ts";
import { type Access, can } from "../permissions/access.ts";
import { isUuid } from "../ids.ts";
import { assertPatientInClinic } from "./notes.ts";
import {
  CHART_KINDS,
  type ChartKind,
  type ConditionCode,
  CONDITIONS,
  isFdiTooth,
  permissionForKind,
  PROCEDURE_OUTCOMES,
  type ProcedureCode,
  PROCEDURES,
  type Surface,
  SURFACES,
} from "./teeth.ts";

export const MAX_CHART_NOTE_LENGTH = 500;

export interface ChartEntry {
  id: string;
  patientId: string;
  tooth: string;
  surface: Surface | null;
  kind: ChartKind;
  code: string;
  note: string | null;
  recordedOn: string;
  recordedBy: string | null;
  recordedByName: string | null;
  createdAt: Date;
  /** The visit it was charted at, when there was one. */
  appointmentId: string | null;
  /** Set when the entry was taken off the chart; history still shows it before then. */
  removedAt: Date | null;
}

export interface NewChartEntry {
  tooth: string;
  surface?: string | null;
  kind: string;
  code: string;
  note?: string | null;
  recordedOn: string;
  appointmentId?: string | null;
}

const columns = {
  id: chartEntries.id,
  patientId: chartEntries.patientId,
  tooth: chartEntries.tooth,
  surface: chartEntries.surface,
  kind: chartEntries.kind,
  code: chartEntries.code,
  note: chartEntries.note,
  recordedOn: chartEntries.recordedOn,
  recordedBy: chartEntries.recordedBy,
  recordedByName: users.name,
  createdAt: chartEntries.createdAt,
  appointmentId: chartEntries.appointmentId,
  removedAt: chartEntries.removedAt,
};

/** A patient's chart as it stands, oldest first, the order its history happened in. */
export async function listChartEntries(
  db: Db,
  clinicId: string,
  patientId: string,
): Promise<ChartEntry[]> {
  const rows = await db.select(columns).from(chartEntries)
    .leftJoin(users, eq(users.id, chartEntries.recordedBy))
    .where(and(
      eq(chartEntries.clinicId, clinicId),
      eq(chartEntries.patientId, patientId),
      isNull(chartEntries.removedAt),
    ))
    .orderBy(asc(chartEntries.recordedOn), asc(chartEntries.createdAt));
  return rows as ChartEntry[];
}

/** Every entry ever charted, removed ones included: what `chartAsOf` reads. */
export async function listChartHistory(
  db: Db,
  clinicId: string,
  patientId: string,
): Promise<ChartEntry[]> {
  const rows = await db.select(columns).from(chartEntries)
    .leftJoin(users, eq(users.id, chartEntries.recordedBy))
    .where(and(eq(chartEntries.clinicId, clinicId), eq(chartEntries.patientId, patientId)))
    .orderBy(asc(chartEntries.recordedOn), asc(chartEntries.createdAt));
  return rows as ChartEntry[];
}

/**
 * The chart as it stood at the end of `date` (YYYY-MM-DD, the clinic's
 * calendar): entries recorded by then and not yet removed by then. A removal
 * counts from the clinic's date it happened on.
 */
export function chartAsOf(
  history: readonly ChartEntry[],
  date: string,
  timeZone: string,
): ChartEntry[] {
  return history.filter((entry) =>
    entry.recordedOn <= date &&
    (entry.removedAt === null || localDateOf(entry.removedAt, timeZone) > date)
  );
}

/** Each tooth's latest condition, procedures counting as what they leave behind. */
export function toothStatus(entries: readonly ChartEntry[]): Map<string, ConditionCode> {
  const status = new Map<string, ConditionCode>();
  for (const entry of entries) {
    if (entry.kind === "planned") continue;
    const condition = entry.kind === "condition"
      ? entry.code as ConditionCode
      : PROCEDURE_OUTCOMES[entry.code as ProcedureCode];
    if (condition) status.set(entry.tooth, condition);
  }
  return status;
}

/** Checks a new entry strictly; every refusal is a 400 naming what is wrong. */
export function validateChartEntry(entry: NewChartEntry): Required<NewChartEntry> {
  const appointmentId = entry.appointmentId || null;
  if (appointmentId !== null && !isUuid(appointmentId)) {
    throw badRequest("The visit is not an appointment id.", { field: "appointmentId" });
  }
  const tooth = entry.tooth.trim();
  if (!isFdiTooth(tooth)) {
    throw badRequest(
      `Tooth "${tooth}" is not an FDI tooth number (permanent 11–18, 21–28, 31–38, 41–48; primary 51–55, 61–65, 71–75, 81–85).`,
      { field: "tooth" },
    );
  }
  const surface = entry.surface || null;
  if (surface !== null && !(surface in SURFACES)) {
    throw badRequest(`Surface is one of ${Object.keys(SURFACES).join(", ")}.`, {
      field: "surface",
    });
  }
  if (!CHART_KINDS.includes(entry.kind as ChartKind)) {
    throw badRequest('Kind is "condition", "procedure" or "planned".', { field: "kind" });
  }
  const codes: Record<string, string> = entry.kind === "condition" ? CONDITIONS : PROCEDURES;
  if (!(entry.code in codes)) {
    throw badRequest(
      `A ${entry.kind === "planned" ? "planned procedure" : entry.kind} is one of ${
        Object.keys(codes).join(", ")
      }.`,
      {
        field: "code",
      },
    );
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(entry.recordedOn) || isNaN(Date.parse(entry.recordedOn))) {
    throw badRequest("Give the date as YYYY-MM-DD.", { field: "recordedOn" });
  }
  const note = entry.note?.trim() || null;
  if (note && note.length > MAX_CHART_NOTE_LENGTH) {
    throw badRequest(`A chart note holds at most ${MAX_CHART_NOTE_LENGTH} characters.`, {
      field: "note",
    });
  }
  return {
    tooth,
    surface,
    kind: entry.kind,
    code: entry.code,
    note,
    recordedOn: entry.recordedOn,
    appointmentId,
  };
}

function assertMayChart(access: Access, kind: ChartKind) {
  const permission = permissionForKind(kind);
  if (!can(access, permission)) {
    throw forbidden("FORBIDDEN", `You do not have permission "${permission}"`, { permission });
  }
}

export async function addChartEntry(
  db: Db,
  input: { access: Access; actorId: string; patientId: string; entry: NewChartEntry },
): Promise<ChartEntry> {
  const { clinicId } = input.access;
  await assertPatientInClinic(db, clinicId, input.patientId);
  const entry = validateChartEntry(input.entry);
  const kind = entry.kind as ChartKind;
  assertMayChart(input.access, kind);
  if (entry.appointmentId) {
    await assertVisitOfPatient(db, clinicId, input.patientId, entry.appointmentId);
  }
  const id = await db.transaction(async (tx) => {
    const [row] = await tx.insert(chartEntries).values({
      clinicId,
      patientId: input.patientId,
      tooth: entry.tooth,
      surface: entry.surface,
      kind,
      code: entry.code,
      note: entry.note,
      recordedOn: entry.recordedOn,
      recordedBy: input.actorId,
      appointmentId: entry.appointmentId,
    }).returning({ id: chartEntries.id });
    await recordActivity(tx, {
      clinicId,
      actorId: input.actorId,
      action: "clinical.chart_entry_added",
      entityType: "patient",
      entityId: input.patientId,
      details: { entryId: row.id, tooth: entry.tooth, kind, code: entry.code },
    });
    return row.id;
  });
  return await getChartEntry(db, clinicId, id);
}

export async function getChartEntry(db: Db, clinicId: string, entryId: string) {
  if (!isUuid(entryId)) throw notFound("Chart entry not found");
  const [row] = await db.select(columns).from(chartEntries)
    .leftJoin(users, eq(users.id, chartEntries.recordedBy))
    .where(and(
      eq(chartEntries.clinicId, clinicId),
      eq(chartEntries.id, entryId),
      isNull(chartEntries.removedAt),
    ));
  if (!row) throw notFound("Chart entry not found");
  return row as ChartEntry;
}

export async function removeChartEntry(
  db: Db,
  input: { access: Access; actorId: string; entryId: string },
): Promise<ChartEntry> {
  const { clinicId } = input.access;
  const entry = await getChartEntry(db, clinicId, input.entryId);
  assertMayChart(input.access, entry.kind);
  await db.transaction(async (tx) => {
    // Stamped, not deleted: the chart of an earlier date still shows it.
    await tx.update(chartEntries)
      .set({ removedAt: new Date(), removedBy: input.actorId })
      .where(and(eq(chartEntries.clinicId, clinicId), eq(chartEntries.id, entry.id)));
    await recordActivity(tx, {
      clinicId,
      actorId: input.actorId,
      action: "clinical.chart_entry_removed",
      entityType: "patient",
      entityId: entry.patientId,
      details: { entryId: entry.id, tooth: entry.tooth, kind: entry.kind, code: entry.code },
    });
  });
  return entry;
}

/** A visit named on an entry must be this patient's, in this clinic; anything else reads as absent. */
async function assertVisitOfPatient(
  db: Db,
  clinicId: string,
  patientId: string,
  appointmentId: string,
) {
  const [row] = await db.select({ id: appointments.id }).from(appointments).where(and(
    eq(appointments.clinicId, clinicId),
    eq(appointments.patientId, patientId),
    eq(appointments.id, appointmentId),
  ));
  if (!row) throw notFound("Appointment not found");
}
