/** Drizzle table definitions mirroring `supabase/migrations/`; the SQL files are the source of truth. */
import {
  bigint,
  boolean,
  char,
  date,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import type { InventoryUnit } from "../inventory/catalog.ts";
import type { BillingPeriod, SubscriptionStatus } from "../subscriptions/state.ts";

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

export const subscriptionPlans = pgTable("subscription_plans", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  priceMinor: bigint("price_minor", { mode: "number" }).notNull(),
  currency: char("currency", { length: 3 }).notNull(),
  billingInterval: text("billing_interval").notNull(),
  annualPriceMinor: bigint("annual_price_minor", { mode: "number" }).notNull(),
  features: jsonb("features").$type<string[]>().notNull().default([]),
  sortOrder: integer("sort_order").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const clinics = pgTable("clinics", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  slug: text("slug").notNull(),
  timeZone: text("time_zone").notNull().default("Asia/Karachi"),
  ownerEmail: text("owner_email").notNull(),
  isTestAccount: boolean("is_test_account").notNull().default(false),
  planId: text("plan_id").notNull().default("free"),
  trialStartedAt: timestamp("trial_started_at", { withTimezone: true }),
  subscriptionStatus: text("subscription_status").$type<SubscriptionStatus>().notNull()
    .default("trial"),
  billingPeriod: text("billing_period").$type<BillingPeriod>().notNull().default("monthly"),
  subscribedAt: timestamp("subscribed_at", { withTimezone: true }),
  logoFileId: uuid("logo_file_id"),
  onboardingCompletedAt: timestamp("onboarding_completed_at", { withTimezone: true }),
  ...timestamps,
});

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email").notNull(),
  passwordHash: text("password_hash").notNull(),
  name: text("name").notNull(),
  isSuperadmin: boolean("is_superadmin").notNull().default(false),
  lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
  ...timestamps,
});

export const STAFF_ROLES = ["owner", "admin", "doctor", "nurse", "reception"] as const;
export type StaffRole = typeof STAFF_ROLES[number];

export const clinicMembers = pgTable("clinic_members", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  userId: uuid("user_id").notNull(),
  role: text("role").$type<StaffRole>().notNull(),
  status: text("status").$type<"active" | "invited" | "deactivated">().notNull().default("active"),
  permissionsOverride: text("permissions_override").array(),
  permissionsOverrideBy: uuid("permissions_override_by"),
  ...timestamps,
});

export const activityLog = pgTable("activity_log", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  clinicId: uuid("clinic_id"),
  actorUserId: uuid("actor_user_id"),
  action: text("action").notNull(),
  entityType: text("entity_type"),
  entityId: text("entity_id"),
  details: jsonb("details").$type<Record<string, unknown>>().notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const clinicModules = pgTable("clinic_modules", {
  clinicId: uuid("clinic_id").notNull(),
  moduleKey: text("module_key").notNull(),
  isEnabled: boolean("is_enabled").notNull(),
  updatedBy: uuid("updated_by"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.clinicId, t.moduleKey] })]);

export const roleTemplates = pgTable("role_templates", {
  clinicId: uuid("clinic_id").notNull(),
  role: text("role").$type<Exclude<StaffRole, "owner">>().notNull(),
  permissions: text("permissions").array().notNull(),
  updatedBy: uuid("updated_by"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.clinicId, t.role] })]);

export const staffInvitations = pgTable("staff_invitations", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  email: text("email").notNull(),
  role: text("role").$type<StaffRole>().notNull(),
  tokenHash: text("token_hash").notNull(),
  invitedBy: uuid("invited_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  acceptedAt: timestamp("accepted_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  lastSentAt: timestamp("last_sent_at", { withTimezone: true }).notNull().defaultNow(),
});

export const clinicSettings = pgTable("clinic_settings", {
  clinicId: uuid("clinic_id").notNull(),
  section: text("section").notNull(),
  values: jsonb("values").$type<Record<string, unknown>>().notNull(),
  updatedBy: uuid("updated_by"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.clinicId, t.section] })]);

