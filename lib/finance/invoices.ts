/**
 * Writing invoices: create (as a draft or issued), edit or issue a draft, void with a reason. Totals are
 * computed here from the resolved lines, never taken from the client. An issued invoice is final:
 * the only change left is voiding it (a corrected invoice is a new one), and one with money still
 * paid on it must have that refunded first. Creating an invoice never emails it.
 *
 * @example
 * ```ts
 * const invoice = await createInvoice(db, { clinicId, actorId, input, now: new Date() });
 * ```
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { clinicMembers, invoiceEvents, invoiceItems, invoices, patients } from "../db/schema.ts";
import { recordActivity } from "../activity-log.ts";
import { AppError, badRequest, notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { clinicTimeZone } from "../time/clinic-zone.ts";
import { localDateOf } from "../time/zoned.ts";
import { addDays } from "./dates.ts";
import { resolveLines } from "./lines.ts";
import { publishFinanceChanged } from "./live.ts";
import { nextNumber } from "./numbers.ts";
import type { NewInvoiceInput } from "./schemas.ts";
import { getFinanceSettings } from "./settings.ts";
import { invoiceNumberText, invoiceTotals } from "./totals.ts";

export type InvoiceRow = typeof invoices.$inferSelect;

export interface CreateInvoice {
  clinicId: string;
  actorId: string | null;
  input: NewInvoiceInput;
  now?: Date;
}

/** What a create or a draft edit writes, worked out from the input and the clinic's settings. */
async function prepareInvoice(
  tx: Db,
  clinicId: string,
  input: NewInvoiceInput,
  now: Date,
) {
  const timeZone = await clinicTimeZone(tx, clinicId);
  const settings = await getFinanceSettings(tx, clinicId);
  const issueDate = input.issueDate ?? localDateOf(now, timeZone);
  const dueDate = input.dueDate ?? addDays(issueDate, settings.paymentTermsDays);
  if (dueDate < issueDate) {
    throw new AppError(400, "INVALID_DUE_DATE", "The due date cannot be before the invoice date", {
      field: "dueDate",
    });
  }
  const [patient] = await tx.select({ id: patients.id }).from(patients)
    .where(and(eq(patients.clinicId, clinicId), eq(patients.id, input.patientId)));
  if (!patient) throw notFound("Patient not found");
  if (input.doctorId) {
    const [doctor] = await tx.select({ id: clinicMembers.id }).from(clinicMembers)
      .where(and(eq(clinicMembers.clinicId, clinicId), eq(clinicMembers.userId, input.doctorId)));
    if (!doctor) throw notFound("Doctor not found");
  }
  const lines = await resolveLines(tx, clinicId, patient.id, input.lines);
  const taxRateBp = input.applyTax ? settings.taxRateBp : null;
  return {
    lines,
    columns: {
      patientId: patient.id,
      doctorId: input.doctorId ?? null,
      appointmentId: input.appointmentId ?? lines.find((l) => l.appointmentId)?.appointmentId ??
        null,
      treatmentPlanId: input.treatmentPlanId ?? null,
      issueDate,
      dueDate,
      ...invoiceTotals(lines, taxRateBp),
      taxRateBp,
      notes: input.notes,
    },
  };
}

export async function createInvoice(db: Db, command: CreateInvoice): Promise<InvoiceRow> {
  const { clinicId, actorId, input } = command;
  const now = command.now ?? new Date();
  return await db.transaction(async (tx) => {
    const { lines, columns } = await prepareInvoice(tx, clinicId, input, now);
    // Last before the insert: the counter row stays locked for as short a time as possible.
    const number = await nextNumber(tx, clinicId, "invoice");
    const [invoice] = await tx.insert(invoices).values({
      clinicId,
      number,
      ...columns,
      status: input.status,
      issuedAt: input.status === "issued" ? now : null,
      createdBy: actorId,
      createdAt: now,
      updatedAt: now,
    }).returning();
    await tx.insert(invoiceItems).values(
      lines.map((line, position) => ({ clinicId, invoiceId: invoice.id, position, ...line })),
    );
    await tx.insert(invoiceEvents).values({
      clinicId,
      invoiceId: invoice.id,
      kind: input.status === "issued" ? "issued" : "created",
      amountMinor: invoice.totalMinor,
      balanceMinor: invoice.totalMinor,
      detail: input.status === "issued" ? "Issued" : "Saved as draft",
      actorId,
      createdAt: now,
    });
    await recordActivity(tx, {
      clinicId,
      actorId,
      action: "finance.invoice_created",
      entityType: "invoice",
      entityId: invoice.id,
      details: { number: invoiceNumberText(number), totalMinor: invoice.totalMinor },
    });
    await publishFinanceChanged(tx, clinicId, {
      invoiceId: invoice.id,
      patientId: invoice.patientId,
      change: "created",
    });
    return invoice;
  });
}

/**
 * Rewrites a draft from a whole new input (the same shape as a create): its lines, dates,
 * doctor, tax and notes, totals worked out again. It keeps its number, so numbering stays
 * gap-free; `status: "issued"` issues it in the same step. Anything but a draft is 409.
 */
