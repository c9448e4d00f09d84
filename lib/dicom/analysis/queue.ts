/**
 * The durable queue of DICOM analyses, in Postgres. Submitting reserves a
 * quota unit and inserts a `queued` row (with a NOTIFY that wakes the
 * workers) in one step; a worker claims one row at a time with
 * `for update skip locked`, and finishing is a compare-and-set on
 * `status = 'running'`, so an analysis runs once and is finished once even
 * with several workers and the cron sweep racing.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { isUniqueViolation } from "../../db/errors.ts";
import type { Db } from "../../db/client.ts";
import {
  clinics,
  dicomAnalyses,
  dicomSeries,
  dicomStudies,
  storedFiles,
  xrayCaptures,
} from "../../db/schema.ts";
import { AppError, notFound } from "../../errors.ts";
import { isUuid } from "../../ids.ts";
import { publishEvent } from "../../events/publish.ts";
import type { AnalysisResult } from "../../ai/findings.ts";
import { assertTermsAccepted } from "./terms.ts";
import {
  clinicLimit,
  monthPeriod,
  quotaMonth,
  readUsage,
  refundUnit,
  reserveUnit,
  type Usage,
} from "./quota.ts";

/** Postgres channel that wakes the analysis workers; the payload is the analysis id. */
export const ANALYSIS_CHANNEL = "odx_dicom_analysis";
export const ANALYSIS_COMPLETED = "dicom.analysis.completed";
/** Who hears of a finished analysis: whoever may open the radiology workstation. */
export const ANALYSIS_EVENT_PERMISSION = "radiology.view";

export type AnalysisSubject = { seriesId: string } | { captureId: string };

export interface SubmitDeps {
  db: Db;
  kv: Deno.Kv;
  /** `AI_MONTHLY_QUOTA` and `AI_PROVIDER`. */
  ai: { monthlyQuota: number; provider: "local" | "openai" };
}

interface Target {
  patientId: string;
  seriesId: string | null;
  captureId: string | null;
}

async function resolveSubject(db: Db, clinicId: string, subject: AnalysisSubject): Promise<Target> {
  if ("seriesId" in subject) {
    if (!isUuid(subject.seriesId)) throw notFound("Series not found");
    const [row] = await db.select({ patientId: dicomStudies.patientId }).from(dicomSeries)
      .innerJoin(dicomStudies, eq(dicomStudies.id, dicomSeries.studyId))
      .where(and(eq(dicomSeries.clinicId, clinicId), eq(dicomSeries.id, subject.seriesId)));
    if (!row) throw notFound("Series not found");
    return { patientId: row.patientId, seriesId: subject.seriesId, captureId: null };
  }
  if (!isUuid(subject.captureId)) throw notFound("Capture not found");
  const [row] = await db
    .select({ patientId: xrayCaptures.patientId, contentType: storedFiles.contentType })
    .from(xrayCaptures)
    .innerJoin(storedFiles, eq(storedFiles.id, xrayCaptures.fileId))
    .where(and(eq(xrayCaptures.clinicId, clinicId), eq(xrayCaptures.id, subject.captureId)));
  if (!row) throw notFound("Capture not found");
  if (row.contentType !== "application/dicom") {
    throw new AppError(422, "NOT_DICOM", "Only DICOM captures can be analysed");
  }
  if (!row.patientId) {
    throw new AppError(422, "CAPTURE_UNASSIGNED", "Assign the capture to a patient first");
  }
  return { patientId: row.patientId, seriesId: null, captureId: subject.captureId };
}

export async function clinicTimeZone(db: Db, clinicId: string): Promise<string> {
  const [row] = await db.select({ timeZone: clinics.timeZone }).from(clinics)
    .where(eq(clinics.id, clinicId));
  return row?.timeZone ?? "Asia/Karachi";
}

export interface Submitted {
  analysis: { id: string; status: "queued" | "running" };
  usage: Usage;
  /** The subject already had an analysis waiting: that one is returned, and no unit was taken. */
  alreadyPending: boolean;
}

/**
 * Queues an analysis of a series (or of a DICOM capture) of the clinic.
 * Refusals, in order: 404 for another clinic's or a missing subject, 403
 * `AI_TERMS_NOT_ACCEPTED`, 429 `QUOTA_EXCEEDED`. Nothing is written on a
 * refusal. A subject whose analysis is still queued or running gets that
 * analysis back (a double click, a second tab) without using the quota; a
 * partial unique index keeps two simultaneous submissions to one row.
 */
