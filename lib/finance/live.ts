/**
 * `finance.changed` on the live event bus: published in the transaction of every invoice,
 * payment, refund and void, so every open billing page of the clinic shows the new balance and
 * history without a reload.
 */
import type { Db } from "../db/client.ts";
import { publishEvent } from "../events/publish.ts";

export const FINANCE_CHANGED = "finance.changed";

export interface FinanceChanged {
  invoiceId: string;
  patientId: string;
  /** What happened: created, issued, payment, refund, void. */
  change: string;
}

export async function publishFinanceChanged(
  tx: Db,
  clinicId: string,
  data: FinanceChanged,
): Promise<void> {
  await publishEvent(tx, {
    clinicId,
    type: FINANCE_CHANGED,
    permission: "finance.invoices.view",
    data: { ...data },
  });
}
