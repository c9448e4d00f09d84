/** A case's status, and the flags that follow it everywhere: overdue, may not be back. */
import { Badge, type BadgeTone } from "../ui/mod.ts";
import {
  type LabCaseStatus,
  type LabPriority,
  PRIORITY_LABELS,
  STATUS_LABELS,
} from "../../lib/lab/statuses.ts";

const STATUS_TONES: Record<LabCaseStatus, BadgeTone> = {
  draft: "slate",
  sent_to_lab: "sky",
  received_by_lab: "indigo",
  in_progress: "indigo",
  shipped: "brand",
  delivered: "green",
  fitted: "green",
  on_hold: "amber",
  remake_requested: "rose",
  cancelled: "slate",
};

export function LabStatusBadge({ status }: { status: LabCaseStatus }) {
  return <Badge tone={STATUS_TONES[status]} dot>{STATUS_LABELS[status]}</Badge>;
}

export function PriorityBadge({ priority }: { priority: LabPriority }) {
  if (priority === "normal") return null;
  const tone: BadgeTone = priority === "urgent" ? "red" : priority === "high" ? "amber" : "slate";
  return <Badge tone={tone}>{PRIORITY_LABELS[priority]}</Badge>;
}

export function CaseFlags(
  { overdue, mayNotBeBack }: { overdue: boolean; mayNotBeBack: boolean },
) {
  return (
    <>
      {overdue && <Badge tone="red" title="Past its due date and not back yet">Overdue</Badge>}
      {mayNotBeBack && (
        <Badge tone="amber" title="Due too close to its appointment">Case may not be back</Badge>
      )}
    </>
  );
}
