/**
 * Periodontal exams: recorded whole (one exam, its teeth and its probed
 * sites, in one transaction), read back per site, and compared in SQL, so
 * "which sites got worse since the last exam" is a query, not a page.
 * Recording needs `clinical.chart.edit`; every read is scoped by clinic.
 *
 * @example
 * ```ts
 * const exam = await recordPerioExam(db, { access, actorId, patientId, exam: input });
 * const worse = await worsenedSites(db, clinicId, { fromExamId: older.id, toExamId: exam.id });
 * ```
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { appointments, perioExams, perioSites, perioTeeth, users } from "../db/schema.ts";
import { recordActivity } from "../activity-log.ts";
import { badRequest, forbidden, notFound } from "../errors.ts";
import { type Access, can } from "../permissions/access.ts";
import { isUuid } from "../ids.ts";
import { assertPatientInClinic } from "../clinical/notes.ts";
import {
  attachmentLevel,
  hasFurcation,
  isPerioTooth,
  PERIO_SITES,
  type PerioSite,
  type SiteReading,
  type ToothReading,
  WORSE_BY_MM,
} from "./sites.ts";

const mm = (min: number, max: number) => z.number().int().min(min).max(max).nullable();

/** The body of a recorded exam, for the API and the entry island alike. */
export const perioExamInput = z.object({
  examinedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Give the date as YYYY-MM-DD"),
  appointmentId: z.uuid().nullable().optional(),
  note: z.string().max(1000).nullable().optional(),
  teeth: z.array(
    z.object({
      tooth: z.string().refine(isPerioTooth, "A permanent FDI tooth, 11–48"),
      missing: z.boolean().default(false),
      mobility: mm(0, 3).optional(),
      furcation: mm(1, 3).optional(),
    }).strict(),
  ).max(32).default([]),
  sites: z.array(
    z.object({
      tooth: z.string().refine(isPerioTooth, "A permanent FDI tooth, 11–48"),
      site: z.enum(PERIO_SITES),
      depth: mm(0, 15),
      recession: mm(-5, 15).optional(),
      bleeding: z.boolean().default(false),
      suppuration: z.boolean().default(false),
      plaque: z.boolean().default(false),
    }).strict(),
  ).min(1, "Probe at least one site").max(192),
}).strict();
export type PerioExamInput = z.infer<typeof perioExamInput>;

export interface PerioExamSummaryRow {
  id: string;
  patientId: string;
  examinedOn: string;
  appointmentId: string | null;
  recordedByName: string | null;
  createdAt: Date;
}

export interface PerioExam extends PerioExamSummaryRow {
  note: string | null;
  teeth: Map<string, ToothReading>;
  /** `tooth:site` → reading. */
  sites: Map<string, SiteReading>;
}

function checkConsistency(input: PerioExamInput) {
  const seen = new Set<string>();
  const missing = new Set(input.teeth.filter((t) => t.missing).map((t) => t.tooth));
  for (const site of input.sites) {
    const key = `${site.tooth}:${site.site}`;
    if (seen.has(key)) throw badRequest(`Site ${site.tooth} ${site.site} is given twice.`);
    seen.add(key);
    if (missing.has(site.tooth)) {
      throw badRequest(`Tooth ${site.tooth} is marked missing but has readings.`);
    }
  }
  const teeth = new Set<string>();
  for (const tooth of input.teeth) {
    if (teeth.has(tooth.tooth)) throw badRequest(`Tooth ${tooth.tooth} is given twice.`);
    teeth.add(tooth.tooth);
    if (tooth.furcation && !hasFurcation(tooth.tooth)) {
      throw badRequest(`Tooth ${tooth.tooth} has no furcation to grade.`);
    }
  }
}

