/** Plan history and the referral programme (supabase/migrations/20261203110000_plans_referrals.sql). */
import { boolean, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { BillingPeriod } from "../../subscriptions/state.ts";
import type { ReferralStatus } from "../../subscriptions/referral-status.ts";

export const planChanges = pgTable("plan_changes", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  changedBy: uuid("changed_by"),
  fromPlanId: text("from_plan_id").notNull(),
  toPlanId: text("to_plan_id").notNull(),
  fromBillingPeriod: text("from_billing_period").$type<BillingPeriod>().notNull(),
  toBillingPeriod: text("to_billing_period").$type<BillingPeriod>().notNull(),
  note: text("note"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const clinicReferralCodes = pgTable("clinic_referral_codes", {
  clinicId: uuid("clinic_id").primaryKey(),
  code: text("code").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const referrals = pgTable("referrals", {
  id: uuid("id").primaryKey().defaultRandom(),
  referrerClinicId: uuid("referrer_clinic_id").notNull(),
  clinicName: text("clinic_name").notNull(),
  city: text("city").notNull(),
  contactName: text("contact_name").notNull(),
  email: text("email").notNull(),
  phoneEnc: text("phone_enc").notNull(),
  status: text("status").$type<ReferralStatus>().notNull().default("new"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const referralSettings = pgTable("referral_settings", {
  id: boolean("id").primaryKey().default(true),
  commissionBps: integer("commission_bps").notNull().default(1000),
  updatedBy: uuid("updated_by"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
