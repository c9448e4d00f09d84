/**
 * Reading lab cases: the dashboard's filtered list with counts per status,
 * one case with everything on it, and the cases of a patient or an
 * appointment. Every answer carries `overdue` and, for a case tied to an
 * appointment, whether it may not be back in time for it.
 */
import {
  and,
  asc,
  count,
  desc,
  eq,
  ilike,
  inArray,
  lt,
  notInArray,
  or,
  type SQL,
} from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  appointments,
  labCaseAttachments,
  labCaseEvents,
  labCaseLinks,
  labCases,
  labs,
  patients,
  storedFiles,
} from "../db/schema.ts";
import { notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { localDateOf } from "../time/zoned.ts";
import { clinicTimeZone } from "../time/clinic-zone.ts";
import {
  formatCaseNumber,
  isOverdue,
  isSettled,
  LAB_CASE_STATUSES,
  type LabCaseStatus,
  type LabCaseType,
  type LabPriority,
} from "./statuses.ts";
import { addWorkingDays, loadWorkingCalendar, type WorkingCalendar } from "./working-days.ts";

export interface LabCaseSummary {
  id: string;
  number: number;
  caseNumber: string;
  patientId: string;
  patientName: string;
  patientMrn: string;
  labId: string;
  labName: string;
  caseType: LabCaseType;
  teeth: number[];
  priority: LabPriority;
  dueDate: string | null;
  status: LabCaseStatus;
  appointmentId: string | null;
  /** The linked appointment's start, ISO. */
  appointmentStartsAt: string | null;
  overdue: boolean;
  /** Due (plus one working day) after the appointment it is meant for. */
  mayNotBeBack: boolean;
  updatedAt: string;
}

export interface LabCaseFilters {
  labId?: string;
  status?: LabCaseStatus;
  priority?: LabPriority;
  overdue?: boolean;
  /** Name or MRN, part of it. */
  patient?: string;
  patientId?: string;
  appointmentId?: string;
}

const SETTLED: LabCaseStatus[] = ["delivered", "fitted", "cancelled"];

const summaryColumns = {
  id: labCases.id,
  number: labCases.number,
  patientId: labCases.patientId,
  patientName: patients.fullName,
  patientMrn: patients.mrn,
  labId: labCases.labId,
  labName: labs.name,
  caseType: labCases.caseType,
  teeth: labCases.teeth,
  priority: labCases.priority,
  dueDate: labCases.dueDate,
  status: labCases.status,
  appointmentId: labCases.appointmentId,
  appointmentStartsAt: appointments.startsAt,
  updatedAt: labCases.updatedAt,
};

type SummaryRow =
  & {
    [K in keyof typeof summaryColumns]: unknown;
  }
  & {
    id: string;
    number: number;
    patientId: string;
    patientName: string;
    patientMrn: string;
    labId: string;
    labName: string;
    caseType: LabCaseType;
    teeth: number[];
    priority: LabPriority;
    dueDate: string | null;
    status: LabCaseStatus;
    appointmentId: string | null;
    appointmentStartsAt: Date | null;
    updatedAt: Date;
  };

/**
 * The "case may not be back" rule: a case still at the lab needs a working
 * day after its due date to be checked and ready, and that day must come
 * before the appointment it is meant for.
 */
export function mayNotBeBack(
  kase: { status: LabCaseStatus; dueDate: string | null },
  appointmentDate: string | null,
  calendar: WorkingCalendar,
): boolean {
  if (!appointmentDate || !kase.dueDate || isSettled(kase.status)) return false;
  return addWorkingDays(kase.dueDate, 1, calendar) > appointmentDate;
}

interface Clock {
  today: string;
  timeZone: string;
  calendar: WorkingCalendar;
}

async function clinicClock(db: Db, clinicId: string, now: Date): Promise<Clock> {
  const timeZone = await clinicTimeZone(db, clinicId);
  const today = localDateOf(now, timeZone);
  return { today, timeZone, calendar: await loadWorkingCalendar(db, clinicId, today) };
}

function summarize(row: SummaryRow, clock: Clock): LabCaseSummary {
  const appointmentDate = row.appointmentStartsAt
    ? localDateOf(row.appointmentStartsAt, clock.timeZone)
    : null;
  return {
    id: row.id,
    number: row.number,
    caseNumber: formatCaseNumber(row.number),
    patientId: row.patientId,
    patientName: row.patientName,
    patientMrn: row.patientMrn,
    labId: row.labId,
    labName: row.labName,
    caseType: row.caseType,
    teeth: row.teeth,
    priority: row.priority,
    dueDate: row.dueDate,
    status: row.status,
    appointmentId: row.appointmentId,
    appointmentStartsAt: row.appointmentStartsAt?.toISOString() ?? null,
    overdue: isOverdue(row, clock.today),
    mayNotBeBack: mayNotBeBack(row, appointmentDate, clock.calendar),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function summaryQuery(db: Db) {
  return db.select(summaryColumns).from(labCases)
    .innerJoin(patients, eq(patients.id, labCases.patientId))
    .innerJoin(labs, eq(labs.id, labCases.labId))
    .leftJoin(appointments, eq(appointments.id, labCases.appointmentId));
}

function filterConditions(clinicId: string, filters: LabCaseFilters, today: string): SQL[] {
  const where: (SQL | undefined)[] = [eq(labCases.clinicId, clinicId)];
  if (filters.labId) where.push(eq(labCases.labId, filters.labId));
  if (filters.priority) where.push(eq(labCases.priority, filters.priority));
  if (filters.patientId) where.push(eq(labCases.patientId, filters.patientId));
  if (filters.appointmentId) where.push(eq(labCases.appointmentId, filters.appointmentId));
  if (filters.overdue) {
    where.push(lt(labCases.dueDate, today), notInArray(labCases.status, SETTLED));
  }
  if (filters.patient) {
    const term = `%${filters.patient.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    where.push(or(ilike(patients.fullName, term), ilike(patients.mrn, term)));
  }
  return where.filter((w): w is SQL => w !== undefined);
}

export interface LabBoard {
  cases: LabCaseSummary[];
  /** Cases per status under every filter but the status one. */
  counts: Record<LabCaseStatus, number>;
  overdueCount: number;
  today: string;
}

/** Past this many, the dashboard asks for narrower filters rather than an endless page. */
const BOARD_LIMIT = 500;

export async function listLabCases(
  db: Db,
  clinicId: string,
  filters: LabCaseFilters = {},
  now = new Date(),
): Promise<LabBoard> {
  const clock = await clinicClock(db, clinicId, now);
  const base = filterConditions(clinicId, filters, clock.today);
  const withStatus = filters.status ? [...base, eq(labCases.status, filters.status)] : base;
  const [rows, perStatus, [overdue]] = await Promise.all([
    summaryQuery(db).where(and(...withStatus))
      .orderBy(asc(labCases.dueDate), desc(labCases.number)).limit(BOARD_LIMIT),
    db.select({ status: labCases.status, n: count() }).from(labCases)
      .innerJoin(patients, eq(patients.id, labCases.patientId))
      .where(and(...base)).groupBy(labCases.status),
    db.select({ n: count() }).from(labCases)
      .innerJoin(patients, eq(patients.id, labCases.patientId))
      .where(and(
        ...base,
        lt(labCases.dueDate, clock.today),
        notInArray(labCases.status, SETTLED),
      )),
  ]);
  const counts = Object.fromEntries(LAB_CASE_STATUSES.map((s) => [s, 0])) as Record<
    LabCaseStatus,
    number
  >;
  for (const row of perStatus) counts[row.status] = Number(row.n);
  return {
    cases: rows.map((row) => summarize(row as SummaryRow, clock)),
    counts,
    overdueCount: Number(overdue?.n ?? 0),
    today: clock.today,
  };
}

export async function listPatientLabCases(
  db: Db,
  clinicId: string,
  patientId: string,
  now = new Date(),
): Promise<LabCaseSummary[]> {
  if (!isUuid(patientId)) return [];
  return (await listLabCases(db, clinicId, { patientId }, now)).cases;
}

export async function listAppointmentLabCases(
  db: Db,
  clinicId: string,
  appointmentId: string,
  now = new Date(),
): Promise<LabCaseSummary[]> {
  if (!isUuid(appointmentId)) return [];
  // Most visits have no case: the clinic's clock (three reads) is needed only for those that do.
  const rows = await summaryQuery(db)
    .where(and(eq(labCases.clinicId, clinicId), eq(labCases.appointmentId, appointmentId)))
    .orderBy(asc(labCases.dueDate), desc(labCases.number));
  if (!rows.length) return [];
  const clock = await clinicClock(db, clinicId, now);
  return rows.map((row) => summarize(row as SummaryRow, clock));
}

/** Appointments (among `ids`) with a linked case that may not be back in time. */
export async function appointmentsWaitingOnLab(
  db: Db,
  clinicId: string,
  ids: string[],
  now = new Date(),
): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const clock = await clinicClock(db, clinicId, now);
  const rows = await summaryQuery(db).where(and(
    eq(labCases.clinicId, clinicId),
    inArray(labCases.appointmentId, ids),
  ));
  return new Set(
    rows.map((row) => summarize(row as SummaryRow, clock))
      .filter((kase) => kase.mayNotBeBack)
      .map((kase) => kase.appointmentId!),
  );
}

export interface TimelineEntry {
  id: number;
  kind: string;
  fromStatus: LabCaseStatus | null;
  toStatus: LabCaseStatus | null;
  note: string | null;
  actor: string;
  viaLink: boolean;
  at: string;
}

export interface CaseAttachment {
  id: string;
  fileId: string;
  kind: "image" | "pdf" | "scan" | "dicom" | "dicom_zip";
  name: string;
  contentType: string;
  sizeBytes: number;
  source: "staff" | "lab";
  captureId: string | null;
  studyIds: string[];
  importReport: Record<string, unknown> | null;
  createdAt: string;
}

export interface CaseLink {
  id: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  active: boolean;
}

export interface LabCaseDetail extends LabCaseSummary {
  shade: string | null;
  material: string | null;
  instructions: string | null;
  createdAt: string;
  appointmentType: string | null;
  timeline: TimelineEntry[];
  attachments: CaseAttachment[];
  links: CaseLink[];
}

export async function listCaseAttachments(
  db: Db,
  clinicId: string,
  caseId: string,
): Promise<CaseAttachment[]> {
  const rows = await db.select({
    id: labCaseAttachments.id,
    fileId: labCaseAttachments.fileId,
    kind: labCaseAttachments.kind,
    name: storedFiles.originalName,
    contentType: storedFiles.contentType,
    sizeBytes: storedFiles.sizeBytes,
    source: labCaseAttachments.source,
    captureId: labCaseAttachments.captureId,
    studyIds: labCaseAttachments.studyIds,
    importReport: labCaseAttachments.importReport,
    createdAt: labCaseAttachments.createdAt,
  }).from(labCaseAttachments)
    .innerJoin(storedFiles, eq(storedFiles.id, labCaseAttachments.fileId))
    .where(and(eq(labCaseAttachments.clinicId, clinicId), eq(labCaseAttachments.caseId, caseId)))
    .orderBy(asc(labCaseAttachments.createdAt));
  return rows.map((row) => ({
    ...row,
    name: row.name ?? "file",
    createdAt: row.createdAt.toISOString(),
  }));
}

export async function getLabCase(
  db: Db,
  clinicId: string,
  caseId: string,
  now = new Date(),
): Promise<LabCaseDetail> {
  if (!isUuid(caseId)) throw notFound("Lab case not found");
  const clock = await clinicClock(db, clinicId, now);
  const [row] = await db.select({
    ...summaryColumns,
    shade: labCases.shade,
    material: labCases.material,
    instructions: labCases.instructions,
    createdAt: labCases.createdAt,
    appointmentType: appointments.type,
  }).from(labCases)
    .innerJoin(patients, eq(patients.id, labCases.patientId))
    .innerJoin(labs, eq(labs.id, labCases.labId))
    .leftJoin(appointments, eq(appointments.id, labCases.appointmentId))
    .where(and(eq(labCases.clinicId, clinicId), eq(labCases.id, caseId)));
  if (!row) throw notFound("Lab case not found");
  const [events, attachments, links] = await Promise.all([
    db.select().from(labCaseEvents)
      .where(and(eq(labCaseEvents.clinicId, clinicId), eq(labCaseEvents.caseId, caseId)))
      .orderBy(asc(labCaseEvents.id)),
    listCaseAttachments(db, clinicId, caseId),
    db.select().from(labCaseLinks)
      .where(and(eq(labCaseLinks.clinicId, clinicId), eq(labCaseLinks.caseId, caseId)))
      .orderBy(desc(labCaseLinks.createdAt)),
  ]);
  return {
    ...summarize(row as unknown as SummaryRow, clock),
    shade: row.shade,
    material: row.material,
    instructions: row.instructions,
    createdAt: row.createdAt.toISOString(),
    appointmentType: row.appointmentType ?? null,
    timeline: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      note: e.note,
      actor: e.actorLabel,
      viaLink: e.linkId !== null,
      at: e.createdAt.toISOString(),
    })),
    attachments,
    links: links.map((link) => ({
      id: link.id,
      expiresAt: link.expiresAt.toISOString(),
      revokedAt: link.revokedAt?.toISOString() ?? null,
      lastUsedAt: link.lastUsedAt?.toISOString() ?? null,
      createdAt: link.createdAt.toISOString(),
      active: !link.revokedAt && link.expiresAt > now,
    })),
  };
}