export async function submitAnalysis(
  deps: SubmitDeps,
  input: { clinicId: string; actorId: string; subject: AnalysisSubject; now: Date },
): Promise<Submitted> {
  const { db, kv } = deps;
  const target = await resolveSubject(db, input.clinicId, input.subject);
  await assertTermsAccepted(db, input.clinicId);
  const period = quotaMonth(input.now, await clinicTimeZone(db, input.clinicId));
  const limit = await clinicLimit(db, input.clinicId, deps.ai.monthlyQuota);
  const waiting = async () => {
    const pending = await pendingAnalysisOf(db, input.clinicId, target);
    return pending &&
      {
        analysis: pending,
        usage: await readUsage(kv, input.clinicId, limit, period),
        alreadyPending: true,
      };
  };
  const earlier = await waiting();
  if (earlier) return earlier;
  const usage = await reserveUnit(kv, input.clinicId, limit, period, input.now);
  try {
    const id = await db.transaction(async (tx) => {
      const [row] = await tx.insert(dicomAnalyses).values({
        clinicId: input.clinicId,
        patientId: target.patientId,
        seriesId: target.seriesId,
        captureId: target.captureId,
        provider: deps.ai.provider,
        quotaMonth: period.month,
        requestedBy: input.actorId,
        createdAt: input.now,
      }).returning({ id: dicomAnalyses.id });
      await tx.execute(sql`select pg_notify(${ANALYSIS_CHANNEL}, ${row.id})`);
      return row.id;
    });
    return { analysis: { id, status: "queued" }, usage, alreadyPending: false };
  } catch (error) {
    await refundUnit(kv, input.clinicId, period, input.now);
    // Another submission of the same subject won the race: answer with its analysis.
    const winner = isUniqueViolation(error) ? await waiting() : null;
    if (winner) return winner;
    throw error;
  }
}

async function pendingAnalysisOf(
  db: Db,
  clinicId: string,
  target: Target,
): Promise<{ id: string; status: "queued" | "running" } | null> {
  const [row] = await db.select({ id: dicomAnalyses.id, status: dicomAnalyses.status })
    .from(dicomAnalyses).where(and(
      eq(dicomAnalyses.clinicId, clinicId),
      target.seriesId
        ? eq(dicomAnalyses.seriesId, target.seriesId)
        : eq(dicomAnalyses.captureId, target.captureId!),
      inArray(dicomAnalyses.status, ["queued", "running"]),
    ));
  return row ? { id: row.id, status: row.status as "queued" | "running" } : null;
}

export interface ClaimedAnalysis {
  id: string;
  clinicId: string;
  patientId: string;
  seriesId: string | null;
  captureId: string | null;
  quotaMonth: string;
  attempts: number;
}

/**
 * Claims the oldest queued analysis, or one left `running` longer than
 * `staleMs` by a worker that died (a restart). Returns null when none waits.
 */
export async function claimNextAnalysis(
  db: Db,
  now: Date,
  staleMs: number,
): Promise<ClaimedAnalysis | null> {
  const staleBefore = new Date(now.getTime() - staleMs);
  const rows = await db.execute<Record<string, unknown>>(sql`
    update dicom_analyses set status = 'running', started_at = ${now.toISOString()}::timestamptz, attempts = attempts + 1
    where id = (
      select id from dicom_analyses
      where status = 'queued' or (status = 'running' and started_at < ${staleBefore.toISOString()}::timestamptz)
      order by created_at
      limit 1
      for update skip locked
    )
    returning id, clinic_id, patient_id, series_id, capture_id, quota_month, attempts`);
  const list = Array.isArray(rows) ? rows : (rows as { rows: Record<string, unknown>[] }).rows;
  const row = list[0];
  if (!row) return null;
  return {
    id: String(row.id),
    clinicId: String(row.clinic_id),
    patientId: String(row.patient_id),
    seriesId: (row.series_id as string | null) ?? null,
    captureId: (row.capture_id as string | null) ?? null,
    quotaMonth: String(row.quota_month),
    attempts: Number(row.attempts),
  };
}

function completedEvent(claim: ClaimedAnalysis, status: "completed" | "failed") {
  return {
    clinicId: claim.clinicId,
    type: ANALYSIS_COMPLETED,
    permission: ANALYSIS_EVENT_PERMISSION,
    data: {
      analysisId: claim.id,
      status,
      patientId: claim.patientId,
      seriesId: claim.seriesId,
      captureId: claim.captureId,
    },
  };
}

/** Stores the findings; false when the analysis was no longer running (finished elsewhere). */
export async function completeAnalysis(
  db: Db,
  claim: ClaimedAnalysis,
  result: AnalysisResult,
  now: Date,
): Promise<boolean> {
  return await db.transaction(async (tx) => {
    const [row] = await tx.update(dicomAnalyses)
      .set({ status: "completed", result: { ...result }, finishedAt: now, error: null })
      .where(and(eq(dicomAnalyses.id, claim.id), eq(dicomAnalyses.status, "running")))
      .returning({ id: dicomAnalyses.id });
    if (!row) return false;
    await publishEvent(tx, completedEvent(claim, "completed"));
    return true;
  });
}

/**
 * Marks the analysis failed with `message` and gives its quota unit back to
 * the month it came from; false when it was no longer running.
 */
export async function failAnalysis(
  deps: { db: Db; kv: Deno.Kv },
  claim: ClaimedAnalysis,
  message: string,
  now: Date,
): Promise<boolean> {
  const failed = await deps.db.transaction(async (tx) => {
    const [row] = await tx.update(dicomAnalyses)
      .set({ status: "failed", error: message.slice(0, 1000), finishedAt: now, refundedAt: now })
      .where(and(eq(dicomAnalyses.id, claim.id), eq(dicomAnalyses.status, "running")))
      .returning({ id: dicomAnalyses.id });
    if (!row) return false;
    await publishEvent(tx, completedEvent(claim, "failed"));
    return true;
  });
  if (failed) {
    const period = monthPeriod(claim.quotaMonth, await clinicTimeZone(deps.db, claim.clinicId));
    await refundUnit(deps.kv, claim.clinicId, period, now);
  }
  return failed;
}