export async function updateDraftInvoice(
  db: Db,
  command: CreateInvoice & { invoiceId: string },
): Promise<InvoiceRow> {
  const { clinicId, actorId, input } = command;
  const now = command.now ?? new Date();
  return await db.transaction(async (tx) => {
    const draft = await lockInvoice(tx, clinicId, command.invoiceId);
    if (draft.status !== "draft") {
      throw new AppError(
        409,
        "NOT_A_DRAFT",
        `${invoiceNumberText(draft.number)} is ${draft.status}; only a draft can be changed`,
      );
    }
    const { lines, columns } = await prepareInvoice(tx, clinicId, input, now);
    const issuing = input.status === "issued";
    const [invoice] = await tx.update(invoices).set({
      ...columns,
      status: input.status,
      issuedAt: issuing ? now : null,
      updatedAt: now,
    }).where(eq(invoices.id, draft.id)).returning();
    await tx.delete(invoiceItems).where(eq(invoiceItems.invoiceId, draft.id));
    await tx.insert(invoiceItems).values(
      lines.map((line, position) => ({ clinicId, invoiceId: draft.id, position, ...line })),
    );
    await tx.insert(invoiceEvents).values({
      clinicId,
      invoiceId: draft.id,
      kind: issuing ? "issued" : "edited",
      amountMinor: invoice.totalMinor,
      balanceMinor: invoice.totalMinor,
      detail: issuing ? "Edited and issued" : "Draft edited",
      actorId,
      createdAt: now,
    });
    await recordActivity(tx, {
      clinicId,
      actorId,
      action: "finance.invoice_edited",
      entityType: "invoice",
      entityId: draft.id,
      details: { number: invoiceNumberText(draft.number), totalMinor: invoice.totalMinor },
    });
    await publishFinanceChanged(tx, clinicId, {
      invoiceId: draft.id,
      patientId: invoice.patientId,
      change: issuing ? "issued" : "edited",
    });
    return invoice;
  });
}

/** The invoice row, locked until the transaction ends; 404 for another clinic's or none. */
export async function lockInvoice(
  tx: Db,
  clinicId: string,
  invoiceId: string,
): Promise<InvoiceRow> {
  if (!isUuid(invoiceId)) throw notFound("Invoice not found");
  const [invoice] = await tx.select().from(invoices)
    .where(and(eq(invoices.clinicId, clinicId), eq(invoices.id, invoiceId)))
    .for("update");
  if (!invoice) throw notFound("Invoice not found");
  return invoice;
}

export async function issueInvoice(
  db: Db,
  command: { clinicId: string; invoiceId: string; actorId: string | null; now?: Date },
): Promise<InvoiceRow> {
  const now = command.now ?? new Date();
  return await db.transaction(async (tx) => {
    const invoice = await lockInvoice(tx, command.clinicId, command.invoiceId);
    if (invoice.status !== "draft") {
      throw new AppError(
        409,
        "NOT_A_DRAFT",
        `${invoiceNumberText(invoice.number)} is already issued`,
      );
    }
    const [issued] = await tx.update(invoices).set({
      status: "issued",
      issuedAt: now,
      updatedAt: now,
    })
      .where(eq(invoices.id, invoice.id)).returning();
    await tx.insert(invoiceEvents).values({
      clinicId: command.clinicId,
      invoiceId: invoice.id,
      kind: "issued",
      amountMinor: invoice.totalMinor,
      balanceMinor: invoice.totalMinor - invoice.paidMinor,
      detail: "Issued",
      actorId: command.actorId,
      createdAt: now,
    });
    await publishFinanceChanged(tx, command.clinicId, {
      invoiceId: invoice.id,
      patientId: invoice.patientId,
      change: "issued",
    });
    return issued;
  });
}

export async function voidInvoice(
  db: Db,
  command: {
    clinicId: string;
    invoiceId: string;
    actorId: string | null;
    reason: string;
    now?: Date;
  },
): Promise<InvoiceRow> {
  const now = command.now ?? new Date();
  const reason = command.reason.trim();
  if (!reason) throw badRequest("Give a reason for voiding the invoice", { field: "reason" });
  return await db.transaction(async (tx) => {
    const invoice = await lockInvoice(tx, command.clinicId, command.invoiceId);
    const number = invoiceNumberText(invoice.number);
    if (invoice.status === "void") {
      throw new AppError(409, "ALREADY_VOID", `${number} is already void`);
    }
    if (invoice.paidMinor > 0) {
      throw new AppError(
        409,
        "INVOICE_HAS_PAYMENTS",
        `${number} has payments on it; refund them before voiding the invoice`,
      );
    }
    const [voided] = await tx.update(invoices).set({
      status: "void",
      voidReason: reason,
      voidedAt: now,
      voidedBy: command.actorId,
      updatedAt: now,
    }).where(eq(invoices.id, invoice.id)).returning();
    await tx.insert(invoiceEvents).values({
      clinicId: command.clinicId,
      invoiceId: invoice.id,
      kind: "void",
      detail: reason.slice(0, 500),
      actorId: command.actorId,
      createdAt: now,
    });
    await recordActivity(tx, {
      clinicId: command.clinicId,
      actorId: command.actorId,
      action: "finance.invoice_voided",
      entityType: "invoice",
      entityId: invoice.id,
      details: { number },
    });
    await publishFinanceChanged(tx, command.clinicId, {
      invoiceId: invoice.id,
      patientId: invoice.patientId,
      change: "void",
    });
    return voided;
  });
}