export const patients = pgTable("patients", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  mrn: text("mrn").notNull(),
  fullName: text("full_name").notNull(),
  dateOfBirth: date("date_of_birth", { mode: "string" }),
  gender: text("gender").$type<"female" | "male" | "other" | "unknown">(),
  email: text("email"),
  phoneEnc: text("phone_enc"),
  phoneHash: text("phone_hash"),
  whatsappPhoneEnc: text("whatsapp_phone_enc"),
  whatsappPhoneHash: text("whatsapp_phone_hash"),
  address: text("address"),
  medicalAlerts: text("medical_alerts"),
  createdBy: uuid("created_by"),
  ...timestamps,
});

export const clinicCounters = pgTable("clinic_counters", {
  clinicId: uuid("clinic_id").notNull(),
  name: text("name").notNull(),
  value: bigint("value", { mode: "number" }).notNull().default(0),
}, (t) => [primaryKey({ columns: [t.clinicId, t.name] })]);

export const EMAIL_STATUSES = ["queued", "sending", "sent", "failed"] as const;
export type EmailStatus = typeof EMAIL_STATUSES[number];

export const emailOutbox = pgTable("email_outbox", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id"),
  toAddress: text("to_address").notNull(),
  subject: text("subject").notNull(),
  html: text("html").notNull(),
  text: text("text").notNull(),
  kind: text("kind").notNull(),
  dedupeKey: text("dedupe_key"),
  status: text("status").$type<EmailStatus>().notNull().default("queued"),
  attempts: integer("attempts").notNull().default(0),
  lastError: text("last_error"),
  nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
  sentAt: timestamp("sent_at", { withTimezone: true }),
  providerMessageId: text("provider_message_id"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const notifications = pgTable("notifications", {
  id: uuid("id").primaryKey().defaultRandom(),
  seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
  clinicId: uuid("clinic_id").notNull(),
  userId: uuid("user_id").notNull(),
  kind: text("kind").notNull(),
  title: text("title").notNull(),
  body: text("body"),
  link: text("link"),
  readAt: timestamp("read_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

// Appointments (supabase/migrations/20261121040000_appointments.sql).
import { time } from "drizzle-orm/pg-core";
import type { CaptureCategory } from "../radiology/categories.ts";

export const operatories = pgTable("operatories", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  name: text("name").notNull(),
  active: boolean("active").notNull().default(true),
  ...timestamps,
});

export const APPOINTMENT_STATUSES = [
  "scheduled",
  "confirmed",
  "in_progress",
  "completed",
  "cancelled",
  "no_show",
] as const;
export type AppointmentStatus = typeof APPOINTMENT_STATUSES[number];

export const COLOR_TAGS = [
  "teal",
  "blue",
  "violet",
  "amber",
  "rose",
  "slate",
  "green",
  "orange",
] as const;
export type ColorTag = typeof COLOR_TAGS[number];

export const appointments = pgTable("appointments", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  patientId: uuid("patient_id").notNull(),
  doctorId: uuid("doctor_id").notNull(),
  operatoryId: uuid("operatory_id").notNull(),
  startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
  durationMinutes: integer("duration_minutes").notNull(),
  type: text("type").notNull(),
  colorTag: text("color_tag").$type<ColorTag>().notNull().default("teal"),
  status: text("status").$type<AppointmentStatus>().notNull().default("scheduled"),
  notes: text("notes"),
  createdBy: uuid("created_by"),
  ...timestamps,
});

export const clinicWorkingHours = pgTable("clinic_working_hours", {
  clinicId: uuid("clinic_id").notNull(),
  weekday: smallint("weekday").notNull(),
  opensAt: time("opens_at").notNull(),
  closesAt: time("closes_at").notNull(),
}, (t) => [primaryKey({ columns: [t.clinicId, t.weekday] })]);

export const clinicClosedDates = pgTable("clinic_closed_dates", {
  clinicId: uuid("clinic_id").notNull(),
  date: date("date", { mode: "string" }).notNull(),
  reason: text("reason").notNull(),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.clinicId, t.date] })]);

export const clinicalNotes = pgTable("clinical_notes", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  patientId: uuid("patient_id").notNull(),
  appointmentId: uuid("appointment_id"),
  authorId: uuid("author_id"),
  body: text("body").notNull(),
  ...timestamps,
  deletedAt: timestamp("deleted_at", { withTimezone: true }),
});

