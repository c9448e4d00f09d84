/** Drizzle table definitions mirroring `supabase/migrations/`; the SQL files are the source of truth. */
import {
  bigint,
  boolean,
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
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
