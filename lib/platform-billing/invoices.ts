/**
 * Platform invoices: the platform bills a clinic for its subscription. A draft is created for
 * a clinic and a period with one line prefilled from the clinic's plan (monthly or annual price
 * by its billing period); while it is a draft its lines, discount, notes and due date can be
 * edited. Sending freezes it; payments are recorded against it until it is paid; a draft or an
 * unpaid invoice can be voided. Invoices are never deleted, so their numbers stay gap-free.
 */
import { and, asc, desc, eq, gte, lte, ne, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinics, subscriptionPlans } from "../db/schema.ts";
import {
  platformInvoiceLines,
  platformInvoicePayments,
  platformInvoices,
  type PlatformInvoiceStatus,
  type PlatformPaymentMethod,
} from "../db/schema/platform-invoices.ts";
import { recordActivity } from "../activity-log.ts";
import { AppError, badRequest, notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { addDays } from "../calendar/calendar-dates.ts";
import type { BillingPeriod } from "../subscriptions/state.ts";
import { takeInvoiceNumber } from "./numbering.ts";
import { PAYMENT_TERMS_DAYS, periodLabel, periodOf, platformToday } from "./periods.ts";

export type PlatformInvoice = typeof platformInvoices.$inferSelect;
export type PlatformInvoiceLine = typeof platformInvoiceLines.$inferSelect;
export type PlatformInvoicePayment = typeof platformInvoicePayments.$inferSelect;

export interface InvoiceDetail {
  invoice: PlatformInvoice;
  lines: PlatformInvoiceLine[];
  payments: PlatformInvoicePayment[];
  planName: string;
}

export interface ClinicChoice {
  id: string;
  name: string;
  planName: string;
  billingPeriod: BillingPeriod;
  /** The price one invoice of its billing period charges. */
  priceMinor: number;
  isTestAccount: boolean;
}

/** Every clinic with the plan price an invoice would start from, by name. */
export async function listClinicChoices(db: Db): Promise<ClinicChoice[]> {
  const rows = await db.select({
    id: clinics.id,
    name: clinics.name,
    planName: subscriptionPlans.name,
    billingPeriod: clinics.billingPeriod,
    monthly: subscriptionPlans.priceMinor,
    annual: subscriptionPlans.annualPriceMinor,
    isTestAccount: clinics.isTestAccount,
  }).from(clinics)
    .innerJoin(subscriptionPlans, eq(subscriptionPlans.id, clinics.planId))
    .orderBy(asc(clinics.name));
  return rows.map(({ monthly, annual, ...row }) => ({
    ...row,
    priceMinor: row.billingPeriod === "annual" ? annual : monthly,
  }));
}

const conflict = (code: string, message: string, extra?: Record<string, unknown>) =>
  new AppError(409, code, message, extra);

/** Postgres reports a unique violation as 23505; drizzle may wrap the driver's error. */
function uniqueViolation(error: unknown): string | null {
  for (
    let e = error as { code?: string; constraint_name?: string; cause?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  ) {
    if (e.code === "23505") return e.constraint_name ?? "";
  }
  return null;
}

export interface NewInvoice {
  clinicId: string;
  /** The first month of the period, YYYY-MM. */
  month: string;
  actorId: string;
  now: Date;
}

/** Creates a draft with the plan's line; a clinic has one live invoice per period. */
export async function createInvoice(db: Db, input: NewInvoice): Promise<PlatformInvoice> {
  if (!isUuid(input.clinicId)) throw notFound("No such clinic");
  const [clinic] = await db.select({
    id: clinics.id,
    name: clinics.name,
    ownerEmail: clinics.ownerEmail,
    planId: clinics.planId,
    billingPeriod: clinics.billingPeriod,
    planName: subscriptionPlans.name,
    monthly: subscriptionPlans.priceMinor,
    annual: subscriptionPlans.annualPriceMinor,
  }).from(clinics)
    .innerJoin(subscriptionPlans, eq(subscriptionPlans.id, clinics.planId))
    .where(eq(clinics.id, input.clinicId));
  if (!clinic) throw notFound("No such clinic");
  const period = periodOf(input.month, clinic.billingPeriod);
  const existing = await liveInvoiceFor(db, clinic.id, period.start);
  if (existing) throw alreadyInvoiced(existing.number);

  const issueDate = platformToday(input.now);
  const price = clinic.billingPeriod === "annual" ? clinic.annual : clinic.monthly;
  const description = `${clinic.planName} plan · ${
    clinic.billingPeriod === "annual" ? "annual" : "monthly"
  } subscription, ${periodLabel(period)}`;
  try {
    return await db.transaction(async (tx) => {
      const number = await takeInvoiceNumber(tx as unknown as Db, issueDate.slice(0, 4));
      const [invoice] = await tx.insert(platformInvoices).values({
        ...number,
        clinicId: clinic.id,
        billToName: clinic.name,
        billToEmail: clinic.ownerEmail,
        planId: clinic.planId,
        billingPeriod: clinic.billingPeriod,
        periodStart: period.start,
        periodEnd: period.end,
        issueDate,
        dueDate: addDays(issueDate, PAYMENT_TERMS_DAYS),
        subtotalMinor: price,
        totalMinor: price,
        createdBy: input.actorId,
      }).returning();
      await tx.insert(platformInvoiceLines).values({
        invoiceId: invoice.id,
        position: 0,
        kind: "plan",
        description,
        quantity: 1,
        unitPriceMinor: price,
        amountMinor: price,
      });
      await recordActivity(tx as unknown as Db, {
        clinicId: clinic.id,
        actorId: input.actorId,
        action: "platform_invoices.created",
        entityType: "platform_invoice",
        entityId: invoice.id,
        details: { number: invoice.number, periodStart: period.start, totalMinor: price },
      });
      return invoice;
    });
  } catch (error) {
    // Two superadmins creating the same clinic's period at once: the index admits one.
    if (uniqueViolation(error) === "platform_invoices_clinic_period_idx") {
      const other = await liveInvoiceFor(db, clinic.id, period.start);
      throw alreadyInvoiced(other?.number ?? "another invoice");
    }
    throw error;
  }
}

function alreadyInvoiced(number: string) {
  return conflict(
    "ALREADY_INVOICED",
    `This clinic already has ${number} for that period; void it to issue a new one.`,
    { field: "month", number },
  );
}

async function liveInvoiceFor(db: Db, clinicId: string, periodStart: string) {
  const [row] = await db.select({ id: platformInvoices.id, number: platformInvoices.number })
    .from(platformInvoices)
    .where(and(
      eq(platformInvoices.clinicId, clinicId),
      eq(platformInvoices.periodStart, periodStart),
      ne(platformInvoices.status, "void"),
    ));
  return row ?? null;
}

export interface InvoiceFilter {
  status?: PlatformInvoiceStatus;
  clinicId?: string;
  /** Invoices whose period covers any day of this month (YYYY-MM). */
  month?: string;
}

export interface InvoiceListRow {
  id: string;
  number: string;
  clinicId: string;
  clinicName: string;
  isTestAccount: boolean;
  status: PlatformInvoiceStatus;
  periodStart: string;
  periodEnd: string;
  issueDate: string;
  dueDate: string;
  totalMinor: number;
  paidMinor: number;
}

/** Newest number first. */
export async function listInvoices(db: Db, filter: InvoiceFilter = {}): Promise<InvoiceListRow[]> {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(platformInvoices.status, filter.status));
  if (filter.clinicId && isUuid(filter.clinicId)) {
    conditions.push(eq(platformInvoices.clinicId, filter.clinicId));
  }
  if (filter.month) {
    const month = periodOf(filter.month, "monthly");
    conditions.push(lte(platformInvoices.periodStart, month.end));
    conditions.push(gte(platformInvoices.periodEnd, month.start));
  }
  return await db.select({
    id: platformInvoices.id,
    number: platformInvoices.number,
    clinicId: platformInvoices.clinicId,
    clinicName: platformInvoices.billToName,
    isTestAccount: clinics.isTestAccount,
    status: platformInvoices.status,
    periodStart: platformInvoices.periodStart,
    periodEnd: platformInvoices.periodEnd,
    issueDate: platformInvoices.issueDate,
    dueDate: platformInvoices.dueDate,
    totalMinor: platformInvoices.totalMinor,
    paidMinor: platformInvoices.paidMinor,
  }).from(platformInvoices)
    .innerJoin(clinics, eq(clinics.id, platformInvoices.clinicId))
    .where(and(...conditions))
    .orderBy(desc(platformInvoices.series), desc(platformInvoices.sequence))
    .limit(500);
}

export async function invoiceDetail(db: Db, id: string): Promise<InvoiceDetail> {
  if (!isUuid(id)) throw notFound("No such invoice");
  const [row] = await db.select({ invoice: platformInvoices, planName: subscriptionPlans.name })
    .from(platformInvoices)
    .leftJoin(subscriptionPlans, eq(subscriptionPlans.id, platformInvoices.planId))
    .where(eq(platformInvoices.id, id));
  if (!row) throw notFound("No such invoice");
  const [lines, payments] = await Promise.all([
    db.select().from(platformInvoiceLines).where(eq(platformInvoiceLines.invoiceId, id))
      .orderBy(asc(platformInvoiceLines.position)),
    db.select().from(platformInvoicePayments).where(eq(platformInvoicePayments.invoiceId, id))
      .orderBy(asc(platformInvoicePayments.paidOn), asc(platformInvoicePayments.createdAt)),
  ]);
  return { invoice: row.invoice, lines, payments, planName: row.planName ?? row.invoice.planId };
}

/** The invoice, locked for the rest of the transaction; 404 when missing. */
async function lockInvoice(tx: Db, id: string): Promise<PlatformInvoice> {
  if (!isUuid(id)) throw notFound("No such invoice");
  const [invoice] = await tx.select().from(platformInvoices)
    .where(eq(platformInvoices.id, id)).for("update");
  if (!invoice) throw notFound("No such invoice");
  return invoice;
}

export interface DraftLine {
  kind: "plan" | "extra";
  description: string;
  quantity: number;
  unitPriceMinor: number;
}

export interface DraftChanges {
  lines: DraftLine[];
  discountMinor: number;
  notes: string;
  dueDate: string;
}

/** Replaces a draft's lines, discount, notes and due date; the totals follow. */
export async function saveDraft(
  db: Db,
  input: DraftChanges & { id: string; actorId: string },
): Promise<PlatformInvoice> {
  if (input.lines.length === 0) throw badRequest("An invoice needs at least one line.");
  const subtotal = input.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
  if (input.discountMinor > subtotal) {
    throw new AppError(400, "DISCOUNT_TOO_LARGE", "The discount cannot exceed the subtotal.", {
      field: "discount",
    });
  }
  return await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const invoice = await lockInvoice(tx, input.id);
    if (invoice.status !== "draft") {
      throw conflict("NOT_A_DRAFT", "Only a draft can be edited; this invoice has been sent.");
    }
    if (input.dueDate < invoice.issueDate) {
      throw new AppError(400, "DUE_BEFORE_ISSUE", "The due date cannot be before the issue date.", {
        field: "dueDate",
      });
    }
    const [clinic] = await tx.select({ name: clinics.name, ownerEmail: clinics.ownerEmail })
      .from(clinics).where(eq(clinics.id, invoice.clinicId));
    await tx.delete(platformInvoiceLines).where(eq(platformInvoiceLines.invoiceId, invoice.id));
    await tx.insert(platformInvoiceLines).values(input.lines.map((line, position) => ({
      invoiceId: invoice.id,
      position,
      kind: line.kind,
      description: line.description,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      amountMinor: line.quantity * line.unitPriceMinor,
    })));
    const [saved] = await tx.update(platformInvoices).set({
      billToName: clinic.name,
      billToEmail: clinic.ownerEmail,
      subtotalMinor: subtotal,
      discountMinor: input.discountMinor,
      totalMinor: subtotal - input.discountMinor,
      notes: input.notes,
      dueDate: input.dueDate,
      updatedAt: new Date(),
    }).where(eq(platformInvoices.id, invoice.id)).returning();
    await recordActivity(tx, {
      clinicId: invoice.clinicId,
      actorId: input.actorId,
      action: "platform_invoices.edited",
      entityType: "platform_invoice",
      entityId: invoice.id,
      details: { lines: input.lines.length, totalMinor: saved.totalMinor },
    });
    return saved;
  });
}