export const chartEntries = pgTable("chart_entries", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  patientId: uuid("patient_id").notNull(),
  tooth: text("tooth").notNull(),
  surface: text("surface"),
  kind: text("kind").$type<"condition" | "procedure" | "planned">().notNull(),
  code: text("code").notNull(),
  note: text("note"),
  recordedOn: date("recorded_on", { mode: "string" }).notNull(),
  recordedBy: uuid("recorded_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  appointmentId: uuid("appointment_id"),
  removedAt: timestamp("removed_at", { withTimezone: true }),
  removedBy: uuid("removed_by"),
});

export const events = pgTable("events", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  clinicId: uuid("clinic_id").notNull().references(() => clinics.id, { onDelete: "cascade" }),
  type: text("type").notNull(),
  permission: text("permission"),
  data: jsonb("data").$type<Record<string, unknown>>().notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const storedFiles = pgTable("stored_files", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull().references(() => clinics.id, { onDelete: "cascade" }),
  objectKey: text("object_key").notNull().unique(),
  contentType: text("content_type").notNull(),
  sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
  sha256: text("sha256").notNull(),
  originalName: text("original_name"),
  thumbnailKey: text("thumbnail_key"),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const dicomStudies = pgTable("dicom_studies", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  patientId: uuid("patient_id").notNull(),
  studyInstanceUid: text("study_instance_uid").notNull(),
  studyDate: date("study_date", { mode: "string" }),
  description: text("description"),
  modality: text("modality"),
  dicomPatientId: text("dicom_patient_id"),
  dicomPatientName: text("dicom_patient_name"),
  teeth: smallint("teeth").array().notNull().default([]),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const dicomSeries = pgTable("dicom_series", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  studyId: uuid("study_id").notNull(),
  seriesInstanceUid: text("series_instance_uid").notNull(),
  modality: text("modality"),
  description: text("description"),
  seriesNumber: integer("series_number"),
});

export const dicomInstances = pgTable("dicom_instances", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  seriesId: uuid("series_id").notNull(),
  sopInstanceUid: text("sop_instance_uid").notNull(),
  instanceNumber: integer("instance_number"),
  fileId: uuid("file_id").notNull(),
  rows: integer("rows").notNull(),
  columns: integer("columns").notNull(),
  frames: integer("frames").notNull().default(1),
  pixelSpacing: doublePrecision("pixel_spacing").array(),
});

export { CAPTURE_CATEGORIES, type CaptureCategory } from "../radiology/categories.ts";

export const MATCH_METHODS = ["dicom_patient_id", "filename", "appointment", "manual"] as const;
export type MatchMethod = typeof MATCH_METHODS[number];

export const bridgeDevices = pgTable("bridge_devices", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  name: text("name").notNull(),
  operatoryId: uuid("operatory_id"),
  category: text("category").$type<CaptureCategory>(),
  filenamePattern: text("filename_pattern"),
  keyHash: text("key_hash").notNull().unique(),
  keyPrefix: text("key_prefix").notNull(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
  lastVersion: text("last_version"),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  lastQueueLength: integer("last_queue_length"),
  lastError: text("last_error"),
  lastErrorAt: timestamp("last_error_at", { withTimezone: true }),
  heartbeatIntervalSeconds: integer("heartbeat_interval_seconds"),
});

export const xrayCaptures = pgTable("xray_captures", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  fileId: uuid("file_id").notNull(),
  sha256: text("sha256").notNull(),
  patientId: uuid("patient_id"),
  deviceId: uuid("device_id"),
  operatoryId: uuid("operatory_id"),
  appointmentId: uuid("appointment_id"),
  category: text("category").$type<CaptureCategory>().notNull(),
  capturedAt: timestamp("captured_at", { withTimezone: true }).notNull(),
  teeth: smallint("teeth").array().notNull().default([]),
  matchMethod: text("match_method").$type<MatchMethod>(),
  assignedBy: uuid("assigned_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

// WhatsApp (supabase/migrations/20261202130000_whatsapp.sql).
export const WHATSAPP_CONNECTION_STATES = ["disconnected", "connected", "failing"] as const;
export type WhatsappConnectionState = typeof WHATSAPP_CONNECTION_STATES[number];

export const whatsappConnections = pgTable("whatsapp_connections", {
  clinicId: uuid("clinic_id").primaryKey(),
  webhookId: text("webhook_id").notNull().unique(),
  phoneNumberId: text("phone_number_id").unique(),
  businessAccountId: text("business_account_id"),
  accessTokenEnc: text("access_token_enc"),
  accessTokenLast4: text("access_token_last4"),
  verifyTokenEnc: text("verify_token_enc"),
  verifyTokenLast4: text("verify_token_last4"),
  appSecretEnc: text("app_secret_enc"),
  appSecretLast4: text("app_secret_last4"),
  displayPhoneNumber: text("display_phone_number"),
  verifiedName: text("verified_name"),
  qualityRating: text("quality_rating"),
  state: text("state").$type<WhatsappConnectionState>().notNull().default("disconnected"),
  failingSince: timestamp("failing_since", { withTimezone: true }),
  lastError: text("last_error"),
  templates: jsonb("templates").$type<Record<string, unknown>>().notNull().default({}),
  connectedAt: timestamp("connected_at", { withTimezone: true }),
  updatedBy: uuid("updated_by"),
  ...timestamps,
});

export const WHATSAPP_KINDS = [
  "booking_confirmation",
  "reminder",
  "reschedule",
  "missed_visit",
  "reply",
  "reopen",
  "inbound",
] as const;
export type WhatsappKind = typeof WHATSAPP_KINDS[number];

export const WHATSAPP_STATUSES = [
  "queued",
  "sending",
  "sent",
  "delivered",
  "read",
  "failed",
  "received",
  "cancelled",
] as const;
export type WhatsappStatus = typeof WHATSAPP_STATUSES[number];

export interface WhatsappTrailEntry {
  at: string;
  status: WhatsappStatus | "attempt";
  note?: string;
  code?: number;
}

export const whatsappMessages = pgTable("whatsapp_messages", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  direction: text("direction").$type<"inbound" | "outbound">().notNull(),
  kind: text("kind").$type<WhatsappKind>().notNull(),
  patientId: uuid("patient_id"),
  appointmentId: uuid("appointment_id"),
  wamid: text("wamid"),
  contactPhoneEnc: text("contact_phone_enc"),
  contactPhoneHash: text("contact_phone_hash"),
  contactName: text("contact_name"),
  messageType: text("message_type").notNull(),
  body: text("body"),
  templateName: text("template_name"),
  templateLanguage: text("template_language"),
  templateParams: jsonb("template_params").$type<string[]>(),
  status: text("status").$type<WhatsappStatus>().notNull(),
  trail: jsonb("trail").$type<WhatsappTrailEntry[]>().notNull().default([]),
  errorCode: integer("error_code"),
  errorTitle: text("error_title"),
  attempts: integer("attempts").notNull().default(0),
  nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
  dedupeKey: text("dedupe_key").unique(),
  sentBy: uuid("sent_by"),
  readAt: timestamp("read_at", { withTimezone: true }),
  ...timestamps,
});

export const whatsappWebhookEvents = pgTable("whatsapp_webhook_events", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  payload: jsonb("payload").$type<unknown[]>().notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  processedAt: timestamp("processed_at", { withTimezone: true }),
  attempts: integer("attempts").notNull().default(0),
  lastError: text("last_error"),
});

export const whatsappUnreachableNumbers = pgTable("whatsapp_unreachable_numbers", {
  clinicId: uuid("clinic_id").notNull(),
  phoneHash: text("phone_hash").notNull(),
  markedAt: timestamp("marked_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.clinicId, t.phoneHash] })]);
// DICOM AI analysis
export const ANALYSIS_STATUSES = ["queued", "running", "completed", "failed"] as const;
export type AnalysisStatus = typeof ANALYSIS_STATUSES[number];

export const dicomAnalyses = pgTable("dicom_analyses", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  patientId: uuid("patient_id").notNull(),
  seriesId: uuid("series_id"),
  captureId: uuid("capture_id"),
  status: text("status").$type<AnalysisStatus>().notNull().default("queued"),
  provider: text("provider").notNull(),
  quotaMonth: text("quota_month").notNull(),
  attempts: integer("attempts").notNull().default(0),
  result: jsonb("result").$type<Record<string, unknown>>(),
  error: text("error"),
  refundedAt: timestamp("refunded_at", { withTimezone: true }),
  requestedBy: uuid("requested_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  startedAt: timestamp("started_at", { withTimezone: true }),
  finishedAt: timestamp("finished_at", { withTimezone: true }),
});

export const dicomAiTermsAcceptances = pgTable("dicom_ai_terms_acceptances", {
  clinicId: uuid("clinic_id").notNull(),
  termsVersion: text("terms_version").notNull(),
  acceptedBy: uuid("accepted_by"),
  acceptedAt: timestamp("accepted_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.clinicId, t.termsVersion] })]);

export const dicomAiLimits = pgTable("dicom_ai_limits", {
  clinicId: uuid("clinic_id").primaryKey(),
  monthlyLimit: integer("monthly_limit").notNull(),
  updatedBy: uuid("updated_by"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

// Inventory (supabase/migrations/20261202100000_inventory.sql).
export { INVENTORY_UNITS, type InventoryUnit } from "../inventory/catalog.ts";
export const MOVEMENT_KINDS = ["receive", "consume", "adjust", "return"] as const;
export type MovementKind = typeof MOVEMENT_KINDS[number];
export interface LotChange {
  lotId: string;
  quantity: number;
}

export const inventorySuppliers = pgTable("inventory_suppliers", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  name: text("name").notNull(),
  contactPerson: text("contact_person"),
  phone: text("phone"),
  email: text("email"),
  notes: text("notes"),
  ...timestamps,
});

export const inventoryItems = pgTable("inventory_items", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  name: text("name").notNull(),
  sku: text("sku"),
  category: text("category").notNull(),
  unit: text("unit").$type<InventoryUnit>().notNull(),
  packSize: integer("pack_size").notNull().default(1),
  reorderThreshold: integer("reorder_threshold").notNull().default(0),
  reorderQuantity: integer("reorder_quantity").notNull().default(0),
  leadTimeDays: integer("lead_time_days").notNull().default(7),
  supplierId: uuid("supplier_id"),
  labPreset: text("lab_preset"),
  supplierNotes: text("supplier_notes"),
  archived: boolean("archived").notNull().default(false),
  onHand: integer("on_hand").notNull().default(0),
  createdBy: uuid("created_by"),
  ...timestamps,
});

export const inventoryLots = pgTable("inventory_lots", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  itemId: uuid("item_id").notNull(),
  lotNumber: text("lot_number"),
  expiresOn: date("expires_on", { mode: "string" }),
  remaining: integer("remaining").notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
});

export const inventoryMovements = pgTable("inventory_movements", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  clinicId: uuid("clinic_id").notNull(),
  itemId: uuid("item_id").notNull(),
  kind: text("kind").$type<MovementKind>().notNull(),
  delta: integer("delta").notNull(),
  balanceAfter: integer("balance_after").notNull(),
  lotChanges: jsonb("lot_changes").$type<LotChange[]>().notNull().default([]),
  lotNumber: text("lot_number"),
  expiresOn: date("expires_on", { mode: "string" }),
  supplierId: uuid("supplier_id"),
  costMinor: bigint("cost_minor", { mode: "number" }),
  currency: text("currency").notNull().default("PKR"),
  appointmentId: uuid("appointment_id"),
  planItemId: uuid("plan_item_id"),
  reversesId: bigint("reverses_id", { mode: "number" }),
  reason: text("reason"),
  actorId: uuid("actor_id"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const inventoryAlerts = pgTable("inventory_alerts", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  itemId: uuid("item_id").notNull(),
  onHand: integer("on_hand").notNull(),
  threshold: integer("threshold").notNull(),
  openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
  emailSentAt: timestamp("email_sent_at", { withTimezone: true }),
  resolvedAt: timestamp("resolved_at", { withTimezone: true }),
});

export const inventoryTypeConsumables = pgTable("inventory_type_consumables", {
  clinicId: uuid("clinic_id").notNull(),
  appointmentType: text("appointment_type").notNull(),
  itemId: uuid("item_id").notNull(),
  quantity: integer("quantity").notNull(),
});

// Treatment plans

export const treatmentServices = pgTable("treatment_services", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  code: text("code").notNull(),
  name: text("name").notNull(),
  category: text("category").notNull(),
  defaultPriceMinor: bigint("default_price_minor", { mode: "number" }).notNull(),
  currency: text("currency").notNull().default("PKR"),
  defaultDurationMinutes: integer("default_duration_minutes").notNull(),
  perTooth: boolean("per_tooth").notNull().default(false),
  active: boolean("active").notNull().default(true),
  ...timestamps,
});

export const patientTags = pgTable("patient_tags", {
  clinicId: uuid("clinic_id").notNull(),
  patientId: uuid("patient_id").notNull(),
  tag: text("tag").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.patientId, t.tag] })]);

export const discountPolicies = pgTable("discount_policies", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  name: text("name").notNull(),
  kind: text("kind").$type<"percent" | "fixed">().notNull(),
  percentBp: integer("percent_bp"),
  amountMinor: bigint("amount_minor", { mode: "number" }),
  minAge: integer("min_age"),
  maxAge: integer("max_age"),
  minSubtotalMinor: bigint("min_subtotal_minor", { mode: "number" }),
  patientTag: text("patient_tag"),
  serviceCategory: text("service_category"),
  combinable: boolean("combinable").notNull().default(false),
  active: boolean("active").notNull().default(true),
  ...timestamps,
});

export const treatmentPlans = pgTable("treatment_plans", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  patientId: uuid("patient_id").notNull(),
  title: text("title").notNull(),
  status: text("status").notNull().default("draft"),
  revision: integer("revision").notNull().default(1),
  validUntil: date("valid_until", { mode: "string" }),
  notes: text("notes"),
  beforePhotoId: uuid("before_photo_id"),
  afterPhotoId: uuid("after_photo_id"),
  createdBy: uuid("created_by"),
  ...timestamps,
});

export const treatmentPlanOptions = pgTable("treatment_plan_options", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  planId: uuid("plan_id").notNull(),
  position: integer("position").notNull(),
  name: text("name").notNull(),
  recommended: boolean("recommended").notNull().default(false),
  status: text("status").notNull().default("open"),
  discountMode: text("discount_mode").notNull().default("auto"),
  manualDiscountMinor: bigint("manual_discount_minor", { mode: "number" }),
  discountPolicies: jsonb("discount_policies").notNull().default([]),
  discountBasis: text("discount_basis").notNull().default(""),
  subtotalMinor: bigint("subtotal_minor", { mode: "number" }).notNull().default(0),
  discountMinor: bigint("discount_minor", { mode: "number" }).notNull().default(0),
  totalMinor: bigint("total_minor", { mode: "number" }).notNull().default(0),
});

export const treatmentPlanPhases = pgTable("treatment_plan_phases", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  optionId: uuid("option_id").notNull(),
  position: integer("position").notNull(),
  name: text("name").notNull(),
  subtotalMinor: bigint("subtotal_minor", { mode: "number" }).notNull().default(0),
  discountMinor: bigint("discount_minor", { mode: "number" }).notNull().default(0),
  totalMinor: bigint("total_minor", { mode: "number" }).notNull().default(0),
});

