/** Reading a clinic's DICOM analyses: the latest of a series or capture, or one by id. */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { type AnalysisStatus, dicomAnalyses, users } from "../../db/schema.ts";
import { notFound } from "../../errors.ts";
import { isUuid } from "../../ids.ts";
import type { AnalysisResult } from "../../ai/findings.ts";
import type { AnalysisSubject } from "./queue.ts";

export interface AnalysisView {
  id: string;
  status: AnalysisStatus;
  provider: string;
  seriesId: string | null;
  captureId: string | null;
  requestedBy: string | null;
  createdAt: string;
  finishedAt: string | null;
  result: AnalysisResult | null;
  error: string | null;
}

const COLUMNS = {
  id: dicomAnalyses.id,
  status: dicomAnalyses.status,
  provider: dicomAnalyses.provider,
  seriesId: dicomAnalyses.seriesId,
  captureId: dicomAnalyses.captureId,
  requestedBy: users.name,
  createdAt: dicomAnalyses.createdAt,
  finishedAt: dicomAnalyses.finishedAt,
  result: dicomAnalyses.result,
  error: dicomAnalyses.error,
};

type Row = {
  [K in keyof typeof COLUMNS]: K extends "createdAt" ? Date
    : K extends "finishedAt" ? Date | null
    : K extends "result" ? Record<string, unknown> | null
    : K extends "status" ? AnalysisStatus
    : string | null;
};

function view(row: Row): AnalysisView {
  return {
    ...row,
    id: row.id!,
    provider: row.provider!,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    result: row.result as unknown as AnalysisResult | null,
  };
}

/** The latest analyses of a series or capture, newest first. */
export async function listAnalyses(
  db: Db,
  clinicId: string,
  subject: AnalysisSubject,
  limit = 5,
): Promise<AnalysisView[]> {
  const id = "seriesId" in subject ? subject.seriesId : subject.captureId;
  if (!isUuid(id)) return [];
  const rows = await db.select(COLUMNS).from(dicomAnalyses)
    .leftJoin(users, eq(users.id, dicomAnalyses.requestedBy))
    .where(and(
      eq(dicomAnalyses.clinicId, clinicId),
      "seriesId" in subject ? eq(dicomAnalyses.seriesId, id) : eq(dicomAnalyses.captureId, id),
    ))
    .orderBy(desc(dicomAnalyses.createdAt))
    .limit(limit);
  return rows.map(view);
}

export async function getAnalysis(db: Db, clinicId: string, id: string): Promise<AnalysisView> {
  if (!isUuid(id)) throw notFound("Analysis not found");
  const [row] = await db.select(COLUMNS).from(dicomAnalyses)
    .leftJoin(users, eq(users.id, dicomAnalyses.requestedBy))
    .where(and(eq(dicomAnalyses.clinicId, clinicId), eq(dicomAnalyses.id, id)));
  if (!row) throw notFound("Analysis not found");
  return view(row);
}
