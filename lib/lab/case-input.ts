/**
 * What a lab case is made of, as staff send it (JSON or the full-page form):
 * one zod schema each for creating and editing, shared by the API and pages.
 */
import { z } from "zod";
import { isFdiTooth } from "../clinical/teeth.ts";
import { parseCalendarDate } from "../calendar/calendar-dates.ts";
import { LAB_CASE_STATUSES, LAB_CASE_TYPES, LAB_PRIORITIES } from "./statuses.ts";

const optionalText = (max: number) =>
  z.string().trim().max(max, `At most ${max} characters`).nullable().optional()
    .transform((value) => value || null);

const tooth = z.number().int().refine((n) => isFdiTooth(String(n)), {
  message: "is not an FDI tooth number (11–48, 51–85)",
});

export const dueDate = z.string().refine((value) => parseCalendarDate(value) !== null, {
  message: "Use a date as YYYY-MM-DD",
});

const fields = {
  patientId: z.uuid({ message: "Pick the patient" }),
  appointmentId: z.uuid().nullable().optional().transform((value) => value ?? null),
  labId: z.uuid({ message: "Pick the lab" }),
  caseType: z.enum(LAB_CASE_TYPES, { message: `caseType is one of ${LAB_CASE_TYPES.join(", ")}` }),
  teeth: z.array(tooth).max(52)
    .transform((teeth) => [...new Set(teeth)].sort((a, b) => a - b)),
  shade: optionalText(40),
  material: optionalText(120),
  instructions: optionalText(4000),
  priority: z.enum(LAB_PRIORITIES, { message: `priority is one of ${LAB_PRIORITIES.join(", ")}` }),
  /** Absent: counted from the lab's turnaround for the case type. */
  dueDate: dueDate.nullable().optional(),
};

export const newCaseInput = z.object({
  ...fields,
  teeth: fields.teeth.optional().default([]),
  priority: fields.priority.optional().default("normal"),
  /** A case is written as a draft, or sent at once. */
  status: z.enum(["draft", "sent_to_lab"]).optional().default("draft"),
}).strict();
export type NewCaseInput = z.output<typeof newCaseInput>;

export const caseChanges = z.object({
  ...z.object(fields).partial().shape,
}).strict().refine((changes) => Object.keys(changes).length > 0, {
  message: `Send the fields to change: ${Object.keys(fields).join(", ")}`,
});
export type CaseChanges = z.output<typeof caseChanges>;

export const statusInput = z.object({
  status: z.enum(LAB_CASE_STATUSES, {
    message: `status is one of ${LAB_CASE_STATUSES.join(", ")}`,
  }),
  note: optionalText(2000),
}).strict();
