/** Drizzle table definitions mirroring `supabase/migrations/`; the SQL files are the source of truth. */
import {
  bigint,
  boolean,
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

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

export const subscriptionPlans = pgTable("subscription_plans", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  priceMinor: bigint("price_minor", { mode: "number" }).notNull(),
  currency: text("currency").notNull(),
  billingInterval: text("billing_interval").notNull(),
  sortOrder: integer("sort_order").notNull(),
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
  role: text("role").$type<Exclude<StaffRole, "owner">>().notNull(),
  tokenHash: text("token_hash").notNull(),
  invitedBy: uuid("invited_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  acceptedAt: timestamp("accepted_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
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
  weekday: integer("weekday").notNull(),
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
  kind: text("kind").$type<"condition" | "procedure">().notNull(),
  code: text("code").notNull(),
  note: text("note"),
  recordedOn: date("recorded_on", { mode: "string" }).notNull(),
  recordedBy: uuid("recorded_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
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
