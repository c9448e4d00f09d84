/**
 * Cron job (16:00 in Karachi): each clinic owner's end-of-day inventory
 * summary — what was used on the clinic's day, what is low, what expires
 * within 30 days, and the supplier deliveries of today and this week — from
 * the same queries as the reorder list. The dedupe key names the clinic and
 * its date, so a second run, or a run on another instance, queues nothing.
 * Clinics without the inventory module, without a usable owner address, or
 * that turned the summary off are skipped.
 */
import { asc } from "drizzle-orm";
import type { AppDeps } from "../http/app-env.ts";
import { clinics } from "../db/schema.ts";
import { enqueueEmail } from "../email/outbox.ts";
import { readSection } from "../settings/sections.ts";
import { loadClinicModules } from "../permissions/access.ts";
import type { PlanId } from "../permissions/features.ts";
import { fromWallClock, localDateOf } from "../time/zoned.ts";
import { addDays } from "../calendar/calendar-dates.ts";
import { endOfDayEmail } from "../inventory/emails.ts";
import { clinicLogoUrl } from "../clinic-branding/logo-url.ts";
import {
  consumedBetween,
  expiringLots,
  lowStockItems,
  receiptsBetween,
} from "../inventory/stock-report.ts";

export interface EndOfDayReport {
  queued: number;
  alreadyQueued: number;
  skipped: number;
}

export function endOfDayDedupeKey(clinicId: string, date: string): string {
  return `inventory.end_of_day:${clinicId}:${date}`;
}

export async function sendInventoryEndOfDay(
  deps: Pick<AppDeps, "db" | "config">,
  now: Date,
  log: (line: string) => void = console.log,
): Promise<EndOfDayReport> {
  const { db } = deps;
  const report: EndOfDayReport = { queued: 0, alreadyQueued: 0, skipped: 0 };
  const all = await db.select().from(clinics).orderBy(asc(clinics.createdAt));
  for (const clinic of all) {
    const modules = await loadClinicModules(db, clinic.id, clinic.planId as PlanId);
    const settings = (await readSection(db, clinic.id, "notifications")).values;
    const to = clinic.ownerEmail.trim();
    if (!modules.has("inventory") || !settings.endOfDayEmail || !to) {
      report.skipped++;
      continue;
    }
    const tz = clinic.timeZone;
    const date = localDateOf(now, tz);
    const dayStart = fromWallClock(date, 0, tz);
    const dayEnd = fromWallClock(date, 1440, tz);
    const weekStart = fromWallClock(addDays(date, -6), 0, tz);
    const [consumed, lowStock, expiring, receiptsThisWeek] = [
      await consumedBetween(db, clinic.id, dayStart, dayEnd),
      await lowStockItems(db, clinic.id),
      await expiringLots(db, clinic.id, addDays(date, 30)),
      await receiptsBetween(db, clinic.id, weekStart, dayEnd),
    ];
    try {
      const { queued } = await enqueueEmail(db, {
        clinicId: clinic.id,
        to,
        kind: "inventory.end_of_day",
        dedupeKey: endOfDayDedupeKey(clinic.id, date),
        ...endOfDayEmail({
          clinicName: clinic.name,
          clinicLogoUrl: clinicLogoUrl(deps.config.appUrl, clinic.logoFileId),
          date,
          consumed,
          lowStock,
          expiring,
          receiptsToday: receiptsThisWeek.filter((r) => r.receivedAt >= dayStart),
          receiptsThisWeek,
          inventoryUrl: `${deps.config.appUrl}/inventory`,
          reorderUrl: `${deps.config.appUrl}/inventory/reorder`,
        }),
      });
      if (queued) report.queued++;
      else report.alreadyQueued++;
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      log(`inventory-end-of-day: clinic ${clinic.id} skipped, the owner's address is unusable`);
      report.skipped++;
    }
  }
  if (report.queued) log(`inventory-end-of-day: ${report.queued} queued`);
  return report;
}