export const treatmentPlanItems = pgTable("treatment_plan_items", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  phaseId: uuid("phase_id").notNull(),
  position: integer("position").notNull(),
  serviceId: uuid("service_id").notNull(),
  code: text("code").notNull(),
  name: text("name").notNull(),
  category: text("category").notNull(),
  tooth: text("tooth"),
  surfaces: text("surfaces").notNull().default(""),
  quantity: integer("quantity").notNull(),
  unitPriceMinor: bigint("unit_price_minor", { mode: "number" }).notNull(),
  catalogPriceMinor: bigint("catalog_price_minor", { mode: "number" }).notNull(),
  lineTotalMinor: bigint("line_total_minor", { mode: "number" }).notNull(),
  discountMinor: bigint("discount_minor", { mode: "number" }).notNull().default(0),
  status: text("status").notNull().default("planned"),
  appointmentId: uuid("appointment_id"),
});

export const treatmentPlanAcceptances = pgTable("treatment_plan_acceptances", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  planId: uuid("plan_id").notNull(),
  optionId: uuid("option_id").notNull(),
  revision: integer("revision").notNull(),
  snapshot: text("snapshot").notNull(),
  snapshotSha256: text("snapshot_sha256").notNull(),
  via: text("via").$type<"clinic" | "remote">().notNull(),
  acceptedBy: uuid("accepted_by"),
  signedName: text("signed_name"),
  signatureFileId: uuid("signature_file_id"),
  acceptedAt: timestamp("accepted_at", { withTimezone: true }).notNull().defaultNow(),
});

