/** Invoice Studio's tables, mirroring `supabase/migrations/20261203120000_platform_invoices.sql`. */
import {
  bigint,
  boolean,
  char,
  date,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

export const PLATFORM_INVOICE_STATUSES = ["draft", "sent", "paid", "void"] as const;
export type PlatformInvoiceStatus = typeof PLATFORM_INVOICE_STATUSES[number];

export const PLATFORM_PAYMENT_METHODS = [
  "bank_transfer",
  "cheque",
  "cash",
  "card",
  "other",
] as const;
export type PlatformPaymentMethod = typeof PLATFORM_PAYMENT_METHODS[number];

export const platformBillingProfile = pgTable("platform_billing_profile", {
  id: boolean("id").primaryKey().default(true),
  legalName: text("legal_name").notNull().default(""),
  address: text("address").notNull().default(""),
  ntn: text("ntn").notNull().default(""),
  billingEmail: text("billing_email").notNull().default(""),
  logoObjectKey: text("logo_object_key"),
  logoContentType: text("logo_content_type").$type<"image/png" | "image/svg+xml">(),
  pdfLogoObjectKey: text("pdf_logo_object_key"),
  updatedBy: uuid("updated_by"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const platformInvoiceCounters = pgTable("platform_invoice_counters", {
  series: text("series").primaryKey(),
  lastNumber: integer("last_number").notNull(),
});

export const platformInvoices = pgTable("platform_invoices", {
  id: uuid("id").primaryKey().defaultRandom(),
  number: text("number").notNull(),
  series: text("series").notNull(),
  sequence: integer("sequence").notNull(),
  clinicId: uuid("clinic_id").notNull(),
  billToName: text("bill_to_name").notNull(),
  billToEmail: text("bill_to_email").notNull(),
  planId: text("plan_id").notNull(),
  billingPeriod: text("billing_period").$type<"monthly" | "annual">().notNull(),
  periodStart: date("period_start").notNull(),
  periodEnd: date("period_end").notNull(),
  status: text("status").$type<PlatformInvoiceStatus>().notNull().default("draft"),
  issueDate: date("issue_date").notNull(),
  dueDate: date("due_date").notNull(),
  currency: char("currency", { length: 3 }).notNull().default("PKR"),
  subtotalMinor: bigint("subtotal_minor", { mode: "number" }).notNull().default(0),
  discountMinor: bigint("discount_minor", { mode: "number" }).notNull().default(0),
  totalMinor: bigint("total_minor", { mode: "number" }).notNull().default(0),
  paidMinor: bigint("paid_minor", { mode: "number" }).notNull().default(0),
  notes: text("notes").notNull().default(""),
  sentAt: timestamp("sent_at", { withTimezone: true }),
  paidAt: timestamp("paid_at", { withTimezone: true }),
  voidedAt: timestamp("voided_at", { withTimezone: true }),
  voidReason: text("void_reason"),
  lastEmailedAt: timestamp("last_emailed_at", { withTimezone: true }),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const platformInvoiceLines = pgTable("platform_invoice_lines", {
  id: uuid("id").primaryKey().defaultRandom(),
  invoiceId: uuid("invoice_id").notNull(),
  position: smallint("position").notNull(),
  kind: text("kind").$type<"plan" | "extra">().notNull(),
  description: text("description").notNull(),
  quantity: integer("quantity").notNull(),
  unitPriceMinor: bigint("unit_price_minor", { mode: "number" }).notNull(),
  amountMinor: bigint("amount_minor", { mode: "number" }).notNull(),
});

export const platformInvoicePayments = pgTable("platform_invoice_payments", {
  id: uuid("id").primaryKey().defaultRandom(),
  invoiceId: uuid("invoice_id").notNull(),
  amountMinor: bigint("amount_minor", { mode: "number" }).notNull(),
  paidOn: date("paid_on").notNull(),
  method: text("method").$type<PlatformPaymentMethod>().notNull(),
  reference: text("reference").notNull().default(""),
  recordedBy: uuid("recorded_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
