/**
 * Medical record numbers: "P-000042", unique within a clinic and handed out
 * in order from the clinic's `mrn` counter. The counter row is bumped with a
 * single `insert … on conflict do update … returning`, which locks it until
 * the caller's transaction ends, so concurrent registrations never share a
 * number, and a rolled-back registration gives its number back.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";

const COUNTER = "mrn";

export function formatMrn(sequence: number): string {
  return `P-${String(sequence).padStart(6, "0")}`;
}

/**
 * Reserves `count` consecutive MRNs for the clinic. Call it inside the
 * transaction that inserts the patients.
 */
export async function reserveMrns(tx: Db, clinicId: string, count = 1): Promise<string[]> {
  if (!Number.isInteger(count) || count < 1) throw new Error("count must be a positive integer");
  const result = await tx.execute<{ value: string | number }>(sql`
    insert into clinic_counters (clinic_id, name, value) values (${clinicId}, ${COUNTER}, ${count})
    on conflict (clinic_id, name) do update set value = clinic_counters.value + ${count}
    returning value`);
  const rows = Array.isArray(result) ? result : (result as { rows: { value: string }[] }).rows;
  const last = Number(rows[0].value);
  return Array.from({ length: count }, (_, i) => formatMrn(last - count + 1 + i));
}