// Lab cases (supabase/migrations/20261202110000_lab_cases.sql).
import type { LabCaseStatus, LabCaseType, LabPriority } from "../lab/statuses.ts";

export const labs = pgTable("labs", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  name: text("name").notNull(),
  contactPerson: text("contact_person"),
  phoneEnc: text("phone_enc"),
  email: text("email"),
  defaultTurnaroundDays: integer("default_turnaround_days").notNull().default(7),
  turnaroundByType: jsonb("turnaround_by_type").$type<Partial<Record<LabCaseType, number>>>()
    .notNull().default({}),
  notes: text("notes"),
  active: boolean("active").notNull().default(true),
  createdBy: uuid("created_by"),
  ...timestamps,
});

export const labCases = pgTable("lab_cases", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  number: integer("number").notNull(),
  patientId: uuid("patient_id").notNull(),
  appointmentId: uuid("appointment_id"),
  labId: uuid("lab_id").notNull(),
  caseType: text("case_type").$type<LabCaseType>().notNull(),
  teeth: smallint("teeth").array().notNull().default([]),
  shade: text("shade"),
  material: text("material"),
  instructions: text("instructions"),
  priority: text("priority").$type<LabPriority>().notNull().default("normal"),
  dueDate: date("due_date", { mode: "string" }),
  status: text("status").$type<LabCaseStatus>().notNull().default("draft"),
  createdBy: uuid("created_by"),
  ...timestamps,
});

