/**
 * Ruby reports: generating one (fresh figures for the chosen period and the
 * one before, a narrative, stored as generated) and reading a clinic's
 * history back, newest first. Stored reports never change (the table
 * refuses updates), so an old report shows what it said then.
 *
 * @example
 * ```ts
 * const report = await generateReport({ db, text: null }, { clinicId, actorId, input: {}, now });
 * const history = await listReports(db, clinicId);
 * ```
 */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { rubyReports, users } from "../db/schema.ts";
import type { TextProvider } from "../ai/provider.ts";
import { recordActivity } from "../activity-log.ts";
import { notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { clinicTimeZone } from "../time/clinic-zone.ts";
import type { ReportFigures } from "./figures.ts";
import { lowStockNow, periodFigures } from "./analytics.ts";
import { type Narrative, writeNarrative } from "./narrative.ts";
import { chosenPeriod, type GenerateReportInput, previousPeriod } from "./period.ts";

export interface ReportSummary {
  id: string;
  periodStart: string;
  periodEnd: string;
  generatedAt: Date;
  generatedByName: string | null;
}

export interface StoredReport extends ReportSummary {
  figures: ReportFigures;
  narrative: Narrative;
}

export interface ReportDeps {
  db: Db;
  /** The model that writes the narrative; null writes it from the template. */
  text: TextProvider | null;
}

/** Every figure of `input`'s period and the one before it, computed now. */
export async function computeFigures(
  db: Db,
  clinicId: string,
  input: GenerateReportInput,
  now: Date,
): Promise<ReportFigures> {
  const period = chosenPeriod(input, await clinicTimeZone(db, clinicId), now);
  const [current, previous, lowStock] = await Promise.all([
    periodFigures(db, clinicId, period, now),
    periodFigures(db, clinicId, previousPeriod(period), now),
    lowStockNow(db, clinicId),
  ]);
  return { version: 1, generatedAt: now.toISOString(), current, previous, lowStock };
}

export async function generateReport(
  deps: ReportDeps,
  input: { clinicId: string; actorId: string | null; input: GenerateReportInput; now: Date },
): Promise<StoredReport> {
  const figures = await computeFigures(deps.db, input.clinicId, input.input, input.now);
  // The model is asked outside the transaction: a slow answer holds no lock.
  const narrative = await writeNarrative(figures, deps.text);
  const id = await deps.db.transaction(async (tx) => {
    const [row] = await tx.insert(rubyReports).values({
      clinicId: input.clinicId,
      periodStart: figures.current.period.start,
      periodEnd: figures.current.period.end,
      generatedAt: input.now,
      generatedBy: input.actorId,
      figures,
      narrative,
    }).returning({ id: rubyReports.id });
    await recordActivity(tx, {
      clinicId: input.clinicId,
      actorId: input.actorId,
      action: "reports.ruby_generated",
      entityType: "ruby_report",
      entityId: row.id,
      details: {
        periodStart: figures.current.period.start,
        periodEnd: figures.current.period.end,
        narrative: narrative.source,
      },
    });
    return row.id;
  });
  return await getReport(deps.db, input.clinicId, id);
}

const summaryColumns = {
  id: rubyReports.id,
  periodStart: rubyReports.periodStart,
  periodEnd: rubyReports.periodEnd,
  generatedAt: rubyReports.generatedAt,
  generatedByName: users.name,
};

/** The clinic's reports, newest first, without their figures. */
export async function listReports(db: Db, clinicId: string): Promise<ReportSummary[]> {
  return await db.select(summaryColumns).from(rubyReports)
    .leftJoin(users, eq(users.id, rubyReports.generatedBy))
    .where(eq(rubyReports.clinicId, clinicId))
    .orderBy(desc(rubyReports.generatedAt), desc(rubyReports.id));
}

/** The clinic's reports with what each said, newest first: the history panel. */
export async function reportHistory(db: Db, clinicId: string): Promise<StoredReport[]> {
  return await db.select({
    ...summaryColumns,
    figures: rubyReports.figures,
    narrative: rubyReports.narrative,
  }).from(rubyReports)
    .leftJoin(users, eq(users.id, rubyReports.generatedBy))
    .where(eq(rubyReports.clinicId, clinicId))
    .orderBy(desc(rubyReports.generatedAt), desc(rubyReports.id));
}

/** One of the clinic's reports as generated; another clinic's id is not found. */
export async function getReport(db: Db, clinicId: string, id: string): Promise<StoredReport> {
  if (!isUuid(id)) throw notFound("No such report");
  const [row] = await db.select({
    ...summaryColumns,
    figures: rubyReports.figures,
    narrative: rubyReports.narrative,
  }).from(rubyReports)
    .leftJoin(users, eq(users.id, rubyReports.generatedBy))
    .where(and(eq(rubyReports.clinicId, clinicId), eq(rubyReports.id, id)));
  if (!row) throw notFound("No such report");
  return row;
}

/** The newest report of the clinic, or null before the first. */
export async function latestReport(db: Db, clinicId: string): Promise<StoredReport | null> {
  const [row] = await db.select({ id: rubyReports.id }).from(rubyReports)
    .where(eq(rubyReports.clinicId, clinicId))
    .orderBy(desc(rubyReports.generatedAt), desc(rubyReports.id)).limit(1);
  return row ? await getReport(db, clinicId, row.id) : null;
}

/** The JSON the API answers with. */
export function reportSummaryJson(report: ReportSummary) {
  return {
    id: report.id,
    periodStart: report.periodStart,
    periodEnd: report.periodEnd,
    generatedAt: report.generatedAt.toISOString(),
    generatedBy: report.generatedByName,
  };
}
