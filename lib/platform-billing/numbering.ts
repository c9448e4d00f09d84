/**
 * Invoice numbers: `OX-2026-0001`, one series per calendar year, sequential and without gaps.
 *
 * The series' counter row is incremented inside the transaction that inserts the invoice. The
 * row lock makes concurrent creators wait for one another, and an invoice whose transaction
 * rolls back takes its number back with it, so the next invoice gets the same one: no number is
 * ever skipped or issued twice. Invoices are voided, never deleted, for the same reason.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";

export const NUMBER_PREFIX = "OX";

export interface InvoiceNumber {
  series: string;
  sequence: number;
  number: string;
}

export function formatInvoiceNumber(series: string, sequence: number): string {
  return `${NUMBER_PREFIX}-${series}-${String(sequence).padStart(4, "0")}`;
}

/** Takes the next number of `series` (a year); call it inside the invoice's transaction. */
export async function takeInvoiceNumber(tx: Db, series: string): Promise<InvoiceNumber> {
  const rows = await tx.execute<{ last_number: number }>(sql`
    insert into platform_invoice_counters (series, last_number) values (${series}, 1)
    on conflict (series) do update
      set last_number = platform_invoice_counters.last_number + 1
    returning last_number`);
  const sequence = Number(rowsOf<{ last_number: number }>(rows)[0].last_number);
  return { series, sequence, number: formatInvoiceNumber(series, sequence) };
}

/** postgres.js returns the rows themselves, PGlite an object holding them. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? result as T[] : (result as { rows: T[] }).rows;
}
