/** A clinic's invoicing settings: its optional tax rate and default payment terms. */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { financeSettings } from "../db/schema.ts";

export interface FinanceSettings {
  /** Basis points (1700 = 17%); null when the clinic charges no tax. */
  taxRateBp: number | null;
  taxLabel: string;
  paymentTermsDays: number;
}

export const DEFAULT_FINANCE_SETTINGS: FinanceSettings = {
  taxRateBp: null,
  taxLabel: "Sales tax",
  paymentTermsDays: 14,
};

export async function getFinanceSettings(db: Db, clinicId: string): Promise<FinanceSettings> {
  const [row] = await db.select().from(financeSettings).where(
    eq(financeSettings.clinicId, clinicId),
  );
  return row
    ? { taxRateBp: row.taxRateBp, taxLabel: row.taxLabel, paymentTermsDays: row.paymentTermsDays }
    : DEFAULT_FINANCE_SETTINGS;
}

export async function saveFinanceSettings(
  db: Db,
  clinicId: string,
  actorId: string | null,
  values: FinanceSettings,
): Promise<void> {
  await db.insert(financeSettings).values({ clinicId, ...values, updatedBy: actorId })
    .onConflictDoUpdate({
      target: financeSettings.clinicId,
      set: { ...values, updatedBy: actorId, updatedAt: new Date() },
    });
}
