/**
 * Finance tables (supabase/migrations/20261203100000_finance.sql): invoices, their lines, payments,
 * refunds, receipts, the invoice history, each clinic's tax setting, and outbox email attachments.
 */
import { bigint, char, date, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const INVOICE_STATUSES = ["draft", "issued", "partially_paid", "paid", "void"] as const;
export type InvoiceStatus = typeof INVOICE_STATUSES[number];

export const INVOICE_LINE_SOURCES = ["service", "plan_item", "appointment", "custom"] as const;
export type InvoiceLineSource = typeof INVOICE_LINE_SOURCES[number];

export const PAYMENT_METHODS = [
  "cash",
  "card",
  "bank_transfer",
  "jazzcash",
  "easypaisa",
  "cheque",
] as const;
export type PaymentMethod = typeof PAYMENT_METHODS[number];

export const INVOICE_EVENT_KINDS = [
  "created",
  "edited",
  "issued",
  "payment",
  "refund",
  "emailed",
  "receipt_emailed",
  "void",
] as const;
export type InvoiceEventKind = typeof INVOICE_EVENT_KINDS[number];

const money = (name: string) => bigint(name, { mode: "number" });

export const financeSettings = pgTable("finance_settings", {
  clinicId: uuid("clinic_id").primaryKey(),
  taxRateBp: integer("tax_rate_bp"),
  taxLabel: text("tax_label").notNull().default("Sales tax"),
  paymentTermsDays: integer("payment_terms_days").notNull().default(14),
  updatedBy: uuid("updated_by"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const invoices = pgTable("invoices", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  number: bigint("number", { mode: "number" }).notNull(),
  patientId: uuid("patient_id").notNull(),
  doctorId: uuid("doctor_id"),
  appointmentId: uuid("appointment_id"),
  treatmentPlanId: uuid("treatment_plan_id"),
  status: text("status").$type<InvoiceStatus>().notNull().default("issued"),
  issueDate: date("issue_date", { mode: "string" }).notNull(),
  dueDate: date("due_date", { mode: "string" }).notNull(),
  currency: char("currency", { length: 3 }).notNull().default("PKR"),
  subtotalMinor: money("subtotal_minor").notNull(),
  discountMinor: money("discount_minor").notNull().default(0),
  taxRateBp: integer("tax_rate_bp"),
  taxMinor: money("tax_minor").notNull().default(0),
  totalMinor: money("total_minor").notNull(),
  paidMinor: money("paid_minor").notNull().default(0),
  notes: text("notes"),
  issuedAt: timestamp("issued_at", { withTimezone: true }),
  voidReason: text("void_reason"),
  voidedAt: timestamp("voided_at", { withTimezone: true }),
  voidedBy: uuid("voided_by"),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const invoiceItems = pgTable("invoice_items", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  invoiceId: uuid("invoice_id").notNull(),
  position: integer("position").notNull(),
  source: text("source").$type<InvoiceLineSource>().notNull(),
  serviceId: uuid("service_id"),
  planItemId: uuid("plan_item_id"),
  appointmentId: uuid("appointment_id"),
  description: text("description").notNull(),
  quantity: integer("quantity").notNull(),
  unitPriceMinor: money("unit_price_minor").notNull(),
  discountMinor: money("discount_minor").notNull().default(0),
  lineTotalMinor: money("line_total_minor").notNull(),
});

export const payments = pgTable("payments", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  invoiceId: uuid("invoice_id").notNull(),
  patientId: uuid("patient_id").notNull(),
  amountMinor: money("amount_minor").notNull(),
  method: text("method").$type<PaymentMethod>().notNull(),
  reference: text("reference"),
  paidOn: date("paid_on", { mode: "string" }).notNull(),
  idempotencyKey: text("idempotency_key").notNull(),
  refundedMinor: money("refunded_minor").notNull().default(0),
  recordedBy: uuid("recorded_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const refunds = pgTable("refunds", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  paymentId: uuid("payment_id").notNull(),
  invoiceId: uuid("invoice_id").notNull(),
  amountMinor: money("amount_minor").notNull(),
  reason: text("reason").notNull(),
  refundedOn: date("refunded_on", { mode: "string" }).notNull(),
  recordedBy: uuid("recorded_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const receipts = pgTable("receipts", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  number: bigint("number", { mode: "number" }).notNull(),
  paymentId: uuid("payment_id").notNull(),
  invoiceId: uuid("invoice_id").notNull(),
  amountMinor: money("amount_minor").notNull(),
  balanceAfterMinor: money("balance_after_minor").notNull(),
  issuedAt: timestamp("issued_at", { withTimezone: true }).notNull().defaultNow(),
  lastEmailedAt: timestamp("last_emailed_at", { withTimezone: true }),
});

export const invoiceEvents = pgTable("invoice_events", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  invoiceId: uuid("invoice_id").notNull(),
  kind: text("kind").$type<InvoiceEventKind>().notNull(),
  amountMinor: money("amount_minor"),
  balanceMinor: money("balance_minor"),
  detail: text("detail"),
  actorId: uuid("actor_id"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const emailAttachments = pgTable("email_attachments", {
  id: uuid("id").primaryKey().defaultRandom(),
  emailId: uuid("email_id").notNull(),
  position: integer("position").notNull(),
  filename: text("filename").notNull(),
  contentType: text("content_type").notNull(),
  contentBase64: text("content_base64").notNull(),
  sizeBytes: integer("size_bytes").notNull(),
});
