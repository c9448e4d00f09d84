/**
 * The stored error log: what the OTLP receiver writes (scrubbed), what the
 * superadmin's Error logs page reads (grouped by identical message), and the
 * retention sweep.
 */
import { and, desc, eq, gte, ilike, inArray, lt, lte, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinics, errorLogs } from "../db/schema.ts";
import { sha256Hex } from "../bytes.ts";
import type { ParsedLogRecord } from "./otlp-logs.ts";
import { scrubAttributes, scrubText } from "./scrub.ts";
import type { ErrorLogFilters } from "./error-log-filters.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Severity bands of the filter, as OTLP severity numbers. */
export const SEVERITY_BANDS = {
  warn: [13, 16],
  error: [17, 20],
  fatal: [21, 24],
} as const;

/**
 * Scrubs and stores parsed records; a clinic id that names no clinic is
 * dropped rather than failing the batch. Returns how many were stored.
 */
export async function storeErrorRecords(
  db: Db,
  records: ParsedLogRecord[],
  receivedAt: Date,
): Promise<number> {
  if (!records.length) return 0;
  const claimed = [
    ...new Set(records.map((r) => r.clinicId).filter((id): id is string => !!id && UUID.test(id))),
  ];
  const known = new Set(
    claimed.length
      ? (await db.select({ id: clinics.id }).from(clinics).where(inArray(clinics.id, claimed)))
        .map((row) => row.id)
      : [],
  );
  const rows = await Promise.all(records.map(async (record) => {
    const message = scrubText(record.message);
    return {
      occurredAt: record.occurredAt,
      receivedAt,
      severityNumber: Math.min(record.severityNumber, 24),
      severityText: record.severityText.slice(0, 32),
      message,
      fingerprint: (await sha256Hex(message)).slice(0, 32),
      serviceName: record.serviceName && scrubText(record.serviceName).slice(0, 200),
      release: record.release && scrubText(record.release).slice(0, 200),
      route: record.route && scrubText(record.route).slice(0, 500),
      clinicId: record.clinicId && known.has(record.clinicId) ? record.clinicId : null,
      traceId: record.traceId,
      spanId: record.spanId,
      stack: record.stack && scrubText(record.stack),
      attributes: scrubAttributes(record.attributes),
    };
  }));
  await db.insert(errorLogs).values(rows);
  return rows.length;
}

export interface ErrorGroup {
  /** The newest record of the group; its detail page. */
  latestId: string;
  occurredAt: Date;
  severityNumber: number;
  severityText: string;
  message: string;
  route: string | null;
  clinicId: string | null;
  clinicName: string | null;
  release: string | null;
  /** Records with this message within the filters. */
  count: number;
}

function conditions(filters: ErrorLogFilters, now: Date): SQL[] {
  const where: SQL[] = [gte(errorLogs.occurredAt, new Date(now.getTime() - filters.rangeMs))];
  if (filters.severity !== "all") {
    const [low, high] = SEVERITY_BANDS[filters.severity];
    where.push(gte(errorLogs.severityNumber, low), lte(errorLogs.severityNumber, high));
  }
  if (filters.q) {
    const pattern = `%${filters.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    where.push(ilike(errorLogs.message, pattern));
  }
  return where;
}

/** Newest first, one row per distinct message, with how often it occurred. */
export async function listErrorGroups(
  db: Db,
  filters: ErrorLogFilters,
  now: Date,
  limit = 100,
): Promise<ErrorGroup[]> {
  const ranked = db.select({
    id: errorLogs.id,
    occurredAt: errorLogs.occurredAt,
    severityNumber: errorLogs.severityNumber,
    severityText: errorLogs.severityText,
    message: errorLogs.message,
    route: errorLogs.route,
    clinicId: errorLogs.clinicId,
    release: errorLogs.release,
    count: sql<number>`count(*) over (partition by ${errorLogs.fingerprint})`.as("group_count"),
    rank: sql<number>`row_number() over (partition by ${errorLogs.fingerprint}
      order by ${errorLogs.occurredAt} desc, ${errorLogs.id} desc)`.as("group_rank"),
  }).from(errorLogs).where(and(...conditions(filters, now))).as("ranked");
  const rows = await db.select({
    latestId: ranked.id,
    occurredAt: ranked.occurredAt,
    severityNumber: ranked.severityNumber,
    severityText: ranked.severityText,
    message: ranked.message,
    route: ranked.route,
    clinicId: ranked.clinicId,
    clinicName: clinics.name,
    release: ranked.release,
    count: ranked.count,
  }).from(ranked)
    .leftJoin(clinics, eq(clinics.id, ranked.clinicId))
    .where(eq(ranked.rank, 1))
    .orderBy(desc(ranked.occurredAt))
    .limit(limit);
  return rows.map((row) => ({ ...row, count: Number(row.count) }));
}

export interface ErrorRecordDetail {
  id: string;
  occurredAt: Date;
  receivedAt: Date;
  severityNumber: number;
  severityText: string;
  message: string;
  serviceName: string | null;
  release: string | null;
  route: string | null;
  clinicId: string | null;
  clinicName: string | null;
  traceId: string | null;
  spanId: string | null;
  stack: string | null;
  attributes: Record<string, string>;
  /** Records with the same message, all time (within retention). */
  occurrences: number;
}

/** One record with its attributes and stack; null when there is none with that id. */
export async function getErrorRecord(db: Db, id: string): Promise<ErrorRecordDetail | null> {
  if (!UUID.test(id)) return null;
  const [row] = await db.select({
    id: errorLogs.id,
    occurredAt: errorLogs.occurredAt,
    receivedAt: errorLogs.receivedAt,
    severityNumber: errorLogs.severityNumber,
    severityText: errorLogs.severityText,
    message: errorLogs.message,
    fingerprint: errorLogs.fingerprint,
    serviceName: errorLogs.serviceName,
    release: errorLogs.release,
    route: errorLogs.route,
    clinicId: errorLogs.clinicId,
    clinicName: clinics.name,
    traceId: errorLogs.traceId,
    spanId: errorLogs.spanId,
    stack: errorLogs.stack,
    attributes: errorLogs.attributes,
  }).from(errorLogs).leftJoin(clinics, eq(clinics.id, errorLogs.clinicId))
    .where(eq(errorLogs.id, id));
  if (!row) return null;
  const [{ occurrences }] = await db.select({ occurrences: sql<number>`count(*)`.mapWith(Number) })
    .from(errorLogs).where(eq(errorLogs.fingerprint, row.fingerprint));
  const { fingerprint: _, ...detail } = row;
  return { ...detail, occurrences };
}

/**
 * Deletes records that happened more than `retentionDays` before `now`;
 * running it twice deletes nothing the second time. Returns how many went.
 */
export async function pruneErrorLogs(db: Db, now: Date, retentionDays: number): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const deleted = await db.delete(errorLogs).where(lt(errorLogs.occurredAt, cutoff))
    .returning({ id: errorLogs.id });
  return deleted.length;
}