export const labCaseEvents = pgTable("lab_case_events", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  clinicId: uuid("clinic_id").notNull(),
  caseId: uuid("case_id").notNull(),
  kind: text("kind")
    .$type<
      "created" | "edited" | "status" | "note" | "attachment" | "link_created" | "link_revoked"
    >()
    .notNull(),
  fromStatus: text("from_status").$type<LabCaseStatus>(),
  toStatus: text("to_status").$type<LabCaseStatus>(),
  note: text("note"),
  actorUserId: uuid("actor_user_id"),
  actorLabel: text("actor_label").notNull(),
  linkId: uuid("link_id"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const labCaseLinks = pgTable("lab_case_links", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  caseId: uuid("case_id").notNull(),
  secretHash: text("secret_hash").notNull().unique(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const labCaseAttachments = pgTable("lab_case_attachments", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  caseId: uuid("case_id").notNull(),
  fileId: uuid("file_id").notNull(),
  sha256: text("sha256").notNull(),
  kind: text("kind").$type<"image" | "pdf" | "scan" | "dicom" | "dicom_zip">().notNull(),
  captureId: uuid("capture_id"),
  studyIds: uuid("study_ids").array().notNull().default([]),
  importReport: jsonb("import_report").$type<Record<string, unknown>>(),
  source: text("source").$type<"staff" | "lab">().notNull(),
  uploadedBy: uuid("uploaded_by"),
  linkId: uuid("link_id"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
export * from "./schema/plans.ts";
export * from "./schema/error-logs.ts";
export * from "./schema/finance.ts";
export * from "./schema/platform-invoices.ts";
export * from "./schema/portal.ts";
export * from "./schema/onboarding.ts";
export * from "./schema/reports.ts";
export * from "./schema/perio.ts";
export * from "./schema/service-consumables.ts";