/** Issues a draft: from now on it is what the clinic was sent and cannot change. */
export async function markSent(
  db: Db,
  input: { id: string; actorId: string; now: Date },
): Promise<PlatformInvoice> {
  return await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const invoice = await lockInvoice(tx, input.id);
    if (invoice.status !== "draft") return invoice;
    // Nothing to pay (a free plan, a full discount): it is settled as it is sent.
    if (invoice.totalMinor === 0) {
      return await transition(tx, invoice, "paid", input.actorId, {
        sentAt: input.now,
        paidAt: input.now,
      });
    }
    return await transition(tx, invoice, "sent", input.actorId, { sentAt: input.now });
  });
}

/** Voids a draft or an unpaid invoice; its number stays taken. */
export async function voidInvoice(
  db: Db,
  input: { id: string; reason: string; actorId: string; now: Date },
): Promise<PlatformInvoice> {
  return await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const invoice = await lockInvoice(tx, input.id);
    if (invoice.status === "void") return invoice;
    if (invoice.paidMinor > 0) {
      throw conflict("HAS_PAYMENTS", "An invoice with payments recorded cannot be voided.");
    }
    return await transition(tx, invoice, "void", input.actorId, {
      voidedAt: input.now,
      voidReason: input.reason || null,
    });
  });
}

