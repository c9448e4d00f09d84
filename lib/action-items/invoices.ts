/**
 * The overdue-invoice source of the action items: invoices issued or part
 * paid, past their due date (a clinic calendar day before today), with money
 * still owed. One select in the same shape as the other sources, so it joins
 * their UNION ALL.
 */
import { and, eq, gt, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { invoices, patients } from "../db/schema.ts";

/** The invoice page an item links to; the billing pages own the path. */
export const invoiceHref = (id: string) => `/billing/invoices/${id}`;

export function overdueInvoiceItems(db: Db, clinicId: string, today: string) {
  const balance = sql`${invoices.totalMinor} - ${invoices.paidMinor}`;
  return db.select({
    kind: sql<string>`'invoice_overdue'::text`,
    id: sql<string>`${invoices.id}::text`,
    title: sql<string>`${invoices.number}::text`,
    // Patient · balance in paisa · due date: split again when the item is built.
    detail: sql<
      string
    >`${patients.fullName} || ' · ' || (${balance})::text || ' · ' || ${invoices.dueDate}::text`,
    status: sql<string>`${invoices.status}`,
    at: sql<number>`extract(epoch from ${invoices.dueDate}::timestamp)::float8`,
  }).from(invoices)
    .innerJoin(patients, eq(patients.id, invoices.patientId))
    .where(and(
      eq(invoices.clinicId, clinicId),
      inArray(invoices.status, ["issued", "partially_paid"]),
      lt(invoices.dueDate, today),
      gt(invoices.totalMinor, invoices.paidMinor),
    ));
}
