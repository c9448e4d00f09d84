/** The error log the OTLP logs receiver fills (`error_logs`); superadmins read it. */
import { jsonb, pgTable, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { clinics } from "../schema.ts";

export const errorLogs = pgTable("error_logs", {
  id: uuid("id").primaryKey().defaultRandom(),
  occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  severityNumber: smallint("severity_number").notNull(),
  severityText: text("severity_text").notNull(),
  message: text("message").notNull(),
  fingerprint: text("fingerprint").notNull(),
  serviceName: text("service_name"),
  release: text("release"),
  route: text("route"),
  clinicId: uuid("clinic_id").references(() => clinics.id, { onDelete: "set null" }),
  traceId: text("trace_id"),
  spanId: text("span_id"),
  stack: text("stack"),
  attributes: jsonb("attributes").$type<Record<string, string>>().notNull(),
});
