/** Mirror of supabase/migrations/20261203140000_onboarding.sql (the new table; new columns sit on theirs). */
import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const APPLICATION_STATUSES = ["pending", "approved", "rejected"] as const;
export type ApplicationStatus = typeof APPLICATION_STATUSES[number];

export const clinicApplications = pgTable("clinic_applications", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicName: text("clinic_name").notNull(),
  city: text("city").notNull(),
  ownerName: text("owner_name").notNull(),
  email: text("email").notNull(),
  phoneSealed: text("phone_sealed").notNull(),
  status: text("status").$type<ApplicationStatus>().notNull().default("pending"),
  rejectionReason: text("rejection_reason"),
  clinicId: uuid("clinic_id"),
  decidedBy: uuid("decided_by"),
  decidedAt: timestamp("decided_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
