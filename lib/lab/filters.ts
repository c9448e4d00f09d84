/**
 * The lab dashboard's filters, read from a query string the same way for
 * the page and the API: lab, status, priority, overdue, patient.
 */
import { isUuid } from "../ids.ts";
import type { LabCaseFilters } from "./case-queries.ts";
import {
  LAB_CASE_STATUSES,
  LAB_PRIORITIES,
  type LabCaseStatus,
  type LabPriority,
} from "./statuses.ts";

export type ParsedFilters = { ok: true; value: LabCaseFilters } | { ok: false; error: string };

export function caseFilters(params: URLSearchParams): ParsedFilters {
  const value: LabCaseFilters = {};
  const lab = params.get("lab") ?? params.get("labId");
  if (lab) {
    if (!isUuid(lab)) return { ok: false, error: "lab must be a lab id" };
    value.labId = lab;
  }
  const status = params.get("status");
  if (status) {
    if (!(LAB_CASE_STATUSES as readonly string[]).includes(status)) {
      return { ok: false, error: `status is one of ${LAB_CASE_STATUSES.join(", ")}` };
    }
    value.status = status as LabCaseStatus;
  }
  const priority = params.get("priority");
  if (priority) {
    if (!(LAB_PRIORITIES as readonly string[]).includes(priority)) {
      return { ok: false, error: `priority is one of ${LAB_PRIORITIES.join(", ")}` };
    }
    value.priority = priority as LabPriority;
  }
  const overdue = params.get("overdue");
  if (overdue) {
    if (!["1", "true", "0", "false"].includes(overdue)) {
      return { ok: false, error: "overdue is 1 or 0" };
    }
    value.overdue = overdue === "1" || overdue === "true";
  }
  const patient = params.get("patient")?.trim();
  if (patient) value.patient = patient.slice(0, 100);
  const patientId = params.get("patientId");
  if (patientId) {
    if (!isUuid(patientId)) return { ok: false, error: "patientId must be a patient id" };
    value.patientId = patientId;
  }
  return { ok: true, value };
}
