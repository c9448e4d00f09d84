/** Ruby reports (supabase/migrations/20261203170000_ruby_reports.sql). */
import { date, jsonb, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import type { ReportFigures } from "../../reports/figures.ts";
import type { Narrative } from "../../reports/narrative.ts";

export const rubyReports = pgTable("ruby_reports", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  periodStart: date("period_start", { mode: "string" }).notNull(),
  periodEnd: date("period_end", { mode: "string" }).notNull(),
  generatedAt: timestamp("generated_at", { withTimezone: true }).notNull().defaultNow(),
  generatedBy: uuid("generated_by"),
  figures: jsonb("figures").$type<ReportFigures>().notNull(),
  narrative: jsonb("narrative").$type<Narrative>().notNull(),
});
