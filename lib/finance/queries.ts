/**
 * Reading invoices: the list with its filters and totals, one invoice with its lines, payments,
 * receipts and history, and a patient's billing summary. Every query is scoped by clinic.
 */
import { and, asc, desc, eq, gte, inArray, lt, lte, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  INVOICE_STATUSES,
  invoiceEvents,
  invoiceItems,
  invoices,
  type InvoiceStatus,
  patients,
  payments,
  receipts,
  refunds,
  users,
} from "../db/schema.ts";
import { notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";

export type InvoiceRow = typeof invoices.$inferSelect;
export type InvoiceLine = typeof invoiceItems.$inferSelect;

export interface InvoiceSummary {
  invoice: InvoiceRow;
  patientName: string;
  doctorName: string | null;
}

export interface PaymentEntry {
  id: string;
  amountMinor: number;
  refundedMinor: number;
  method: typeof payments.$inferSelect.method;
  reference: string | null;
  paidOn: string;
  recordedByName: string | null;
  createdAt: Date;
  receiptId: string | null;
  receiptNumber: number | null;
  balanceAfterMinor: number | null;
}

export interface HistoryEntry {
  id: string;
  kind: typeof invoiceEvents.$inferSelect.kind;
  amountMinor: number | null;
  balanceMinor: number | null;
  detail: string | null;
  actorName: string | null;
  createdAt: Date;
}

export interface RefundEntry {
  id: string;
  paymentId: string;
  amountMinor: number;
  reason: string;
  refundedOn: string;
  createdAt: Date;
}

export interface InvoiceDetail {
  invoice: InvoiceRow;
  patientName: string;
  patientMrn: string;
  patientEmail: string | null;
  doctorName: string | null;
  lines: InvoiceLine[];
  payments: PaymentEntry[];
  refunds: RefundEntry[];
  history: HistoryEntry[];
}

export interface InvoiceFilter {
  status?: InvoiceStatus;
  from?: string;
  to?: string;
  doctorId?: string;
  patientId?: string;
  /** Issued or partly paid, past the due date. */
  overdue?: boolean;
}

export interface InvoiceListTotals {
  count: number;
  totalMinor: number;
  paidMinor: number;
  outstandingMinor: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Reads `?status=&from=&to=&doctor=&overdue=1` leniently: what is not understood is ignored. */
export function parseInvoiceFilter(query: Record<string, string | undefined>): InvoiceFilter {
  const filter: InvoiceFilter = {};
  if ((INVOICE_STATUSES as readonly string[]).includes(query.status ?? "")) {
    filter.status = query.status as InvoiceStatus;
  }
  if (DAY.test(query.from ?? "")) filter.from = query.from;
  if (DAY.test(query.to ?? "")) filter.to = query.to;
  if (isUuid(query.doctor ?? query.doctorId)) filter.doctorId = query.doctor ?? query.doctorId;
  if (isUuid(query.patient ?? query.patientId)) filter.patientId = query.patient ?? query.patientId;
  if (query.overdue === "1" || query.overdue === "true") filter.overdue = true;
  return filter;
}

function conditions(clinicId: string, filter: InvoiceFilter, today: string): SQL[] {
  const where: SQL[] = [eq(invoices.clinicId, clinicId)];
  if (filter.status) where.push(eq(invoices.status, filter.status));
  if (filter.from) where.push(gte(invoices.issueDate, filter.from));
  if (filter.to) where.push(lte(invoices.issueDate, filter.to));
  if (filter.doctorId) where.push(eq(invoices.doctorId, filter.doctorId));
  if (filter.patientId) where.push(eq(invoices.patientId, filter.patientId));
  if (filter.overdue) {
    where.push(inArray(invoices.status, ["issued", "partially_paid"]));
    where.push(lt(invoices.dueDate, today));
  }
  return where;
}

const doctors = users;

export async function listInvoices(
  db: Db,
  clinicId: string,
  filter: InvoiceFilter,
  today: string,
  limit = 200,
): Promise<{ invoices: InvoiceSummary[]; totals: InvoiceListTotals }> {
  const where = and(...conditions(clinicId, filter, today));
  const rows = await db.select({
    invoice: invoices,
    patientName: patients.fullName,
    doctorName: doctors.name,
  }).from(invoices)
    .innerJoin(patients, eq(patients.id, invoices.patientId))
    .leftJoin(doctors, eq(doctors.id, invoices.doctorId))
    .where(where)
    .orderBy(desc(invoices.issueDate), desc(invoices.number))
    .limit(Math.min(limit, 500));
  // Void invoices are listed but owe nothing, so they stay out of the sums.
  const [sums] = await db.select({
    count: sql<number>`count(*)::int`,
    totalMinor: sql<
      string
    >`coalesce(sum(${invoices.totalMinor}) filter (where ${invoices.status} <> 'void'), 0)`,
    paidMinor: sql<
      string
    >`coalesce(sum(${invoices.paidMinor}) filter (where ${invoices.status} <> 'void'), 0)`,
  }).from(invoices).where(where);
  const totalMinor = Number(sums.totalMinor);
  const paidMinor = Number(sums.paidMinor);
  return {
    invoices: rows,
    totals: {
      count: Number(sums.count),
      totalMinor,
      paidMinor,
      outstandingMinor: totalMinor - paidMinor,
    },
  };
}

export async function getInvoiceDetail(
  db: Db,
  clinicId: string,
  invoiceId: string,
): Promise<InvoiceDetail> {
  if (!isUuid(invoiceId)) throw notFound("Invoice not found");
  const [head] = await db.select({
    invoice: invoices,
    patientName: patients.fullName,
    patientMrn: patients.mrn,
    patientEmail: patients.email,
    doctorName: doctors.name,
  }).from(invoices)
    .innerJoin(patients, eq(patients.id, invoices.patientId))
    .leftJoin(doctors, eq(doctors.id, invoices.doctorId))
    .where(and(eq(invoices.clinicId, clinicId), eq(invoices.id, invoiceId)));
  if (!head) throw notFound("Invoice not found");
  const [lines, paymentRows, refundRows, history] = await Promise.all([
    db.select().from(invoiceItems).where(eq(invoiceItems.invoiceId, invoiceId))
      .orderBy(asc(invoiceItems.position)),
    invoicePayments(db, clinicId, [invoiceId]),
    db.select({
      id: refunds.id,
      paymentId: refunds.paymentId,
      amountMinor: refunds.amountMinor,
      reason: refunds.reason,
      refundedOn: refunds.refundedOn,
      createdAt: refunds.createdAt,
    }).from(refunds).where(eq(refunds.invoiceId, invoiceId)).orderBy(asc(refunds.createdAt)),
    db.select({
      id: invoiceEvents.id,
      kind: invoiceEvents.kind,
      amountMinor: invoiceEvents.amountMinor,
      balanceMinor: invoiceEvents.balanceMinor,
      detail: invoiceEvents.detail,
      actorName: users.name,
      createdAt: invoiceEvents.createdAt,
    }).from(invoiceEvents)
      .leftJoin(users, eq(users.id, invoiceEvents.actorId))
      .where(eq(invoiceEvents.invoiceId, invoiceId))
      .orderBy(asc(invoiceEvents.createdAt), asc(invoiceEvents.id)),
  ]);
  return { ...head, lines, payments: paymentRows, refunds: refundRows, history };
}

async function invoicePayments(
  db: Db,
  clinicId: string,
  invoiceIds: string[],
): Promise<(PaymentEntry & { invoiceId: string })[]> {
  if (invoiceIds.length === 0) return [];
  return await db.select({
    id: payments.id,
    invoiceId: payments.invoiceId,
    amountMinor: payments.amountMinor,
    refundedMinor: payments.refundedMinor,
    method: payments.method,
    reference: payments.reference,
    paidOn: payments.paidOn,
    recordedByName: users.name,
    createdAt: payments.createdAt,
    receiptId: receipts.id,
    receiptNumber: receipts.number,
    balanceAfterMinor: receipts.balanceAfterMinor,
  }).from(payments)
    .leftJoin(receipts, eq(receipts.paymentId, payments.id))
    .leftJoin(users, eq(users.id, payments.recordedBy))
    .where(and(eq(payments.clinicId, clinicId), inArray(payments.invoiceId, invoiceIds)))
    .orderBy(asc(payments.createdAt));
}

export interface PatientBilling {
  invoices: InvoiceSummary[];
  payments: (PaymentEntry & { invoiceId: string; invoiceNumber: number })[];
  totals: InvoiceListTotals;
}

/** A patient's invoices (newest first), payments and receipts (oldest first), and balance. */
export async function patientBilling(
  db: Db,
  clinicId: string,
  patientId: string,
  today: string,
): Promise<PatientBilling> {
  const list = await listInvoices(db, clinicId, { patientId }, today);
  const numbers = new Map(list.invoices.map((row) => [row.invoice.id, row.invoice.number]));
  const paid = await invoicePayments(db, clinicId, [...numbers.keys()]);
  return {
    invoices: list.invoices,
    payments: paid.map((p) => ({ ...p, invoiceNumber: numbers.get(p.invoiceId)! })),
    totals: list.totals,
  };
}
