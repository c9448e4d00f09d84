/**
 * The overdue-invoice source of the action items: invoices past their due
 * date with money still owed. It reads the finance tables; until they exist
 * it contributes nothing.
 */
import type { Db } from "../db/client.ts";

export function overdueInvoiceItems(_db: Db, _clinicId: string, _today: string): null {
  return null;
}