async function transition(
  tx: Db,
  invoice: PlatformInvoice,
  status: PlatformInvoiceStatus,
  actorId: string,
  changes: Partial<PlatformInvoice>,
): Promise<PlatformInvoice> {
  const [saved] = await tx.update(platformInvoices)
    .set({ ...changes, status, updatedAt: new Date() })
    .where(eq(platformInvoices.id, invoice.id)).returning();
  await recordActivity(tx, {
    clinicId: invoice.clinicId,
    actorId,
    action: `platform_invoices.${status}`,
    entityType: "platform_invoice",
    entityId: invoice.id,
    details: { number: invoice.number, from: invoice.status, to: status },
  });
  return saved;
}

export interface NewPayment {
  id: string;
  amountMinor: number;
  paidOn: string;
  method: PlatformPaymentMethod;
  reference: string;
  actorId: string;
  now: Date;
}

/** Records a payment against a sent invoice; the one that settles it marks it paid. */
export async function recordPayment(db: Db, input: NewPayment): Promise<PlatformInvoice> {
  return await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const invoice = await lockInvoice(tx, input.id);
    if (invoice.status !== "sent") {
      throw conflict(
        "NOT_PAYABLE",
        invoice.status === "draft"
          ? "Send the invoice before recording a payment."
          : `A ${invoice.status} invoice takes no payments.`,
      );
    }
    const outstanding = invoice.totalMinor - invoice.paidMinor;
    if (input.amountMinor > outstanding) {
      throw new AppError(400, "OVERPAYMENT", "The amount is more than the balance due.", {
        field: "amount",
        outstandingMinor: outstanding,
      });
    }
    await tx.insert(platformInvoicePayments).values({
      invoiceId: invoice.id,
      amountMinor: input.amountMinor,
      paidOn: input.paidOn,
      method: input.method,
      reference: input.reference,
      recordedBy: input.actorId,
    });
    const paidMinor = invoice.paidMinor + input.amountMinor;
    const settled = paidMinor === invoice.totalMinor;
    const [saved] = await tx.update(platformInvoices).set({
      paidMinor,
      status: settled ? "paid" : "sent",
      paidAt: settled ? input.now : null,
      updatedAt: new Date(),
    }).where(eq(platformInvoices.id, invoice.id)).returning();
    await recordActivity(tx, {
      clinicId: invoice.clinicId,
      actorId: input.actorId,
      action: "platform_invoices.payment_recorded",
      entityType: "platform_invoice",
      entityId: invoice.id,
      details: { number: invoice.number, amountMinor: input.amountMinor, settled },
    });
    return saved;
  });
}
