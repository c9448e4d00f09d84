/** Periodontal exams: one row per exam, per tooth and per probed site. */
import {
  boolean,
  date,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

export const perioExams = pgTable("perio_exams", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id").notNull(),
  patientId: uuid("patient_id").notNull(),
  appointmentId: uuid("appointment_id"),
  examinedOn: date("examined_on", { mode: "string" }).notNull(),
  recordedBy: uuid("recorded_by"),
  note: text("note"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const perioTeeth = pgTable("perio_teeth", {
  examId: uuid("exam_id").notNull(),
  clinicId: uuid("clinic_id").notNull(),
  tooth: text("tooth").notNull(),
  missing: boolean("missing").notNull().default(false),
  mobility: smallint("mobility"),
  furcation: smallint("furcation"),
}, (t) => [primaryKey({ columns: [t.examId, t.tooth] })]);

export const perioSites = pgTable("perio_sites", {
  examId: uuid("exam_id").notNull(),
  clinicId: uuid("clinic_id").notNull(),
  tooth: text("tooth").notNull(),
  site: text("site").notNull(),
  depth: smallint("depth"),
  recession: smallint("recession"),
  bleeding: boolean("bleeding").notNull().default(false),
  suppuration: boolean("suppuration").notNull().default(false),
  plaque: boolean("plaque").notNull().default(false),
}, (t) => [primaryKey({ columns: [t.examId, t.tooth, t.site] })]);
