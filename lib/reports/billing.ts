/**
 * Billing figures of a period, over the finance tables: what was invoiced
 * (invoices issued on the period's days, drafts and void ones left out),
 * what was collected (payments received on those days less refunds made on
 * them), what is still owed and overdue on the period's invoices when the
 * report is generated, payments by method, and the revenue trend by week.
 */
import { and, eq, gte, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { invoices, payments, refunds } from "../db/schema.ts";
import { addDays, startOfWeek } from "../calendar/calendar-dates.ts";
import { localDateOf } from "../time/zoned.ts";
import type { BillingFigures, ReportPeriod, RevenueTrend } from "./figures.ts";
import { describePeriod } from "./period.ts";
import { PAYMENT_METHOD_LABELS } from "../finance/totals.ts";

/** Invoices that bill someone: issued, part-paid or paid. */
const BILLED = ["issued", "partially_paid", "paid"] as const;

const rowCount = sql<number>`count(*)::int`;
const sum = (column: unknown) => sql<number>`coalesce(sum(${column}), 0)::bigint`.mapWith(Number);

export async function billingFigures(
  db: Db,
  clinicId: string,
  period: ReportPeriod,
  now: Date,
): Promise<BillingFigures> {
  const today = localDateOf(now, period.timeZone);
  const issued = and(
    eq(invoices.clinicId, clinicId),
    inArray(invoices.status, [...BILLED]),
    gte(invoices.issueDate, period.start),
    lte(invoices.issueDate, period.end),
  );
  const balance = sql`${invoices.totalMinor} - ${invoices.paidMinor}`;
  const [[billed], methods, [refunded]] = await Promise.all([
    db.select({
      invoices: sql<number>`count(*)::int`,
      invoicedMinor: sum(invoices.totalMinor),
      outstandingMinor: sum(balance),
      overdueMinor: sum(sql`case when ${invoices.dueDate} < ${today}::date then ${balance} end`),
      overdueInvoices: sql<
        number
      >`(count(*) filter (where ${invoices.dueDate} < ${today}::date and ${balance} > 0))::int`,
    }).from(invoices).where(issued),
    db.select({
      method: payments.method,
      amountMinor: sum(payments.amountMinor),
      payments: sql<number>`count(*)::int`,
    }).from(payments).where(and(
      eq(payments.clinicId, clinicId),
      gte(payments.paidOn, period.start),
      lte(payments.paidOn, period.end),
    )).groupBy(payments.method),
    db.select({ amountMinor: sum(refunds.amountMinor), refunds: sql<number>`count(*)::int` })
      .from(refunds).where(and(
        eq(refunds.clinicId, clinicId),
        gte(refunds.refundedOn, period.start),
        lte(refunds.refundedOn, period.end),
      )),
  ]);
  const received = methods.reduce((total, m) => total + m.amountMinor, 0);
  const paymentCount = methods.reduce((total, m) => total + m.payments, 0);
  return {
    invoices: billed.invoices,
    invoicedMinor: billed.invoicedMinor,
    collectedMinor: received - refunded.amountMinor,
    outstandingMinor: billed.outstandingMinor,
    overdueMinor: billed.overdueMinor,
    overdueInvoices: billed.overdueInvoices,
    byMethod: methods
      .map((m) => ({
        method: m.method,
        label: PAYMENT_METHOD_LABELS[m.method] ?? m.method,
        amountMinor: m.amountMinor,
        payments: m.payments,
      }))
      .sort((a, b) => b.amountMinor - a.amountMinor || a.label.localeCompare(b.label)),
    disclosure: {
      counted:
        `Invoices issued ${
          describePeriod(period)
        } (drafts and void invoices left out); outstanding and overdue are what those invoices ` +
        `still owed on ${today}, overdue once past their due date. Collected is payments ` +
        `received in the period less refunds made in it; by method shows payments before refunds.`,
      rows: billed.invoices + paymentCount + refunded.refunds,
    },
  };
}

export async function revenueTrend(
  db: Db,
  clinicId: string,
  period: ReportPeriod,
): Promise<RevenueTrend> {
  const week = (day: unknown) => sql<string>`date_trunc('week', ${day})::date::text`;
  const [invoiced, collected] = await Promise.all([
    db.select({ week: week(invoices.issueDate), minor: sum(invoices.totalMinor), n: rowCount })
      .from(invoices).where(and(
        eq(invoices.clinicId, clinicId),
        inArray(invoices.status, [...BILLED]),
        gte(invoices.issueDate, period.start),
        lte(invoices.issueDate, period.end),
      )).groupBy(week(invoices.issueDate)),
    db.select({ week: week(payments.paidOn), minor: sum(payments.amountMinor), n: rowCount })
      .from(payments).where(and(
        eq(payments.clinicId, clinicId),
        gte(payments.paidOn, period.start),
        lte(payments.paidOn, period.end),
      )).groupBy(week(payments.paidOn)),
  ]);
  const byWeek = (rows: { week: string; minor: number }[]) =>
    new Map(rows.map((r) => [r.week, r.minor]));
  const inv = byWeek(invoiced);
  const col = byWeek(collected);
  const weeks = [];
  for (let monday = startOfWeek(period.start); monday <= period.end; monday = addDays(monday, 7)) {
    weeks.push({
      weekStart: monday,
      invoicedMinor: inv.get(monday) ?? 0,
      collectedMinor: col.get(monday) ?? 0,
    });
  }
  return {
    weeks,
    disclosure: {
      counted: `Per week starting Monday: invoices issued and payments received ${
        describePeriod(period)
      }, by their dates; the first and last weeks hold only the period's days.`,
      rows: [...invoiced, ...collected].reduce((total, r) => total + r.n, 0),
    },
  };
}