export async function recordPerioExam(
  db: Db,
  input: { access: Access; actorId: string; patientId: string; exam: PerioExamInput },
): Promise<PerioExam> {
  const { clinicId } = input.access;
  if (!can(input.access, "clinical.chart.edit")) {
    throw forbidden("FORBIDDEN", 'You do not have permission "clinical.chart.edit"', {
      permission: "clinical.chart.edit",
    });
  }
  await assertPatientInClinic(db, clinicId, input.patientId);
  const exam = input.exam;
  checkConsistency(exam);
  if (exam.appointmentId) {
    const [visit] = await db.select({ id: appointments.id }).from(appointments).where(and(
      eq(appointments.clinicId, clinicId),
      eq(appointments.patientId, input.patientId),
      eq(appointments.id, exam.appointmentId),
    ));
    if (!visit) throw notFound("Appointment not found");
  }
  const id = await db.transaction(async (tx) => {
    const [row] = await tx.insert(perioExams).values({
      clinicId,
      patientId: input.patientId,
      appointmentId: exam.appointmentId ?? null,
      examinedOn: exam.examinedOn,
      recordedBy: input.actorId,
      note: exam.note?.trim() || null,
    }).returning({ id: perioExams.id });
    if (exam.teeth.length) {
      await tx.insert(perioTeeth).values(exam.teeth.map((t) => ({
        examId: row.id,
        clinicId,
        tooth: t.tooth,
        missing: t.missing,
        mobility: t.mobility ?? null,
        furcation: t.furcation ?? null,
      })));
    }
    await tx.insert(perioSites).values(exam.sites.map((s) => ({
      examId: row.id,
      clinicId,
      tooth: s.tooth,
      site: s.site,
      depth: s.depth,
      recession: s.recession ?? null,
      bleeding: s.bleeding,
      suppuration: s.suppuration,
      plaque: s.plaque,
    })));
    await recordActivity(tx, {
      clinicId,
      actorId: input.actorId,
      action: "clinical.perio_exam_recorded",
      entityType: "patient",
      entityId: input.patientId,
      details: { examId: row.id, sites: exam.sites.length },
    });
    return row.id;
  });
  return await getPerioExam(db, clinicId, id);
}

const examColumns = {
  id: perioExams.id,
  patientId: perioExams.patientId,
  examinedOn: perioExams.examinedOn,
  appointmentId: perioExams.appointmentId,
  recordedByName: users.name,
  createdAt: perioExams.createdAt,
  note: perioExams.note,
};

/** A patient's exams, newest first. */
export async function listPerioExams(
  db: Db,
  clinicId: string,
  patientId: string,
): Promise<PerioExamSummaryRow[]> {
  return await db.select(examColumns).from(perioExams)
    .leftJoin(users, eq(users.id, perioExams.recordedBy))
    .where(and(eq(perioExams.clinicId, clinicId), eq(perioExams.patientId, patientId)))
    .orderBy(desc(perioExams.examinedOn), desc(perioExams.createdAt));
}

export async function getPerioExam(db: Db, clinicId: string, examId: string): Promise<PerioExam> {
  if (!isUuid(examId)) throw notFound("Perio exam not found");
  const [exam] = await db.select(examColumns).from(perioExams)
    .leftJoin(users, eq(users.id, perioExams.recordedBy))
    .where(and(eq(perioExams.clinicId, clinicId), eq(perioExams.id, examId)));
  if (!exam) throw notFound("Perio exam not found");
  const [teeth, sites] = await Promise.all([
    db.select().from(perioTeeth)
      .where(and(eq(perioTeeth.clinicId, clinicId), eq(perioTeeth.examId, examId))),
    db.select().from(perioSites)
      .where(and(eq(perioSites.clinicId, clinicId), eq(perioSites.examId, examId)))
      .orderBy(asc(perioSites.tooth)),
  ]);
  return {
    ...exam,
    teeth: new Map(teeth.map((t) => [t.tooth, {
      missing: t.missing,
      mobility: t.mobility,
      furcation: t.furcation,
    }])),
    sites: new Map(sites.map((s) => [`${s.tooth}:${s.site}`, {
      depth: s.depth,
      recession: s.recession,
      bleeding: s.bleeding,
      suppuration: s.suppuration,
      plaque: s.plaque,
    }])),
  };
}

