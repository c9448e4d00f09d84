/** The patient portal's tables (supabase/migrations/20261203150000_patient_portal.sql). */
import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const patientAccounts = pgTable("patient_accounts", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  patientId: uuid("patient_id").notNull(),
  email: text("email").notNull(),
  passwordHash: text("password_hash").notNull(),
  lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const patientInvitations = pgTable("patient_invitations", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  patientId: uuid("patient_id").notNull(),
  email: text("email").notNull(),
  tokenHash: text("token_hash").notNull(),
  invitedBy: uuid("invited_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  acceptedAt: timestamp("accepted_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
});

export const clinicContacts = pgTable("clinic_contacts", {
  clinicId: uuid("clinic_id").primaryKey(),
  phone: text("phone"),
  email: text("email"),
  address: text("address"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
