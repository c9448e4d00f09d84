/** The finance API's JSON: money in paisa (`…Minor`) with the currency, dates as YYYY-MM-DD. */
import type { InvoiceDetail, InvoiceRow, InvoiceSummary, PaymentEntry } from "./queries.ts";
import type { PaymentResult } from "./payments.ts";
import { invoiceNumberText, receiptNumberText } from "./totals.ts";

export function invoiceJson(invoice: InvoiceRow) {
  return {
    id: invoice.id,
    number: invoiceNumberText(invoice.number),
    patientId: invoice.patientId,
    doctorId: invoice.doctorId,
    appointmentId: invoice.appointmentId,
    treatmentPlanId: invoice.treatmentPlanId,
    status: invoice.status,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    currency: invoice.currency,
    subtotalMinor: invoice.subtotalMinor,
    discountMinor: invoice.discountMinor,
    taxRateBp: invoice.taxRateBp,
    taxMinor: invoice.taxMinor,
    totalMinor: invoice.totalMinor,
    paidMinor: invoice.paidMinor,
    balanceMinor: invoice.totalMinor - invoice.paidMinor,
    notes: invoice.notes,
    voidReason: invoice.voidReason,
    createdAt: invoice.createdAt.toISOString(),
  };
}

export function invoiceSummaryJson(row: InvoiceSummary) {
  return { ...invoiceJson(row.invoice), patientName: row.patientName, doctorName: row.doctorName };
}

export function paymentJson(payment: PaymentEntry) {
  return {
    id: payment.id,
    amountMinor: payment.amountMinor,
    refundedMinor: payment.refundedMinor,
    method: payment.method,
    reference: payment.reference,
    paidOn: payment.paidOn,
    recordedBy: payment.recordedByName,
    createdAt: payment.createdAt.toISOString(),
    receipt: payment.receiptId
      ? {
        id: payment.receiptId,
        number: receiptNumberText(payment.receiptNumber!),
        balanceAfterMinor: payment.balanceAfterMinor,
      }
      : null,
  };
}

export function invoiceDetailJson(detail: InvoiceDetail) {
  return {
    invoice: {
      ...invoiceJson(detail.invoice),
      patientName: detail.patientName,
      doctorName: detail.doctorName,
    },
    lines: detail.lines.map((line) => ({
      id: line.id,
      source: line.source,
      serviceId: line.serviceId,
      planItemId: line.planItemId,
      appointmentId: line.appointmentId,
      description: line.description,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      discountMinor: line.discountMinor,
      lineTotalMinor: line.lineTotalMinor,
    })),
    payments: detail.payments.map(paymentJson),
    refunds: detail.refunds.map((refund) => ({
      ...refund,
      createdAt: refund.createdAt.toISOString(),
    })),
    history: detail.history.map((entry) => ({
      ...entry,
      createdAt: entry.createdAt.toISOString(),
    })),
  };
}

export function paymentResultJson(result: PaymentResult) {
  return {
    invoice: invoiceJson(result.invoice),
    payment: {
      id: result.payment.id,
      amountMinor: result.payment.amountMinor,
      method: result.payment.method,
      reference: result.payment.reference,
      paidOn: result.payment.paidOn,
    },
    receipt: {
      id: result.receipt.id,
      number: receiptNumberText(result.receipt.number),
      amountMinor: result.receipt.amountMinor,
      balanceAfterMinor: result.receipt.balanceAfterMinor,
    },
    replayed: result.replayed,
    receiptEmailed: result.emailId !== null,
  };
}