export interface WorsenedSite {
  tooth: string;
  site: PerioSite;
  depthBefore: number;
  depthAfter: number;
  attachmentBefore: number | null;
  attachmentAfter: number | null;
}

/**
 * The sites, probed in both exams of the same patient, whose depth or
 * attachment loss grew by at least `threshold` mm from `fromExamId` to
 * `toExamId`. Both exams must be this clinic's and the same patient's.
 */
export async function worsenedSites(
  db: Db,
  clinicId: string,
  input: { fromExamId: string; toExamId: string; threshold?: number },
): Promise<WorsenedSite[]> {
  const threshold = input.threshold ?? WORSE_BY_MM;
  const [from, to] = await Promise.all([
    getExamHeader(db, clinicId, input.fromExamId),
    getExamHeader(db, clinicId, input.toExamId),
  ]);
  if (from.patientId !== to.patientId) {
    throw badRequest("The two exams are of different patients.");
  }
  const result = await db.execute<{
    tooth: string;
    site: PerioSite;
    depth_before: number;
    depth_after: number;
    recession_before: number | null;
    recession_after: number | null;
  }>(sql`
    select a.tooth, a.site, a.depth as depth_before, b.depth as depth_after,
           a.recession as recession_before, b.recession as recession_after
    from perio_sites a
    join perio_sites b on b.tooth = a.tooth and b.site = a.site
    where a.clinic_id = ${clinicId} and b.clinic_id = ${clinicId}
      and a.exam_id = ${from.id} and b.exam_id = ${to.id}
      and a.depth is not null and b.depth is not null
      and (b.depth - a.depth >= ${threshold}
        or (b.depth + b.recession) - (a.depth + a.recession) >= ${threshold})
    order by a.tooth, a.site`);
  const rows = Array.isArray(result) ? result : (result as { rows: typeof result }).rows;
  return (rows as unknown as {
    tooth: string;
    site: PerioSite;
    depth_before: number;
    depth_after: number;
    recession_before: number | null;
    recession_after: number | null;
  }[]).map((r) => ({
    tooth: r.tooth,
    site: r.site,
    depthBefore: Number(r.depth_before),
    depthAfter: Number(r.depth_after),
    attachmentBefore: attachmentLevel(Number(r.depth_before), nullable(r.recession_before)),
    attachmentAfter: attachmentLevel(Number(r.depth_after), nullable(r.recession_after)),
  }));
}

const nullable = (v: number | null) => (v === null ? null : Number(v));

async function getExamHeader(db: Db, clinicId: string, examId: string) {
  if (!isUuid(examId)) throw notFound("Perio exam not found");
  const [row] = await db.select({ id: perioExams.id, patientId: perioExams.patientId })
    .from(perioExams).where(and(eq(perioExams.clinicId, clinicId), eq(perioExams.id, examId)));
  if (!row) throw notFound("Perio exam not found");
  return row;
}

/** Tooth → mobility grade (1–3) from the patient's latest exam, for the odontogram's badges. */
export async function latestMobility(
  db: Db,
  clinicId: string,
  patientId: string,
): Promise<Map<string, number>> {
  const [latest] = await db.select({ id: perioExams.id }).from(perioExams)
    .where(and(eq(perioExams.clinicId, clinicId), eq(perioExams.patientId, patientId)))
    .orderBy(desc(perioExams.examinedOn), desc(perioExams.createdAt)).limit(1);
  if (!latest) return new Map();
  const rows = await db.select({ tooth: perioTeeth.tooth, mobility: perioTeeth.mobility })
    .from(perioTeeth)
    .where(and(eq(perioTeeth.clinicId, clinicId), eq(perioTeeth.examId, latest.id)));
  return new Map(rows.filter((r) => r.mobility).map((r) => [r.tooth, r.mobility!]));
}
