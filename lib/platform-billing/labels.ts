/** How Invoice Studio names statuses and payment methods, on pages, PDFs and emails alike. */
import type {
  PlatformInvoiceStatus,
  PlatformPaymentMethod,
} from "../db/schema/platform-invoices.ts";

export const STATUS_LABELS: Record<PlatformInvoiceStatus, string> = {
  draft: "Draft",
  sent: "Sent",
  paid: "Paid",
  void: "Void",
};

export const PAYMENT_METHOD_LABELS: Record<PlatformPaymentMethod, string> = {
  bank_transfer: "Bank transfer",
  cheque: "Cheque",
  cash: "Cash",
  card: "Card",
  other: "Other",
};
