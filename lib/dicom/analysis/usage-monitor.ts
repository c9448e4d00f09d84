/**
 * The superadmin's DICOM usage monitor: every clinic with the `dicom_ai`
 * module, its month's usage against its limit (fullest first), when it
 * resets and its last analysis; and setting a clinic's own limit, which the
 * next submission already obeys.
 */
import { eq, max, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  activityLog,
  clinicModules,
  clinics,
  dicomAiLimits,
  dicomAnalyses,
} from "../../db/schema.ts";
import { resolveModules } from "../../permissions/access.ts";
import { isPlanId } from "../../permissions/features.ts";
import { findClinicOr404 } from "../../admin/clinic-modules.ts";
import { quotaMonth, readUsage } from "./quota.ts";
import { type UsageView, usageView } from "./panel.ts";

export interface ClinicUsageRow extends UsageView {
  clinicId: string;
  name: string;
  isTestAccount: boolean;
  /** Used as a fraction of the limit (1 = at the limit; a limit of 0 counts as full). */
  fraction: number;
  /** The clinic has its own limit instead of `AI_MONTHLY_QUOTA`. */
  ownLimit: boolean;
  lastAnalysisAt: string | null;
}

export async function listDicomUsage(
  deps: { db: Db; kv: Deno.Kv; monthlyQuota: number },
  now: Date,
): Promise<ClinicUsageRow[]> {
  const { db } = deps;
  const [all, modules, limits, last] = await Promise.all([
    db.select({
      id: clinics.id,
      name: clinics.name,
      planId: clinics.planId,
      timeZone: clinics.timeZone,
      isTestAccount: clinics.isTestAccount,
    }).from(clinics),
    db.select({
      clinicId: clinicModules.clinicId,
      moduleKey: clinicModules.moduleKey,
      isEnabled: clinicModules.isEnabled,
    }).from(clinicModules).where(eq(clinicModules.moduleKey, "dicom_ai")),
    db.select().from(dicomAiLimits),
    db.select({ clinicId: dicomAnalyses.clinicId, at: max(dicomAnalyses.createdAt) })
      .from(dicomAnalyses).groupBy(dicomAnalyses.clinicId),
  ]);
  const limitOf = new Map(limits.map((l) => [l.clinicId, l.monthlyLimit]));
  const lastOf = new Map(last.map((l) => [l.clinicId, l.at]));
  const rows: ClinicUsageRow[] = [];
  for (const clinic of all) {
    if (!isPlanId(clinic.planId)) continue;
    const own = modules.filter((m) => m.clinicId === clinic.id);
    if (!resolveModules(clinic.planId, own).has("dicom_ai")) continue;
    const limit = limitOf.get(clinic.id) ?? deps.monthlyQuota;
    const usage = await readUsage(deps.kv, clinic.id, limit, quotaMonth(now, clinic.timeZone));
    const lastAt = lastOf.get(clinic.id);
    rows.push({
      clinicId: clinic.id,
      name: clinic.name,
      isTestAccount: clinic.isTestAccount,
      ...usageView(usage),
      fraction: limit > 0 ? usage.used / limit : 1,
      ownLimit: limitOf.has(clinic.id),
      lastAnalysisAt: lastAt ? new Date(lastAt).toISOString() : null,
    });
  }
  return rows.sort((a, b) => b.fraction - a.fraction || a.name.localeCompare(b.name));
}

/** Sets the clinic's monthly limit; null goes back to `AI_MONTHLY_QUOTA`. */
export async function setClinicLimit(
  db: Db,
  input: { clinicId: string; monthlyLimit: number | null; actorId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    await findClinicOr404(tx, input.clinicId);
    if (input.monthlyLimit === null) {
      await tx.delete(dicomAiLimits).where(eq(dicomAiLimits.clinicId, input.clinicId));
    } else {
      await tx.insert(dicomAiLimits)
        .values({
          clinicId: input.clinicId,
          monthlyLimit: input.monthlyLimit,
          updatedBy: input.actorId,
        })
        .onConflictDoUpdate({
          target: dicomAiLimits.clinicId,
          set: {
            monthlyLimit: input.monthlyLimit,
            updatedBy: input.actorId,
            updatedAt: sql`now()`,
          },
        });
    }
    await tx.insert(activityLog).values({
      clinicId: input.clinicId,
      actorUserId: input.actorId,
      action: "platform.dicom_ai_limit_set",
      entityType: "clinic",
      entityId: input.clinicId,
      details: { monthlyLimit: input.monthlyLimit },
    });
  });
}

export interface DicomUsageTotals {
  /** Clinics with the module, test accounts left out. */
  clinics: number;
  /** Analyses this month across those clinics. */
  used: number;
  /** Of those clinics, at 80 % of their limit or more. */
  nearLimit: number;
  /** Clinics tagged as test accounts, listed in the table but out of these totals. */
  testAccounts: number;
}

/** The figures above the usage table: like every platform figure, without test accounts. */
export function dicomUsageTotals(rows: ClinicUsageRow[]): DicomUsageTotals {
  const real = rows.filter((row) => !row.isTestAccount);
  return {
    clinics: real.length,
    used: real.reduce((sum, row) => sum + row.used, 0),
    nearLimit: real.filter((row) => row.fraction >= 0.8).length,
    testAccounts: rows.length - real.length,
  };
}
