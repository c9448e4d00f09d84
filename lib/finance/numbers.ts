/**
 * Clinic-wide sequential numbers for invoices and receipts. The bump is an upsert on the
 * clinic's counter row inside the caller's transaction: the row stays locked until that
 * transaction ends, so concurrent creates take turns and never share a number, and a create
 * that rolls back takes its number with it, leaving no gap.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinicCounters } from "../db/schema.ts";

export type CounterName = "invoice" | "receipt";

export async function nextNumber(tx: Db, clinicId: string, name: CounterName): Promise<number> {
  const [row] = await tx.insert(clinicCounters).values({ clinicId, name, value: 1 })
    .onConflictDoUpdate({
      target: [clinicCounters.clinicId, clinicCounters.name],
      set: { value: sql`${clinicCounters.value} + 1` },
    })
    .returning({ value: clinicCounters.value });
  return row.value;
}
