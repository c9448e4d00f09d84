/**
 * Each clinic's monthly budget of DICOM analyses, counted in Deno KV per
 * clinic and calendar month of the clinic's time zone. A submission reserves
 * one unit with a compare-and-set, so parallel submissions never overspend:
 * with 3 units left, exactly 3 of 20 concurrent ones get a unit. A failed
 * analysis gives its unit back to the month it was taken from. Each counter
 * expires a week after its month ends.
 *
 * The limit is `AI_MONTHLY_QUOTA`, or the clinic's own one a superadmin set
 * (Postgres, `dicom_ai_limits`), read on every reservation so a change holds
 * at once.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { dicomAiLimits } from "../../db/schema.ts";
import { AppError } from "../../errors.ts";
import { fromWallClock, localDateOf } from "../../time/zoned.ts";

const KEY = "dicom_ai_usage";
/** Refunds of analyses that fail just after the month ends still find their counter. */
const KEEP_AFTER_MONTH_MS = 7 * 86_400_000;

export interface QuotaMonth {
  /** YYYY-MM in the clinic's time zone. */
  month: string;
  /** The next month's first midnight on the clinic's clock. */
  resetsAt: Date;
}

/** The month `YYYY-MM` of the clinic's calendar and when it ends. */
export function monthPeriod(month: string, timeZone: string): QuotaMonth {
  const [year, m] = month.split("-").map(Number);
  const next = m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, "0")}-01`;
  return { month, resetsAt: fromWallClock(next, 0, timeZone) };
}

/** The clinic's month at `now`. */
export function quotaMonth(now: Date, timeZone: string): QuotaMonth {
  return monthPeriod(localDateOf(now, timeZone).slice(0, 7), timeZone);
}

function expiry(period: QuotaMonth, now: Date): number {
  return Math.max(1, period.resetsAt.getTime() - now.getTime() + KEEP_AFTER_MONTH_MS);
}

export interface Usage {
  used: number;
  limit: number;
  month: string;
  resetsAt: Date;
}

const usageKey = (clinicId: string, month: string) => [KEY, clinicId, month];

export async function clinicLimit(db: Db, clinicId: string, fallback: number): Promise<number> {
  const [row] = await db.select({ limit: dicomAiLimits.monthlyLimit }).from(dicomAiLimits)
    .where(eq(dicomAiLimits.clinicId, clinicId));
  return row?.limit ?? fallback;
}

/** Units used in the month of `now`. */
export async function usedUnits(kv: Deno.Kv, clinicId: string, month: string): Promise<number> {
  const entry = await kv.get<number>(usageKey(clinicId, month));
  return entry.value ?? 0;
}

export async function readUsage(
  kv: Deno.Kv,
  clinicId: string,
  limit: number,
  period: QuotaMonth,
): Promise<Usage> {
  return { used: await usedUnits(kv, clinicId, period.month), limit, ...period };
}

export function quotaExceeded(usage: Usage): AppError {
  return new AppError(
    429,
    "QUOTA_EXCEEDED",
    `This clinic has used all ${usage.limit} DICOM analyses of this month`,
    { limit: usage.limit, used: usage.used, resetsAt: usage.resetsAt.toISOString() },
  );
}

/**
 * Takes one unit of the month, or throws 429 `QUOTA_EXCEEDED` when none is
 * left. Returns the usage after the reservation.
 */
export async function reserveUnit(
  kv: Deno.Kv,
  clinicId: string,
  limit: number,
  period: QuotaMonth,
  now: Date,
): Promise<Usage> {
  const key = usageKey(clinicId, period.month);
  const expireIn = expiry(period, now);
  while (true) {
    const entry = await kv.get<number>(key);
    const used = entry.value ?? 0;
    if (used >= limit) throw quotaExceeded({ used, limit, ...period });
    const result = await kv.atomic().check(entry).set(key, used + 1, { expireIn }).commit();
    if (result.ok) return { used: used + 1, limit, ...period };
  }
}

/** Gives one unit back to its month; a counter already at zero (or expired) stays as it is. */
export async function refundUnit(
  kv: Deno.Kv,
  clinicId: string,
  period: QuotaMonth,
  now: Date,
): Promise<void> {
  const key = usageKey(clinicId, period.month);
  while (true) {
    const entry = await kv.get<number>(key);
    if (!entry.value) return;
    const result = await kv.atomic().check(entry)
      .set(key, entry.value - 1, { expireIn: expiry(period, now) }).commit();
    if (result.ok) return;
  }
}
