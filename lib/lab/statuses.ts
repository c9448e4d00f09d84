/**
 * A lab case's vocabulary and its status flow. No imports: islands show the
 * labels in the browser (the live toast names the new status).
 *
 * The flow is draft → sent to lab → received by lab → in progress → shipped
 * → delivered → fitted, with on hold, remake requested and cancelled beside
 * it. The lab, through its shared link, moves only its own part of it.
 */

export const LAB_CASE_TYPES = [
  "crown",
  "bridge",
  "veneer",
  "inlay_onlay",
  "denture",
  "partial_denture",
  "implant_crown",
  "night_guard",
  "aligner",
  "retainer",
  "other",
] as const;
export type LabCaseType = typeof LAB_CASE_TYPES[number];

export const CASE_TYPE_LABELS: Record<LabCaseType, string> = {
  crown: "Crown",
  bridge: "Bridge",
  veneer: "Veneer",
  inlay_onlay: "Inlay/onlay",
  denture: "Denture",
  partial_denture: "Partial denture",
  implant_crown: "Implant crown/abutment",
  night_guard: "Night guard",
  aligner: "Aligner",
  retainer: "Retainer",
  other: "Other",
};

export const LAB_PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type LabPriority = typeof LAB_PRIORITIES[number];

export const PRIORITY_LABELS: Record<LabPriority, string> = {
  low: "Low",
  normal: "Normal",
  high: "High",
  urgent: "Urgent",
};

export const LAB_CASE_STATUSES = [
  "draft",
  "sent_to_lab",
  "received_by_lab",
  "in_progress",
  "shipped",
  "delivered",
  "fitted",
  "on_hold",
  "remake_requested",
  "cancelled",
] as const;
export type LabCaseStatus = typeof LAB_CASE_STATUSES[number];

export const STATUS_LABELS: Record<LabCaseStatus, string> = {
  draft: "Draft",
  sent_to_lab: "Sent to lab",
  received_by_lab: "Received by lab",
  in_progress: "In progress",
  shipped: "Shipped",
  delivered: "Delivered",
  fitted: "Fitted",
  on_hold: "On hold",
  remake_requested: "Remake requested",
  cancelled: "Cancelled",
};

/** Where a case may go from each status. */
const NEXT: Record<LabCaseStatus, readonly LabCaseStatus[]> = {
  draft: ["sent_to_lab", "cancelled"],
  sent_to_lab: ["received_by_lab", "on_hold", "cancelled"],
  received_by_lab: ["in_progress", "on_hold", "cancelled"],
  in_progress: ["shipped", "on_hold", "cancelled"],
  shipped: ["delivered"],
  delivered: ["fitted", "remake_requested"],
  fitted: ["remake_requested"],
  // Work resumes where the lab is: it had the case, or is told to pick it up again.
  on_hold: ["sent_to_lab", "received_by_lab", "in_progress", "cancelled"],
  remake_requested: ["sent_to_lab", "cancelled"],
  cancelled: [],
};

/** The statuses a lab technician may set through a shared link. */
export const LAB_SIDE_STATUSES: readonly LabCaseStatus[] = [
  "received_by_lab",
  "in_progress",
  "shipped",
  "on_hold",
];

/** Once here, a case is back (or will never come back): no longer overdue. */
const SETTLED: readonly LabCaseStatus[] = ["delivered", "fitted", "cancelled"];

export function allowedNext(from: LabCaseStatus): readonly LabCaseStatus[] {
  return NEXT[from];
}

/** What the lab may choose from the case's current status. */
export function labAllowedNext(from: LabCaseStatus): LabCaseStatus[] {
  return NEXT[from].filter((status) => LAB_SIDE_STATUSES.includes(status));
}

export function isSettled(status: LabCaseStatus): boolean {
  return SETTLED.includes(status);
}

/** Past its due date (a clinic calendar day before `today`) and not back yet. */
export function isOverdue(
  kase: { status: LabCaseStatus; dueDate: string | null },
  today: string,
): boolean {
  return kase.dueDate !== null && kase.dueDate < today && !isSettled(kase.status);
}

export function formatCaseNumber(number: number): string {
  return `LC-${String(number).padStart(4, "0")}`;
}

export function statusLabel(status: string): string {
  return STATUS_LABELS[status as LabCaseStatus] ?? status;
}
